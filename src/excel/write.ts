/**
 * writeSheets: write SheetModels into Excel as formatted tables, safely and in chunks.
 *
 * The problem: a generated sheet can hold hundreds of thousands of rows; Excel on the web rejects
 * a request over 5 MB; a write can fail or be cancelled half way; and the workbook holds the
 * user's own sheets, which must never be touched.
 *
 * How a page (one sheet of a model) is written:
 *  1. survey: sheet names and positions, table names and where they sit, the ownership record
 *     (the add-in's setting merged with the CLI's hidden "_Perpetua" sheet, when there is one,
 *     so sheets `perpetua value --out` generated are refreshed in place too);
 *     temporary sheets left by an interrupted earlier write are deleted (they are listed as
 *     "pending" in the record, so only our own are removed);
 *  2. target name: the model's name if free or ours (see ownership.ts), else "<name> (Perpetua)",
 *     "<name> (Perpetua 2)"... — reported in `renames`;
 *  3. a fresh temporary sheet "<name> (incomplete)" is added and recorded as pending (one sync);
 *  4. rows go in chunks (default 10,000 rows, fewer when a chunk's JSON would pass ~4 MB), one
 *     sync each with API calculation suspended: text columns — and any string in another column —
 *     are formatted '@' *before* their values, so "=SUM(...)", "+1", "-x", "@x" stay text;
 *     progress is reported after each chunk and cancellation is checked between chunks (a
 *     cancelled write deletes its temporary sheet);
 *  5. formats in one sync: number formats per column (one broadcast format per column), header
 *     bold with fill, column widths, the Excel table (under a temporary table name), frozen
 *     header rows, charts;
 *  6. swap in one sync: the temporary sheet takes the old sheet's position, the old sheet (ours)
 *     is deleted, the temporary sheet and its tables take their final names, and the ownership
 *     record is updated.
 * A failure before step 6 leaves the previous sheet complete plus a sheet plainly named
 * "(incomplete)", which the next write removes. Input tables are never written: a model whose
 * name collides with one is renamed like any sheet we do not own. Continuation sheets of a model
 * that shrank are deleted.
 *
 * Errors: Office.js failures (lost connection, limits) reject the promise; everything that can be
 * decided up front (names, sizes) is handled so that they do not happen.
 */
import type { OutputCell, SheetModel, SheetTable } from '../workbook/sheet';
import { CHART_HEIGHT_ROWS, CHART_WIDTH_COLUMNS, planPages, type PlannedPage, withSuffix } from './layout';
import { formatPage, writeRows, writeTableExtras, writeTexts } from './pageContent';
import { refreshInPlace, tableResizeSupported } from './refresh';
import { type OwnedSheet, ownsSheet, queueOwnership } from './ownership';
import { XL_MAX_ROWS, type XlContext, type XlWorksheet } from './port';
import { forgetSheet, lower, survey, type Survey } from './survey';

export interface WriteProgress {
  readonly sheetName: string;
  readonly rowsWritten: number;
  readonly totalRows: number;
}

export interface WriteOptions {
  /** Called after every chunk (and once per finished sheet). */
  readonly onProgress?: (progress: WriteProgress) => void;
  /** Checked between chunks; true stops the write, leaving every finished sheet in place. */
  readonly isCancelled?: () => boolean;
  /** Rows per chunk (one sync each); default 10,000. Chunks shrink further to stay under 4 MB. */
  readonly chunkRows?: number;
  /** Rows per sheet before a table continues on "<name> (2)"; default Excel's 1,048,576. */
  readonly maxRowsPerSheet?: number;
  /** Request budget per chunk in bytes; default 4 MB (Excel's limit is 5 MB). */
  readonly payloadBudgetBytes?: number;
  /** Use Table.resize (ExcelApi 1.13) on refresh; default: asked of Office.js (tableResizeSupported). */
  readonly tableResize?: boolean;
}

