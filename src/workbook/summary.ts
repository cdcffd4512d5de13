/**
 * The CLI's summary JSON (SPEC section 9) from an engine result: exact decimal strings, no floats.
 */
import * as N from '../engine/num';
import type { EngineResult } from '../engine/pipeline';
import type { Diagnostic } from '../engine/types';
import type { Summary, SummaryPeriod } from './summaryTypes';

export function buildSummary(result: EngineResult, diagnostics: readonly Diagnostic[], periods: readonly SummaryPeriod[]): Summary {
  const s = result.prepared.scales;
  const p = (x: N.Fixed): string => N.toDecimalString(x, s.p);
  const t = result.totals;
  const summary: Summary = {
    version: 1,
    baseCurrency: result.prepared.inputs.settings.baseCurrency,
    method: result.prepared.options.method ?? result.method,
    items: result.items.map((i) => ({ item: i.item, qty: N.toPlainString(i.qty, s.q), value: p(i.value), cogs: p(i.cogs), revenue: p(i.revenue) })),
    accounts: result.accounts
      .filter((a) => !N.isZero(a.debit) || !N.isZero(a.credit))
      .map((a) => ({ account: a.account, name: a.name, debit: p(a.debit), credit: p(a.credit), balance: p(a.balance) })),
    totals: {
      inventoryValue: p(t.inventoryValue),
      cogs: p(t.cogs),
      revenue: p(t.revenue),
      grossMargin: p(t.grossMargin),
      debits: p(t.debits),
      credits: p(t.credits),
    },
    periods,
    ...(result.tax !== undefined
      ? {
          tax: {
            method: result.tax.method,
            cogs: p(result.tax.cogs),
            inventoryValue: p(result.tax.inventoryValue),
            difference: p(N.sub(t.inventoryValue, result.tax.inventoryValue)),
          },
        }
      : {}),
    diagnostics,
  };
  return summary;
}
