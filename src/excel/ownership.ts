/**
 * Which sheets Perpetua generated, recorded in the workbook itself so it survives save and reload.
 *
 * Where: one add-in setting (workbook.settings, saved inside the file), key "Perpetua.Ownership",
 * holding JSON: the generated sheets (page key, sheet name, table names) and the temporary sheets
 * of a write in progress. Worksheet ids are not used: Excel does not keep them across sessions.
 *
 * A sheet counts as ours only if the record names it for that page key AND its first recorded
 * table is still on it. So if a user deletes our "Journal" and makes their own "Journal", or
 * renames our table, the sheet is theirs and is never touched.
 *
 *   {"version":1,"sheets":[{"key":"journal#1","sheetName":"Journal","tables":["PP_Journal"]}],
 *    "pending":[]}
 *
 * A record that cannot be parsed counts as empty (we then own nothing, which is the safe side).
 */
import type { XlContext } from './port';

export const OWNERSHIP_SETTING = 'Perpetua.Ownership';

export interface OwnedSheet {
  /** Model key and page, e.g. "journal#1", "journal#2" for a continuation sheet. */
  readonly key: string;
  readonly sheetName: string;
  readonly tables: readonly string[];
}

export interface OwnershipRecord {
  readonly version: 1;
  readonly sheets: readonly OwnedSheet[];
  /** Temporary sheets of an unfinished write: removed at the start of the next write. */
  readonly pending: readonly string[];
}

export const EMPTY_OWNERSHIP: OwnershipRecord = { version: 1, sheets: [], pending: [] };

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export function parseOwnership(raw: unknown): OwnershipRecord {
  if (typeof raw !== 'string') return EMPTY_OWNERSHIP;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return EMPTY_OWNERSHIP;
  }
  if (typeof data !== 'object' || data === null) return EMPTY_OWNERSHIP;
  const { version, sheets, pending } = data as { version?: unknown; sheets?: unknown; pending?: unknown };
  if (version !== 1 || !Array.isArray(sheets)) return EMPTY_OWNERSHIP;
  const owned: OwnedSheet[] = [];
  for (const s of sheets) {
    if (typeof s !== 'object' || s === null) continue;
    const { key, sheetName, tables } = s as { key?: unknown; sheetName?: unknown; tables?: unknown };
    if (typeof key === 'string' && typeof sheetName === 'string' && isStringArray(tables)) owned.push({ key, sheetName, tables });
  }
  return { version: 1, sheets: owned, pending: isStringArray(pending) ? pending : [] };
}

/** Queues a load of the record; read it with the returned function after the next sync. */
export function loadOwnership(context: XlContext): () => OwnershipRecord {
  const setting = context.workbook.settings.getItemOrNullObject(OWNERSHIP_SETTING);
  setting.load('value');
  return () => (setting.isNullObject ? EMPTY_OWNERSHIP : parseOwnership(setting.value));
}

/** Queues the write of the record (sent with the next sync, together with the sheet changes). */
export function queueOwnership(context: XlContext, record: OwnershipRecord): void {
  context.workbook.settings.add(OWNERSHIP_SETTING, JSON.stringify(record));
}

/** Whether the named sheet is ours for this page key, given where each table sits now. */
export function ownsSheet(
  record: OwnershipRecord,
  key: string,
  sheetName: string,
  tableSheets: ReadonlyMap<string, string>,
): boolean {
  const entry = record.sheets.find((s) => s.key === key && s.sheetName.toLowerCase() === sheetName.toLowerCase());
  if (entry === undefined) return false;
  const first = entry.tables[0];
  if (first === undefined) return true;
  return tableSheets.get(first.toLowerCase())?.toLowerCase() === sheetName.toLowerCase();
}