export interface WrittenSheet {
  readonly key: string;
  readonly sheetName: string;
  readonly tables: readonly string[];
  readonly rows: number;
}

export interface SheetRename {
  readonly key: string;
  readonly wanted: string;
  readonly actual: string;
}

export interface WriteResult {
  readonly status: 'done' | 'cancelled';
  readonly sheets: readonly WrittenSheet[];
  /** Sheets refreshed in place (same sheet, same tables), as opposed to rebuilt. */
  readonly refreshed?: readonly string[];
  readonly renames: readonly SheetRename[];
  /** Temporary sheets of an earlier, interrupted write that were removed. */
  readonly removedIncomplete: readonly string[];
}

export const DEFAULT_CHUNK_ROWS = 10_000;
const DEFAULT_PAYLOAD_BUDGET = 4 * 1024 * 1024;
const INCOMPLETE = ' (incomplete)';
/** Rough request bytes of one queued call (a numberFormat on one cell run and such). */
const CALL_BYTES = 96;

async function removeIncomplete(context: XlContext, state: Survey): Promise<string[]> {
  const pending = state.record.pending;
  if (pending.length === 0) return [];
  const removed = pending.filter((name) => state.sheets.has(lower(name)));
  for (const name of removed) context.workbook.worksheets.getItem(name).delete();
  state.record = { ...state.record, pending: [] };
  queueOwnership(context, state.record);
  await context.sync();
  for (const name of removed) forgetSheet(state, name);
  return removed;
}

function pageKey(model: SheetModel, page: number): string {
  return `${model.key}#${page}`;
}

/** The model's name when free or ours, else "<name> (Perpetua)", "<name> (Perpetua 2)"... */
function chooseSheetName(state: Survey, key: string, wanted: string, claimed: Set<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? wanted : withSuffix(wanted, n === 2 ? ' (Perpetua)' : ` (Perpetua ${n - 1})`);
    if (claimed.has(lower(candidate))) continue;
    if (!state.sheets.has(lower(candidate)) || ownsSheet(state.record, key, candidate, state.tableSheets)) return candidate;
  }
}

function chooseTableName(state: Survey, wanted: string, replacing: string | undefined, claimed: Set<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? wanted : `${wanted}_${n}`;
    const onSheet = state.tableSheets.get(lower(candidate));
    const free = onSheet === undefined || (replacing !== undefined && lower(onSheet) === lower(replacing));
    if (free && !claimed.has(lower(candidate))) return candidate;
  }
}

function freeTempName(state: Survey, base: string): string {
  for (let n = 1; ; n += 1) {
    const candidate = withSuffix(base, n === 1 ? INCOMPLETE : ` (incomplete ${n})`);
    if (!state.sheets.has(lower(candidate))) return candidate;
  }
}

/** JSON size of a row as Office.js will send it (null cells go as ""). */
function rowBytes(row: ReadonlyArray<OutputCell>): number {
  let bytes = 2;
  for (const cell of row) bytes += (cell === null ? 2 : typeof cell === 'string' ? JSON.stringify(cell).length : String(cell).length) + 1;
  return bytes;
}

interface Chunk {
  readonly first: number;
  readonly count: number;
}

/** Splits rows [first, first+count) into chunks of at most chunkRows rows and budget bytes. */
function chunksOf(table: SheetTable, first: number, count: number, chunkRows: number, budget: number): Chunk[] {
  const chunks: Chunk[] = [];
  const textColumns = new Set(table.columns.flatMap((c, i) => (c.format === 'text' ? [i] : [])));
  let start = first;
  let bytes = 0;
  for (let i = first; i < first + count; i += 1) {
    const row = table.rows[i] ?? [];
    let cost = rowBytes(row);
    row.forEach((cell, c) => {
      if (typeof cell === 'string' && cell !== '' && !textColumns.has(c)) cost += CALL_BYTES;
    });
    if (i > start && (i - start >= chunkRows || bytes + cost > budget)) {
      chunks.push({ first: start, count: i - start });
      start = i;
      bytes = 0;
    }
    bytes += cost;
  }
  if (start < first + count || count === 0) chunks.push({ first: start, count: first + count - start });
  return chunks;
}

