/**
 * The in-memory workbook behind the in-memory Excel: sheets of cells, tables, charts, settings,
 * and the rules Excel enforces that our adapter must respect. The request-context layer
 * (context.ts) queues Office.js-style calls and applies them here on sync().
 *
 * Rules enforced (each one a way a real write can fail or silently corrupt data):
 * - sheet names: 1-31 characters, none of : \ / ? * [ ], not blank, unique ignoring case;
 * - 1,048,576 rows x 16,384 columns (configurable for tests of the overflow path);
 * - a string written to a cell whose number format is not '@' is coerced like Excel does:
 *   "=...", "+x", "-x" become formulas (recorded in `formulas`), numeric text becomes a number,
 *   TRUE/FALSE a boolean, ISO dates a date serial; null in a values array leaves the cell alone;
 * - table names unique ignoring case, tables never overlap, a header-only table gets one blank row;
 * - the last visible sheet cannot be deleted.
 * Browser-safe: no Node imports (the task-pane e2e page bundles this).
 */
import { type CellBox, columnLetters, qualify, rangeAddress } from '../address';
import { XL_ERRORS, XL_MAX_COLUMNS, XL_MAX_ROWS } from '../port';

export type StoredValue = string | number | boolean | { readonly error: string };

/** An error as Office.js raises it: `code` is what callers test (OfficeExtension.Error.code). */
export class MemoryExcelError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
  }
}

export function fail(code: string, message: string): never {
  throw new MemoryExcelError(code, message);
}

/** Reading a property that was never loaded, as Excel refuses it (write-only proxies: font, fill, chart). */
export function notLoaded(property: string): never {
  return fail(XL_ERRORS.propertyNotLoaded, `The property '${property}' is not available.`);
}

export interface CellStyle {
  horizontalAlignment?: string;
  bold?: boolean;
  fill?: string;
  fontColor?: string;
}

export interface FormulaRecord {
  readonly sheet: string;
  readonly address: string;
  readonly formula: string;
}

export interface MemoryTable {
  name: string;
  sheet: MemorySheet;
  /** Header, body and, when showTotals, the totals row (the last row). */
  box: CellBox;
  showTotals: boolean;
}

/** A live reference to cells: it follows the sheet when the sheet is renamed, as in Excel. */
export interface CellRef {
  readonly sheet: MemorySheet;
  readonly box: CellBox;
}

export interface MemoryChartSeries {
  name: string;
  values?: CellRef;
  xValues?: CellRef;
}

export interface MemoryChart {
  name: string;
  type: string;
  title: string;
  series: MemoryChartSeries[];
  position?: { readonly start: CellRef; readonly end?: CellRef };
}

const DEFAULT_FORMAT = 'General';
const DEFAULT_COLUMN_WIDTH = 48;

export class MemorySheet {
  name: string;
  visibility = 'Visible';
  frozenRows = 0;
  readonly values = new Map<number, Array<StoredValue | undefined>>();
  readonly formats = new Map<number, Array<string | undefined>>();
  readonly styles = new Map<string, CellStyle>();
  readonly columnWidths = new Map<number, number>();
  readonly charts: MemoryChart[] = [];
  /** Formulas written through Range.formulas, by "row,column" (not evaluated). */
  readonly formulaCells = new Map<string, string>();

  constructor(name: string) {
    this.name = name;
  }

  getValue(row: number, column: number): StoredValue | undefined {
    return this.values.get(row)?.[column];
  }

  setValue(row: number, column: number, value: StoredValue | undefined): void {
    let r = this.values.get(row);
    if (r === undefined) {
      if (value === undefined) return;
      r = [];
      this.values.set(row, r);
    }
    r[column] = value;
  }

  getFormat(row: number, column: number): string {
    return this.formats.get(row)?.[column] ?? DEFAULT_FORMAT;
  }

  setFormat(row: number, column: number, format: string): void {
    let r = this.formats.get(row);
    if (r === undefined) {
      r = [];
      this.formats.set(row, r);
    }
    r[column] = format === DEFAULT_FORMAT ? undefined : format;
  }

  columnWidth(column: number): number {
    return this.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH;
  }

  /** The smallest box holding every value (and every format/style unless valuesOnly). */
  usedBox(valuesOnly: boolean): CellBox | undefined {
    let minR = Infinity, maxR = -1, minC = Infinity, maxC = -1;
    const extend = (row: number, column: number): void => {
      minR = Math.min(minR, row); maxR = Math.max(maxR, row);
      minC = Math.min(minC, column); maxC = Math.max(maxC, column);
    };
    const visit = (row: number, cells: ReadonlyArray<unknown>): void => {
      cells.forEach((cell, c) => {
        if (cell !== undefined) extend(row, c);
      });
    };
    for (const [row, cells] of this.values) visit(row, cells);
    if (!valuesOnly) {
      for (const [row, cells] of this.formats) visit(row, cells);
      for (const key of this.styles.keys()) {
        const [r, c] = key.split(',').map(Number);
        if (r !== undefined && c !== undefined) extend(r, c);
      }
    }
    if (maxR < 0) return undefined;
    return { row: minR, column: minC, rowCount: maxR - minR + 1, columnCount: maxC - minC + 1 };
  }
}

