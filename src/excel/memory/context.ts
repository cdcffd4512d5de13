/**
 * An Office.js-shaped request context over a MemoryWorkbook: proxies queue their writes and loads,
 * and `sync()` applies them in order, the way Excel.run batches requests.
 *
 * What behaves like Office.js, because the adapter depends on it:
 * - reading a property that was not loaded and synced throws PropertyNotLoaded;
 * - `getItem` of a missing object fails at sync (ItemNotFound); `...OrNullObject` sets isNullObject;
 * - the request queued since the previous sync is measured as JSON; over 5 MB the whole sync is
 *   rejected (RequestPayloadSizeLimitExceeded) and nothing in it is applied; a response over 5 MB
 *   is rejected too (ResponsePayloadSizeLimitExceeded);
 * - an operation that fails mid-batch keeps the operations before it and drops the rest (Excel
 *   batches are not transactions);
 * - values arrays must match the range's shape (InvalidArgument); a 1 x 1 numberFormat array is
 *   broadcast to the whole range, as Excel does.
 * `failNthSyncFromNow` on the workbook makes a chosen sync reject with GeneralException before
 * applying anything, to test that an interrupted write loses nothing.
 */
import { type CellBox, parseRangeAddress, quoteSheetName } from '../address';
import {
  XL_ERRORS,
  type XlApplication,
  type XlChart,
  type XlChartCollection,
  type XlChartSeries,
  type XlChartSeriesCollection,
  type XlChartTitle,
  type XlChartType,
  type XlClientResult,
  type XlContext,
  type XlFreezePanes,
  type XlRange,
  type XlRangeFill,
  type XlRangeFont,
  type XlRangeFormat,
  type XlRun,
  type XlSetting,
  type XlSettingCollection,
  type XlTable,
  type XlTableCollection,
  type XlTableRowCollection,
  type XlWorkbook,
  type XlWorksheet,
  type XlWorksheetCollection,
} from '../port';
import {
  type CellStyle,
  fail,
  type MemoryChart,
  type MemoryChartSeries,
  MemoryExcelError,
  type MemorySheet,
  type MemoryTable,
  type MemoryWorkbook,
} from './model';

interface Op {
  /** Applies the operation; returns the bytes it adds to the response (loads), if any. */
  readonly apply: () => number | void;
  readonly bytes: number;
}

const SMALL_OP_BYTES = 64;

