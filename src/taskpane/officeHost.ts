/**
 * PerpetuaHost over Excel.run: real Excel in the add-in, the in-memory Excel (behind the same
 * global `Excel`) in the e2e page. Reading inputs, writing generated sheets, ownership and cell
 * selection are the Excel adapter's (src/excel); this file adds what only the task pane does:
 * detecting the input tables, writing templates and demos, and the Settings editor.
 *
 * Templates and demos never overwrite the user's data: a table is written when absent, or replaced
 * when it still holds exactly the rows of one of our templates or demos (checked cell by cell);
 * otherwise it is kept and reported. A replaced table's sheet is deleted only when that table is
 * all the sheet holds.
 */
import { officeLocale } from '../excel/locale';
import type { Diagnostic } from '../engine/types';
import { diagnosticAddress, readInputTables, selectDiagnostic, type TablePlacement } from '../excel/read';
import { writeSheets as adapterWriteSheets, type WriteResult } from '../excel/write';
import type { XlContext, XlRun } from '../excel/port';
import { headerKey, serialFromIso } from '../workbook/cells';
import type { SheetModel, TableSource } from '../workbook/sheet';
import { DEMOS, TEMPLATES, templateGrid, type TableTemplate, type TemplateCell } from './demoData';
import {
  INPUT_TABLE_NAMES,
  type CellPlace,
  type DemoName,
  type HostWriteOptions,
  type HostWriteResult,
  type InputTableName,
  type PerpetuaHost,
  type SettingCell,
  type SettingsEdit,
  type SettingsRow,
  type SettingsTable,
  type SetupResult,
  type TableStatus,
} from './host';

/** Adds an in-cell drop-down list to a table column (ExcelApi 1.8); see officeValidation.ts. */
export type ListValidator = (tableName: string, column: string, values: readonly string[]) => Promise<void>;

export interface OfficeHostOptions {
  readonly run: XlRun;
  /** Absent when the Excel in use has no data validation API: templates then say so. */
  readonly addListValidation?: ListValidator;
}

const DATE_FORMAT = 'yyyy-mm-dd';

/** A template cell as it is stored once written: dates as serial numbers, blanks as empty. */
function storedCell(cell: TemplateCell, format: string): string | number {
  if (cell === null) return '';
  if (format === 'date' && typeof cell === 'string') return serialFromIso(cell) ?? cell;
  return cell;
}

function storedGrid(t: TableTemplate): Array<Array<string | number>> {
  const formats = t.columns.map((c) => c.format);
  return templateGrid(t).map((row, r) => row.map((cell, c) => (r === 0 ? (cell ?? '') : storedCell(cell, formats[c] ?? 'text'))));
}

function sameCell(actual: unknown, expected: string | number): boolean {
  if (expected === '') return actual === '' || actual === null || actual === undefined;
  return actual === expected;
}

function sameGrid(actual: readonly unknown[][], expected: ReadonlyArray<ReadonlyArray<string | number>>): boolean {
  if (actual.length !== expected.length) return false;
  return expected.every((row, r) => {
    const got = actual[r] ?? [];
    return got.length === row.length && row.every((cell, c) => sameCell(got[c], cell));
  });
}

/** Every grid we may have written for a table: its template and each demo's version. */
function ourGrids(name: InputTableName): Array<Array<Array<string | number>>> {
  const all = [...TEMPLATES, ...Object.values(DEMOS).flat()].filter((t) => t.name === name);
  return all.map(storedGrid);
}

interface Existing {
  readonly kind: 'table' | 'sheet' | 'none';
  readonly sheetName?: string;
  /** Values of the table range (or the sheet's used range), header first. */
  readonly values: unknown[][];
  /** True when the table (or sheet) is all its sheet holds. */
  readonly aloneOnSheet: boolean;
}

async function findExisting(context: XlContext, name: InputTableName): Promise<Existing> {
  const table = context.workbook.tables.getItemOrNullObject(name).load('name');
  const sheet = context.workbook.worksheets.getItemOrNullObject(name).load('name');
  await context.sync();
  if (!table.isNullObject) {
    const range = table.getRange().load('values, address');
    const host = table.worksheet.load('name');
    const used = table.worksheet.getUsedRangeOrNullObject(true).load('address');
    await context.sync();
    return { kind: 'table', sheetName: host.name, values: range.values, aloneOnSheet: !used.isNullObject && used.address === range.address };
  }
  if (!sheet.isNullObject) {
    const used = sheet.getUsedRangeOrNullObject(true).load('values');
    await context.sync();
    return { kind: 'sheet', sheetName: sheet.name, values: used.isNullObject ? [] : used.values, aloneOnSheet: true };
  }
  return { kind: 'none', values: [], aloneOnSheet: true };
}

