/**
 * CSV in: an RFC 4180 parser of our own and the CSV-folder reader.
 *
 * A folder holds one file per input table, named <Table>.csv (any letter case):
 *
 *     coats-csv/Movements.csv     Date,Type,Item,Qty,UnitCost
 *                                 2026-03-02,Receipt,COAT,10,100
 *     coats-csv/Settings.csv      Setting,Value
 *
 * Every cell stays a string: the workbook reader (src/workbook) turns numeric text into numbers and
 * ISO text into dates, exactly as it does for text cells in a workbook, so a CSV and an .xlsx with
 * the same content value the same. The parser accepts quoted fields, doubled quotes inside them,
 * CRLF, LF or lone CR line ends, a UTF-8 byte-order mark and newlines inside quoted fields. It never
 * throws on malformed text: a stray quote inside an unquoted field is kept as data, and an
 * unterminated quoted field runs to the end of the file (reported through `problems`).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { TableSource } from '../workbook/sheet';
import { INPUT_TABLES, inputTableName } from '../workbook/read';

export { INPUT_TABLES };

export interface CsvParse {
  readonly rows: string[][];
  /** Human-readable notes about malformed text (the parse still returns what it could). */
  readonly problems: readonly string[];
}

/** Parses CSV text into rows of string cells. A trailing line end does not make an empty row. */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const problems: string[] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = src.length;
  // fieldStarted: the current row has at least one field (so "a,\n" gives ["a", ""]).
  let fieldStarted = false;

  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
    fieldStarted = false;
  };

  while (i < n) {
    const c = src[i];
    if (c === '"' && field === '') {
      // Quoted field: runs to the next quote that is not doubled.
      const startLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = src[i];
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      if (!closed) problems.push(`line ${startLine}: a quoted field is never closed`);
      fieldStarted = true;
      // Text after the closing quote (e.g. "ab"c) is kept, as spreadsheets do.
      while (i < n && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
        field += src[i];
        i++;
      }
      continue;
    }
    if (c === ',') {
      endField();
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || field !== '') endRow();
  return { rows, problems };
}

/**
 * The contract's spelling of a table name, matched as the workbook reader matches headers
 * (any letter case, spaces and underscores ignored: "landed_costs" is LandedCosts), or undefined.
 */
export function canonicalTableName(name: string): string | undefined {
  return inputTableName(name);
}

export interface CsvFolder {
  readonly tables: TableSource;
  /** File name (as found) of each table read, by canonical table name. */
  readonly files: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/**
 * Reads every <Table>.csv of a folder. Files that are not input tables are ignored. Trailing blank
 * lines (every cell empty) are dropped so an editor's empty last line never becomes a data row;
 * blank lines in the middle stay, so row numbers in diagnostics match the file's line numbers.
 */
export async function readCsvFolder(dir: string): Promise<CsvFolder> {
  const names = await fs.readdir(dir);
  const tables: Record<string, string[][]> = {};
  const files: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of [...names].sort()) {
    if (path.extname(name).toLowerCase() !== '.csv') continue;
    const table = canonicalTableName(path.basename(name, path.extname(name)));
    if (table === undefined) continue;
    if (files[table] !== undefined) {
      problems.push(`${name}: table ${table} is already read from ${files[table]}; ${name} is ignored`);
      continue;
    }
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    const parsed = parseCsv(text);
    for (const p of parsed.problems) problems.push(`${name} ${p}`);
    const rows = parsed.rows;
    while (rows.length > 0 && (rows[rows.length - 1] ?? []).every((cell) => cell === '')) rows.pop();
    tables[table] = rows;
    files[table] = name;
  }
  return { tables, files, problems };
}
