/**
 * A1 addresses: column letters, cell and range addresses, sheet-name quoting. Pure; shared by the
 * adapter and the in-memory Excel.
 *
 *   columnLetters(0) = "A", columnLetters(27) = "AB"
 *   rangeAddress({row: 0, column: 0, rowCount: 2, columnCount: 3}) = "A1:C2"
 *   qualify("Stock Ledger", "B7") = "'Stock Ledger'!B7"
 */

export interface CellBox {
  /** 0-based first row. */
  readonly row: number;
  /** 0-based first column. */
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

export function rangeAddress(box: CellBox): string {
  const first = cellAddress(box.row, box.column);
  if (box.rowCount === 1 && box.columnCount === 1) return first;
  return `${first}:${cellAddress(box.row + box.rowCount - 1, box.column + box.columnCount - 1)}`;
}

/** Sheet names with anything but letters, digits and underscores are quoted; quotes doubled. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function qualify(sheetName: string, address: string): string {
  return `${quoteSheetName(sheetName)}!${address}`;
}

/** Parses "B7", "A1:C10" (optionally "$"-anchored, optionally sheet-qualified). Undefined if not A1. */
export function parseRangeAddress(address: string): CellBox | undefined {
  const bang = address.lastIndexOf('!');
  const local = (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, '');
  const m = /^([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?$/.exec(local);
  if (m === null) return undefined;
  const c1 = columnIndex(m[1] ?? 'A');
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] === undefined ? c1 : columnIndex(m[3]);
  const r2 = m[4] === undefined ? r1 : Number(m[4]) - 1;
  if (r1 < 0 || r2 < 0) return undefined;
  const row = Math.min(r1, r2);
  const column = Math.min(c1, c2);
  return { row, column, rowCount: Math.abs(r2 - r1) + 1, columnCount: Math.abs(c2 - c1) + 1 };
}
