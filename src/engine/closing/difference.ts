/**
 * What the back-dated rows changed in the closed periods: for every account, item and location, the
 * net of the journal lines dated on or before ClosedThrough in the closed run (rows known at the
 * close) and in the full recomputation; for every item and location, the stock ledger's quantity and
 * value moved by then. The differences are what the catch-up posts on the first open day.
 *
 *   closed run:  COGS  1,625.00   Inventory  -1,625.00   (net through 28 Feb)
 *   recomputed:  COGS  1,550.00   Inventory  -1,550.00 ... difference COGS -75.00, Inventory +75.00
 *
 * A line without an item (the Rounding leg of an entry) is attributed to the item of its entry, and an
 * entry touching several items joins them in one ItemGroups group, so the differences of a group
 * always sum to zero: both journals balance entry by entry.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { JournalTable } from '../journal';
import type { LedgerTable } from '../valuation/ledgerTable';
import type { ItemGroups } from './groups';

export interface AccountDifference {
  readonly account: string;
  readonly item: string | undefined;
  readonly location: string | undefined;
  /** Item whose entry the lines belong to ('' when the entries carried no item at all). */
  readonly attributedTo: string;
  /** Net debit (scale p) through ClosedThrough: in the closed run, and recomputed. */
  closed: Fixed;
  recomputed: Fixed;
}

const SEP = '\u0001';

/**
 * The differences, nested by attributed item (an item-less line: SEP + its entry's item), account and
 * location, so the hot loop looks up strings the engine already holds instead of building keys.
 */
export type Differences = Map<string, Map<string, Map<string, AccountDifference>>>;

export function* allDifferences(d: Differences): Generator<AccountDifference> {
  for (const byAccount of d.values()) for (const byLocation of byAccount.values()) yield* byLocation.values();
}

/**
 * Adds the lines dated on or before `closedThrough` into `into` (closed or recomputed side) and joins
 * the items of every entry in `groups`. The lines are first summed per (attributed item, account,
 * location) under the table's integer codes, a number-keyed map with no string key per line; only the
 * sums (a few per item and account) are then looked up by name.
 */
export function addJournal(lines: JournalTable, closedThrough: number, side: 'closed' | 'recomputed', groups: ItemGroups, into: Differences): void {
  const items = lines.itemCodes();
  const accounts = lines.accountCodes();
  const slots = items.length;
  const locations: (string | undefined)[] = [];
  const locationCode = new Map<string | undefined, number>();
  // Key: ((slot * accounts + account) * LOCATIONS + location); slot = item code, or slots + the
  // entry's item code for an item-less line (2 * slots when the entry carried no item).
  const sums = new Map<number, Fixed>();
  let lastLocation: string | undefined;
  let lastLocationCode = -1;
  for (let e = 0; e < lines.entries; e++) {
    const i = lines.firstLineOf(e);
    const j = lines.lineEndOf(e);
    let entryItem = -1;
    for (let k = i; k < j; k++) {
      const it = lines.itemCodeAt(k);
      if (items[it] === undefined) continue;
      if (entryItem < 0) entryItem = it;
      else if (it !== entryItem) groups.union(items[entryItem] as string, items[it] as string);
    }
    if (lines.entryDateOf(e) > closedThrough) continue;
    for (let k = i; k < j; k++) {
      const it = lines.itemCodeAt(k);
      const slot = items[it] !== undefined ? it : entryItem < 0 ? 2 * slots : slots + entryItem;
      const location = lines.locationAt(k);
      if (location !== lastLocation || lastLocationCode < 0) {
        let c = locationCode.get(location);
        if (c === undefined) {
          c = locations.length;
          locations.push(location);
          locationCode.set(location, c);
        }
        lastLocation = location;
        lastLocationCode = c;
      }
      if (lastLocationCode >= LOCATIONS) {
        // Past the key's room for locations: straight into the named differences (slower, as exact).
        add(into, items[it], items[it] !== undefined ? undefined : entryItem < 0 ? '' : items[entryItem], lines.accountAt(k), location, lines.amountAt(k), side);
        continue;
      }
      const key = (slot * accounts.length + lines.accountCodeAt(k)) * LOCATIONS + lastLocationCode;
      const before = sums.get(key);
      sums.set(key, before === undefined ? lines.amountAt(k) : N.add(before, lines.amountAt(k)));
    }
  }
  for (const [key, amount] of sums) {
    const loc = key % LOCATIONS;
    const rest = (key - loc) / LOCATIONS;
    const account = accounts[rest % accounts.length] as string;
    const slot = (rest - (rest % accounts.length)) / accounts.length;
    const item = slot < slots ? items[slot] : undefined;
    const entryItem = slot < slots ? undefined : slot === 2 * slots ? '' : (items[slot - slots] as string);
    add(into, item, entryItem, account, locations[loc], amount, side);
  }
}

