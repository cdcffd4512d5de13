/**
 * The state one valuation walk shares between its handlers: settings and accounts resolved once,
 * the pools and their indexes, the records reports read (ledger, receipts, invoices, bills...), and
 * the few helpers every handler uses (find a pool, write a ledger row, hand an entry to posting).
 *
 * Every index is keyed so that a handler touches only what its movement names: pools by item then
 * location here; receipts by Doc/Order (+ item), each receipt's live layers and shipped cost by link
 * in `links` (links.ts, built on first use). An entry's legs go into `legs` (legBuffer.ts) and are
 * handed to posting in place by `postLegs`.
 */
import { FixedBySeq } from '../columns';
import { accountClassifier, type AccountClassifier } from '../accounts';
import { isoDate } from '../dates';
import * as N from '../num';
import type { Fixed } from '../num';
import type { Prepared, Scales } from '../prepare';
import type { Diagnostic, Item, Method, Movement, SourceRef } from '../types';
import { Queue } from './queue';
import { LedgerTable } from './ledgerTable';
import { LegBuffer } from './legBuffer';
import { Links } from './links';
import { CompanyAccounts } from './company';
import { METHODS } from './methods';
import {
  accumulatorKey,
  type AccountHolding,
  leg,
  NO_FEFO,
  NO_SHORTFALLS,
  type BillRecord,
  type ConsumedLayer,
  type EntryDraft,
  type EntrySink,
  type InvoiceLine,
  type LandedAllocation,
  type Layer,
  type LedgerRow,
  type Leg,
  type PoolState,
  type PurchaseOrderLine,
  type ReceiptRecord,
  type RoundingKey,
} from './types';

/** The fields of a movement an entry or a ledger row needs (landed costs make one up). */
export interface EventRef {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly doc?: string | undefined;
}

export interface LedgerExtra {
  readonly layers?: ConsumedLayer[] | undefined;
  readonly note?: string;
  readonly provisional?: boolean;
  readonly batch?: string | undefined;
}

export interface OpenShipment {
  readonly seq: number;
  qty: Fixed;
  cost: Fixed;
  readonly inGdni: boolean;
}

export interface OpenInvoice {
  readonly line: InvoiceLine;
  qty: Fixed;
}

export interface PendingBill {
  readonly bill: number;
  qty: Fixed;
  amount: Fixed;
}

/** A layer and the pool that holds it (a receipt's units may sit in several pools after transfers). */
export interface HeldLayer {
  readonly pool: PoolState;
  readonly layer: Layer;
}

/** Pools and location quantities of one item scanned along its chain before the keyed map is used. */
const CHAIN_SCAN = 8;

/** An item's quantity at one location; the item's first record knows its last (for appending). */
interface LocQty {
  readonly location: string;
  qty: Fixed;
  next: LocQty | undefined;
  last: LocQty | undefined;
}

export class Walk {
  readonly S: Scales;
  readonly company: boolean;
  readonly allowNegative: boolean;
  readonly invoiceTiming: boolean;
  /** The stream has bills or landed costs: a cost can reach goods after they left (shipped.ts). */
  readonly costsArriveLater: boolean;
  /** 10^(v - q - c): qty (scale q) x cost (scale c) -> value scale. */
  readonly qc2v: Fixed;
  /** 10^(v - p): posting scale -> value scale. */
  readonly p2v: Fixed;
  /** 10^(v - p - VALUE_GUARD): one step of the grid divided values are rounded on. */
  readonly gridUnit: Fixed;
  readonly accounts: AccountClassifier;
  readonly INV: string;
  readonly SRNB: string;
  readonly ADJ: string;
  readonly PPV: string;
  readonly GDNI: string;
  readonly AR: string;
  readonly AP: string;
  readonly OBE: string;
  readonly EIV: string;
  readonly ABSORB: string;
  readonly COSTCENTER: string;
  readonly FX: string;

