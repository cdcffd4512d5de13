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
 * throws on malformed text: a stray quote inside an unquoted field is kept as data. A quoted field
 * that is never closed would swallow every later line of the file into one cell, so the parse says
 * where it opened (`unclosedQuote`) and the folder reader turns that into an error diagnostic
 * (CSV_UNCLOSED_QUOTE, naming the table, the row and the column) on which nothing is valued:
 *
 *     Movements.csv   Date,Type,Item,Qty,Memo
 *                     2026-03-02,Receipt,COAT,10,"first delivery      <- opens on line 2, never closed
 *                     2026-03-03,Sale,COAT,2,                          <- would be part of that Memo
 *     -> Movements row 2, column Memo: CSV_UNCLOSED_QUOTE ...
 *
 * Every table file of a folder must be a regular file (src/cli/paths.ts checks them before anything
 * is opened; the reader checks the opened file again, so a named pipe never makes it wait).
 */
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../engine/types';
import type { TableSource } from '../workbook/sheet';
import { INPUT_TABLES, inputTableName } from '../workbook/read';

export { INPUT_TABLES };

/** Where a quoted field that is never closed opened. */
export interface UnclosedQuote {
  /** The row (record) it opened in, counting the first row as 1, as diagnostics count rows. */
  readonly row: number;
  /** The line of the text it opened on (differs from row after quoted fields holding line breaks). */
  readonly line: number;
  /** Its field's position in that row, from 1. */
  readonly field: number;
}

export interface CsvParse {
  readonly rows: string[][];
  /** Set when a quoted field runs to the end of the text; the rows are then not to be used. */
  readonly unclosedQuote?: UnclosedQuote;
}

/** Parses CSV text into rows of string cells. A trailing line end does not make an empty row. */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let unclosedQuote: UnclosedQuote | undefined;
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
      if (!closed && unclosedQuote === undefined) {
        unclosedQuote = { row: rows.length + 1, line: startLine, field: row.length + 1 };
      }
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
  return unclosedQuote === undefined ? { rows } : { rows, unclosedQuote };
}

/**
 * The contract's spelling of a table name, matched as the workbook reader matches headers
 * (any letter case, spaces and underscores ignored: "landed_costs" is LandedCosts), or undefined.
 */
export function canonicalTableName(name: string): string | undefined {
  return inputTableName(name);
}

/** A file of the folder named like an input table. */
export interface CsvTableFile {
  readonly table: string;
  /** The name as found in the folder. */
  readonly name: string;
  /** The folder joined with the name. */
  readonly file: string;
}

export interface CsvListing {
  /** The file read for each table, by name order (the first spelling of a table wins). */
  readonly tables: readonly CsvTableFile[];
  /** Every file named like a table, read or not: what an output must never replace. */
  readonly candidates: readonly CsvTableFile[];
  /** Warnings: a table named twice (the later file is ignored). */
  readonly problems: readonly string[];
}

/** The table files of a folder: <Table>.csv in any letter case; other files are no concern of ours. */
export async function listCsvFolder(dir: string): Promise<CsvListing> {
  const names = await fs.readdir(dir);
  const tables: CsvTableFile[] = [];
  const candidates: CsvTableFile[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const name of [...names].sort()) {
    if (path.extname(name).toLowerCase() !== '.csv') continue;
    const table = canonicalTableName(path.basename(name, path.extname(name)));
    if (table === undefined) continue;
    const entry = { table, name, file: path.join(dir, name) };
    candidates.push(entry);
    const first = seen.get(table);
    if (first !== undefined) {
      problems.push(`${name}: table ${table} is already read from ${first}; ${name} is ignored`);
      continue;
    }
    seen.set(table, name);
    tables.push(entry);
  }
  return { tables, candidates, problems };
}

export interface CsvFolder {
  readonly tables: TableSource;
  /** File name (as found) of each table read, by canonical table name. */
  readonly files: Readonly<Record<string, string>>;
  /** Warnings about the folder (a table named twice). */
  readonly problems: readonly string[];
  /** Errors that stop the run before anything is valued (a quoted field never closed). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The text of a table file. Opened without blocking and checked once open, so a named pipe or a
 * device put in the file's place is refused rather than waited on or read forever.
 */
async function readTableFile(file: string): Promise<string> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path.basename(file)} is not a regular file`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The error diagnostic for a quoted field that is never closed. */
function unclosedQuoteDiagnostic(table: string, name: string, rows: readonly string[][], at: UnclosedQuote): Diagnostic {
  const header = at.row > 1 ? (rows[0]?.[at.field - 1] ?? '').trim() : '';
  return {
    code: 'CSV_UNCLOSED_QUOTE',
    severity: 'error',
    message:
      `A quoted field opens on line ${at.line} of ${name} and is never closed, so every later line of the file ` +
      `would be read into that one cell; nothing was valued.`,
    table,
    row: at.row,
    column: header !== '' ? header : String(at.field),
    hint: 'Close the field with a double quote ("); a quote inside a quoted field is written twice ("").',
  };
}

/**
 * Reads every <Table>.csv of a folder (or of a listing already made of it). Files that are not input
 * tables are ignored. Trailing blank lines (every cell empty) are dropped so an editor's empty last
 * line never becomes a data row; blank lines in the middle stay, so row numbers in diagnostics match
 * the file's line numbers (as long as no quoted field holds a line break).
 */
export async function readCsvFolder(dir: string, listing?: CsvListing): Promise<CsvFolder> {
  const list = listing ?? (await listCsvFolder(dir));
  const tables: Record<string, string[][]> = {};
  const files: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  for (const { table, name, file } of list.tables) {
    const parsed = parseCsv(await readTableFile(file));
    const rows = parsed.rows;
    if (parsed.unclosedQuote !== undefined) diagnostics.push(unclosedQuoteDiagnostic(table, name, rows, parsed.unclosedQuote));
    while (rows.length > 0 && (rows[rows.length - 1] ?? []).every((cell) => cell === '')) rows.pop();
    tables[table] = rows;
    files[table] = name;
  }
  return { tables, files, problems: list.problems, diagnostics };
}