interface PageJob {
  readonly model: SheetModel;
  readonly page: PlannedPage;
  readonly key: string;
  readonly finalName: string;
  /** The sheet we own and are replacing, if any. */
  readonly replacing: string | undefined;
  readonly tableNames: readonly string[];
}

export async function writeSheets(context: XlContext, sheets: readonly SheetModel[], options: WriteOptions = {}): Promise<WriteResult> {
  const chunkRows = Math.max(1, Math.floor(options.chunkRows ?? DEFAULT_CHUNK_ROWS));
  const budget = options.payloadBudgetBytes ?? DEFAULT_PAYLOAD_BUDGET;
  const maxRows = options.maxRowsPerSheet ?? XL_MAX_ROWS;
  const first = await survey(context);
  const removedIncomplete = await removeIncomplete(context, first);
  // Deleting sheets shifts positions: look again so a replaced sheet keeps its place.
  const state = removedIncomplete.length > 0 ? await survey(context) : first;

  const claimedSheets = new Set<string>();
  const claimedTables = new Set<string>();
  const jobs: PageJob[] = [];
  const renames: SheetRename[] = [];
  for (const model of sheets) {
    for (const page of planPages(model, maxRows)) {
      const key = pageKey(model, page.page);
      const finalName = chooseSheetName(state, key, page.sheetName, claimedSheets);
      claimedSheets.add(lower(finalName));
      if (finalName !== page.sheetName) renames.push({ key, wanted: page.sheetName, actual: finalName });
      const replacing = state.sheets.has(lower(finalName)) ? state.sheets.get(lower(finalName))?.name : undefined;
      const tableNames = page.blocks.map((b) => {
        const name = chooseTableName(state, b.tableName, replacing, claimedTables);
        claimedTables.add(lower(name));
        return name;
      });
      jobs.push({ model, page, key, finalName, replacing, tableNames });
    }
  }

  const totalRows = jobs.reduce((sum, j) => sum + j.page.blocks.reduce((s, b) => s + b.dataRowCount, 0), 0);
  const progress = { rowsWritten: 0 };
  const written: WrittenSheet[] = [];
  const cancelled = (): boolean => options.isCancelled?.() === true;

  const refreshed: string[] = [];
  const useResize = options.tableResize ?? tableResizeSupported();
  const pageRun: PageRun = { chunkRows, budget, totalRows, progress, cancelled, options };
  for (const job of jobs) {
    if (cancelled()) return { status: 'cancelled', sheets: written, renames, removedIncomplete, refreshed };
    let done: WrittenSheet | undefined;
    const inPlace = job.replacing === undefined ? 'rebuild' : await refreshPage(context, job, pageRun, useResize);
    if (inPlace === 'cancelled') return { status: 'cancelled', sheets: written, renames, removedIncomplete, refreshed };
    if (inPlace === 'done') {
      refreshed.push(job.finalName);
      done = { key: job.key, sheetName: job.finalName, tables: job.tableNames, rows: job.page.blocks.reduce((n, b) => n + b.dataRowCount, 0) };
    } else {
      done = await writePage(context, state, job, pageRun);
    }
    if (done === undefined) return { status: 'cancelled', sheets: written, renames, removedIncomplete, refreshed };
    written.push(done);
  }
  await removeShrunkPages(context, state, sheets, jobs);
  if (state.unsaved) {
    // Sheets known from the CLI's "_Perpetua" only: the add-in's setting names them from now on.
    queueOwnership(context, state.record);
    await context.sync();
  }
  return { status: 'done', sheets: written, renames, removedIncomplete, refreshed };
}

