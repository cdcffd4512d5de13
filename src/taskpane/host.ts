/**
 * PerpetuaHost: everything the task pane asks of the workbook, as one small interface.
 *
 * The task pane never touches Office.js itself. officeHost.ts implements this over Excel.run (real
 * Excel, or the in-memory Excel behind the same global in the e2e page); component tests use a
 * fake. Rules every implementation keeps:
 * - an input table the user owns is never edited, except the Settings table's Value cells through
 *   writeSettings (the explicit Settings editor);
 * - templates and demos only create tables that are absent, or replace a table that still holds
 *   exactly the rows Perpetua wrote (an untouched template or demo);
 * - generated sheets are written through the Excel adapter (src/excel/write.ts): ownership,
 *   chunking, cancellation between chunks, temporary sheets swapped in only when complete.
 */
import type { Diagnostic } from '../engine/types';
import type { SheetModel, TableSource } from '../workbook/sheet';

export const INPUT_TABLE_NAMES = ['Settings', 'Movements', 'Items', 'Locations', 'Accounts', 'Kits', 'LandedCosts'] as const;
export type InputTableName = (typeof INPUT_TABLE_NAMES)[number];

export interface TableStatus {
  readonly name: InputTableName;
  readonly present: boolean;
  /** An Excel table (ListObject) of that name, or a sheet of that name whose first row is headers. */
  readonly source?: 'table' | 'sheet';
  readonly sheetName?: string;
  /** Data rows (header excluded). */
  readonly rows: number;
}

export interface WorkbookStatus {
  readonly tables: readonly TableStatus[];
}

export interface SetupResult {
  /** Tables written (created, or an untouched template/demo replaced). */
  readonly written: readonly InputTableName[];
  /** Tables left alone because the user's own data is in them. */
  readonly kept: readonly InputTableName[];
  /** Things the host could not do, in words (e.g. data validation needs ExcelApi 1.8). */
  readonly notes: readonly string[];
}

export interface HostWriteProgress {
  readonly sheetName: string;
  readonly rowsWritten: number;
  readonly totalRows: number;
}

export interface HostWriteOptions {
  readonly onProgress?: (progress: HostWriteProgress) => void;
  /** Checked between chunks; true stops the write with every finished sheet complete. */
  readonly isCancelled?: () => boolean;
}

export interface WrittenSheetInfo {
  readonly key: string;
  readonly sheetName: string;
  readonly rows: number;
}

export interface HostWriteResult {
  readonly status: 'done' | 'cancelled';
  readonly sheets: readonly WrittenSheetInfo[];
  /** Sheets written under another name because a sheet of the user's had the wanted one. */
  readonly renames: ReadonlyArray<{ readonly wanted: string; readonly actual: string }>;
}

export type SettingCell = string | number | boolean | null;

export interface SettingsRow {
  readonly key: string;
  readonly value: SettingCell;
}

export interface SettingsTable {
  /** False when the workbook has no Settings table or sheet (defaults apply). */
  readonly exists: boolean;
  /** 'table' for an Excel table, 'sheet' for a plain sheet named Settings. */
  readonly source?: 'table' | 'sheet';
  readonly rows: readonly SettingsRow[];
}

/** One Value per setting key; a key absent from the table is added only where the host can. */
export type SettingsEdit = Readonly<Record<string, SettingCell>>;

export type DemoName = 'coats' | 'shop';

/**
 * A place in an input table: table, row (header = 1) and column header, each optional. A Diagnostic
 * is one; so is a back-dated row named by the catch-up (table and row: the whole row is selected).
 */
export interface CellPlace {
  readonly table?: string;
  readonly row?: number;
  readonly column?: string;
}

export interface PerpetuaHost {
  /** Which input tables exist, where, and how many data rows each has. */
  detectTables(): Promise<WorkbookStatus>;
  /** Creates every absent input table with headers, validation lists and example rows. */
  createTemplates(): Promise<SetupResult>;
  loadDemo(demo: DemoName): Promise<SetupResult>;
  /** The input tables as cell grids (header row first), for valueWorkbook. */
  readTables(): Promise<TableSource>;
  /** The workbook's locale (e.g. 'en-GB'), which decides how text dates in the tables are read; undefined when unknown. */
  locale?(): string | undefined;
  writeSheets(sheets: readonly SheetModel[], options?: HostWriteOptions): Promise<HostWriteResult>;
  /**
   * Activates the sheet of the place (a diagnostic, or a table row) and selects its cell, or its row
   * within the table when it names no column; the address, or undefined if it has no place.
   */
  selectCell(place: Diagnostic | CellPlace): Promise<string | undefined>;
  activateSheet(sheetName: string): Promise<void>;
  readSettings(): Promise<SettingsTable>;
  writeSettings(edit: SettingsEdit): Promise<void>;
  /** Writes the Migration sheet only. */
  writeMigration(sheet: SheetModel, options?: HostWriteOptions): Promise<HostWriteResult>;
}
