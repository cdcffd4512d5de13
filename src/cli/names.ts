/**
 * Names Excel accepts for the sheets and tables Perpetua adds, kept free of the user's own:
 *   "Stock Ledger" taken by a user sheet -> "Stock Ledger (Perpetua)", then "(Perpetua 2)"...
 *   "PP_Journal" taken -> "PP_Journal_2"; "A1" (reads as a cell) -> "_A1".
 */
const INVALID_SHEET_CHARS = /[:\\/?*[\]]/g;
const MAX_SHEET_NAME = 31;

export function sanitizeSheetName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(INVALID_SHEET_CHARS, ' ').replace(/[\u0000-\u001F\uFFFE\uFFFF]/g, ' ').replace(/^'+|'+$/g, '').trim();
  return (clean === '' ? 'Sheet' : clean).slice(0, MAX_SHEET_NAME);
}

/** `base`, else "base (Perpetua)", else "base (Perpetua 2)", ... within 31 characters. */
export function freeSheetName(base: string, taken: ReadonlySet<string>): string {
  const name = sanitizeSheetName(base);
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (Perpetua)' : ` (Perpetua ${n})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A valid Excel table name: starts with a letter or _, then letters, digits, _ or . */
export function sanitizeTableName(name: string): string {
  let clean = name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
  // Names that read as a cell reference (A1, R1C1, R, C) are refused by Excel.
  if (/^[A-Za-z]{1,3}\d+$/.test(clean) || /^[RrCc]$/.test(clean) || /^[Rr]\d*[Cc]\d*$/.test(clean)) clean = `_${clean}`;
  return clean.slice(0, 250);
}

/** A table name not in `taken` (lower case), which it is added to. */
export function freeTableName(base: string, taken: Set<string>): string {
  const name = sanitizeTableName(base);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
