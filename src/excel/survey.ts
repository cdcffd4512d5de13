/**
 * What writeSheets (write.ts) needs to know of the workbook before it writes, in two syncs: sheet
 * names and positions, where each table sits, and the ownership record - the add-in's setting
 * merged with the CLI's hidden "_Perpetua" sheet when the workbook has one (the setting's entries
 * first), so sheets that `perpetua value --out` generated are ours here too and are refreshed in
 * place. The rule that decides what is ours is src/workbook/ownership.ts's ownsSheet.
 */
import { REGISTRY_HEADER, REGISTRY_SHEET, addInPageKey, mergeOwnership, recordFromRegistryRows } from '../workbook/ownership';
import type { OwnershipRecord } from '../workbook/ownership';
import { loadOwnership } from './ownership';
import type { XlContext } from './port';

/** Rows of the CLI's "_Perpetua" sheet read (one per generated sheet; a bound on a hostile sheet). */
const REGISTRY_ROWS = 500;

/** What we know of the workbook, kept current as we add, delete and rename. */
export interface Survey {
  readonly sheets: Map<string, { name: string; position: number }>;
  /** table name (lower case) -> sheet name */
  readonly tableSheets: Map<string, string>;
  record: OwnershipRecord;
  /** The record names sheets the add-in's setting does not (from "_Perpetua"): write it back. */
  readonly unsaved: boolean;
}

export const lower = (s: string): string => s.toLowerCase();

export async function survey(context: XlContext): Promise<Survey> {
  const worksheets = context.workbook.worksheets.load('items/name, items/position');
  const tables = context.workbook.tables.load('items/name');
  const readRecord = loadOwnership(context);
  await context.sync();
  const tableSheets = tables.items.map((t) => ({ table: t, sheet: t.worksheet.load('name') }));
  const registry = worksheets.items.find((w) => lower(w.name) === lower(REGISTRY_SHEET));
  const registryCells = registry?.getRangeByIndexes(0, 0, REGISTRY_ROWS, REGISTRY_HEADER.length).load('values');
  if (tableSheets.length > 0 || registryCells !== undefined) await context.sync();
  const setting = readRecord();
  const record = registryCells === undefined ? setting : mergeOwnership(setting, addInKeys(recordFromRegistryRows(registryCells.values)));
  return {
    sheets: new Map(worksheets.items.map((w) => [lower(w.name), { name: w.name, position: w.position }])),
    tableSheets: new Map(tableSheets.map(({ table, sheet }) => [lower(table.name), sheet.name])),
    record,
    unsaved: record.sheets.length > setting.sheets.length,
  };
}

/** The CLI's record under the add-in's page keys ("journal" -> "journal#1"). */
function addInKeys(record: OwnershipRecord): OwnershipRecord {
  return { ...record, sheets: record.sheets.map((s) => ({ ...s, key: addInPageKey(s.key) })) };
}

export function forgetSheet(state: Survey, name: string): void {
  state.sheets.delete(lower(name));
  for (const [table, sheet] of [...state.tableSheets]) if (lower(sheet) === lower(name)) state.tableSheets.delete(table);
}
