/** Tables in the in-memory request context: the collection (add, lookups), a table's ranges, resize, rows and delete. */
import { type CellBox } from '../address';
import { XL_ERRORS, type XlClientResult, type XlRange, type XlTable, type XlTableCollection, type XlTableRowCollection, type XlWorksheet } from '../port';
import { fail, type MemorySheet, type MemoryTable } from './model';
import type { MemoryRequestContext } from './context';
import { ClientResult, jsonBytes, propertyList, Proxy, Ref, SMALL_OP_BYTES } from './proxy';

export class TableRowsProxy implements XlTableRowCollection {
  constructor(private readonly ctx: MemoryRequestContext, private readonly table: Ref<MemoryTable>) {}
  getCount(): XlClientResult<number> {
    const result = new ClientResult<number>();
    this.ctx.enqueue(() => {
      const t = this.table.get();
      result.set(t.box.rowCount - 1 - (t.showTotals ? 1 : 0));
      return 8;
    });
    return result;
  }
}

export class TableProxy extends Proxy implements XlTable {
  readonly rows: XlTableRowCollection;
  constructor(ctx: MemoryRequestContext, readonly ref: Ref<MemoryTable>) {
    super(ctx);
    this.rows = new TableRowsProxy(ctx, ref);
    this.queueBind(() => ref.resolve(), ref.isBound);
  }
  protected override readModel(p: string): unknown {
    if (p === 'showTotals') return this.ref.get().showTotals;
    if (p !== 'name') fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load Table.${p}.`);
    return this.ref.get().name;
  }
  get showTotals(): boolean {
    return this.read('showTotals');
  }
  set showTotals(on: boolean) {
    this.ctx.enqueue(() => this.ctx.book.setShowTotals(this.ref.get(), on));
  }
  getTotalRowRange(): XlRange {
    return this.ctx.range(new Ref(() => {
      const t = this.ref.resolve();
      if (t === undefined) return undefined;
      if (!t.showTotals) fail(XL_ERRORS.itemNotFound, `Table ${t.name} has no totals row.`);
      return { sheet: t.sheet, box: { ...t.box, row: t.box.row + t.box.rowCount - 1, rowCount: 1 } };
    }, 'table totals row'));
  }
  resize(newRange: XlRange | string): void {
    this.ctx.enqueue(() => {
      const t = this.ref.get();
      const target = this.ctx.targetOf(newRange, t.sheet);
      this.ctx.book.resizeTable(t, target.box);
    });
  }
  delete(): void {
    this.ctx.enqueue(() => this.ctx.book.deleteTable(this.ref.get()));
  }
  load(propertyNames?: string | string[]): XlTable {
    this.queueLoad(propertyNames, ['name'], (p) => this.readModel(p));
    return this;
  }
  get name(): string {
    return this.read('name');
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      const t = this.ref.get();
      this.ctx.book.validateTableName(name, t);
      t.name = name;
    });
  }
  get worksheet(): XlWorksheet {
    return this.ctx.worksheet(new Ref(() => this.ref.resolve()?.sheet, 'worksheet of table'));
  }
  private part(pick: (box: CellBox) => CellBox, what: string): XlRange {
    return this.ctx.range(new Ref(() => {
      const t = this.ref.resolve();
      return t === undefined ? undefined : { sheet: t.sheet, box: pick(t.box) };
    }, what));
  }
  getRange(): XlRange {
    return this.part((b) => b, 'table range');
  }
  getHeaderRowRange(): XlRange {
    return this.part((b) => ({ ...b, rowCount: 1 }), 'table header');
  }
  getDataBodyRange(): XlRange {
    return this.ctx.range(new Ref(() => {
      const t = this.ref.resolve();
      return t === undefined ? undefined : { sheet: t.sheet, box: { ...t.box, row: t.box.row + 1, rowCount: t.box.rowCount - 1 - (t.showTotals ? 1 : 0) } };
    }, 'table body'));
  }
}

export class TableCollectionProxy extends Proxy implements XlTableCollection {
  constructor(ctx: MemoryRequestContext, private readonly scope: Ref<MemorySheet> | undefined) {
    super(ctx);
  }
  private inScope(): MemoryTable[] {
    const sheet = this.scope?.get();
    return this.ctx.book.tables.filter((t) => sheet === undefined || t.sheet === sheet);
  }
  load(propertyNames?: string | string[]): XlTableCollection {
    const props = propertyList(propertyNames, ['name']);
    this.ctx.enqueue(() => {
      const items = this.inScope().map((t) => {
        const proxy = new TableProxy(this.ctx, Ref.of(t, t.name));
        proxy.adopt(props);
        return proxy;
      });
      this.loaded.set('items', items);
      return jsonBytes(items.map((t) => t.name));
    });
    return this;
  }
  get items(): XlTable[] {
    return this.read('items');
  }
  add(address: XlRange | string, hasHeaders: boolean): XlTable {
    const ref = new Ref<MemoryTable>(() => undefined, 'new table');
    this.ctx.enqueue(() => {
      const target = this.ctx.targetOf(address, this.scope?.get());
      ref.bindTo(this.ctx.book.addTable(target.sheet, target.box, hasHeaders));
    }, SMALL_OP_BYTES);
    return new TableProxy(this.ctx, ref);
  }
  getItemOrNullObject(key: string): XlTable {
    return new TableProxy(this.ctx, new Ref(() => {
      const t = this.ctx.book.findTable(key);
      return t !== undefined && this.inScope().includes(t) ? t : undefined;
    }, `table ${key}`));
  }
}
