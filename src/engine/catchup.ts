/**
 * Closed periods that stay closed (SPEC section 4a). With Settings ClosedThrough = CT, the periods up
 * to CT show what was known when they closed, and whatever rows entered later change in them is
 * posted on the first open day (CT + 1) as catch-up entries, so every open date balances exactly as
 * a full recomputation would.
 *
 * The stage wraps the engine's public entry point and reads only its public results:
 *   (a) closed run:  runEngine on the rows entered on or before CT and dated on or before it
 *                    (Entered defaults to Date; split.ts) -> the closed periods' journal and ledger;
 *   (b) full run:    runEngine on every row -> the open periods, and the recomputed closed figures;
 *   (c) catch-up:    for every account, item and location, (b) - (a) through CT, posted on CT + 1,
 *                    one balanced entry per group of items, naming the back-dated rows (entries.ts);
 *                    the stock ledger gets a CatchUp row per item and location (compose.ts).
 * The tax book is composed the same way from both runs' tax journals; the periodic comparison takes
 * its closed periods from (a) (closing/periodic.ts).
 *
 * Worked example (docs/accounting.md): February closed with COGS 1,625; a receipt dated 15 Feb is
 * entered on 3 Mar at a lower cost. February's journal still shows COGS 1,625; on 1 Mar a catch-up
 * moves the difference from Inventory to COGS; every March balance equals the full recomputation.
 *
 * Cost: (b) is the run without ClosedThrough; (a) is run only when some row is back-dated, and only
 * over the rows dated up to CT. With no back-dated row the closed figures are (b)'s (rows dated after
 * CT change nothing at or before it), so nothing is run twice.
 *
 * --as-of on or before CT shows the books as closed: the run on the rows entered by CT.
 *
 * Diagnostics: none of its own. (b)'s are the run's; (a)'s repeat them for the closed rows or describe
 * a state that the back-dated rows have since corrected, so they are not repeated.
 */
import * as N from './num';
import type { Fixed } from './num';
import { runEngine, type EngineResult, type TaxBook } from './pipeline';
import type { Journal } from './post';
import type { Inputs, RunOptions, SourceRef } from './types';
import type { LedgerRow } from './valuation/types';
import { composeJournal, composeLedger, catchUpRows } from './closing/compose';
import { addJournal, addLedger, allDifferences, type Differences, type PoolAfter, type StockDifferences } from './closing/difference';
import { buildCatchUpEntries, type CatchUpLine, type CatchUpPosting } from './closing/entries';
import { ItemGroups } from './closing/groups';
import { knownAtClose, splitAtClose } from './closing/split';

export type { CatchUpLine } from './closing/entries';

export interface CatchUpBook {
  readonly lines: readonly CatchUpLine[];
  readonly entries: number;
  /** Total debits of the catch-up entries (scale p). */
  readonly amount: Fixed;
}

export interface CatchUp {
  readonly closedThrough: number;
  /** First open day: the date of every catch-up entry and row. */
  readonly date: number;
  /** Every row entered after ClosedThrough but dated on or before it. */
  readonly backdated: readonly SourceRef[];
  /** The back-dated rows that changed a closed figure (named by a catch-up line). */
  readonly changedRows: readonly SourceRef[];
  readonly book: CatchUpBook;
  /** The tax book's catch-up (memorandum), when a TaxMethod is set. */
  readonly tax: CatchUpBook | undefined;
  /** The stock ledger's catch-up rows. */
  readonly stock: readonly LedgerRow[];
  /** The run on the rows known at the close; undefined when no row was back-dated (nothing differs). */
  readonly closed: EngineResult | undefined;
  /**
   * The full recomputation as the engine returned it (closed periods rewritten, no catch-up), for the
   * periodic simulation; undefined when no row was back-dated.
   */
  readonly recomputed: EngineResult | undefined;
}

/** An engine result whose closed periods stay closed. */
export interface ClosedBooksResult extends EngineResult {
  /** Set when Settings ClosedThrough is set and the run reaches past it. */
  readonly catchUp?: CatchUp;
}

const NO_BOOK: CatchUpBook = { lines: [], entries: 0, amount: 0 };

