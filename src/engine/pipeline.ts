/**
 * The engine as one visible pipeline. Each stage is a pure function in its own module, taking what
 * the previous produced plus the settings, and adding its problems to the diagnostics list; bad data
 * never throws, it becomes a diagnostic and the run goes on. Progress is reported and cancellation
 * checked around every stage (and every 4,096 movements inside the walk).
 *
 *   inputs --prepare--> resolved references, exact scales, processing order      (prepare.ts)
 *          --value----> stock ledger, invoice lines, receipts, pools             (valuation/walk.ts)
 *          --post-----> journal rounded without residue                          (post.ts)
 *          --report---> balances per account and item, totals, made when first read (report.ts)
 *          --tax------> (TaxMethod set) the memorandum book by the tax method    (tax.ts)
 *          --periodic-> periodic versus perpetual, per period                   (periodic.ts)
 *          --migration> (cut-over date set) the entries that migrate to perpetual (migration.ts)
 *
 * value and post run together: the walk hands each entry draft to the poster as it is made (the
 * poster is the walk's EntrySink), so the drafts are never all in memory. The periodic comparison
 * and the migration read an EngineResult; the hosts run them (src/workbook/periods.ts) after this
 * function, since both need only a finished result and the periodic one is the costliest report.
 * So do the operational reports (three-way match, reorder, absorption: operations.ts), which the
 * renderers call for the figures they lay out.
 */
import { accountClassifier } from './accounts';
import { Poster, type Journal } from './post';
import { prepare, type Prepared } from './prepare';
import { report, type AccountBalance, type ItemSummary, type Totals } from './report';
import { taxBook, type TaxBook } from './tax';
import type { Diagnostic, Inputs, RunOptions } from './types';
import { CancelledError, type ValuationResult } from './valuation/types';
import { valueMovements } from './valuation/walk';

export type { AccountBalance, ItemSummary, Totals } from './report';
export { accountBalances, itemSummaries, totalsOf } from './report';
export type { TaxBook } from './tax';
export { CancelledError };

export interface EngineResult {
  readonly prepared: Prepared;
  readonly valuation: ValuationResult;
  readonly journal: Journal;
  readonly accounts: readonly AccountBalance[];
  readonly items: readonly ItemSummary[];
  readonly totals: Totals;
  readonly tax: TaxBook | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The method every item used, or MIXED. */
  readonly method: string;
}

export function runEngine(inputs: Inputs, options: RunOptions = {}): EngineResult {
  const diagnostics: Diagnostic[] = [];
  const stage = (name: string): void => {
    if (options.onProgress !== undefined && options.onProgress(name, 0, 1) === true) throw new CancelledError();
  };
  stage('prepare');
  const prepared = prepare(inputs, options, diagnostics);
  stage('value');
  const poster = new Poster(prepared.scales, prepared.chart.role('Rounding'));
  const valuation = valueMovements(prepared, diagnostics, poster);
  stage('post');
  const journal = poster.finish();
  stage('report');
  // Balances, item summaries and totals are made when first read: the custom functions' book
  // indexes the journal itself and never reads them (about 10 ms of a first INV.BOOK at 100k rows).
  let reported: ReturnType<typeof report> | undefined;
  const reportOnce = (): ReturnType<typeof report> => (reported ??= report(prepared, valuation, journal));
  const taxMethod = inputs.settings.taxMethod;
  let tax: TaxBook | undefined;
  if (taxMethod !== undefined) {
    stage('tax');
    tax = taxBook(prepared, taxMethod);
  }
  return {
    prepared,
    valuation,
    journal,
    get accounts() {
      return reportOnce().accounts;
    },
    get items() {
      return reportOnce().items;
    },
    get totals() {
      return reportOnce().totals;
    },
    tax,
    diagnostics,
    method: valuation.method,
  };
}

/** Accounts that hold cost of goods sold (the account classifier's; kept for existing callers). */
export function cogsAccounts(prepared: Prepared): Set<string> {
  return new Set(accountClassifier(prepared).cogs);
}

export function salesAccounts(prepared: Prepared): Set<string> {
  return new Set(accountClassifier(prepared).sales);
}

export function stockAccounts(prepared: Prepared): Set<string> {
  return new Set(accountClassifier(prepared).stock);
}
