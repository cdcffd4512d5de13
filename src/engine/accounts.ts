/**
 * The one account classifier: which accounts hold cost of goods sold, sales and stock, and which
 * account an item's COGS or revenue, or a location's stock, posts to. The valuation walk, the reports,
 * the periodic comparison, the custom-function index and the renderers all ask here, so they cannot
 * drift apart.
 *
 *   COGS accounts  = the CostOfGoodsSold role + every item's CogsAccount that is in the chart
 *   Sales accounts = the Sales role + every item's IncomeAccount that is in the chart
 *   Stock accounts = the Inventory role + every location's (resolved) StockAccount
 *
 * An item account that is not in the chart is not used (prepare reports it); the role account is.
 */
import type { Prepared } from './prepare';

export type AccountClass = 'cogs' | 'sales' | 'stock' | 'other';

export interface AccountClassifier {
  readonly cogs: ReadonlySet<string>;
  readonly sales: ReadonlySet<string>;
  readonly stock: ReadonlySet<string>;
  classOf(account: string): AccountClass;
  /** The account an item's cost of goods sold posts to. */
  cogsAccountOf(item: string): string;
  /** The account an item's revenue posts to. */
  salesAccountOf(item: string): string;
  /** The stock account of a location (its own, a parent's, else the Inventory role). */
  stockAccountOf(location: string): string;
}

const cache = new WeakMap<Prepared, AccountClassifier>();

export function accountClassifier(prepared: Prepared): AccountClassifier {
  const hit = cache.get(prepared);
  if (hit !== undefined) return hit;
  const chart = prepared.chart;
  const COGS = chart.role('CostOfGoodsSold');
  const SALES = chart.role('Sales');
  const INV = chart.role('Inventory');
  const inChart = (code: string | undefined): code is string => code !== undefined && chart.accounts.has(code);
  const cogs = new Set<string>([COGS]);
  const sales = new Set<string>([SALES]);
  const stock = new Set<string>([INV]);
  for (const it of prepared.items.values()) {
    if (inChart(it.cogsAccount)) cogs.add(it.cogsAccount);
    if (inChart(it.incomeAccount)) sales.add(it.incomeAccount);
  }
  for (const l of prepared.locations.values()) if (l.stockAccount !== undefined) stock.add(l.stockAccount);
  const classifier: AccountClassifier = {
    cogs,
    sales,
    stock,
    classOf: (account) => (cogs.has(account) ? 'cogs' : sales.has(account) ? 'sales' : stock.has(account) ? 'stock' : 'other'),
    cogsAccountOf: (item) => {
      const a = prepared.items.get(item)?.cogsAccount;
      return inChart(a) ? a : COGS;
    },
    salesAccountOf: (item) => {
      const a = prepared.items.get(item)?.incomeAccount;
      return inChart(a) ? a : SALES;
    },
    stockAccountOf: (location) => prepared.locations.get(location)?.stockAccount ?? INV,
  };
  cache.set(prepared, classifier);
  return classifier;
}