  readonly pools: PoolState[] = [];
  /** CostPool=Company: each pool's stock accounts kept equal to the stock at their locations. */
  private readonly companyAccounts: CompanyAccounts | undefined;
  /**
   * Each item's first pool, the rest chained by nextOfItem: one map entry an item, found by the
   * item code (whose hash the string keeps) with no key built per movement. An item at more than
   * CHAIN_SCAN locations is found by its item-and-location key instead, so a long chain is never walked.
   */
  private readonly firstPool = new Map<string, PoolState>();
  private readonly poolByKey = new Map<string, PoolState>();
  /** item -> quantity at each location (the availability view, kept even with a company-wide pool), chained the same way. */
  private readonly firstLocQty = new Map<string, LocQty>();
  private readonly locQtyByKey = new Map<string, LocQty>();
  readonly ledger = new LedgerTable();
  /** The legs of the entries being made (postLegs). */
  readonly legs = new LegBuffer();
  readonly trueUps: EntryDraft[] = [];
  readonly invoices: InvoiceLine[] = [];
  readonly receipts: ReceiptRecord[] = [];
  readonly bills: BillRecord[] = [];
  readonly purchaseOrders: PurchaseOrderLine[] = [];
  readonly landed: LandedAllocation[] = [];
  readonly issueCost: FixedBySeq;
  readonly lastPurchaseCost = new Map<string, Fixed>();
  /** A Revalue to a new standard changes the standard from that day on, for this run only. */
  readonly newStandard = new Map<string, number>();
  /** Order/Doc + item -> shipments not yet invoiced / invoices not yet shipped (margin pairing). */
  readonly openShipments = new Map<string, Queue<OpenShipment>>();
  readonly openInvoices = new Map<string, Queue<OpenInvoice>>();
  readonly pendingBills = new Map<string, Queue<PendingBill>>();
  /** Receipts, shipments and layers by the links that bills, returns and landed costs follow. */
  readonly links: Links;
  private readonly holders = new Map<string, RoundingKey>();
  private accumulators = 0;
  private readonly phrases = new Map<string, Map<string, string>>();
  private lastItemCode: string | undefined;
  private lastItem: Item | undefined;

  constructor(
    readonly prep: Prepared,
    readonly diagnostics: Diagnostic[],
    readonly sink: EntrySink,
    readonly methodOverride: Method | undefined,
  ) {
    const S = prep.scales;
    this.S = S;
    const seqs = prep.inputs.movements.length;
    this.issueCost = new FixedBySeq(seqs);
    this.links = new Links(this);
    const settings = prep.inputs.settings;
    this.company = settings.costPool === 'Company';
    this.companyAccounts = this.company ? new CompanyAccounts(this) : undefined;
    this.allowNegative = settings.negativeStock === 'Allow';
    this.invoiceTiming = settings.cogsTiming === 'Invoice';
    this.costsArriveLater = prep.landedCosts.length > 0 || prep.movements.some((m) => m.type === 'Bill');
    this.qc2v = N.pow10Fixed(S.v - S.q - S.c);
    this.p2v = N.pow10Fixed(S.v - S.p);
    this.gridUnit = N.pow10Fixed(Math.max(0, S.v - S.p - N.VALUE_GUARD));
    this.accounts = accountClassifier(prep);
    const chart = prep.chart;
    this.INV = chart.role('Inventory');
    this.SRNB = chart.role('StockReceivedNotBilled');
    this.ADJ = chart.role('StockAdjustment');
    this.PPV = chart.role('PurchasePriceVariance');
    this.GDNI = chart.role('GoodsDeliveredNotInvoiced');
    this.AR = chart.role('Receivables');
    this.AP = chart.role('Payables');
    this.OBE = chart.role('OpeningBalanceEquity');
    this.EIV = chart.role('ExpensesIncludedInValuation');
    this.ABSORB = chart.role('AbsorbedLaborOverhead');
    this.COSTCENTER = chart.role('CostCenter');
    this.FX = chart.role('ExchangeDifference');
  }

  // ---- reference data --------------------------------------------------------------------------

  methodOf(item: string): Method {
    return this.methodOverride ?? this.prep.methodOf(item);
  }
  /** The item record (the last one asked for is kept: a movement asks for its item several times). */
  itemOf(code: string): Item {
    if (code === this.lastItemCode && this.lastItem !== undefined) return this.lastItem;
    const item = this.prep.items.get(code) ?? { code, kind: 'Stock', batchTracked: false };
    this.lastItemCode = code;
    this.lastItem = item;
    return item;
  }
  locationOf(m: Movement): string {
    return m.location ?? this.prep.defaultLocation;
  }
  cogsAccount(item: string): string {
    return this.accounts.cogsAccountOf(item);
  }
  salesAccount(item: string): string {
    return this.accounts.salesAccountOf(item);
  }
  stockAccountOf(location: string): string {
    return this.accounts.stockAccountOf(location);
  }
  /** An account named on a row, if it is in the chart; else the fallback (with a warning). */
  accountOr(code: string | undefined, fallback: string, m: Movement | undefined, column: string): string {
    if (code === undefined) return fallback;
    if (this.prep.chart.accounts.has(code)) return code;
    if (m !== undefined) {
      this.diag(m, 'UNKNOWN_ACCOUNT', 'warning', `Account ${code} is not in the chart of accounts; posted to ${fallback} instead.`, column, `Add account ${code} to the Accounts table or correct the code.`);
    }
    return fallback;
  }
  standardOf(item: string): Fixed | undefined {
    const s = this.newStandard.get(item) ?? this.itemOf(item).standardCost;
    return s === undefined ? undefined : this.toC(s);
  }

