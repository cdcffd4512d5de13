/**
 * Which sheets of a package Perpetua generated. The CLI keeps the add-in's record
 * (src/workbook/ownership.ts: key, sheet name, table names) in a hidden worksheet "_Perpetua", one
 * row per generated sheet (and, when the package has the add-in's own setting, there too:
 * webExtension.ts; xlsxRead.ts merges the two):
 *
 *     Sheet          Key        Tables
 *     Journal        journal    PP_Journal
 *     Stock Ledger   stock      PP_StockLedger
 *
 * and decides with the add-in's one rule, ownsSheet: a sheet is ours only if the record names
 * it for that key AND its first recorded table is still on it. A user who deletes our "Journal"
 * and makes their own, or renames our table, keeps their sheet. A registry written by an older
 * CLI (no Tables column) still names its sheets.
 *
 * One more row, key "#styles", remembers the cell formats Perpetua appended to styles.xml and a
 * SHA-256 of that part as written: while the part is unchanged, a re-run reuses those formats and
 * copies styles.xml as it is instead of appending them again.
 */
import type { CellGrid } from '../workbook/sheet';
import type { StyleIds } from './sheetXml';
import { REGISTRY_HEADER, ownsSheet, recordFromRegistryRows } from '../workbook/ownership';
import type { OwnedSheet, OwnershipRecord } from '../workbook/ownership';

export { REGISTRY_SHEET, REGISTRY_HEADER } from '../workbook/ownership';

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** What the last run appended to styles.xml. */
export interface StylesMemo {
  readonly sha256: string;
  readonly precision: number;
  readonly ids: StyleIds;
}

const STYLES_KEY = '#styles';

function parseMemo(raw: string): StylesMemo | undefined {
  try {
    const m = JSON.parse(raw) as { sha256?: unknown; precision?: unknown; ids?: Omit<StyleIds, 'byCode'> & { byCode?: unknown } };
    if (typeof m.sha256 !== 'string' || typeof m.precision !== 'number' || typeof m.ids !== 'object' || m.ids === null) return undefined;
    // byCode travels as [code, {plain, bold}] pairs (a Map does not survive JSON); a memo without it
    // (written before per-column formats) is not reused.
    const pairs: unknown = m.ids.byCode;
    if (!Array.isArray(pairs)) return undefined;
    const byCode = new Map<string, { plain: number; bold: number }>();
    for (const p of pairs as unknown[]) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'object' || p[1] === null) return undefined;
      const v = p[1] as { plain?: unknown; bold?: unknown };
      if (typeof v.plain !== 'number' || typeof v.bold !== 'number') return undefined;
      byCode.set(p[0], { plain: v.plain, bold: v.bold });
    }
    return { sha256: m.sha256, precision: m.precision, ids: { ...m.ids, byCode } };
  } catch {
    // not ours: ignored
  }
  return undefined;
}

export interface Registry {
  readonly record: OwnershipRecord;
  readonly styles?: StylesMemo;
}

/** The record held by the registry sheet's cells (header row first), and the styles memo. */
export function registryFromGrid(grid: CellGrid): Registry {
  const record = recordFromRegistryRows(grid);
  const memoRow = grid.slice(1).find((row) => text(row[1]) === STYLES_KEY);
  const styles = memoRow === undefined ? undefined : parseMemo(text(memoRow[2]));
  return styles === undefined ? { record } : { record, styles };
}

/** The registry sheet's rows for a record. */
export function registryRows(record: OwnershipRecord, styles: StylesMemo): string[][] {
  return [
    [...REGISTRY_HEADER],
    ...record.sheets.map((s) => [s.sheetName, s.key, s.tables.join(',')]),
    ['styles.xml', STYLES_KEY, JSON.stringify({ ...styles, ids: { ...styles.ids, byCode: [...(styles.ids.byCode ?? new Map()).entries()] } })],
  ];
}

interface SheetWithTables {
  readonly name: string;
  readonly tables: ReadonlyArray<{ readonly name: string }>;
}

/** Table name (lower case) -> the sheet it sits on now. */
export function tableSheetsOf(sheets: readonly SheetWithTables[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of sheets) for (const t of s.tables) m.set(t.name.toLowerCase(), s.name);
  return m;
}

/** The record's entries that still hold (ownsSheet) and whose sheet exists. */
export function ownedEntries(record: OwnershipRecord, sheets: readonly SheetWithTables[]): OwnedSheet[] {
  const tableSheets = tableSheetsOf(sheets);
  const names = new Set(sheets.map((s) => s.name.toLowerCase()));
  const seen = new Set<string>();
  return record.sheets.filter((s) => {
    const lower = s.sheetName.toLowerCase();
    if (!names.has(lower) || seen.has(lower) || !ownsSheet(record, s.key, s.sheetName, tableSheets)) return false;
    seen.add(lower);
    return true;
  });
}

/** Lower-case names of the sheets Perpetua generated. */
export function ownedSheets(record: OwnershipRecord, sheets: readonly SheetWithTables[]): Set<string> {
  return new Set(ownedEntries(record, sheets).map((s) => s.sheetName.toLowerCase()));
}
