/**
 * Periodic versus perpetual, the periodic side's inputs (periodic.ts): per item and period, what a
 * periodic system sees - opening stock, purchases at the price paid (receipts, drop shipments, landed
 * costs, bill price differences placed on the receipts they matched), supplier returns against their
 * receipt, builds, shrinkage found by counts and adjustments, the counts used at each period end -
 * plus the book quantity change per period, the standard cost changes and (made when first asked)
 * each item's receipts in order. Sparse: an item has an entry only for the periods where something
 * happens to it. Read from the stock ledger by column.
 */
import * as N from './num';
import type { Fixed } from './num';
import type { Period } from './dates';
import type { EngineResult } from './pipeline';
import type { BillVariance } from './periodicJournal';
import type { Scales } from './prepare';
import type { Item, Movement } from './types';
import type { BillRecord, ReceiptRecord } from './valuation/types';

export interface CountUsed {
  readonly item: string;
  readonly location: string;
  readonly date: number;
  /** Scale q. */
  readonly counted: Fixed;
  readonly bookBefore: Fixed;
}

export interface Layer {
  qty: Fixed;
  value: Fixed;
  readonly seq: number;
}

export interface ItemPeriodEvents {
  /** The period's index. */
  readonly k: number;
  /** Book quantity change in the period (every stock-ledger row's in less out). */
  qtyDelta: Fixed;
  openingQty: Fixed;
  openingValue: Fixed;
  /** Shared and empty until the first push (see `pushTo`): most item-periods have none. */
  layers: Layer[];
  purchasesQty: Fixed;
  purchases: Fixed;
  /** Landed costs and bill price differences: placed on the receipt's layer (AVERAGE: on the whole item). */
  landed: { seq: number; value: Fixed }[];
  /** Bill price differences with no receipt to place them on. */
  billVariance: Fixed;
  returns: { seq: number | undefined; qty: Fixed; value: Fixed }[];
  shrinkQty: Fixed;
  builtQty: Fixed;
  builtValue: Fixed;
}

const NONE: never[] = [];
Object.freeze(NONE);

/** Append to one of an event's lists, giving it its own array on the first push. */
function pushTo<T>(e: ItemPeriodEvents, list: 'layers' | 'landed' | 'returns', x: T): void {
  const a = e[list] as unknown as T[];
  if (a === (NONE as unknown)) (e[list] as unknown as T[]) = [x];
  else a.push(x);
}

function eventsAt(k: number): ItemPeriodEvents {
  return { k, qtyDelta: 0, openingQty: 0, openingValue: 0, layers: NONE, purchasesQty: 0, purchases: 0, landed: NONE, billVariance: 0, returns: NONE, shrinkQty: 0, builtQty: 0, builtValue: 0 };
}

/** A period with nothing in it for the item (read only). */
export const NO_EVENTS: ItemPeriodEvents = Object.freeze(eventsAt(-1));

/**
 * One item's events, one entry per period where something happens to it, ascending by period.
 * `included`: whether the simulation covers the item (something beyond quantity changes, or a
 * stock item whose quantity changed).
 */
export interface ItemEvents {
  readonly item: string;
  readonly byPeriod: ItemPeriodEvents[];
  hasEvents: boolean;
  hasDelta: boolean;
}

/** The item's entry for period k, made if missing (appended when k is the latest, the usual case). */
function periodOf(list: ItemEvents, k: number): ItemPeriodEvents {
  const a = list.byPeriod;
  const last = a[a.length - 1];
  if (last !== undefined && last.k === k) return last;
  if (last === undefined || last.k < k) {
    const e = eventsAt(k);
    a.push(e);
    return e;
  }
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as ItemPeriodEvents).k < k) lo = mid + 1;
    else hi = mid;
  }
  const at = a[lo] as ItemPeriodEvents;
  if (at.k === k) return at;
  const e = eventsAt(k);
  a.splice(lo, 0, e);
  return e;
}

export interface PeriodicEvents {
  /** The items the simulation covers, by code ascending. */
  readonly items: readonly ItemEvents[];
  readonly countsByPeriod: readonly Map<string, CountUsed>[];
  /** STANDARD items: Revalue rows with a UnitCost, in date order. */
  readonly stdChanges: ReadonlyMap<string, { k: number; date: number; cost: Fixed }[]>;
  /** The Items table as given (before items created on first use). */
  readonly originalItems: ReadonlyMap<string, Item>;
  /** Each item's receipts (drop shipments aside) in order: made when first asked. */
  receiptsByItem(): Map<string, ReceiptRecord[]>;
}