export interface MemoryLimits {
  readonly maxRows: number;
  readonly maxColumns: number;
  readonly payloadBytes: number;
}

export interface MemoryStats {
  syncs: number;
  /** Largest request (values, formats and other arguments queued since the previous sync). */
  maxPayloadBytes: number;
  /** Largest response (loaded values). */
  maxResponseBytes: number;
  /** Syncs preceded by application.suspendApiCalculationUntilNextSync(). */
  suspendedCalculationSyncs: number;
}

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;

export class MemoryWorkbook {
  readonly sheets: MemorySheet[] = [];
  readonly tables: MemoryTable[] = [];
  readonly settings = new Map<string, unknown>();
  readonly formulas: FormulaRecord[] = [];
  readonly stats: MemoryStats = { syncs: 0, maxPayloadBytes: 0, maxResponseBytes: 0, suspendedCalculationSyncs: 0 };
  readonly limits: MemoryLimits;
  activeSheet: MemorySheet | undefined;
  selection: { sheet: MemorySheet; box: CellBox } | undefined;
  /** Sync number (stats.syncs after increment) that must fail, for "nothing lost" tests. */
  failAtSync: number | undefined;
  private chartCounter = 0;

  constructor(limits: Partial<MemoryLimits> = {}) {
    this.limits = {
      maxRows: limits.maxRows ?? XL_MAX_ROWS,
      maxColumns: limits.maxColumns ?? XL_MAX_COLUMNS,
      payloadBytes: limits.payloadBytes ?? 5 * 1024 * 1024,
    };
  }

  /** Makes the n-th sync from now fail with GeneralException (n = 1: the next sync). */
  failNthSyncFromNow(n: number): void {
    this.failAtSync = this.stats.syncs + n;
  }

  resetStats(): void {
    Object.assign(this.stats, { syncs: 0, maxPayloadBytes: 0, maxResponseBytes: 0, suspendedCalculationSyncs: 0 });
    this.failAtSync = undefined;
  }

