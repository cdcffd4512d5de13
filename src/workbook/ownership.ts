/**
 * Which sheets Perpetua generated, as one record both hosts keep in the workbook itself so it
 * survives save and reload: the add-in in a workbook setting (src/excel/ownership.ts), the CLI in
 * a hidden "_Perpetua" sheet and, when the package has one, the add-in's setting too
 * (src/cli/registry.ts, src/cli/webExtension.ts). Worksheet ids are not used: Excel does not keep
 * them across sessions.
 *
 * The setting "Perpetua.Ownership" holds JSON: the generated sheets (page key, sheet name, table
 * names) and the temporary sheets of a write in progress.
 *
 *   {"version":1,"sheets":[{"key":"journal#1","sheetName":"Journal","tables":["PP_Journal"]}],
 *    "pending":[]}
 *
 * A sheet counts as ours only if the record names it for that page key AND its first recorded
 * table is still on it. So if a user deletes our "Journal" and makes their own "Journal", or
 * renames our table, the sheet is theirs and is never touched.
 *
 * A record that cannot be parsed counts as empty (we then own nothing, which is the safe side).
 */

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

/**
 * One record from two: `first`'s entries, then those of `second` for a sheet `first` does not
 * name (sheet names compare in any letter case); pending sheets of both.
 */
export function mergeOwnership(first: OwnershipRecord, second: OwnershipRecord): OwnershipRecord {
  const named = new Set(first.sheets.map((s) => s.sheetName.toLowerCase()));
  const sheets = [...first.sheets, ...second.sheets.filter((s) => !named.has(s.sheetName.toLowerCase()))];
  const pending = [...new Set([...first.pending, ...second.pending])];
  return { version: 1, sheets, pending };
}

/**
 * The CLI's copy of the record, a hidden worksheet (src/cli/registry.ts writes it), one row per
 * generated sheet under a header; rows whose key starts with "#" are the CLI's own notes:
 *
 *     Sheet          Key        Tables
 *     Journal        journal    PP_Journal
 *     Stock Ledger   stock      PP_StockLedger,PP_Layers
 */
export const REGISTRY_SHEET = '_Perpetua';
export const REGISTRY_HEADER = ['Sheet', 'Key', 'Tables'] as const;

function cellText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** The record the registry sheet's rows hold (header row first), with the CLI's page keys. */
export function recordFromRegistryRows(rows: ReadonlyArray<ReadonlyArray<unknown>>): OwnershipRecord {
  const sheets: OwnedSheet[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const sheetName = cellText(row[0]);
    const key = cellText(row[1]);
    if (sheetName === '' || key === '' || key.startsWith('#')) continue;
    const tables = cellText(row[2])
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    sheets.push({ key, sheetName, tables });
  }
  return { version: 1, sheets, pending: [] };
}

/**
 * Page keys: the add-in numbers every page ("journal#1", "journal#2"), the CLI names a model's
 * first page by the model key alone ("journal", "journal#2", as splitModel does). These map one
 * record's keys onto the other's.
 */
export function cliPageKey(addInKey: string): string {
  return addInKey.endsWith('#1') ? addInKey.slice(0, -2) : addInKey;
}

export function addInPageKey(cliKey: string): string {
  return /#\d+$/.test(cliKey) ? cliKey : `${cliKey}#1`;
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