function jsonBytes(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

/** A lazily bound model object: resolved when its first operation runs (or on first use). */
class Ref<T> {
  private bound: { readonly value: T | undefined } | undefined;
  constructor(
    private readonly resolver: () => T | undefined,
    private readonly what: string,
  ) {}
  resolve(): T | undefined {
    this.bound ??= { value: this.resolver() };
    return this.bound.value;
  }
  get(): T {
    const value = this.resolve();
    if (value === undefined) fail(XL_ERRORS.itemNotFound, `The requested resource doesn't exist (${this.what}).`);
    return value;
  }
  get isBound(): boolean {
    return this.bound !== undefined;
  }
  bindTo(value: T): void {
    this.bound = { value };
  }
  static of<T>(value: T, what: string): Ref<T> {
    const ref = new Ref<T>(() => value, what);
    ref.resolve();
    return ref;
  }
}

function propertyList(names: string | string[] | undefined, defaults: readonly string[]): string[] {
  if (names === undefined) return [...defaults];
  const list = (Array.isArray(names) ? names : names.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  return list.map((n) => n.replace(/^items\//, ''));
}

/** Base for proxies: loaded properties, and the PropertyNotLoaded rule. */
abstract class Proxy {
  protected readonly loaded = new Map<string, unknown>();
  constructor(protected readonly ctx: MemoryRequestContext) {}

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) {
      fail(
        XL_ERRORS.propertyNotLoaded,
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(name) as T;
  }

  /** Model value of one loadable property (subclasses list theirs). */
  protected readModel(name: string): unknown {
    return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load ${name}.`);
  }

  /** Loads properties immediately; used for collection items created while a sync applies. */
  adopt(props: readonly string[]): void {
    this.loaded.set('isNullObject', false);
    for (const p of props) this.loaded.set(p, this.readModel(p));
  }

  /** For `...OrNullObject` lookups and plain lookups alike: bind at sync, record isNullObject. */
  protected queueBind(resolve: () => unknown, alreadyBound = false): void {
    if (alreadyBound) {
      this.loaded.set('isNullObject', false);
      return;
    }
    this.ctx.enqueue(() => {
      this.loaded.set('isNullObject', resolve() === undefined);
    });
  }

  protected queueLoad(names: string | string[] | undefined, defaults: readonly string[], get: (name: string) => unknown): void {
    const props = propertyList(names, defaults);
    this.ctx.enqueue(() => {
      // Loading from a null object is allowed in Office.js; its properties simply stay unset.
      if (this.loaded.get('isNullObject') === true) return 0;
      let bytes = 0;
      for (const p of props) {
        const value = get(p);
        bytes += jsonBytes(value) + p.length + 4;
        this.loaded.set(p, value);
      }
      return bytes;
    });
  }

  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }
}

interface RangeTarget {
  readonly sheet: MemorySheet;
  readonly box: CellBox;
}

class FontProxy implements XlRangeFont {
  constructor(private readonly range: RangeProxy) {}
  get bold(): boolean {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'bold' is not available.");
  }
  set bold(value: boolean) {
    this.range.queueStyle({ bold: value });
  }
  get color(): string {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'color' is not available.");
  }
  set color(value: string) {
    this.range.queueStyle({ fontColor: value });
  }
}

class FillProxy implements XlRangeFill {
  constructor(private readonly range: RangeProxy) {}
  get color(): string {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'color' is not available.");
  }
  set color(value: string) {
    this.range.queueStyle({ fill: value });
  }
}

class FormatProxy implements XlRangeFormat {
  readonly font: XlRangeFont;
  readonly fill: XlRangeFill;
  constructor(private readonly range: RangeProxy) {
    this.font = new FontProxy(range);
    this.fill = new FillProxy(range);
  }
  get columnWidth(): number {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'columnWidth' is not available.");
  }
  set columnWidth(points: number) {
    this.range.queueColumns((sheet, column) => {
      if (!(points >= 0 && points <= 255 * 7)) fail(XL_ERRORS.invalidArgument, `Column width ${points} is out of range.`);
      sheet.columnWidths.set(column, points);
    });
  }
  get horizontalAlignment(): string {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'horizontalAlignment' is not available.");
  }
  set horizontalAlignment(value: string) {
    this.range.queueStyle({ horizontalAlignment: value });
  }
  autofitColumns(): void {
    this.range.autofit();
  }
}

const RANGE_DEFAULTS = ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat', 'valueTypes'];

class RangeProxy extends Proxy implements XlRange {
  readonly format: XlRangeFormat;
  constructor(ctx: MemoryRequestContext, readonly ref: Ref<RangeTarget>) {
    super(ctx);
    this.format = new FormatProxy(this);
    this.queueBind(() => ref.resolve(), ref.isBound);
  }

  load(propertyNames?: string | string[]): XlRange {
    this.queueLoad(propertyNames, RANGE_DEFAULTS, (p) => this.readModel(p));
    return this;
  }

  protected override readModel(prop: string): unknown {
    const { sheet, box } = this.ref.get();
    const grid = <T>(cell: (r: number, c: number) => T): T[][] => {
      if (box.rowCount * box.columnCount > 5_000_000) return [];
      const out: T[][] = [];
      for (let r = 0; r < box.rowCount; r += 1) {
        const row: T[] = [];
        for (let c = 0; c < box.columnCount; c += 1) row.push(cell(box.row + r, box.column + c));
        out.push(row);
      }
      return out;
    };
    switch (prop) {
      case 'address': return this.ctx.book.addressOf(sheet, box);
      case 'rowIndex': return box.row;
      case 'columnIndex': return box.column;
      case 'rowCount': return box.rowCount;
      case 'columnCount': return box.columnCount;
      case 'values':
        return grid((r, c) => {
          const v = sheet.getValue(r, c);
          return v === undefined ? '' : typeof v === 'object' ? v.error : v;
        });
      case 'numberFormat': return grid((r, c) => sheet.getFormat(r, c));
      case 'formulas':
        return grid((r, c) => {
          const f = sheet.formulaCells.get(`${r},${c}`);
          if (f !== undefined) return f;
          const v = sheet.getValue(r, c);
          return v === undefined ? '' : typeof v === 'object' ? v.error : v;
        });
      case 'valueTypes':
        return grid((r, c) => {
          const v = sheet.getValue(r, c);
          if (v === undefined) return 'Empty';
          if (typeof v === 'object') return 'Error';
          return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
        });
      default:
        return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load Range.${prop}.`);
    }
  }

  get address(): string { return this.read('address'); }
  get rowIndex(): number { return this.read('rowIndex'); }
  get columnIndex(): number { return this.read('columnIndex'); }
  get rowCount(): number { return this.read('rowCount'); }
  get columnCount(): number { return this.read('columnCount'); }
  get valueTypes(): string[][] { return this.read('valueTypes'); }

  get values(): unknown[][] {
    return this.read('values');
  }
  set values(values: unknown[][]) {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      checkShape(values, box, 'values');
      for (let r = 0; r < box.rowCount; r += 1) {
        const row = values[r] ?? [];
        for (let c = 0; c < box.columnCount; c += 1) this.ctx.book.writeCell(sheet, box.row + r, box.column + c, row[c]);
      }
    }, jsonBytes(values));
  }

  get numberFormat(): unknown[][] {
    return this.read('numberFormat');
  }
  set numberFormat(formats: unknown[][]) {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      const single = formats.length === 1 && formats[0]?.length === 1 ? formats[0][0] : undefined;
      if (single === undefined) checkShape(formats, box, 'numberFormat');
      for (let r = 0; r < box.rowCount; r += 1) {
        for (let c = 0; c < box.columnCount; c += 1) {
          const f = single ?? formats[r]?.[c];
          if (f === null || f === undefined) continue;
          if (typeof f !== 'string') fail(XL_ERRORS.invalidArgument, 'Number formats must be strings.');
          sheet.setFormat(box.row + r, box.column + c, f === '' ? 'General' : f);
        }
      }
    }, jsonBytes(formats));
  }

  get formulas(): unknown[][] {
    return this.read('formulas');
  }
  /** Entries that begin with "=" become formulas (kept, not evaluated); others are written as values. */
  set formulas(formulas: unknown[][]) {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      checkShape(formulas, box, 'formulas');
      for (let r = 0; r < box.rowCount; r += 1) {
        for (let c = 0; c < box.columnCount; c += 1) {
          const f = formulas[r]?.[c];
          const row = box.row + r;
          const column = box.column + c;
          if (typeof f === 'string' && f.startsWith('=')) {
            sheet.formulaCells.set(`${row},${column}`, f);
            sheet.setValue(row, column, undefined);
          } else {
            sheet.formulaCells.delete(`${row},${column}`);
            this.ctx.book.writeCell(sheet, row, column, f);
          }
        }
      }
    }, jsonBytes(formulas));
  }

  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      this.ctx.book.clearBox(sheet, box, applyTo);
    });
  }

  getEntireRow(): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const t = this.ref.resolve();
      return t === undefined ? undefined : { sheet: t.sheet, box: { row: t.box.row, column: 0, rowCount: t.box.rowCount, columnCount: this.ctx.book.limits.maxColumns } };
    }, 'entire row'));
  }

  private entireRows(what: string): RangeTarget {
    const target = this.ref.get();
    if (target.box.column !== 0 || target.box.columnCount !== this.ctx.book.limits.maxColumns) {
      fail(XL_ERRORS.invalidArgument, `The in-memory Excel can ${what} entire rows only (use getEntireRow()).`);
    }
    return target;
  }

  insert(shift: 'Down'): XlRange {
    void shift;
    this.ctx.enqueue(() => {
      const { sheet, box } = this.entireRows('insert');
      this.ctx.book.shiftRows(sheet, box.row, box.rowCount);
    });
    return this;
  }

  delete(shift: 'Up'): void {
    void shift;
    this.ctx.enqueue(() => {
      const { sheet, box } = this.entireRows('delete');
      this.ctx.book.shiftRows(sheet, box.row, -box.rowCount);
    });
  }

  get worksheet(): XlWorksheet {
    return new WorksheetProxy(this.ctx, new Ref(() => this.ref.resolve()?.sheet, 'worksheet of range'));
  }

  select(): void {
    this.ctx.enqueue(() => {
      const target = this.ref.get();
      this.ctx.book.selection = { sheet: target.sheet, box: target.box };
      this.ctx.book.activeSheet = target.sheet;
    });
  }

  queueStyle(style: CellStyle): void {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      for (let r = box.row; r < box.row + box.rowCount; r += 1) {
        for (let c = box.column; c < box.column + box.columnCount; c += 1) {
          const key = `${r},${c}`;
          sheet.styles.set(key, { ...sheet.styles.get(key), ...style });
        }
      }
    }, jsonBytes(style));
  }

  queueColumns(each: (sheet: MemorySheet, column: number) => void): void {
    this.ctx.enqueue(() => {
      const { sheet, box } = this.ref.get();
      for (let c = box.column; c < box.column + box.columnCount; c += 1) each(sheet, c);
    });
  }

  autofit(): void {
    this.queueColumns((sheet, column) => {
      let longest = 0;
      for (const [row, cells] of sheet.values) {
        const v = cells[column];
        if (v === undefined || row < 0) continue;
        longest = Math.max(longest, (typeof v === 'object' ? v.error : String(v)).length);
      }
      sheet.columnWidths.set(column, Math.ceil(Math.max(8.43, longest + 1.5) * 5.25));
    });
  }
}