  // ---- exact numbers ---------------------------------------------------------------------------

  toQ(x: number): Fixed {
    return N.fromNumber(x, this.S.q);
  }
  toC(x: number): Fixed {
    return N.fromNumber(x, this.S.c);
  }
  /** unit cost x fx at scale c (exact: c includes the FxRate decimals). */
  costOf(unitCost: number, fx: number | undefined): Fixed {
    const c = this.S.c;
    return fx === undefined || fx === 1 ? this.toC(unitCost) : N.rescale(N.mul(N.fromNumber(unitCost, c), N.fromNumber(fx, c)), 2 * c, c);
  }
  /** A money amount x fx at value scale. */
  amountOf(amount: number, fx: number | undefined): Fixed {
    const v = this.S.v;
    return fx === undefined || fx === 1 ? N.fromNumber(amount, v) : N.rescale(N.mul(N.fromNumber(amount, v), N.fromNumber(fx, v)), 2 * v, v);
  }
  /** qty (scale q) x unit cost (scale c) at value scale. */
  lineValue(qty: Fixed, cost: Fixed): Fixed {
    return N.mul(N.mul(qty, cost), this.qc2v);
  }
  /**
   * value x num / den, rounded half away from zero on the value grid (p + VALUE_GUARD decimals), so
   * the result does not depend on how wide other rows made the value scale.
   */
  share(value: Fixed, num: Fixed, den: Fixed): Fixed {
    const g = this.gridUnit;
    return g === 1 ? N.mulDivRound(value, num, den) : N.mul(N.mulDivRound(value, num, N.mul(den, g)), g);
  }

  /** N.allocate on the value grid when the total is on it (largest remainder first). */
  allocate(total: Fixed, weights: readonly Fixed[]): Fixed[] {
    const g = this.gridUnit;
    if (g === 1 || N.mulDivExact(total, 1, g) === undefined) return N.allocate(total, weights);
    return N.allocate(N.mulDivRound(total, 1, g), weights).map((x) => N.mul(x, g));
  }

  /**
   * The value to add to a pool for `value` coming in: for a pool kept on the posting grid (AVERAGE)
   * the change that lands it there (round(pool + value) - pool), else `value` itself.
   *
   *   AVERAGE pool at 2.01, a receipt worth 0.994: the pool takes 0.99 -> 3.00 (Dr Inventory 0.99;
   *   Stock Received Not Billed keeps the exact 0.994, posted as 0.99: the entry balances).
   */
  landOnGrid(pool: PoolState, value: Fixed): Fixed {
    if (!METHODS[pool.method].onPostingGrid) return value;
    return N.sub(this.roundToPosting(N.add(pool.value, value)), pool.value);
  }

  /** A value-scale amount rounded to posting precision, still at value scale. */
  roundToPosting(x: Fixed): Fixed {
    const S = this.S;
    return S.v === S.p ? x : N.mul(N.rescale(x, S.v, S.p), this.p2v);
  }

  // ---- diagnostics and entries -----------------------------------------------------------------

  diag(m: Movement, code: string, severity: Diagnostic['severity'], message: string, column: string, hint?: string): void {
    this.diagnostics.push({ code, severity, message, table: 'Movements', row: m.source.row, column, ...(hint ? { hint } : {}) });
  }

  /**
   * `prefix + name`, made once per distinct pair (ledger notes such as "to WH1": one string kept for
   * every row that says it, not one per row).
   */
  phrase(prefix: string, name: string): string {
    let byName = this.phrases.get(prefix);
    if (byName === undefined) this.phrases.set(prefix, (byName = new Map<string, string>()));
    let s = byName.get(name);
    if (s === undefined) byName.set(name, (s = prefix + name));
    return s;
  }

  /** Hand an entry to posting (entries whose legs are all zero are dropped). */
  pushEntry(m: EventRef, kind: string, memo: string, legs: readonly Leg[], linkedTo?: number): void {
    const at = this.legs.mark();
    for (let i = 0; i < legs.length; i++) this.legs.pushLeg(legs[i] as Leg);
    this.postLegs(at, m, kind, memo, linkedTo);
  }