function freeName(taken: ReadonlySet<string>, base: string): string {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Writes one template as an Excel table on its own sheet, in one sync: text columns formatted '@'
 * before their values (so "=x" or "001" stay text), dates as serials with a date format.
 */
async function writeTemplateTable(context: XlContext, t: TableTemplate, replaceSheet: string | undefined): Promise<void> {
  const sheets = context.workbook.worksheets.load('items/name');
  await context.sync();
  const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
  if (replaceSheet !== undefined) taken.delete(replaceSheet.toLowerCase());
  const tempName = freeName(taken, `${t.name} (new)`);
  const sheet = context.workbook.worksheets.add(tempName);
  if (replaceSheet !== undefined) context.workbook.worksheets.getItem(replaceSheet).delete();
  sheet.name = freeName(taken, t.name);
  const grid = storedGrid(t);
  const rowCount = grid.length;
  t.columns.forEach((column, c) => {
    const body = sheet.getRangeByIndexes(0, c, rowCount, 1);
    body.numberFormat = [[column.format === 'text' ? '@' : column.format === 'date' ? DATE_FORMAT : 'General']];
  });
  sheet.getRangeByIndexes(0, 0, 1, t.columns.length).numberFormat = [['@']];
  sheet.getRangeByIndexes(0, 0, rowCount, t.columns.length).values = grid;
  const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, rowCount, t.columns.length), true);
  table.name = t.name;
  table.getHeaderRowRange().format.font.bold = true;
  sheet.getRangeByIndexes(0, 0, rowCount, t.columns.length).format.autofitColumns();
  sheet.freezePanes.freezeRows(1);
  await context.sync();
}

/**
 * Writes the given tables. A demo also removes the example-row templates of the tables it does not
 * have (only while they are untouched and alone on their sheet), so the template's sample Kits or
 * LandedCosts do not leak into the demo's numbers.
 */
async function setUp(run: XlRun, tables: readonly TableTemplate[], validate: ListValidator | undefined, removeUntouchedTemplates = false): Promise<SetupResult> {
  const written: InputTableName[] = [];
  const kept: InputTableName[] = [];
  const removed: InputTableName[] = [];
  await run(async (context) => {
    if (removeUntouchedTemplates) {
      for (const template of TEMPLATES) {
        if (tables.some((t) => t.name === template.name)) continue;
        const existing = await findExisting(context, template.name);
        if (existing.kind === 'none' || !existing.aloneOnSheet || existing.sheetName === undefined) continue;
        if (!sameGrid(existing.values, storedGrid(template))) continue;
        context.workbook.worksheets.getItem(existing.sheetName).delete();
        await context.sync();
        removed.push(template.name);
      }
    }
    for (const t of tables) {
      const existing = await findExisting(context, t.name);
      if (existing.kind === 'none') {
        await writeTemplateTable(context, t, undefined);
        written.push(t.name);
        continue;
      }
      const untouched = ourGrids(t.name).some((g) => sameGrid(existing.values, g));
      if (untouched && existing.aloneOnSheet && existing.sheetName !== undefined) {
        await writeTemplateTable(context, t, existing.sheetName);
        written.push(t.name);
      } else {
        kept.push(t.name);
      }
    }
  });
  const notes: string[] = [];
  const lists = tables.filter((t) => written.includes(t.name)).flatMap((t) => t.columns.filter((c) => c.list !== undefined).map((c) => ({ table: t.name, column: c.header, list: c.list ?? [] })));
  if (lists.length > 0) {
    if (validate === undefined) {
      notes.push('Drop-down lists for Type, Method and Kind need Excel API 1.8 (data validation), which this Excel does not offer; the tables were created without them.');
    } else {
      for (const l of lists) await validate(l.table, l.column, l.list);
    }
  }
  if (kept.length > 0) notes.push(`Kept your own ${kept.join(', ')}: Perpetua does not overwrite tables that hold your data.`);
  if (removed.length > 0) notes.push(`Removed the unused example templates ${removed.join(', ')} (still as created, so no data of yours).`);
  return { written, kept, notes };
}

