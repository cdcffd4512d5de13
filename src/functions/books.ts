/**
 * Books: one engine run over a set of tables, named by a short handle that INV.BOOK returns and
 * every other INV function accepts in place of the Movements range (SPEC section 8).
 *
 *   =INV.BOOK(Movements[#All], Settings[#All], Items[#All])  ->  "Book 3f2a9c1d04be · 12,345 movements"
 *   =INV.COGS($B$1, "COAT")   looks the answer up in that book's default view
 *
 * Identity is content: a book's id is a hash of its tables (tables.ts), confirmed by an exact
 * comparison with the kept snapshot, so an unchanged table is never valued twice, an edit is always
 * seen, and a recalculation that hands BOOK the same cells gives back the same handle. The tables
 * travel once, into BOOK (and from there once to the engine worker); the formulas that use the book
 * pass a 40-character handle.
 *
 * Views (book.ts) are computed on demand and kept per book: the default one at BOOK time, others
 * (a method override, FIFO, an as-of date, periodic) when a formula first asks. Concurrent requests
 * for the same view share one run; a run is cancelled only when every formula waiting on it was.
 *
 * Errors: a table given without its header row (a data-body reference such as Movements) names the
 * fix (Movements[#All]); a handle this runtime does not hold says to recalculate its INV.BOOK cell.
 */
import { headerKey, isBlank } from '../workbook/cells';
import { MOVEMENTS_TABLE } from '../workbook/readMovements';
import { ACCOUNTS_TABLE, ITEMS_TABLE, KITS_TABLE, LANDED_COSTS_TABLE, LOCATIONS_TABLE, SETTINGS_TABLE, type TableContract } from '../workbook/readTables';
import type { CellGrid, TableSource } from '../workbook/sheet';
import { viewKey, type View, type ViewRequest } from './book';
import { CancelledRun, ThreadRunner, type Runner, type ViewJob } from './runner';
import { hashTables, sameTables, snapshotGrid, toInputCell, type NamedTables } from './tables';
import { invalid, isErrorValue, isOmitted, notAvailable, workbookLocale, type ErrorValue } from './values';

/** INV.BOOK's arguments in order, with the table each one is. */
export const BOOK_TABLES: readonly TableContract[] = [MOVEMENTS_TABLE, SETTINGS_TABLE, ITEMS_TABLE, LANDED_COSTS_TABLE, ACCOUNTS_TABLE, LOCATIONS_TABLE, KITS_TABLE];

const MAX_BOOKS = 4;
const MAX_VIEWS_PER_BOOK = 8;

interface PendingView {
  readonly job: ViewJob;
  readonly promise: Promise<View>;
  waiters: number;
}

export interface Book {
  readonly id: string;
  readonly tables: NamedTables;
  /** The workbook's locale the tables are read in (text dates); part of the book's identity. */
  readonly locale: string | undefined;
  readonly source: TableSource;
  /** LRU, most recent last: finished views and runs in flight. */
  readonly views: Map<string, View | PendingView>;
}

/** Lets a caller (an Excel invocation) give up waiting; see functions.ts. */
export interface CancelSignal {
  onCancel(listener: () => void): void;
}

const books = new Map<string, Book>();
const counters = { runs: 0, hashes: 0, bookHits: 0, viewHits: 0 };
let runner: Runner = new ThreadRunner();

export function setRunner(r: Runner): void {
  runner = r;
}

export function runnerKind(): Runner['kind'] {
  return runner.kind;
}

/** How often the engine ran and the caches answered (tests and the bench). */
export function bookStats(): Readonly<typeof counters> {
  return { ...counters };
}

export function clearBooks(): void {
  books.clear();
  counters.runs = 0;
  counters.hashes = 0;
  counters.bookHits = 0;
  counters.viewHits = 0;
}

/** "Book 3f2a9c1d04be · 12,345 movements" */
export function handleOf(book: Book, view: View): string {
  return `Book ${book.id} · ${view.movements.toLocaleString('en-US')} movement${view.movements === 1 ? '' : 's'}`;
}

const HANDLE = /^\s*Book\s+([0-9a-f]{12}(?:-\d+)?)(?![0-9a-z])/i;