  /** A leg of the entry being made (see postLegs). */
  addLeg(account: string, amount: Fixed, item: string | undefined, location: string | undefined, pool: RoundingKey | undefined, plug: boolean): void {
    this.legs.push(account, amount, item, location, pool, plug);
  }

  /** The stock leg of a pool at a location, added to the entry being made. */
  addStockLeg(pool: PoolState, amount: Fixed, location: string): void {
    if (this.companyAccounts === undefined) this.legs.push(pool.account, amount, pool.item, location, pool.rk, false);
    else this.legs.pushLeg(this.companyAccounts.stockLeg(pool, amount, location));
  }

  /**
   * Hand the legs added since `at` (a `legs.mark()`) to posting as one entry, and cut them from the
   * buffer. Zero legs are left out; an entry of only zero legs is dropped.
   */
  postLegs(at: number, m: EventRef, kind: string, memo: string, linkedTo?: number): void {
    const b = this.legs;
    const end = b.length;
    this.sink.addLegs(b, at, end, m.date, kind, m.doc, memo, m.source, linkedTo);
    if (kind === 'TrueUp') {
      const legs = b.legs(at, end).filter((l) => l.amount !== 0);
      if (legs.length > 0) this.trueUps.push({ seq: m.seq, source: m.source, date: m.date, kind, doc: m.doc, memo, legs, linkedTo });
    }
    b.cut(at);
  }

  /** A fresh cumulative-rounding key, or the one already given to this name. */
  accumulator(name?: string): RoundingKey {
    if (name === undefined) return accumulatorKey(this.accumulators++);
    let k = this.holders.get(name);
    if (k === undefined) {
      k = accumulatorKey(this.accumulators++);
      this.holders.set(name, k);
    }
    return k;
  }

  /** The stock leg of a pool at a location (a company pool's: company.ts, per account of the location). */
  stockLeg(pool: PoolState, amount: Fixed, location: string): Leg {
    if (this.companyAccounts === undefined) return leg(pool.account, amount, pool.item, location, pool.rk, false);
    return this.companyAccounts.stockLeg(pool, amount, location);
  }

  /** After each movement: CostPool=Company accounts brought to the stock at their locations (company.ts). */
  reclassCompany(m: EventRef): void {
    this.companyAccounts?.reclass(m);
  }

  ledgerRow(m: EventRef, type: string, pool: PoolState, location: string, qtyIn: Fixed, qtyOut: Fixed, valueIn: Fixed, valueOut: Fixed, extra?: LedgerExtra): void {
    this.ledgerRowOf(m, type, pool, location, qtyIn, qtyOut, valueIn, valueOut, extra?.layers, extra?.note, extra?.provisional === true, extra?.batch);
  }

  /** ledgerRow with the extras as arguments (the hot handlers' form: no extras object). */
  ledgerRowOf(
    m: EventRef,
    type: string,
    pool: PoolState,
    location: string,
    qtyIn: Fixed,
    qtyOut: Fixed,
    valueIn: Fixed,
    valueOut: Fixed,
    layers: readonly ConsumedLayer[] | undefined,
    note: string | undefined,
    provisional: boolean,
    batch: string | undefined,
  ): void {
    this.ledger.add(m.seq, m.source, m.date, type, pool.item, location, m.doc, qtyIn, qtyOut, pool.qty, valueIn, valueOut, pool.value, layers !== undefined && layers.length > 0 ? layers : undefined, note, provisional, batch);
  }

  /** A value change on a pool, as a ledger row (in or out by its sign). */
  ledgerValueRow(m: EventRef, type: string, pool: PoolState, location: string, diff: Fixed, note?: string): void {
    this.ledgerRow(m, type, pool, location, 0, 0, N.sign(diff) > 0 ? diff : 0, N.sign(diff) < 0 ? N.neg(diff) : 0, note !== undefined ? { note } : undefined);
  }

  // ---- pools and availability ------------------------------------------------------------------

  findPool(item: string, location: string): PoolState | undefined {
    const where = this.company ? '*' : location;
    let n = 0;
    for (let p = this.firstPool.get(item); p !== undefined; p = p.nextOfItem) {
      if (p.location === where) return p;
      if (++n === CHAIN_SCAN) return this.poolByKey.get(item + '\u0001' + where);
    }
    return undefined;
  }