export function periodicEvents(
  result: EngineResult,
  periods: readonly Period[],
  periodIndex: (date: number) => number,
  billVar: ReadonlyMap<string, BillVariance>,
  lastDate: number,
  tick: () => void,
): PeriodicEvents {
  const prep = result.prepared;
  const S = prep.scales;
  const n = periods.length;
  const p2v = N.pow10Fixed(S.v - S.p);
  const qc2v = N.pow10Fixed(S.v - S.q - S.c);
  const lineValue = (qty: Fixed, cost: Fixed): Fixed => N.mul(N.mul(qty, cost), qc2v);
  const isStock = (item: string): boolean => (prep.items.get(item)?.kind ?? 'Stock') === 'Stock';
  // Sparse: an item has an entry only for the periods where something happens to it. The stock
  // ledger's rows find their item's list by the ledger's item code; other sources by name.
  const byName = new Map<string, ItemEvents>();
  const listOf = (item: string): ItemEvents => {
    let list = byName.get(item);
    if (list === undefined) {
      list = { item, byPeriod: [], hasEvents: false, hasDelta: false };
      byName.set(item, list);
    }
    return list;
  };
  const ev = (item: string, k: number): ItemPeriodEvents => {
    const list = listOf(item);
    list.hasEvents = true;
    return periodOf(list, k);
  };
  // By seq (a row's position): arrays, not maps, so a million rows cost a slot each.
  const movementBySeq: (Movement | undefined)[] = [];
  for (const m of prep.movements) movementBySeq[m.seq] = m;
  const receiptBySeq: (ReceiptRecord | undefined)[] = [];
  for (const r of result.valuation.receipts) receiptBySeq[r.seq] = r;
  // Receipts by Order and by Doc (+ item), first registered first: how the engine finds the
  // receipt a supplier return goes back against. Made on the first supplier return: most books
  // have none, and it is a key per receipt.
  let receiptsByLinkMap: Map<string, ReceiptRecord[]> | undefined;
  const receiptsByLink = (): Map<string, ReceiptRecord[]> => {
    if (receiptsByLinkMap !== undefined) return receiptsByLinkMap;
    const byLink = new Map<string, ReceiptRecord[]>();
    for (const r of result.valuation.receipts) {
      for (const link of new Set([r.order, r.doc])) {
        if (link === undefined) continue;
        const key = link + '\u0001' + r.item;
        const list = byLink.get(key) ?? [];
        list.push(r);
        byLink.set(key, list);
      }
    }
    receiptsByLinkMap = byLink;
    return byLink;
  };
  const countsByPeriod: Map<string, CountUsed>[] = Array.from({ length: n }, () => new Map<string, CountUsed>());

  // Read by column: no row object per stock-ledger row.
  const ledger = result.valuation.ledger;
  const listByCode: (ItemEvents | undefined)[] = [];
  for (let i = 0; i < ledger.length; i++) {
    const date = ledger.dateAt(i);
    const code = ledger.itemCodeAt(i);
    const item = ledger.itemAt(i);
    const location = ledger.locationAt(i);
    const qtyIn = ledger.qtyInAt(i);
    const qtyOut = ledger.qtyOutAt(i);
    const seq = ledger.seqAt(i);
    const type = ledger.typeAt(i);
    const valueIn = ledger.valueInAt(i);
    const valueOut = ledger.valueOutAt(i);
    tick();
    const k = periodIndex(date);
    const dq = N.sub(qtyIn, qtyOut);
    if (!N.isZero(dq)) {
      const list = (listByCode[code] ??= listOf(item));
      list.hasDelta = true;
      const e = periodOf(list, k);
      e.qtyDelta = N.add(e.qtyDelta, dq);
    }
    switch (type) {
      case 'Opening': {
        const e = ev(item, k);
        if (k === 0) {
          e.openingQty = N.add(e.openingQty, qtyIn);
          e.openingValue = N.add(e.openingValue, valueIn);
        } else {
          e.purchasesQty = N.add(e.purchasesQty, qtyIn);
          e.purchases = N.add(e.purchases, valueIn);
        }
        pushTo(e, 'layers', { qty: qtyIn, value: valueIn, seq: seq });
        break;
      }
      case 'Receipt': {
        const rec = receiptBySeq[seq];
        const e = ev(item, k);
        // Purchases at the price paid (a STANDARD item's stock is at standard, its purchase is not).
        const value = rec !== undefined ? rec.value : valueIn;
        e.purchasesQty = N.add(e.purchasesQty, qtyIn);
        e.purchases = N.add(e.purchases, value);
        pushTo(e, 'layers', { qty: qtyIn, value, seq: seq });
        break;
      }
      case 'Build':
        if (N.sign(qtyIn) > 0) {
          const e = ev(item, k);
          pushTo(e, 'layers', { qty: qtyIn, value: valueIn, seq: seq });
          e.builtQty = N.add(e.builtQty, qtyIn);
          e.builtValue = N.add(e.builtValue, valueIn);
        }
        break;
      case 'SupplierReturn': {
        const m = movementBySeq[seq];
        const link = m?.order ?? m?.doc;
        const rec = link === undefined ? undefined : receiptsByLink().get(link + '\u0001' + item)?.find((r) => r.date <= date);
        const value = rec !== undefined ? lineValue(qtyOut, rec.cost) : valueOut;
        const e = ev(item, k);
        e.purchasesQty = N.sub(e.purchasesQty, qtyOut);
        e.purchases = N.sub(e.purchases, value);
        pushTo(e, 'returns', { seq: rec?.seq, qty: qtyOut, value });
        break;
      }
      case 'Count':
      case 'Adjust': {
        const e = ev(item, k);
        e.shrinkQty = N.sub(e.shrinkQty, dq);
        if (type === 'Count') {
          const m = movementBySeq[seq];
          const p = periods[k] as Period;
          const windowEnd = Math.min(p.end, lastDate);
          if (m !== undefined && date >= Math.max(p.start, windowEnd - 6) && date <= windowEnd) {
            const counted = N.fromNumber(m.qty, S.q);
            countsByPeriod[k]?.set(item + '\u0001' + location, {
              item: item,
              location: location,
              date: date,
              counted,
              bookBefore: N.sub(counted, dq),
            });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  for (const r of result.valuation.receipts) {
    if (!r.dropShip || !isStock(r.item)) continue;
    const e = ev(r.item, periodIndex(r.date));
    e.purchases = N.add(e.purchases, r.value);
  }
  for (const a of result.valuation.landed) {
    if (!isStock(a.item)) continue;
    const e = ev(a.item, periodIndex(a.date));
    const value = N.mul(a.share, p2v);
    e.purchases = N.add(e.purchases, value);
    pushTo(e, 'landed', { seq: a.receiptSeq, value });
  }
  // A bill's price difference raises the layers of the receipts it matched (split by their
  // quantities), like a landed cost; with no receipt to raise it stays in the period's COGS.
  const billsByRow = new Map<string, BillRecord>();
  const receiptsByRow = new Map<string, ReceiptRecord>();
  if (billVar.size > 0) {
    for (const b of result.valuation.bills) billsByRow.set(`${b.source.row}\u0001${b.item}`, b);
    for (const r of result.valuation.receipts) receiptsByRow.set(`${r.source.row}\u0001${r.item}`, r);
  }
  for (const bv of billVar.values()) {
    if (!isStock(bv.item) || N.isZero(bv.value)) continue;
    const e = ev(bv.item, bv.k);
    const value = N.mul(bv.value, p2v);
    e.purchases = N.add(e.purchases, value);
    const targets: ReceiptRecord[] = [];
    if (bv.kind === 'BillMatched') {
      const r = receiptsByRow.get(`${bv.row}\u0001${bv.item}`);
      if (r !== undefined) targets.push(r);
    } else {
      for (const seq of billsByRow.get(`${bv.row}\u0001${bv.item}`)?.matchedReceipts ?? []) {
        const r = receiptBySeq[seq];
        if (r !== undefined) targets.push(r);
      }
    }
    if (targets.length === 0) e.billVariance = N.add(e.billVariance, value);
    else N.allocate(value, targets.map((r) => r.qty)).forEach((part, i) => pushTo(e, 'landed', { seq: (targets[i] as ReceiptRecord).seq, value: part }));
  }
  // Standard cost in force at a date: Items.StandardCost, replaced by Revalue rows with a UnitCost.
  const stdChanges = new Map<string, { k: number; date: number; cost: Fixed }[]>();
  for (const m of prep.movements) {
    if (m.type !== 'Revalue' || m.unitCost === undefined || prep.methodOf(m.item) !== 'STANDARD') continue;
    const list = stdChanges.get(m.item) ?? [];
    const k = periodIndex(m.date);
    list.push({ k, date: m.date, cost: costOf(m.unitCost, m.fxRate, S) });
    stdChanges.set(m.item, list);
    // A change of standard is a period the simulation visits (if it covers the item at all).
    periodOf(listOf(m.item), k);
  }
  const originalItems = new Map(prep.inputs.items.map((it) => [it.code, it] as const));
  // An item's receipts in order, for its latest purchase cost: made when first asked (LAST items,
  // or units beyond the known layers), since most closings never need it.
  let receiptsByItemMap: Map<string, ReceiptRecord[]> | undefined;
  const receiptsByItem = (): Map<string, ReceiptRecord[]> => {
    if (receiptsByItemMap !== undefined) return receiptsByItemMap;
    const byItem = new Map<string, ReceiptRecord[]>();
    for (const r of result.valuation.receipts) {
      if (r.dropShip) continue;
      const list = byItem.get(r.item);
      if (list === undefined) byItem.set(r.item, [r]);
      else list.push(r);
    }
    receiptsByItemMap = byItem;
    return byItem;
  };

  const items: ItemEvents[] = [];
  for (const list of byName.values()) if (list.hasEvents || (list.hasDelta && isStock(list.item))) items.push(list);
  items.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  return { items, countsByPeriod, stdChanges, originalItems, receiptsByItem };
}

export function costOf(unitCost: number, fx: number | undefined, S: Scales): Fixed {
  if (fx === undefined || fx === 1) return N.fromNumber(unitCost, S.c);
  return N.rescale(N.mul(N.fromNumber(unitCost, S.c), N.fromNumber(fx, S.c)), 2 * S.c, S.c);
}