interface PageRun {
  readonly chunkRows: number;
  readonly budget: number;
  readonly totalRows: number;
  readonly progress: { rowsWritten: number };
  readonly cancelled: () => boolean;
  readonly options: WriteOptions;
}

async function refreshPage(context: XlContext, job: PageJob, run: PageRun, useResize: boolean): Promise<'done' | 'rebuild' | 'cancelled'> {
  if (job.replacing === undefined) return 'rebuild';
  return refreshInPlace(
    context,
    { model: job.model, page: job.page, sheetName: job.replacing, tableNames: job.tableNames },
    {
      chunkRows: run.chunkRows,
      useResize,
      cancelled: run.cancelled,
      rowsDone: (rows) => {
        run.progress.rowsWritten += rows;
        run.options.onProgress?.({ sheetName: job.finalName, rowsWritten: run.progress.rowsWritten, totalRows: run.totalRows });
      },
      chunksOf: (model, blockIndex, first, count) => {
        const table = model.tables[job.page.blocks[blockIndex]?.tableIndex ?? -1];
        return table === undefined ? [] : chunksOf(table, first, count, run.chunkRows, run.budget);
      },
    },
  );
}

async function writePage(context: XlContext, state: Survey, job: PageJob, run: PageRun): Promise<WrittenSheet | undefined> {
  const { model, page } = job;
  const tempName = freeTempName(state, job.finalName);
  const sheet = context.workbook.worksheets.add(tempName);
  state.record = { ...state.record, pending: [...state.record.pending, tempName] };
  queueOwnership(context, state.record);
  await context.sync();
  state.sheets.set(lower(tempName), { name: tempName, position: state.sheets.size });

  const abandon = async (): Promise<undefined> => {
    sheet.delete();
    state.record = { ...state.record, pending: state.record.pending.filter((p) => p !== tempName) };
    queueOwnership(context, state.record);
    await context.sync();
    forgetSheet(state, tempName);
    return undefined;
  };

  writeTexts(sheet, model, page);

  let pageRows = 0;
  for (const block of page.blocks) {
    const table = model.tables[block.tableIndex];
    if (table === undefined) continue;
    for (const chunk of chunksOf(table, block.firstDataRow, block.dataRowCount, run.chunkRows, run.budget)) {
      if (run.cancelled()) return abandon();
      writeRows(sheet, table, block.headerRow + 1 + (chunk.first - block.firstDataRow), chunk.first, chunk.count);
      context.workbook.application.suspendApiCalculationUntilNextSync();
      await context.sync();
      pageRows += chunk.count;
      run.progress.rowsWritten += chunk.count;
      run.options.onProgress?.({ sheetName: job.finalName, rowsWritten: run.progress.rowsWritten, totalRows: run.totalRows });
    }
  }
  if (run.cancelled()) return abandon();

  // Formats, tables, widths, frozen rows, charts: one sync.
  const tempTableNames = job.tableNames.map((name) => `${name.slice(0, 200)}_incomplete`);
  const tables = page.blocks.map((block, i) => {
    const table = model.tables[block.tableIndex];
    if (table === undefined) return undefined;
    const xlTable = sheet.tables.add(sheet.getRangeByIndexes(block.headerRow, 0, 1 + block.dataRowCount, table.columns.length), true);
    xlTable.name = tempTableNames[i] ?? `PP_${i}_incomplete`;
    return xlTable;
  });
  formatPage(sheet, model, page, (i) => tables[i]);
  if (page.frozenRows > 0) sheet.freezePanes.freezeRows(page.frozenRows);
  for (const placed of page.charts) addChart(sheet, model, page, placed);
  await context.sync();

  // Swap: the finished sheet replaces the old one in one request.
  const old = job.replacing === undefined ? undefined : state.sheets.get(lower(job.replacing));
  if (old !== undefined && job.replacing !== undefined) {
    sheet.position = old.position;
    context.workbook.worksheets.getItem(job.replacing).delete();
  }
  sheet.name = job.finalName;
  tables.forEach((t, i) => {
    const name = job.tableNames[i];
    if (t !== undefined && name !== undefined) t.name = name;
  });
  // Totals rows and statement lines name the tables, so they follow the final names.
  tables.forEach((t, i) => {
    const name = job.tableNames[i];
    if (t !== undefined && name !== undefined) writeTableExtras(sheet, model, page, i, t, name);
  });
  const entry: OwnedSheet = { key: job.key, sheetName: job.finalName, tables: job.tableNames };
  state.record = {
    version: 1,
    sheets: [...state.record.sheets.filter((s) => s.key !== job.key && lower(s.sheetName) !== lower(job.finalName)), entry],
    pending: state.record.pending.filter((p) => p !== tempName),
  };
  queueOwnership(context, state.record);
  await context.sync();

  if (job.replacing !== undefined) forgetSheet(state, job.replacing);
  const temp = state.sheets.get(lower(tempName));
  state.sheets.delete(lower(tempName));
  state.sheets.set(lower(job.finalName), { name: job.finalName, position: old?.position ?? temp?.position ?? state.sheets.size });
  for (const name of job.tableNames) state.tableSheets.set(lower(name), job.finalName);
  run.options.onProgress?.({ sheetName: job.finalName, rowsWritten: run.progress.rowsWritten, totalRows: run.totalRows });
  return { key: job.key, sheetName: job.finalName, tables: job.tableNames, rows: pageRows };
}

