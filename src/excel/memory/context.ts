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
  type XlChartType,
  type XlContext,
  type XlFreezePanes,
  type XlRange,
  type XlRangeFormat,
  type XlRun,
  type XlSetting,
  type XlSettingCollection,
  type XlTableCollection,
  type XlWorkbook,
  type XlWorksheet,
  type XlWorksheetCollection,
} from '../port';
import {
  type CellStyle,
  fail,
  type MemoryChart,
  MemoryExcelError,
  type MemorySheet,
  type MemoryWorkbook,
} from './model';
import { ChartProxy } from './charts';
import { FormatProxy } from './format';
import {
  jsonBytes,
  propertyList,
  Proxy,
  Ref,
  SMALL_OP_BYTES,
  type RangeTarget,
} from './proxy';
import { SettingProxy } from './settings';
import { TableCollectionProxy } from './tables';

interface Op {
  /** Applies the operation; returns the bytes it adds to the response (loads), if any. */
  readonly apply: () => number | void;
  readonly bytes: number;
}


const RANGE_DEFAULTS = ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat', 'valueTypes'];
export class RangeProxy extends Proxy implements XlRange {
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

  /** Range and sheet proxies are made here, so the modules that hand them out need only this context's type. */
  range(ref: Ref<RangeTarget>): RangeProxy {
    return new RangeProxy(this, ref);
  }
  worksheet(ref: Ref<MemorySheet>): WorksheetProxy {
    return new WorksheetProxy(this, ref);
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