/** Locations given room in a journal's keys (keys stay exact integers below 2^53); any further go the slow way. */
const LOCATIONS = 4096;

function add(into: Differences, item: string | undefined, entryItem: string | undefined, account: string, location: string | undefined, amount: Fixed, side: 'closed' | 'recomputed'): void {
  const attrKey = item ?? SEP + (entryItem ?? '');
  let byAccount = into.get(attrKey);
  if (byAccount === undefined) into.set(attrKey, (byAccount = new Map()));
  let byLocation = byAccount.get(account);
  if (byLocation === undefined) byAccount.set(account, (byLocation = new Map()));
  const loc = location ?? '';
  let d = byLocation.get(loc);
  if (d === undefined) {
    d = { account, item, location, attributedTo: item ?? entryItem ?? '', closed: 0, recomputed: 0 };
    byLocation.set(loc, d);
  }
  if (side === 'closed') d.closed = N.add(d.closed, amount);
  else d.recomputed = N.add(d.recomputed, amount);
}

export interface StockDifference {
  readonly item: string;
  readonly location: string;
  /** Net quantity (scale q) and value (scale v) moved through ClosedThrough, both runs at the full run's scales. */
  closedQty: Fixed;
  closedValue: Fixed;
  recomputedQty: Fixed;
  recomputedValue: Fixed;
}

/** Multipliers that bring the closed run's quantities and values to the full run's scales. */
export interface Rescale {
  readonly q: Fixed;
  readonly v: Fixed;
}

export function rescaleBy(x: Fixed, m: Fixed): Fixed {
  return m === 1 ? x : N.mul(x, m);
}

/** Stock differences by item, then location. */
export type StockDifferences = Map<string, Map<string, StockDifference>>;
/** After-values of each pool's last closed row, by item, then location ('*' for a company pool). */
export type PoolAfter = Map<string, Map<string, { qty: Fixed; value: Fixed }>>;

export function addLedger(
  rows: LedgerTable,
  closedThrough: number,
  side: 'closed' | 'recomputed',
  scale: Rescale,
  companyPool: boolean,
  into: StockDifferences,
  /** Filled from the closed side: after-values of each pool's last row on or before ClosedThrough. */
  poolAfter: PoolAfter,
): void {
  // Each pool's last row so far, by index: the after-values are read once, at the end.
  const lastRow = new Map<string, Map<string, number>>();
  for (let i = 0; i < rows.length; i++) {
    if (rows.dateAt(i) > closedThrough) continue;
    const item = rows.itemAt(i);
    const location = rows.locationAt(i);
    let byLocation = into.get(item);
    if (byLocation === undefined) into.set(item, (byLocation = new Map()));
    let d = byLocation.get(location);
    if (d === undefined) {
      d = { item, location, closedQty: 0, closedValue: 0, recomputedQty: 0, recomputedValue: 0 };
      byLocation.set(location, d);
    }
    const dq = rescaleBy(N.sub(rows.qtyInAt(i), rows.qtyOutAt(i)), scale.q);
    const dv = rescaleBy(N.sub(rows.valueInAt(i), rows.valueOutAt(i)), scale.v);
    if (side === 'closed') {
      d.closedQty = N.add(d.closedQty, dq);
      d.closedValue = N.add(d.closedValue, dv);
      let pools = lastRow.get(item);
      if (pools === undefined) lastRow.set(item, (pools = new Map()));
      pools.set(companyPool ? '*' : location, i);
    } else {
      d.recomputedQty = N.add(d.recomputedQty, dq);
      d.recomputedValue = N.add(d.recomputedValue, dv);
    }
  }
  for (const [item, pools] of lastRow) {
    const after = new Map<string, { qty: Fixed; value: Fixed }>();
    for (const [pool, i] of pools) after.set(pool, { qty: rescaleBy(rows.qtyAfterAt(i), scale.q), value: rescaleBy(rows.valueAfterAt(i), scale.v) });
    poolAfter.set(item, after);
  }
}