  findSheet(name: string): MemorySheet | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }

  validateSheetName(name: string, self?: MemorySheet): void {
    if (name.trim() === '' || name.length > 31 || INVALID_SHEET_CHARS.test(name) || /^'|'$/.test(name)) {
      fail(XL_ERRORS.invalidArgument, `The sheet name "${name}" is not valid.`);
    }
    const existing = this.findSheet(name);
    if (existing !== undefined && existing !== self) {
      fail(XL_ERRORS.itemAlreadyExists, `A sheet named "${name}" already exists.`);
    }
  }

  addSheet(name?: string): MemorySheet {
    let chosen = name;
    if (chosen === undefined) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`) !== undefined) n += 1;
      chosen = `Sheet${n}`;
    }
    this.validateSheetName(chosen);
    const sheet = new MemorySheet(chosen);
    this.sheets.push(sheet);
    this.activeSheet ??= sheet;
    return sheet;
  }

  deleteSheet(sheet: MemorySheet): void {
    const visible = this.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet);
    if (visible.length === 0) fail(XL_ERRORS.invalidOperation, 'A workbook must contain at least one visible worksheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (let i = this.tables.length - 1; i >= 0; i -= 1) if (this.tables[i]?.sheet === sheet) this.tables.splice(i, 1);
    if (this.activeSheet === sheet) this.activeSheet = visible[0];
    if (this.selection?.sheet === sheet) this.selection = undefined;
  }

  moveSheet(sheet: MemorySheet, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) {
      fail(XL_ERRORS.invalidArgument, `Sheet position ${position} is out of range.`);
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  checkBox(box: CellBox): void {
    if (
      box.row < 0 || box.column < 0 || box.rowCount < 1 || box.columnCount < 1 ||
      box.row + box.rowCount > this.limits.maxRows || box.column + box.columnCount > this.limits.maxColumns
    ) {
      fail(XL_ERRORS.invalidArgument, `The range ${box.row},${box.column} (${box.rowCount} x ${box.columnCount}) is outside the grid.`);
    }
  }

  findTable(name: string): MemoryTable | undefined {
    const key = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === key);
  }

  validateTableName(name: string, self?: MemoryTable): void {
    if (
      name.length === 0 || name.length > 255 || !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) ||
      /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^R\d*C\d*$/i.test(name)
    ) {
      fail(XL_ERRORS.invalidArgument, `The table name "${name}" is not valid.`);
    }
    const existing = this.findTable(name);
    if (existing !== undefined && existing !== self) fail(XL_ERRORS.itemAlreadyExists, `A table named "${name}" already exists.`);
  }

  addTable(sheet: MemorySheet, requested: CellBox, hasHeaders: boolean): MemoryTable {
    if (!hasHeaders) fail(XL_ERRORS.invalidArgument, 'The in-memory Excel supports tables with a header row only.');
    const box = requested.rowCount === 1 ? { ...requested, rowCount: 2 } : requested;
    this.checkBox(box);
    for (const t of this.tables) {
      if (t.sheet === sheet && overlaps(t.box, box)) fail(XL_ERRORS.invalidArgument, `The range overlaps table ${t.name}.`);
    }
    const seen = new Set<string>();
    for (let c = 0; c < box.columnCount; c += 1) {
      const raw = sheet.getValue(box.row, box.column + c);
      let header = raw === undefined || raw === '' ? `Column${c + 1}` : typeof raw === 'object' ? raw.error : String(raw);
      const base = header;
      for (let n = 2; seen.has(header.toLowerCase()); n += 1) header = `${base}${n}`;
      seen.add(header.toLowerCase());
      sheet.setValue(box.row, box.column + c, header);
    }
    let n = this.tables.length + 1;
    while (this.findTable(`Table${n}`) !== undefined) n += 1;
    const table: MemoryTable = { name: `Table${n}`, sheet, box, showTotals: false };
    this.tables.push(table);
    return table;
  }

  /**
   * Inserts (delta > 0) or deletes (delta < 0) entire rows at `at`, shifting everything below as
   * Excel does: cells, formats, styles, formulas and tables move; a table grows when rows are
   * inserted inside it (below its header) and shrinks when some of its body rows are deleted.
   */
  shiftRows(sheet: MemorySheet, at: number, delta: number): void {
    if (delta === 0) return;
    const gone = delta < 0 ? -delta : 0;
    if (delta < 0) {
      for (const t of this.tables) {
        if (t.sheet !== sheet) continue;
        const end = t.box.row + t.box.rowCount;
        const lo = Math.max(at, t.box.row);
        const hi = Math.min(at + gone, end);
        if (hi > lo && lo === t.box.row) fail(XL_ERRORS.invalidOperation, `Deleting these rows would delete the header of table ${t.name}.`);
        if (hi > lo && t.box.rowCount - (hi - lo) < 2) fail(XL_ERRORS.invalidOperation, `Table ${t.name} must keep one body row.`);
      }
    }
    const move = (row: number): number | undefined => (delta > 0 ? (row >= at ? row + delta : row) : row < at ? row : row < at + gone ? undefined : row - gone);
    const remap = <T>(map: Map<number, T>): void => {
      const entries = [...map.entries()];
      map.clear();
      for (const [row, v] of entries) {
        const to = move(row);
        if (to !== undefined) map.set(to, v);
      }
    };
    remap(sheet.values);
    remap(sheet.formats);
    for (const keyed of [sheet.styles, sheet.formulaCells] as Array<Map<string, unknown>>) {
      const entries = [...keyed.entries()];
      keyed.clear();
      for (const [key, v] of entries) {
        const [r, c] = key.split(',').map(Number) as [number, number];
        const to = move(r);
        if (to !== undefined) keyed.set(`${to},${c}`, v);
      }
    }
    for (const t of this.tables) {
      if (t.sheet !== sheet) continue;
      const { row, rowCount } = t.box;
      if (delta > 0) {
        if (at <= row) t.box = { ...t.box, row: row + delta };
        else if (at < row + rowCount) t.box = { ...t.box, rowCount: rowCount + delta };
      } else {
        const overlap = Math.max(0, Math.min(at + gone, row + rowCount) - Math.max(at, row));
        const above = Math.max(0, Math.min(at + gone, row) - at);
        t.box = { ...t.box, row: row - above, rowCount: rowCount - overlap };
      }
    }
  }

  /** Table.resize: same header row and first column; the new range must not overlap another table. */
  resizeTable(table: MemoryTable, box: CellBox): void {
    if (box.row !== table.box.row || box.column !== table.box.column || box.rowCount < 2) {
      fail(XL_ERRORS.invalidArgument, 'The new table range must keep the header row and have at least one body row.');
    }
    this.checkBox(box);
    for (const t of this.tables) if (t !== table && t.sheet === table.sheet && overlaps(t.box, box)) fail(XL_ERRORS.invalidArgument, `The range overlaps table ${t.name}.`);
    table.box = box;
    table.showTotals = false;
  }

  /** Table.showTotals: the totals row is added under the body (the row must be free) or removed. */
  setShowTotals(table: MemoryTable, on: boolean): void {
    if (on === table.showTotals) return;
    const last = table.box.row + table.box.rowCount - 1;
    if (on) {
      const box = { ...table.box, rowCount: table.box.rowCount + 1 };
      this.checkBox(box);
      for (const t of this.tables) if (t !== table && t.sheet === table.sheet && overlaps(t.box, box)) fail(XL_ERRORS.invalidOperation, `The totals row would overlap table ${t.name}.`);
      table.box = box;
    } else {
      for (let c = table.box.column; c < table.box.column + table.box.columnCount; c += 1) {
        table.sheet.setValue(last, c, undefined);
        table.sheet.formulaCells.delete(`${last},${c}`);
      }
      table.box = { ...table.box, rowCount: table.box.rowCount - 1 };
    }
    table.showTotals = on;
  }

  deleteTable(table: MemoryTable): void {
    this.clearBox(table.sheet, table.box);
    this.tables.splice(this.tables.indexOf(table), 1);
  }

  clearBox(sheet: MemorySheet, box: CellBox, what: 'All' | 'Formats' | 'Contents' = 'All'): void {
    const inRows = (r: number): boolean => r >= box.row && r < box.row + box.rowCount;
    const inBox = (r: number, c: number): boolean => inRows(r) && c >= box.column && c < box.column + box.columnCount;
    const clearGrid = (grid: Map<number, Array<unknown>>): void => {
      for (const [r, cells] of grid) if (inRows(r)) cells.forEach((_, c) => { if (inBox(r, c)) cells[c] = undefined; });
    };
    const clearKeyed = (keyed: Map<string, unknown>): void => {
      for (const key of [...keyed.keys()]) {
        const [r, c] = key.split(',').map(Number) as [number, number];
        if (inBox(r, c)) keyed.delete(key);
      }
    };
    if (what !== 'Formats') {
      clearGrid(sheet.values);
      clearKeyed(sheet.formulaCells);
    }
    if (what !== 'Contents') {
      clearGrid(sheet.formats);
      clearKeyed(sheet.styles);
    }
  }

  addChart(sheet: MemorySheet, type: string): MemoryChart {
    this.chartCounter += 1;
    const chart: MemoryChart = { name: `Chart ${this.chartCounter}`, type, title: '', series: [] };
    sheet.charts.push(chart);
    return chart;
  }

  /** Writes one cell the way Excel's Range.values does (see the header for the coercions). */
  writeCell(sheet: MemorySheet, row: number, column: number, value: unknown): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail(XL_ERRORS.invalidArgument, `Cannot write the number ${value}.`);
      sheet.setValue(row, column, value);
      return;
    }
    if (typeof value === 'boolean') {
      sheet.setValue(row, column, value);
      return;
    }
    if (typeof value !== 'string') fail(XL_ERRORS.invalidArgument, 'Cell values must be strings, numbers or booleans.');
    if (value === '') {
      sheet.setValue(row, column, undefined);
      return;
    }
    if (sheet.getFormat(row, column) === '@') {
      sheet.setValue(row, column, value);
      return;
    }
    const trimmed = value.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
      sheet.setValue(row, column, Number(trimmed));
      return;
    }
    if (value.startsWith('=') || value.startsWith('+') || value.startsWith('-')) {
      const formula = value.startsWith('=') ? value : `=${value}`;
      this.formulas.push({ sheet: sheet.name, address: `${columnLetters(column)}${row + 1}`, formula });
      sheet.setValue(row, column, { error: '#NAME?' });
      return;
    }
    if (/^(true|false)$/i.test(trimmed)) {
      sheet.setValue(row, column, trimmed.toLowerCase() === 'true');
      return;
    }
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
    if (iso !== null) {
      const serial = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])) / 86_400_000 + 25_569;
      if (Number.isFinite(serial)) {
        sheet.setValue(row, column, serial);
        if (sheet.getFormat(row, column) === DEFAULT_FORMAT) sheet.setFormat(row, column, 'yyyy-mm-dd');
        return;
      }
    }
    sheet.setValue(row, column, value);
  }

  addressOf(sheet: MemorySheet, box: CellBox): string {
    return qualify(sheet.name, rangeAddress(box));
  }

  refAddress(ref: CellRef | undefined): string | undefined {
    return ref === undefined ? undefined : this.addressOf(ref.sheet, ref.box);
  }
}

function overlaps(a: CellBox, b: CellBox): boolean {
  return (
    a.row < b.row + b.rowCount && b.row < a.row + a.rowCount &&
    a.column < b.column + b.columnCount && b.column < a.column + a.columnCount
  );
}