function checkShape(array: unknown[][], box: CellBox, what: string): void {
  if (!Array.isArray(array) || array.length !== box.rowCount || array.some((row) => !Array.isArray(row) || row.length !== box.columnCount)) {
    fail(
      XL_ERRORS.invalidArgument,
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: range ${box.rowCount} x ${box.columnCount}).`,
    );
  }
}

class TableRowsProxy implements XlTableRowCollection {
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

class ClientResult<T> implements XlClientResult<T> {
  private done: { readonly value: T } | undefined;
  set(value: T): void {
    this.done = { value };
  }
  get value(): T {
    if (this.done === undefined) fail(XL_ERRORS.propertyNotLoaded, 'The value of the result object has not been loaded yet. Call "context.sync()" first.');
    return this.done.value;
  }
}

class TableProxy extends Proxy implements XlTable {
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
    return new RangeProxy(this.ctx, new Ref(() => {
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
    return new WorksheetProxy(this.ctx, new Ref(() => this.ref.resolve()?.sheet, 'worksheet of table'));
  }
  private part(pick: (box: CellBox) => CellBox, what: string): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
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
    return new RangeProxy(this.ctx, new Ref(() => {
      const t = this.ref.resolve();
      return t === undefined ? undefined : { sheet: t.sheet, box: { ...t.box, row: t.box.row + 1, rowCount: t.box.rowCount - 1 - (t.showTotals ? 1 : 0) } };
    }, 'table body'));
  }
}

class TableCollectionProxy extends Proxy implements XlTableCollection {
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

class WorksheetProxy extends Proxy implements XlWorksheet {
  readonly tables: XlTableCollection;
  readonly freezePanes: XlFreezePanes;
  readonly charts: XlChartCollection;
  constructor(ctx: MemoryRequestContext, readonly ref: Ref<MemorySheet>) {
    super(ctx);
    this.tables = new TableCollectionProxy(ctx, ref);
    this.freezePanes = {
      freezeRows: (count?: number): void => {
        ctx.enqueue(() => {
          this.ref.get().frozenRows = count ?? 1;
        });
      },
    };
    this.charts = {
      add: (type: XlChartType, sourceData: XlRange, seriesBy?: 'Auto' | 'Columns' | 'Rows'): XlChart => {
        const chartRef = new Ref<MemoryChart>(() => undefined, 'new chart');
        ctx.enqueue(() => {
          const sheet = this.ref.get();
          const source = ctx.targetOf(sourceData, sheet);
          const chart = ctx.book.addChart(sheet, type);
          const byRows = seriesBy === 'Rows';
          const count = byRows ? source.box.rowCount : source.box.columnCount;
          for (let i = 0; i < count; i += 1) {
            const box = byRows ? { ...source.box, row: source.box.row + i, rowCount: 1 } : { ...source.box, column: source.box.column + i, columnCount: 1 };
            chart.series.push({ name: `Series${i + 1}`, values: { sheet: source.sheet, box } });
          }
          chartRef.bindTo(chart);
        });
        return new ChartProxy(ctx, chartRef);
      },
    };
    this.queueBind(() => ref.resolve(), ref.isBound);
  }
  load(propertyNames?: string | string[]): XlWorksheet {
    this.queueLoad(propertyNames, ['name', 'visibility', 'position'], (p) => this.readModel(p));
    return this;
  }
  protected override readModel(p: string): unknown {
    const sheet = this.ref.get();
    if (p === 'name') return sheet.name;
    if (p === 'visibility') return sheet.visibility;
    if (p === 'position') return this.ctx.book.sheets.indexOf(sheet);
    return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load Worksheet.${p}.`);
  }
  get name(): string {
    return this.read('name');
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      const sheet = this.ref.get();
      this.ctx.book.validateSheetName(name, sheet);
      sheet.name = name;
    });
  }
  get visibility(): string {
    return this.read('visibility');
  }
  set visibility(visibility: string) {
    this.ctx.enqueue(() => {
      const sheet = this.ref.get();
      if (!['Visible', 'Hidden', 'VeryHidden'].includes(visibility)) fail(XL_ERRORS.invalidArgument, `Bad visibility ${visibility}.`);
      if (visibility !== 'Visible' && !this.ctx.book.sheets.some((s) => s !== sheet && s.visibility === 'Visible')) {
        fail(XL_ERRORS.invalidOperation, 'A workbook must contain at least one visible worksheet.');
      }
      sheet.visibility = visibility;
    });
  }
  get position(): number {
    return this.read('position');
  }
  set position(position: number) {
    this.ctx.enqueue(() => this.ctx.book.moveSheet(this.ref.get(), position));
  }
  getRange(address?: string): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const sheet = this.ref.get();
      if (address === undefined) return { sheet, box: { row: 0, column: 0, rowCount: this.ctx.book.limits.maxRows, columnCount: this.ctx.book.limits.maxColumns } };
      return this.ctx.targetOf(address, sheet);
    }, `range ${address ?? ''}`));
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const box = { row: startRow, column: startColumn, rowCount, columnCount };
      this.ctx.book.checkBox(box);
      return { sheet: this.ref.get(), box };
    }, 'range by indexes'));
  }
  getUsedRange(valuesOnly?: boolean): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const sheet = this.ref.get();
      return { sheet, box: sheet.usedBox(valuesOnly === true) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    }, 'used range'));
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const sheet = this.ref.get();
      const box = sheet.usedBox(valuesOnly === true);
      return box === undefined ? undefined : { sheet, box };
    }, 'used range'));
  }
  delete(): void {
    this.ctx.enqueue(() => this.ctx.book.deleteSheet(this.ref.get()));
  }
  activate(): void {
    this.ctx.enqueue(() => {
      this.ctx.book.activeSheet = this.ref.get();
    });
  }
}

