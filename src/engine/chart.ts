/**
 * Chart of accounts and stock-account resolution.
 *
 * With no Accounts table the engine uses DEFAULT_CHART, which has one account for every role. With
 * an Accounts table, a role the user did not assign gets the default account added (warning
 * ROLE_DEFAULTED), so postings always have somewhere to go and the Migration checklist can say what
 * was missing.
 *
 * Stock account of a location: see locations.ts.
 *
 * Diagnostics: ROLE_DEFAULTED (warning).
 */
import type { Account, AccountRole, Diagnostic, Inputs } from './types';
import { ACCOUNT_ROLES } from './types';

export const DEFAULT_CHART: readonly Account[] = [
  { code: '1100', name: 'Accounts Receivable', type: 'Asset', role: 'Receivables' },
  { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
  { code: '1450', name: 'Goods Delivered Not Invoiced', type: 'Asset', role: 'GoodsDeliveredNotInvoiced' },
  { code: '2100', name: 'Accounts Payable', type: 'Liability', role: 'Payables' },
  { code: '2150', name: 'Stock Received Not Billed', type: 'Liability', role: 'StockReceivedNotBilled' },
  { code: '3100', name: 'Opening Balance Equity', type: 'Equity', role: 'OpeningBalanceEquity' },
  { code: '4000', name: 'Sales', type: 'Income', role: 'Sales' },
  { code: '5000', name: 'Cost of Goods Sold', type: 'Expense', role: 'CostOfGoodsSold' },
  { code: '5050', name: 'Purchases', type: 'Expense', role: 'Purchases' },
  { code: '5100', name: 'Stock Adjustment', type: 'Expense', role: 'StockAdjustment' },
  { code: '5200', name: 'Purchase Price Variance', type: 'Expense', role: 'PurchasePriceVariance' },
  { code: '5250', name: 'Exchange Differences', type: 'Expense', role: 'ExchangeDifference' },
  { code: '5300', name: 'Expenses Included In Valuation', type: 'Expense', role: 'ExpensesIncludedInValuation' },
  { code: '5400', name: 'Absorbed Labor and Overhead', type: 'Expense', role: 'AbsorbedLaborOverhead' },
  { code: '5900', name: 'Rounding', type: 'Expense', role: 'Rounding' },
  { code: '6000', name: 'Main Cost Center', type: 'Expense', role: 'CostCenter' },
];

export interface Chart {
  readonly accounts: ReadonlyMap<string, Account>;
  /** Accounts in display order (user's order, then defaults added). */
  readonly list: readonly Account[];
  readonly roles: ReadonlyMap<AccountRole, string>;
  /** Roles the user's chart lacked (empty when the default chart is used as a whole). */
  readonly defaultedRoles: readonly AccountRole[];
  readonly usedDefaultChart: boolean;
  role(role: AccountRole): string;
}

export function buildChart(inputs: Inputs, diagnostics: Diagnostic[]): Chart {
  const usedDefaultChart = inputs.accounts.length === 0;
  const list: Account[] = usedDefaultChart ? [...DEFAULT_CHART] : [...inputs.accounts];
  const accounts = new Map<string, Account>();
  for (const a of list) if (!accounts.has(a.code)) accounts.set(a.code, a);
  const roles = new Map<AccountRole, string>();
  for (const a of list) if (a.role !== undefined && !roles.has(a.role)) roles.set(a.role, a.code);
  const defaultedRoles: AccountRole[] = [];
  for (const role of ACCOUNT_ROLES) {
    if (roles.has(role)) continue;
    const d = DEFAULT_CHART.find((a) => a.role === role);
    if (d === undefined) continue;
    let code = d.code;
    while (accounts.has(code)) code = code + 'P';
    const acct: Account = { ...d, code };
    accounts.set(code, acct);
    list.push(acct);
    roles.set(role, code);
    defaultedRoles.push(role);
    diagnostics.push({
      code: 'ROLE_DEFAULTED',
      severity: 'warning',
      message: `No account has role ${role}; using ${code} ${d.name}.`,
      table: 'Accounts',
      column: 'Role',
      hint: `Add Role ${role} to one of your accounts (or add an account for it).`,
    });
  }
  return {
    accounts,
    list,
    roles,
    defaultedRoles,
    usedDefaultChart,
    role(role: AccountRole): string {
      const code = roles.get(role);
      if (code === undefined) throw new Error(`internal: role ${role} has no account`);
      return code;
    },
  };
}

// Location stock accounts are resolved in locations.ts (linear, non-recursive); re-exported here for
// the modules that import them with the chart.
export { resolveLocations, type LocationInfo } from './locations';