  getPool(item: string, location: string): PoolState {
    const found = this.findPool(item, location);
    if (found !== undefined) return found;
    const where = this.company ? '*' : location;
    const pool: PoolState = {
      item,
      location: where,
      method: this.methodOf(item),
      account: this.stockAccountOf(location),
      qty: 0,
      value: 0,
      layers: [],
      head: 0,
      rateValue: 0,
      rateQty: 0,
      lastCost: undefined,
      shortfalls: NO_SHORTFALLS,
      shortfallHead: 0,
      rk: this.accumulator(),
      byBatch: undefined,
      fefo: NO_FEFO,
      fefoHead: 0,
      spentLayers: 0,
      nextOfItem: undefined,
      lastOfItem: undefined,
      byAccount: this.company ? new Map<string, AccountHolding>() : undefined,
      reclassDue: false,
    };
    this.pools.push(pool);
    const first = this.firstPool.get(item);
    if (first === undefined) this.firstPool.set(item, pool);
    else {
      // Appended after the item's last pool (the first one knows it): creation order, no scan.
      (first.lastOfItem ?? first).nextOfItem = pool;
      first.lastOfItem = pool;
      this.poolByKey.set(item + '\u0001' + where, pool);
      if (first.nextOfItem === pool) this.poolByKey.set(item + '\u0001' + first.location, first);
    }
    return pool;
  }

  /** The pools of one item (every location). */
  *poolsOf(item: string): Iterable<PoolState> {
    for (let p = this.firstPool.get(item); p !== undefined; p = p.nextOfItem) yield p;
  }

  private locQty(item: string, location: string): LocQty | undefined {
    let n = 0;
    for (let q = this.firstLocQty.get(item); q !== undefined; q = q.next) {
      if (q.location === location) return q;
      if (++n === CHAIN_SCAN) return this.locQtyByKey.get(item + '\u0001' + location);
    }
    return undefined;
  }

  bumpLoc(item: string, location: string, delta: Fixed): void {
    const at = this.locQty(item, location);
    if (at !== undefined) {
      at.qty = N.add(at.qty, delta);
      return;
    }
    const rec: LocQty = { location, qty: delta, next: undefined, last: undefined };
    const first = this.firstLocQty.get(item);
    if (first === undefined) this.firstLocQty.set(item, rec);
    else {
      (first.last ?? first).next = rec;
      first.last = rec;
      this.locQtyByKey.set(item + '\u0001' + location, rec);
      if (first.next === rec) this.locQtyByKey.set(item + '\u0001' + first.location, first);
    }
  }

  availableAt(item: string, location: string): Fixed {
    return this.locQty(item, location)?.qty ?? 0;
  }

  /** Each location's quantity of an item, in the order the locations first held it. */
  forEachLocationQty(item: string, fn: (location: string, qty: Fixed) => void): void {
    for (let q = this.firstLocQty.get(item); q !== undefined; q = q.next) fn(q.location, q.qty);
  }

  /**
   * Quantity by item + "\u0001" + location, items in first-seen order and each item's locations in
   * theirs: made when first called, from the walk's per-item lists only (the result can keep this
   * function without keeping the walk). Few reports read it, and at a million items it is a million keys.
   */
  locationQuantities(): () => Map<string, Fixed> {
    const heads = this.firstLocQty;
    let out: Map<string, Fixed> | undefined;
    return () => {
      if (out !== undefined) return out;
      out = new Map<string, Fixed>();
      for (const [item, first] of heads) for (let q: LocQty | undefined = first; q !== undefined; q = q.next) out.set(item + '\u0001' + q.location, q.qty);
      return out;
    };
  }

  /** NegativeStock=Block: true (with an error) when the issue needs more than is on hand. */
  blocked(m: Movement, item: string, location: string, qty: Fixed): boolean {
    if (this.allowNegative) return false;
    const have = this.availableAt(item, location);
    if (N.cmp(qty, have) <= 0) return false;
    const q = this.S.q;
    this.diag(
      m,
      'NEGATIVE_STOCK',
      'error',
      `${m.type} of ${N.toDecimalString(qty, q)} ${item} at ${location} needs more than the ${N.toDecimalString(N.sign(have) > 0 ? have : 0, q)} in stock on ${isoDate(m.date)}; not valued.`,
      'Qty',
      'Record the receipt first (check dates), reduce the quantity, or set NegativeStock to Allow.',
    );
    return true;
  }

  /** The key of a link (Order or Doc) and item, for the link indexes and the margin pairing queues. */
  linkKey(link: string | undefined, item: string): string | undefined {
    return link === undefined ? undefined : link + '\u0001' + item;
  }
}