export function runWithCatchUp(inputs: Inputs, options: RunOptions = {}): ClosedBooksResult {
  const ct = inputs.settings.closedThrough;
  if (ct === undefined) return runEngine(inputs, options);
  if (options.asOf !== undefined && options.asOf <= ct) return runEngine(knownAtClose(inputs, ct), options);
  const split = splitAtClose(inputs, ct);
  const full = runEngine(inputs, options);
  const backdated = split.backdated.map((m) => m.source);
  if (split.backdated.length === 0) {
    return { ...full, catchUp: { closedThrough: ct, date: split.firstOpenDay, backdated, changedRows: [], book: NO_BOOK, tax: full.tax === undefined ? undefined : NO_BOOK, stock: [], closed: undefined, recomputed: undefined } };
  }
  const { asOf: _asOf, onProgress, ...rest } = options;
  void _asOf;
  const closedOptions: RunOptions = onProgress === undefined ? rest : { ...rest, onProgress: (_stage, done, total) => onProgress('closed periods', done, total) };
  const closed = runEngine(split.known, closedOptions);

  const location = full.prepared.defaultLocation;
  const book = catchUpJournal(closed.journal, full.journal, ct, split.backdated, location);
  const journal = composeJournal(closed.journal, full.journal, ct, book.lines, book.entries);

  const scale = rescaleTo(closed, full);
  const company = inputs.settings.costPool === 'Company';
  const stockDiffs: StockDifferences = new Map();
  const poolAfter: PoolAfter = new Map();
  addLedger(closed.valuation.ledger, ct, 'closed', scale, company, stockDiffs, poolAfter);
  addLedger(full.valuation.ledger, ct, 'recomputed', { q: 1, v: 1 }, company, stockDiffs, new Map());
  const stock = catchUpRows(stockDiffs, poolAfter, company, split.backdated, ct);
  const ledger = composeLedger(closed.valuation.ledger, full.valuation.ledger, ct, scale, stock);

  let tax: TaxBook | undefined = full.tax;
  let taxPosting: CatchUpPosting | undefined;
  if (full.tax !== undefined && closed.tax !== undefined) {
    taxPosting = catchUpJournal(closed.tax.journal, full.tax.journal, ct, split.backdated, location);
    const taxJournal = composeJournal(closed.tax.journal, full.tax.journal, ct, taxPosting.lines, taxPosting.entries);
    tax = { ...full.tax, journal: taxJournal };
  }
  const catchUp: CatchUp = {
    closedThrough: ct,
    date: split.firstOpenDay,
    backdated,
    changedRows: book.changedRows,
    book: bookOf(book),
    tax: taxPosting === undefined ? undefined : bookOf(taxPosting),
    stock,
    closed,
    recomputed: full,
  };
  return { ...full, valuation: { ...full.valuation, ledger }, journal, tax, catchUp };
}

function catchUpJournal(closed: Journal, full: Journal, ct: number, backdated: Parameters<typeof buildCatchUpEntries>[2], defaultLocation: string): CatchUpPosting {
  const groups = new ItemGroups();
  const diffs: Differences = new Map();
  addJournal(closed.lines, ct, 'closed', groups, diffs);
  addJournal(full.lines, ct, 'recomputed', groups, diffs);
  return buildCatchUpEntries(allDifferences(diffs), groups, backdated, defaultLocation, ct, closed.entryCount + 1);
}

function bookOf(p: CatchUpPosting): CatchUpBook {
  return { lines: p.report, entries: p.entries, amount: p.amount };
}

/** The closed run holds fewer rows, so its scales are at most the full run's: multiply up, exactly. */
function rescaleTo(closed: EngineResult, full: EngineResult): { q: Fixed; v: Fixed } {
  const a = closed.prepared.scales;
  const b = full.prepared.scales;
  if (a.q > b.q || a.v > b.v) throw new Error(`catch-up: the closed run's scales (q ${a.q}, v ${a.v}) exceed the full run's (q ${b.q}, v ${b.v})`);
  return { q: N.pow10Fixed(b.q - a.q), v: N.pow10Fixed(b.v - a.v) };
}
