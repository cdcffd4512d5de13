/**
 * Items whose figures move together: an entry that touches several items (a kit built or shipped, a
 * landed cost spread over receipts of several items) ties them into one group, so the catch-up of a
 * group is a balanced entry of its own. Union-find over item codes; find() compresses paths.
 */
export class ItemGroups {
  private readonly parent = new Map<string, string>();

  find(item: string): string {
    let root = item;
    for (;;) {
      const up = this.parent.get(root);
      if (up === undefined || up === root) break;
      root = up;
    }
    // Path compression: point every item on the way straight at the root.
    let x = item;
    while (x !== root) {
      const up = this.parent.get(x) as string;
      this.parent.set(x, root);
      x = up;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller code becomes the root, so the grouping does not depend on visiting order.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}
