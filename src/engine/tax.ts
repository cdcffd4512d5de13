/**
 * Stage 5, tax book: with Settings TaxMethod, the same movements valued by a second method. It is a
 * memorandum book: posted for its own figures (COGS, closing value) but never part of the journal the
 * hosts write. Its diagnostics repeat the book's, so they are dropped.
 *
 *   book FIFO COGS 1,625, tax LIFO COGS 1,750: the difference 125 is the LIFO reserve.
 */
import type { Fixed } from './num';
import { Poster, type Journal } from './post';
import type { Prepared } from './prepare';
import { itemSummaries, totalsOf, type ItemSummary } from './report';
import type { Method } from './types';
import { valueMovements } from './valuation/walk';
import type { ValuationResult } from './valuation/types';

export interface TaxBook {
  readonly method: Method;
  readonly valuation: ValuationResult;
  readonly journal: Journal;
  readonly items: readonly ItemSummary[];
  readonly cogs: Fixed;
  readonly inventoryValue: Fixed;
}

export function taxBook(prepared: Prepared, method: Method): TaxBook {
  const poster = new Poster(prepared.scales, prepared.chart.role('Rounding'));
  const valuation = valueMovements(prepared, [], poster, method);
  const journal = poster.finish();
  const items = itemSummaries(prepared, valuation, journal);
  const t = totalsOf(items, journal);
  return { method, valuation, journal, items, cogs: t.cogs, inventoryValue: t.inventoryValue };
}