class ChartSeriesProxy implements XlChartSeries {
  constructor(private readonly ctx: MemoryRequestContext, private readonly ref: Ref<MemoryChartSeries>) {}
  get name(): string {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'name' is not available.");
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      this.ref.get().name = name;
    });
  }
  setValues(sourceData: XlRange): void {
    this.ctx.enqueue(() => {
      this.ref.get().values = this.ctx.targetOf(sourceData, undefined);
    });
  }
  setXAxisValues(sourceData: XlRange): void {
    this.ctx.enqueue(() => {
      this.ref.get().xValues = this.ctx.targetOf(sourceData, undefined);
    });
  }
}

class ChartProxy implements XlChart {
  readonly title: XlChartTitle;
  readonly series: XlChartSeriesCollection;
  constructor(private readonly ctx: MemoryRequestContext, private readonly ref: Ref<MemoryChart>) {
    const chart = ref;
    this.title = {
      get text(): string {
        return fail(XL_ERRORS.propertyNotLoaded, "The property 'text' is not available.");
      },
      set text(text: string) {
        ctx.enqueue(() => {
          chart.get().title = text;
        });
      },
    };
    this.series = {
      add: (name?: string): XlChartSeries => {
        const seriesRef = new Ref<MemoryChartSeries>(() => undefined, 'new series');
        ctx.enqueue(() => {
          const s: MemoryChartSeries = { name: name ?? '' };
          chart.get().series.push(s);
          seriesRef.bindTo(s);
        });
        return new ChartSeriesProxy(ctx, seriesRef);
      },
      getItemAt: (index: number): XlChartSeries =>
        new ChartSeriesProxy(ctx, new Ref(() => chart.get().series[index], `series ${index}`)),
    };
  }
  get name(): string {
    return fail(XL_ERRORS.propertyNotLoaded, "The property 'name' is not available.");
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      this.ref.get().name = name;
    });
  }
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void {
    this.ctx.enqueue(() => {
      const where = (cell: XlRange | string): RangeTarget => this.ctx.targetOf(cell, undefined, this.ctx.sheetOfChart(this.ref.get()));
      this.ref.get().position = endCell === undefined ? { start: where(startCell) } : { start: where(startCell), end: where(endCell) };
    });
  }
}

