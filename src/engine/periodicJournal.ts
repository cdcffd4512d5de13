/**
 * Periodic versus perpetual, the perpetual side (periodic.ts): what the journal shows per period -
 * revenue, COGS, the change in stock, GDNI, count and adjustment entries, opening stock, LAST-cost
 * revaluations - and each bill's price difference by bill row and item (the periodic books put it in
 * Purchases). Read by column: no line objects, each account's classes found once per account code.
 */
import * as N from './num';
import type { Fixed } from './num';
import { cogsAccounts, salesAccounts, stockAccounts, type EngineResult } from './pipeline';

/** A bill's price difference on stock, COGS or PPV, by bill (or matched receipt) row and item. */
export interface BillVariance {
  readonly kind: string;
  readonly row: number;
  readonly item: string;
  /** Period index. */
  readonly k: number;
  /** Scale p. */
  readonly value: Fixed;
}

/** Per period (scale p). */
export interface PerpetualSide {
  readonly revenue: Fixed[];
  readonly cogs: Fixed[];
  readonly stockDelta: Fixed[];
  readonly gdni: Fixed[];
  readonly adjStock: Fixed[];
  readonly openingStock: Fixed[];
  readonly lastCostRevalue: Fixed[];
  readonly billVar: ReadonlyMap<string, BillVariance>;
}

export function perpetualSide(result: EngineResult, n: number, periodIndex: (date: number) => number, tick: () => void): PerpetualSide {
  const prep = result.prepared;
  const zeros = (): Fixed[] => new Array<Fixed>(n).fill(0);
  const cogsSet = cogsAccounts(prep);
  const salesSet = salesAccounts(prep);
  const stockSet = stockAccounts(prep);
  const GDNI = prep.chart.role('GoodsDeliveredNotInvoiced');
  const PPV = prep.chart.role('PurchasePriceVariance');
  const revenue = zeros();
  const cogs = zeros();
  const stockDelta = zeros();
  const gdni = zeros();
  const adjStock = zeros();
  const openingStock = zeros();
  const lastCostRevalue = zeros();
  // Bill price differences by bill (or matched receipt) row and item: periodic books them to Purchases.
  const billVar = new Map<string, BillVariance>();
  const lines = result.journal.lines;
  const accountClass = lines.accountCodes().map((a) => ({
    sales: salesSet.has(a),
    cogs: cogsSet.has(a),
    gdni: a === GDNI,
    stock: stockSet.has(a),
    billTarget: stockSet.has(a) || cogsSet.has(a) || a === PPV,
  }));
  for (let i = 0; i < lines.length; i++) {
    tick();
    const k = periodIndex(lines.dateAt(i));
    const c = accountClass[lines.accountCodeAt(i)] as (typeof accountClass)[number];
    const amount = lines.amountAt(i);
    if (c.sales) revenue[k] = N.sub(revenue[k] as Fixed, amount);
    if (c.cogs) cogs[k] = N.add(cogs[k] as Fixed, amount);
    if (c.gdni) gdni[k] = N.add(gdni[k] as Fixed, amount);
    if (!c.stock && !c.billTarget) continue;
    const kind = lines.kindAt(i);
    if (c.stock) {
      stockDelta[k] = N.add(stockDelta[k] as Fixed, amount);
      if (kind === 'Count' || kind === 'Adjust') adjStock[k] = N.sub(adjStock[k] as Fixed, amount);
      if (kind === 'Opening') openingStock[k] = N.add(openingStock[k] as Fixed, amount);
      if (kind === 'LastCostRevalue') lastCostRevalue[k] = N.add(lastCostRevalue[k] as Fixed, amount);
    }
    // Bill price differences (to stock, COGS or PPV): periodic books them to Purchases.
    const item = lines.itemAt(i);
    if ((kind === 'Bill' || kind === 'BillMatched') && item !== undefined && c.billTarget) {
      const row = lines.sourceAt(i).row;
      const key = `${kind}\u0001${row}\u0001${item}`;
      const prev = billVar.get(key);
      billVar.set(key, { kind, row, item, k, value: N.add(prev?.value ?? 0, amount) });
    }
  }

  return { revenue, cogs, stockDelta, gdni, adjStock, openingStock, lastCostRevalue, billVar };
}