/** A range of rows, or an error naming the argument. */
function rowsOf(v: unknown, name: string): ReadonlyArray<ReadonlyArray<unknown>> | ErrorValue {
  if (!Array.isArray(v)) return invalid(`${name} must be a range (the ${name} table with its header row), not a single value.`);
  for (const row of v) if (!Array.isArray(row)) return invalid(`${name} must be a range of rows.`);
  return v as ReadonlyArray<ReadonlyArray<unknown>>;
}

/**
 * A table handed over without its header row: none of its required columns is named in the first
 * row. The reader would say "no Date column"; this says what to pass instead.
 */
function headerProblem(rows: ReadonlyArray<ReadonlyArray<unknown>>, contract: TableContract): ErrorValue | undefined {
  const first = rows[0] ?? [];
  const keys = new Set(first.map((c) => (typeof c === 'string' ? headerKey(c) : '')));
  if (contract.required.some((col) => keys.has(headerKey(col)))) return undefined;
  const shown = first
    .slice(0, 4)
    .map((c) => {
      const cell = toInputCell(c);
      return isBlank(cell) ? '' : String(cell instanceof Date ? cell.toISOString().slice(0, 10) : typeof cell === 'object' && cell !== null ? cell.error : cell);
    })
    .join(', ');
  return invalid(
    `${contract.name} has no header row (its first row is ${shown === '' ? 'blank' : `"${shown}${first.length > 4 ? ', …' : ''}"`}): ` +
      `pass the table with its headers, ${contract.name}[#All], not ${contract.name} (the data body alone). Required columns: ${contract.required.join(', ')}.`,
  );
}

/** The grid of one table argument, checked; undefined when omitted. */
function tableArg(v: unknown, contract: TableContract): ReadonlyArray<ReadonlyArray<unknown>> | undefined | ErrorValue {
  if (v === undefined || v === null || isOmitted(v)) return undefined;
  const rows = rowsOf(v, contract.name);
  if (isErrorValue(rows)) return rows;
  const cell = rows.length === 1 && rows[0]?.length === 1 ? toInputCell(rows[0][0]) : undefined;
  if (typeof cell === 'object' && cell !== null && !(cell instanceof Date)) return invalid(`${contract.name} is the error ${cell.error}: fix the cell it refers to.`);
  return headerProblem(rows, contract) ?? rows;
}

/** Finds the cached book with exactly these tables (raw host cells), or undefined. */
function cached(id: string, raw: NamedTables, locale: string | undefined): Book | undefined {
  for (const [key, b] of books) {
    if ((key === id || key.startsWith(id + '-')) && b.locale === locale && sameTables(b.tables, raw)) {
      books.delete(key);
      books.set(key, b);
      counters.bookHits++;
      return b;
    }
  }
  return undefined;
}

function create(id: string, raw: NamedTables, locale: string | undefined): Book {
  let key = id;
  for (let k = 2; books.has(key); k++) key = `${id}-${k}`; // a hash collision: a distinct book
  const tables: NamedTables = raw.map(([name, g]) => [name, g === undefined ? undefined : snapshotGrid(g)] as const);
  const source: Record<string, CellGrid> = {};
  for (const [name, g] of tables) if (g !== undefined) source[name] = g;
  const book: Book = { id: key, tables, locale, source, views: new Map() };
  books.set(key, book);
  if (books.size > MAX_BOOKS) {
    const oldest = books.keys().next().value;
    if (oldest !== undefined) books.delete(oldest);
  }
  return book;
}