function addChart(sheet: XlWorksheet, model: SheetModel, page: PlannedPage, placed: PlannedPage['charts'][number]): void {
  const block = page.blocks[placed.block];
  const table = block === undefined ? undefined : model.tables[block.tableIndex];
  if (block === undefined || table === undefined || block.dataRowCount === 0) return;
  const body = (column: number) => sheet.getRangeByIndexes(block.headerRow + 1, column, block.dataRowCount, 1);
  const [firstSeries, ...otherSeries] = placed.spec.seriesColumns;
  if (firstSeries === undefined) return;
  const chart = sheet.charts.add(placed.spec.kind === 'line' ? 'Line' : 'ColumnClustered', body(firstSeries), 'Columns');
  chart.title.text = placed.spec.title;
  const categories = body(placed.spec.categoryColumn);
  const first = chart.series.getItemAt(0);
  first.name = table.columns[firstSeries]?.header ?? '';
  first.setXAxisValues(categories);
  for (const column of otherSeries) {
    const series = chart.series.add(table.columns[column]?.header ?? '');
    series.setValues(body(column));
    series.setXAxisValues(categories);
  }
  chart.setPosition(
    sheet.getRangeByIndexes(placed.row, placed.column, 1, 1),
    sheet.getRangeByIndexes(placed.row + CHART_HEIGHT_ROWS - 1, placed.column + CHART_WIDTH_COLUMNS - 1, 1, 1),
  );
}

/** Continuation sheets ("Journal (2)") we own from a longer earlier run, no longer produced. */
async function removeShrunkPages(context: XlContext, state: Survey, sheets: readonly SheetModel[], jobs: readonly PageJob[]): Promise<void> {
  const writtenKeys = new Set(jobs.map((j) => j.key));
  const modelKeys = new Set(sheets.map((m) => m.key));
  const stale = state.record.sheets.filter((s) => {
    const model = s.key.slice(0, s.key.lastIndexOf('#'));
    return modelKeys.has(model) && !writtenKeys.has(s.key) && ownsSheet(state.record, s.key, s.sheetName, state.tableSheets);
  });
  if (stale.length === 0) return;
  for (const s of stale) context.workbook.worksheets.getItem(s.sheetName).delete();
  state.record = { ...state.record, sheets: state.record.sheets.filter((s) => !stale.includes(s)) };
  queueOwnership(context, state.record);
  await context.sync();
  for (const s of stale) forgetSheet(state, s.sheetName);
}