function toResult(result: WriteResult): HostWriteResult {
  return {
    status: result.status,
    sheets: result.sheets.map((s) => ({ key: s.key, sheetName: s.sheetName, rows: s.rows })),
    renames: result.renames.map((r) => ({ wanted: r.wanted, actual: r.actual })),
  };
}

interface SettingsPlace {
  readonly source: 'table' | 'sheet' | 'none';
  readonly sheetName?: string;
  /** 0-based sheet row/column of the header row's first cell. */
  readonly row: number;
  readonly column: number;
  readonly values: unknown[][];
  readonly keyColumn: number;
  readonly valueColumn: number;
}

async function locateSettings(context: XlContext): Promise<SettingsPlace> {
  const table = context.workbook.tables.getItemOrNullObject('Settings').load('name');
  const sheet = context.workbook.worksheets.getItemOrNullObject('Settings').load('name');
  await context.sync();
  let found: { source: 'table' | 'sheet'; range: { rowIndex: number; columnIndex: number; values: unknown[][]; isNullObject: boolean }; sheetName: string } | undefined;
  if (!table.isNullObject) {
    const range = table.getRange().load('rowIndex, columnIndex, values');
    const host = table.worksheet.load('name');
    await context.sync();
    found = { source: 'table', range, sheetName: host.name };
  } else if (!sheet.isNullObject) {
    const range = sheet.getUsedRangeOrNullObject(true).load('rowIndex, columnIndex, values');
    await context.sync();
    if (!range.isNullObject) found = { source: 'sheet', range, sheetName: sheet.name };
  }
  if (found === undefined) return { source: 'none', row: 0, column: 0, values: [], keyColumn: -1, valueColumn: -1 };
  const headers = (found.range.values[0] ?? []).map((h) => headerKey(String(h)));
  return {
    source: found.source,
    sheetName: found.sheetName,
    row: found.range.rowIndex,
    column: found.range.columnIndex,
    values: found.range.values,
    keyColumn: headers.indexOf('setting'),
    valueColumn: headers.indexOf('value'),
  };
}

function settingCell(value: unknown): SettingCell {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Writes one Value cell; text that Excel would read as a formula is formatted as text first. */
function queueValue(context: XlContext, sheetName: string, row: number, column: number, value: SettingCell): void {
  const cell = context.workbook.worksheets.getItem(sheetName).getRangeByIndexes(row, column, 1, 1);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) cell.numberFormat = [['@']];
  cell.values = [[value ?? '']];
}

export class MissingSettingRowsError extends Error {
  constructor(readonly keys: readonly string[]) {
    super(
      `Your Settings table has no row for ${keys.join(', ')}. Perpetua edits only the Value cells of rows that exist: add a row with Setting = ${keys[0] ?? ''} to the table, then save again.`,
    );
    this.name = 'MissingSettingRowsError';
  }
}