/** The book of these table arguments (BOOK's order), from the cache or new. */
export function bookOfTables(args: readonly unknown[]): Book | ErrorValue {
  const raw: [string, CellGrid | undefined][] = [];
  for (let k = 0; k < BOOK_TABLES.length; k++) {
    const contract = BOOK_TABLES[k] as TableContract;
    const t = tableArg(args[k], contract);
    if (isErrorValue(t)) return t;
    if (k === 0 && t === undefined) return invalid('movements is required: give the Movements table with its header row, e.g. Movements[#All].');
    // Host cells are compared and hashed as they come; only a new book is copied.
    raw.push([contract.name, t as CellGrid | undefined]);
  }
  // The book used last is the likely one (a recalculation hands every formula the same table):
  // an exact comparison (early exit on the first difference) then saves the hash.
  // The locale decides how text dates read (03/02/2026), so it is part of the book: hashed as one
  // more (empty) table name when the host gives one.
  const locale = workbookLocale();
  const last = [...books.values()].at(-1);
  if (last !== undefined && last.locale === locale && sameTables(last.tables, raw)) {
    counters.bookHits++;
    return last;
  }
  counters.hashes++;
  const id = hashTables(locale === undefined ? raw : [...raw, [`locale ${locale}`, undefined]]);
  return cached(id, raw, locale) ?? create(id, raw, locale);
}

/**
 * An INV function's first argument: a book handle (a cell holding INV.BOOK's result) or the
 * Movements range itself (a book of Movements alone, defaults for everything else).
 */
export function bookOfFirst(arg: unknown): Book | ErrorValue {
  const single = Array.isArray(arg) && arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 1 ? (arg[0][0] as unknown) : Array.isArray(arg) ? undefined : arg;
  if (single !== undefined || !Array.isArray(arg)) {
    const cell = toInputCell(single);
    if (typeof cell === 'string') {
      const m = HANDLE.exec(cell);
      if (m === null) return invalid(`movements: "${cell}" is neither a book (the result of INV.BOOK) nor the Movements table; pass Movements[#All] or the cell holding =INV.BOOK(...).`);
      const book = books.get((m[1] as string).toLowerCase());
      if (book === undefined) return notAvailable(`${cell.trim()} is no longer in memory (the add-in was reloaded, or more than ${MAX_BOOKS} books are in use): recalculate its INV.BOOK cell (Ctrl+Alt+F9 recalculates every cell).`);
      books.delete(book.id);
      books.set(book.id, book);
      return book;
    }
    if (typeof cell === 'object' && cell !== null && !(cell instanceof Date)) return invalid(`movements is the error ${cell.error}: the INV.BOOK cell it refers to failed (its message says why).`);
    return invalid('movements must be the Movements table with its header row (Movements[#All]) or a book from INV.BOOK.');
  }
  return bookOfTables([arg]);
}

function trim(book: Book): void {
  while (book.views.size > MAX_VIEWS_PER_BOOK) {
    const oldest = [...book.views.entries()].find(([, v]) => !('job' in v));
    if (oldest === undefined) return;
    book.views.delete(oldest[0]);
  }
}

/** A view of the book, from the cache, shared with a run in flight, or a new run. */
export function viewOf(book: Book, request: ViewRequest = {}, cancel?: CancelSignal): Promise<View> {
  const key = viewKey(request);
  const have = book.views.get(key);
  if (have !== undefined && !('job' in have)) {
    counters.viewHits++;
    book.views.delete(key);
    book.views.set(key, have);
    return Promise.resolve(have);
  }
  let pending = have;
  if (pending === undefined) {
    counters.runs++;
    const job = runner.run(book.id, book.source, request, book.locale === undefined ? {} : { locale: book.locale });
    const made: PendingView = {
      job,
      waiters: 0,
      promise: job.promise.then(
        (v) => {
          if (book.views.get(key) === made) {
            book.views.set(key, v);
            trim(book);
          }
          return v;
        },
        (e: unknown) => {
          if (book.views.get(key) === made) book.views.delete(key);
          throw e;
        },
      ),
    };
    pending = made;
    book.views.set(key, made);
  } else counters.viewHits++;
  const shared = pending;
  shared.waiters++;
  return new Promise<View>((resolve, reject) => {
    let live = true;
    shared.promise.then(
      (v) => {
        if (live) resolve(v);
        live = false;
      },
      (e: unknown) => {
        if (live) reject(e instanceof Error ? e : new Error(String(e)));
        live = false;
      },
    );
    cancel?.onCancel(() => {
      if (!live) return;
      live = false;
      reject(new CancelledRun());
      shared.waiters--;
      if (shared.waiters === 0 && book.views.get(key) === shared) {
        book.views.delete(key);
        shared.job.cancel();
      }
    });
  });
}