class WorksheetCollectionProxy extends Proxy implements XlWorksheetCollection {
  load(propertyNames?: string | string[]): XlWorksheetCollection {
    const props = propertyList(propertyNames, ['name', 'visibility', 'position']);
    this.ctx.enqueue(() => {
      const items = this.ctx.book.sheets.map((sheet) => {
        const proxy = new WorksheetProxy(this.ctx, Ref.of(sheet, sheet.name));
        proxy.adopt(props);
        return proxy;
      });
      this.loaded.set('items', items);
      return jsonBytes(this.ctx.book.sheets.map((s) => s.name)) * props.length;
    });
    return this;
  }
  get items(): XlWorksheet[] {
    return this.read('items');
  }
  add(name?: string): XlWorksheet {
    const ref = new Ref<MemorySheet>(() => undefined, `new sheet ${name ?? ''}`);
    this.ctx.enqueue(() => {
      ref.bindTo(this.ctx.book.addSheet(name));
    });
    return new WorksheetProxy(this.ctx, ref);
  }
  getItem(key: string): XlWorksheet {
    return new WorksheetProxy(this.ctx, new Ref(() => {
      const sheet = this.ctx.book.findSheet(key);
      if (sheet === undefined) fail(XL_ERRORS.itemNotFound, `The worksheet "${key}" doesn't exist.`);
      return sheet;
    }, `sheet ${key}`));
  }
  getItemOrNullObject(key: string): XlWorksheet {
    return new WorksheetProxy(this.ctx, new Ref(() => this.ctx.book.findSheet(key), `sheet ${key}`));
  }
}