export function createOfficeHost(options: OfficeHostOptions): PerpetuaHost {
  const { run } = options;
  let placements: readonly TablePlacement[] | undefined;

  const host: PerpetuaHost = {
    async detectTables() {
      return run(async (context) => {
        const lookups = INPUT_TABLE_NAMES.map((name) => ({
          name,
          table: context.workbook.tables.getItemOrNullObject(name).load('name'),
          sheet: context.workbook.worksheets.getItemOrNullObject(name).load('name'),
        }));
        await context.sync();
        const counted = lookups.map((l) => {
          if (!l.table.isNullObject) return { name: l.name, source: 'table' as const, count: l.table.rows.getCount(), where: l.table.worksheet.load('name'), used: undefined };
          if (!l.sheet.isNullObject) return { name: l.name, source: 'sheet' as const, count: undefined, where: l.sheet, used: l.sheet.getUsedRangeOrNullObject(true).load('rowCount') };
          return { name: l.name, source: undefined, count: undefined, where: undefined, used: undefined };
        });
        await context.sync();
        const tables: TableStatus[] = counted.map((c) => {
          if (c.source === undefined || c.where === undefined) return { name: c.name, present: false, rows: 0 };
          const rows = c.count !== undefined ? c.count.value : c.used === undefined || c.used.isNullObject ? 0 : Math.max(0, c.used.rowCount - 1);
          return { name: c.name, present: true, source: c.source, sheetName: c.where.name, rows };
        });
        return { tables };
      });
    },

    createTemplates() {
      return setUp(run, TEMPLATES, options.addListValidation);
    },

    loadDemo(demo: DemoName) {
      return setUp(run, DEMOS[demo], options.addListValidation, true);
    },

    locale(): string | undefined {
      return officeLocale();
    },

    async readTables(): Promise<TableSource> {
      const read = await run((context) => readInputTables(context));
      placements = read.placements;
      return read.tables;
    },

    async writeSheets(sheets: readonly SheetModel[], writeOptions: HostWriteOptions = {}) {
      const result = await run((context) =>
        adapterWriteSheets(context, sheets, {
          ...(writeOptions.onProgress === undefined ? {} : { onProgress: writeOptions.onProgress }),
          ...(writeOptions.isCancelled === undefined ? {} : { isCancelled: writeOptions.isCancelled }),
        }),
      );
      return toResult(result);
    },

    async selectCell(place: Diagnostic | CellPlace) {
      return run(async (context) => {
        if (placements === undefined) placements = (await readInputTables(context)).placements;
        const where = diagnosticAddress(placements, place);
        if (where === undefined) return undefined;
        const selected = await selectDiagnostic(context, placements, place);
        return selected ? where.address : undefined;
      });
    },

    async activateSheet(sheetName: string) {
      await run(async (context) => {
        context.workbook.worksheets.getItem(sheetName).activate();
        await context.sync();
      });
    },

    async readSettings(): Promise<SettingsTable> {
      return run(async (context) => {
        const place = await locateSettings(context);
        if (place.source === 'none') return { exists: false, rows: [] };
        const rows: SettingsRow[] = [];
        if (place.keyColumn >= 0) {
          for (const row of place.values.slice(1)) {
            const key = row[place.keyColumn];
            if (typeof key === 'string' && key.trim() !== '') rows.push({ key: key.trim(), value: place.valueColumn >= 0 ? settingCell(row[place.valueColumn]) : null });
          }
        }
        return { exists: true, source: place.source, rows };
      });
    },

    async writeSettings(edit: SettingsEdit) {
      await run(async (context) => {
        const place = await locateSettings(context);
        if (place.source === 'none' || place.sheetName === undefined) {
          const template: TableTemplate = { name: 'Settings', columns: [{ header: 'Setting', format: 'text' }, { header: 'Value', format: 'text' }], rows: Object.entries(edit).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]) };
          await writeTemplateTable(context, template, undefined);
          return;
        }
        if (place.keyColumn < 0 || place.valueColumn < 0) throw new Error('The Settings table needs the headers Setting and Value.');
        const rowOf = new Map<string, number>();
        place.values.forEach((row, r) => {
          const key = row[place.keyColumn];
          if (r > 0 && typeof key === 'string') rowOf.set(headerKey(key), r);
        });
        const missing = Object.keys(edit).filter((k) => !rowOf.has(headerKey(k)));
        if (missing.length > 0 && place.source === 'table') throw new MissingSettingRowsError(missing);
        const sheetName = place.sheetName;
        for (const [key, value] of Object.entries(edit)) {
          const r = rowOf.get(headerKey(key));
          if (r !== undefined) queueValue(context, sheetName, place.row + r, place.column + place.valueColumn, value);
        }
        // A plain Settings sheet (no Excel table) grows by rows below its used range.
        missing.forEach((key, i) => {
          const row = place.row + place.values.length + i;
          const keyCell = context.workbook.worksheets.getItem(sheetName).getRangeByIndexes(row, place.column + place.keyColumn, 1, 1);
          keyCell.numberFormat = [['@']];
          keyCell.values = [[key]];
          queueValue(context, sheetName, row, place.column + place.valueColumn, edit[key] ?? null);
        });
        await context.sync();
      });
    },

    async writeMigration(sheet: SheetModel, writeOptions: HostWriteOptions = {}) {
      return host.writeSheets([sheet], writeOptions);
    },
  };
  return host;
}
