/**
 * The contract's enumerations and the spellings the reader accepts for them. Matching ignores
 * case, spaces, underscores and hyphens ("customer return" = "Customer_Return" = CustomerReturn);
 * the aliases below add the words accountants actually type ("avg", "std", "most recent").
 *
 *   METHOD.match('weighted average') -> 'AVERAGE'      MOVEMENT_TYPE.match('po') -> 'PurchaseOrder'
 *
 * No diagnostics here; the readers report UNKNOWN_TYPE, UNKNOWN_METHOD, UNKNOWN_KIND,
 * UNKNOWN_BASIS, UNKNOWN_ROLE and UNKNOWN_ACCOUNT_TYPE with the matcher's list as the hint.
 */
import {
  ACCOUNT_ROLES,
  ACCOUNT_TYPES,
  ITEM_KINDS,
  LANDED_BASES,
  LOCATION_KINDS,
  METHODS,
  MOVEMENT_TYPES,
  PERIODS,
  type CogsTiming,
  type CostPool,
  type NegativeStock,
} from '../engine/types';
import { EnumMatcher } from './cells';

export const METHOD = new EnumMatcher(METHODS, {
  'first in first out': 'FIFO',
  'last in first out': 'LIFO',
  avg: 'AVERAGE',
  'moving average': 'AVERAGE',
  'weighted average': 'AVERAGE',
  'moving weighted average': 'AVERAGE',
  'weighted average cost': 'AVERAGE',
  wac: 'AVERAGE',
  std: 'STANDARD',
  'standard cost': 'STANDARD',
  specific: 'SPECIFIC',
  'specific identification': 'SPECIFIC',
  batch: 'SPECIFIC',
  last: 'LAST',
  'last cost': 'LAST',
  'most recent': 'LAST',
  'most recent cost': 'LAST',
});

export const MOVEMENT_TYPE = new EnumMatcher(MOVEMENT_TYPES, {
  'opening balance': 'Opening',
  adjustment: 'Adjust',
  revaluation: 'Revalue',
  'stock count': 'Count',
  'purchase order': 'PurchaseOrder',
  po: 'PurchaseOrder',
  'drop shipment': 'DropShip',
});

export const ACCOUNT_TYPE = new EnumMatcher(ACCOUNT_TYPES, {
  assets: 'Asset',
  liabilities: 'Liability',
  revenue: 'Income',
  expenses: 'Expense',
});

export const ACCOUNT_ROLE = new EnumMatcher(ACCOUNT_ROLES, {
  stock: 'Inventory',
  cogs: 'CostOfGoodsSold',
  'cost of sales': 'CostOfGoodsSold',
  srnb: 'StockReceivedNotBilled',
  grni: 'StockReceivedNotBilled',
  ppv: 'PurchasePriceVariance',
  gdni: 'GoodsDeliveredNotInvoiced',
  'accounts receivable': 'Receivables',
  'accounts payable': 'Payables',
});

export const LOCATION_KIND = new EnumMatcher(LOCATION_KINDS);
export const ITEM_KIND = new EnumMatcher(ITEM_KINDS);
export const LANDED_BASIS = new EnumMatcher(LANDED_BASES, { quantity: 'Qty' });

export const COST_POOL = new EnumMatcher<CostPool>(['Location', 'Company']);
export const NEGATIVE_STOCK = new EnumMatcher<NegativeStock>(['Block', 'Allow']);
export const COGS_TIMING = new EnumMatcher<CogsTiming>(['Shipment', 'Invoice']);
export const PERIOD = new EnumMatcher(PERIODS, {
  monthly: 'Month',
  quarterly: 'Quarter',
  yearly: 'Year',
  annual: 'Year',
  annually: 'Year',
});

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** 1..12 for a month name or its three-letter (or "sept") abbreviation, else undefined. */
export function monthFromName(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (t.length < 3) return undefined;
  for (let i = 0; i < MONTHS.length; i++) {
    const name = MONTHS[i] ?? '';
    if (name === t || (t.length === 3 && name.startsWith(t)) || (t === 'sept' && i === 8)) return i + 1;
  }
  return undefined;
}