class SettingProxy extends Proxy implements XlSetting {
  constructor(ctx: MemoryRequestContext, private readonly settingKey: string, private readonly mustExist: boolean) {
    super(ctx);
    this.queueBind(() => {
      const exists = ctx.book.settings.has(settingKey);
      if (!exists && mustExist) fail(XL_ERRORS.itemNotFound, `The setting "${settingKey}" doesn't exist.`);
      return exists ? settingKey : undefined;
    });
  }
  load(propertyNames?: string | string[]): XlSetting {
    this.queueLoad(propertyNames, ['key', 'value'], (p) => {
      if (p === 'key') return this.settingKey;
      if (p === 'value') return this.ctx.book.settings.get(this.settingKey);
      return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load Setting.${p}.`);
    });
    return this;
  }
  get key(): string {
    return this.settingKey;
  }
  get value(): unknown {
    return this.read('value');
  }
  set value(value: unknown) {
    this.ctx.enqueue(() => {
      this.ctx.book.settings.set(this.settingKey, value);
    }, jsonBytes(value));
  }
  delete(): void {
    this.ctx.enqueue(() => {
      this.ctx.book.settings.delete(this.settingKey);
    });
  }
}

class WorkbookProxy implements XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  readonly tables: XlTableCollection;
  readonly settings: XlSettingCollection;
  readonly application: XlApplication;
  constructor(private readonly ctx: MemoryRequestContext) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.tables = new TableCollectionProxy(ctx, undefined);
    this.settings = {
      add: (key: string, value: string | number | boolean): XlSetting => {
        ctx.enqueue(() => {
          ctx.book.settings.set(key, value);
        }, jsonBytes(value) + key.length);
        return new SettingProxy(ctx, key, true);
      },
      getItemOrNullObject: (key: string): XlSetting => new SettingProxy(ctx, key, false),
    };
    this.application = {
      suspendApiCalculationUntilNextSync: (): void => {
        ctx.suspendCalculation();
      },
    };
  }
  getSelectedRange(): XlRange {
    return new RangeProxy(this.ctx, new Ref(() => {
      const book = this.ctx.book;
      if (book.selection !== undefined) return book.selection;
      const sheet = book.activeSheet ?? book.sheets[0];
      return sheet === undefined ? undefined : { sheet, box: { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    }, 'selection'));
  }
}

export class MemoryRequestContext implements XlContext {
  readonly workbook: XlWorkbook;
  private queue: Op[] = [];
  private calculationSuspended = false;

  constructor(readonly book: MemoryWorkbook) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(apply: () => number | void, bytes: number = SMALL_OP_BYTES): void {
    this.queue.push({ apply, bytes });
  }

  suspendCalculation(): void {
    this.calculationSuspended = true;
  }

  get pendingOperations(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    const suspended = this.calculationSuspended;
    this.queue = [];
    this.calculationSuspended = false;
    const stats = this.book.stats;
    stats.syncs += 1;
    if (suspended) stats.suspendedCalculationSyncs += 1;
    const requestBytes = ops.reduce((sum, op) => sum + op.bytes, 0);
    stats.maxPayloadBytes = Math.max(stats.maxPayloadBytes, requestBytes);
    await Promise.resolve();
    if (this.book.failAtSync === stats.syncs) {
      this.book.failAtSync = undefined;
      throw new MemoryExcelError(XL_ERRORS.generalException, `Injected failure at sync ${stats.syncs}.`);
    }
    if (requestBytes > this.book.limits.payloadBytes) {
      throw new MemoryExcelError(XL_ERRORS.payloadTooLarge, `The request payload size (${requestBytes} bytes) has exceeded the limit.`);
    }
    let responseBytes = 0;
    for (const op of ops) responseBytes += op.apply() ?? 0;
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, responseBytes);
    if (responseBytes > this.book.limits.payloadBytes) {
      throw new MemoryExcelError('ResponsePayloadSizeLimitExceeded', `The response payload size (${responseBytes} bytes) has exceeded the limit.`);
    }
  }

  /** Resolves a range argument: a proxy from this context, or an A1 address (optionally sheet-qualified). */
  targetOf(range: XlRange | string, defaultSheet: MemorySheet | undefined, fallback?: MemorySheet): RangeTarget {
    if (typeof range !== 'string') {
      if (!(range instanceof RangeProxy)) fail(XL_ERRORS.invalidArgument, 'The range belongs to another request context.');
      return range.ref.get();
    }
    const bang = range.lastIndexOf('!');
    let sheet = defaultSheet ?? fallback;
    if (bang >= 0) {
      const raw = range.slice(0, bang);
      const name = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
      sheet = this.book.findSheet(name);
      if (sheet === undefined || (defaultSheet !== undefined && sheet !== defaultSheet)) {
        fail(XL_ERRORS.invalidArgument, `The address ${range} is not on sheet ${quoteSheetName(defaultSheet?.name ?? '')}.`);
      }
    }
    const box = parseRangeAddress(range);
    if (sheet === undefined || box === undefined) fail(XL_ERRORS.invalidArgument, `The address "${range}" is not valid.`);
    this.book.checkBox(box);
    return { sheet, box };
  }

  sheetOfChart(chart: MemoryChart): MemorySheet | undefined {
    return this.book.sheets.find((s) => s.charts.includes(chart));
  }
}

/** Excel.run over an in-memory workbook: a fresh context per batch, a final sync of leftovers. */
export function memoryRun(book: MemoryWorkbook): XlRun {
  return async <T>(batch: (context: XlContext) => Promise<T>): Promise<T> => {
    const context = new MemoryRequestContext(book);
    const result = await batch(context);
    if (context.pendingOperations > 0) await context.sync();
    return result;
  };
}
