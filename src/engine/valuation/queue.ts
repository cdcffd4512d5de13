/**
 * A first-in-first-out queue with a head index: taking from the front is O(1) (Array.shift is O(n)
 * and made pairing and true-ups quadratic on long queues). The spent front is dropped once it is
 * more than half the array.
 */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  isEmpty(): boolean {
    return this.head >= this.items.length;
  }

  push(x: T): void {
    this.items.push(x);
  }

  /** The front element (undefined when empty). */
  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** Drop the front element. */
  drop(): void {
    if (this.head >= this.items.length) return;
    this.head++;
    if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** The queue under a key, created on first use. */
export function queueOf<K, T>(map: Map<K, Queue<T>>, key: K): Queue<T> {
  let q = map.get(key);
  if (q === undefined) {
    q = new Queue<T>();
    map.set(key, q);
  }
  return q;
}
