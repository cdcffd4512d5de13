/**
 * Stage 2, value: walk the movements in order and value every one the moment it happens.
 *
 * Each (item, location) pool (or each item, with CostPool=Company) holds its stock as FIFO/LIFO
 * layers, batch layers (SPECIFIC), or a single quantity and value (AVERAGE, STANDARD, LAST). The walk
 * writes one stock-ledger row per pool touched and an exact entry draft per accounting event (values
 * at the value scale, not yet rounded: post.ts rounds them without residue).
 *
 * Worked example (SPEC section 10): Monday receive 10 @ 100, Tuesday 10 @ 125, Wednesday ship 15.
 * FIFO takes 10 @ 100 + 5 @ 125 = 1,625; LIFO 10 @ 125 + 5 @ 100 = 1,750; AVERAGE 15 x 112.50 =
 * 1,687.50. Whatever the method, when a pool's quantity reaches zero its value is zero.
 *
 * Negative stock: Block rejects the whole movement (NEGATIVE_STOCK, error). Allow issues the missing
 * quantity at the pool's last known rate (else the standard cost, else zero with a warning
 * ZERO_COST_ISSUE), and when stock arrives it settles the shortfall: a separate true-up entry
 * (Dr COGS / Cr Inventory, or the reverse) linked to the issue, and the ledger says which receipt
 * settled which issue.
 *
 * Diagnostics: NEGATIVE_STOCK, ZERO_COST_ISSUE, NOT_STOCKED, RETURN_NOT_MATCHED, BATCH_NOT_FOUND,
 * REVALUE_EMPTY, BILL_NOT_MATCHED, LANDED_NO_RECEIPTS, KIT_NO_COMPONENTS, MISSING_STANDARD_COST.
 */
import { isoDate } from './dates';
import * as N from './num';
import type { Fixed } from './num';
import { Poster, type Journal } from './post';
import type { Prepared } from './prepare';
import type { Diagnostic, Item, KitLine, LandedCost, Method, Movement, SourceRef } from './types';

export interface ConsumedLayer {
  /** seq of the movement that brought the layer in (-1 for an unknown origin). */
  readonly receipt: number;
  readonly doc: string | undefined;
  readonly date: number;
  readonly qty: Fixed;
  readonly value: Fixed;
  readonly batch: string | undefined;
}

export interface LedgerRow {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  /** Movement type, or LandedCost, BillVariance, TrueUp, LastCostRevalue. */
  readonly type: string;
  readonly item: string;
  readonly location: string;
  readonly doc: string | undefined;
  readonly qtyIn: Fixed;
  readonly qtyOut: Fixed;
  readonly qtyAfter: Fixed;
  readonly valueIn: Fixed;
  readonly valueOut: Fixed;
  readonly valueAfter: Fixed;
  readonly layers: readonly ConsumedLayer[] | undefined;
  readonly note: string | undefined;
  /** The issue was valued (partly) at a provisional rate (negative stock). */
  readonly provisional: boolean;
  readonly batch: string | undefined;
}

/** A running balance that is rounded cumulatively (post.ts keeps it here, not in a map). */
export interface Accumulator {
  running: Fixed;
}

/**
 * Identity of a running balance that is rounded cumulatively: a stock pool (an Accumulator), a
 * receipt's share of Stock Received Not Billed (the receipt's seq), or a holding account for a bill
 * that came before its goods (an Accumulator).
 */
export type RoundingKey = Accumulator | number;

export interface Leg {
  readonly account: string;
  /** Signed, at value scale: positive = debit, negative = credit. */
  readonly amount: Fixed;
  /**
   * Cumulative-rounding key (post.ts): the pool itself for stock legs, the receipt's seq for its share
   * of Stock Received Not Billed, a string for the rarer holding keys (PB#bill for a bill before its
   * receipt).
   */
  readonly pool: RoundingKey | undefined;
  /** This leg absorbs the entry's rounding difference. */
  readonly plug: boolean;
  readonly item: string | undefined;
  readonly location: string | undefined;
}

/**
 * Every leg is made here, so all legs share one object shape: the posting loop then reads them
 * without megamorphic property lookups (measured: about a fifth of the valuation time).
 */
export function leg(account: string, amount: Fixed, item: string | undefined, location: string | undefined, pool: RoundingKey | undefined, plug: boolean): Leg {
  return { account, amount, pool, plug, item, location };
}

export interface EntryDraft {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly kind: string;
  readonly doc: string | undefined;
  readonly memo: string;
  readonly legs: readonly Leg[];
  /** seq of a linked movement (true-up -> the issue it settles). */
  readonly linkedTo: number | undefined;
}

export interface InvoiceLine {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly doc: string | undefined;
  readonly party: string | undefined;
  readonly channel: string | undefined;
  readonly order: string | undefined;
  readonly item: string;
  readonly location: string;
  /** Negative for a credit note (customer return with a price). */
  qty: Fixed;
  revenue: Fixed;
  /** Exact cost matched to this line so far. */
  cogs: Fixed;
  shippedQty: Fixed;
  /** Latest purchase unit cost known on the invoice date (scale c), if any. */
  readonly replacementCost: Fixed | undefined;
  readonly isKit: boolean;
}

export interface ReceiptRecord {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly doc: string | undefined;
  readonly order: string | undefined;
  readonly party: string | undefined;
  readonly item: string;
  readonly location: string;
  readonly qty: Fixed;
  /** Value at receipt in base currency (value scale). */
  readonly value: Fixed;
  /** Unit cost in base currency (cost scale). */
  readonly cost: Fixed;
  readonly method: Method;
  /** Quantity still in stock from this receipt (layered methods); see remainingShare. */
  remaining: Fixed;
  billedQty: Fixed;
  /** Receipt value already cleared from SRNB by bills or returns. */
  clearedValue: Fixed;
  billedAmount: Fixed;
  returnedQty: Fixed;
  readonly dropShip: boolean;
}

export interface BillRecord {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly doc: string | undefined;
  readonly order: string | undefined;
  readonly item: string;
  readonly qty: Fixed;
  readonly amount: Fixed;
  readonly matchedReceipts: readonly number[];
}

export interface PurchaseOrderLine {
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly order: string;
  readonly item: string;
  readonly qty: Fixed;
  /** Unit price in base currency (cost scale). */
  readonly cost: Fixed | undefined;
  readonly party: string | undefined;
}

export interface LandedAllocation {
  readonly source: SourceRef;
  readonly date: number;
  readonly doc: string;
  readonly appliesTo: string;
  readonly basis: string;
  readonly receiptSeq: number;
  readonly receiptDoc: string | undefined;
  readonly item: string;
  readonly receiptQty: Fixed;
  readonly weight: Fixed;
  /** Share of the charge, in base currency, rounded to posting precision (scale p). */
  readonly share: Fixed;
  /** Parts of the share (value scale): to stock on hand, to COGS for units already gone. */
  readonly toStock: Fixed;
  readonly toCogs: Fixed;
}

export interface PoolState {
  readonly key: string;
  readonly item: string;
  readonly location: string;
  readonly method: Method;
  readonly account: string;
  qty: Fixed;
  value: Fixed;
  /** Layered methods: live layers from `head`. */
  layers: Layer[];
  head: number;
  /** Last inflow rate as a fraction value/qty (for provisional issues and LAST). */
  rateValue: Fixed;
  rateQty: Fixed;
  lastCost: Fixed | undefined;
  shortfalls: Shortfall[];
  /** The exact running value the ledger has posted for this pool (post.ts). */
  running: Fixed;
}

interface Layer {
  qty: Fixed;
  value: Fixed;
  /** Unit cost (scale c) while value === qty * cost exactly. */
  cost: Fixed | undefined;
  readonly date: number;
  readonly doc: string | undefined;
  readonly receipt: number;
  readonly batch?: string;
  readonly expiry?: number;
}

interface Shortfall {
  qty: Fixed;
  value: Fixed;
  readonly seq: number;
  readonly doc: string | undefined;
}

export interface ValuationResult {
  readonly ledger: readonly LedgerRow[];
  /** The entries, posted as they were made (post.ts rounds them without residue). */
  readonly journal: Journal;
  /** The true-up entries (negative stock settled), kept as drafts for the stock ledger's links. */
  readonly trueUps: readonly EntryDraft[];
  readonly invoices: readonly InvoiceLine[];
  readonly receipts: readonly ReceiptRecord[];
  readonly bills: readonly BillRecord[];
  readonly purchaseOrders: readonly PurchaseOrderLine[];
  readonly landed: readonly LandedAllocation[];
  readonly pools: readonly PoolState[];
  /** Quantity per item and location (available stock view), even with a company-wide pool. */
  readonly locationQty: ReadonlyMap<string, Fixed>;
  /** Exact cost of each issue movement by seq (shipments, sales, consumes...). */
  readonly issueCost: ReadonlyMap<number, Fixed>;
  readonly method: Method | 'MIXED';
}

const LAYERED: ReadonlySet<Method> = new Set<Method>(['FIFO', 'LIFO', 'SPECIFIC']);

/** Value all movements. `diagnostics` receives the valuation's own problems. */
export function valueMovements(prep: Prepared, diagnostics: Diagnostic[], methodOverride?: Method): ValuationResult {
  const S = prep.scales;
  const settings = prep.inputs.settings;
  const chart = prep.chart;
  const company = settings.costPool === 'Company';
  const allowNegative = settings.negativeStock === 'Allow';
  const invoiceTiming = settings.cogsTiming === 'Invoice';
  const qc2v = N.pow10Fixed(S.v - S.q - S.c);
  const p2v = N.pow10Fixed(S.v - S.p);

  const INV = chart.role('Inventory');
  const COGS = chart.role('CostOfGoodsSold');
  const SRNB = chart.role('StockReceivedNotBilled');
  const ADJ = chart.role('StockAdjustment');
  const PPV = chart.role('PurchasePriceVariance');
  const GDNI = chart.role('GoodsDeliveredNotInvoiced');
  const SALES = chart.role('Sales');
  const AR = chart.role('Receivables');
  const AP = chart.role('Payables');
  const OBE = chart.role('OpeningBalanceEquity');
  const EIV = chart.role('ExpensesIncludedInValuation');
  const ABSORB = chart.role('AbsorbedLaborOverhead');
  const COSTCENTER = chart.role('CostCenter');

  const methodOf = (item: string): Method => methodOverride ?? prep.methodOf(item);
  const itemOf = (code: string): Item => prep.items.get(code) ?? { code, kind: 'Stock', batchTracked: false };
  const accountOr = (code: string | undefined, fallback: string, m: Movement | undefined, column: string): string => {
    if (code === undefined) return fallback;
    if (chart.accounts.has(code)) return code;
    if (m !== undefined) {
      diagnostics.push({
        code: 'UNKNOWN_ACCOUNT',
        severity: 'warning',
        message: `Account ${code} is not in the chart of accounts; posted to ${fallback} instead.`,
        table: 'Movements',
        row: m.source.row,
        column,
        hint: `Add account ${code} to the Accounts table or correct the code.`,
      });
    }
    return fallback;
  };
  const cogsAccount = (item: string): string => {
    const a = itemOf(item).cogsAccount;
    return a !== undefined && chart.accounts.has(a) ? a : COGS;
  };
  const salesAccount = (item: string): string => {
    const a = itemOf(item).incomeAccount;
    return a !== undefined && chart.accounts.has(a) ? a : SALES;
  };
  const stockAccountOf = (location: string): string => prep.locations.get(location)?.stockAccount ?? INV;

  const toQ = (x: number): Fixed => N.fromNumber(x, S.q);
  const toC = (x: number): Fixed => N.fromNumber(x, S.c);
  /** unit cost x fx at scale c (exact: c includes the FxRate decimals). */
  const costOf = (unitCost: number, fx: number | undefined): Fixed =>
    fx === undefined || fx === 1 ? toC(unitCost) : N.rescale(N.mul(N.fromNumber(unitCost, S.c), N.fromNumber(fx, S.c)), 2 * S.c, S.c);
  /** A money amount x fx at value scale. */
  const amountOf = (amount: number, fx: number | undefined): Fixed =>
    fx === undefined || fx === 1 ? N.fromNumber(amount, S.v) : N.rescale(N.mul(N.fromNumber(amount, S.v), N.fromNumber(fx, S.v)), 2 * S.v, S.v);
  const lineValue = (qty: Fixed, cost: Fixed): Fixed => N.mul(N.mul(qty, cost), qc2v);
  // A Revalue to a new standard changes the standard from that day on, for this run only: the
  // prepared items stay as the Items table says (the tax book revalues the same movements afresh).
  const newStandard = new Map<string, number>();
  const standardOf = (item: string): Fixed | undefined => {
    const s = newStandard.get(item) ?? itemOf(item).standardCost;
    return s === undefined ? undefined : toC(s);
  };

  const pools = new Map<string, PoolState>();
  // item -> location -> quantity (the availability view, kept even with a company-wide pool)
  const itemLocQty = new Map<string, Map<string, Fixed>>();
  const ledger: LedgerRow[] = [];
  const poster = new Poster(S, chart.role('Rounding'));
  const trueUpDrafts: EntryDraft[] = [];
  const invoices: InvoiceLine[] = [];
  const receipts: ReceiptRecord[] = [];
  const receiptBySeq = new Map<number, ReceiptRecord>();
  const bills: BillRecord[] = [];
  const purchaseOrders: PurchaseOrderLine[] = [];
  const landed: LandedAllocation[] = [];
  const issueCost = new Map<number, Fixed>();
  const lastPurchaseCost = new Map<string, Fixed>();
  // Order/Doc + item -> shipments not yet invoiced / invoices not yet shipped (margin pairing).
  // `inGdni`: the cost sits in Goods Delivered Not Invoiced until invoiced (CogsTiming=Invoice);
  // a drop shipment's cost is in COGS already and only pairs for the margin.
  const openShipments = new Map<string, { seq: number; qty: Fixed; cost: Fixed; inGdni: boolean }[]>();
  const openInvoices = new Map<string, { line: InvoiceLine; qty: Fixed }[]>();
  // Shipped cost by (order or doc) + item, for customer returns: indexed on the first return only.
  interface ShipmentRecord {
    readonly item: string;
    readonly order: string | undefined;
    readonly doc: string | undefined;
    readonly qty: Fixed;
    readonly cost: Fixed;
  }
  const shipments: ShipmentRecord[] = [];
  const shippedByLink = new Map<string, { qty: Fixed; cost: Fixed }>();
  let shipIndexReady = false;
  const indexShipment = (sh: ShipmentRecord): void => {
    const remember = (link: string | undefined): void => {
      if (link === undefined) return;
      const k = link + '\u0001' + sh.item;
      const prev = shippedByLink.get(k);
      shippedByLink.set(k, prev === undefined ? { qty: sh.qty, cost: sh.cost } : { qty: N.add(prev.qty, sh.qty), cost: N.add(prev.cost, sh.cost) });
    };
    remember(sh.order);
    if (sh.doc !== sh.order) remember(sh.doc);
  };
  const shippedFor = (link: string | undefined, item: string): { qty: Fixed; cost: Fixed } | undefined => {
    if (!shipIndexReady) {
      shipIndexReady = true;
      for (const sh of shipments) indexShipment(sh);
    }
    return link === undefined ? undefined : shippedByLink.get(link + '\u0001' + item);
  };
  // Receipts by doc/order + item, for supplier returns, bills and landed costs.
  // Receipts by Doc and by Order (+ item), built on the first lookup (bills, returns, landed costs)
  // and kept up to date from then on: a stream without any never pays for it.
  const receiptsByLink = new Map<string, ReceiptRecord[]>();
  let linkIndexReady = false;
  const indexReceipt = (rec: ReceiptRecord): void => {
    const addLink = (link: string | undefined): void => {
      if (link === undefined) return;
      const k = link + '\u0001' + rec.item;
      const list = receiptsByLink.get(k);
      if (list === undefined) receiptsByLink.set(k, [rec]);
      else list.push(rec);
    };
    addLink(rec.order);
    if (rec.doc !== rec.order) addLink(rec.doc);
  };
  const receiptsFor = (k: string | undefined): ReceiptRecord[] | undefined => {
    if (!linkIndexReady) {
      linkIndexReady = true;
      for (const rec of receipts) indexReceipt(rec);
    }
    return k === undefined ? undefined : receiptsByLink.get(k);
  };
  const pendingBills = new Map<string, { bill: number; qty: Fixed; amount: Fixed }[]>();

  const poolKey = (item: string, location: string): string => (company ? item : item + '\u0001' + location);
  // item -> location ('*' for a company pool) -> pool: two Map lookups, no key strings on the hot path.
  const poolIndex = new Map<string, Map<string, PoolState>>();
  const findPool = (item: string, location: string): PoolState | undefined => poolIndex.get(item)?.get(company ? '*' : location);
  const getPool = (item: string, location: string): PoolState => {
    let byLoc = poolIndex.get(item);
    if (byLoc === undefined) {
      byLoc = new Map();
      poolIndex.set(item, byLoc);
    }
    const where = company ? '*' : location;
    let pool = byLoc.get(where);
    if (pool === undefined) {
      const key = poolKey(item, location);
      pool = {
        key,
        item,
        location: company ? '*' : location,
        method: methodOf(item),
        account: stockAccountOf(location),
        qty: 0,
        value: 0,
        layers: [],
        head: 0,
        rateValue: 0,
        rateQty: 0,
        lastCost: undefined,
        shortfalls: [],
        running: 0,
      };
      pools.set(key, pool);
      byLoc.set(where, pool);
    }
    return pool;
  };
  const bumpLoc = (item: string, location: string, delta: Fixed): void => {
    let byLoc = itemLocQty.get(item);
    if (byLoc === undefined) {
      byLoc = new Map();
      itemLocQty.set(item, byLoc);
    }
    byLoc.set(location, N.add(byLoc.get(location) ?? 0, delta));
  };
  const availableAt = (item: string, location: string): Fixed => itemLocQty.get(item)?.get(location) ?? 0;
  const linkKey = (link: string | undefined, item: string): string | undefined =>
    link === undefined ? undefined : link + '\u0001' + item;

  const diag = (m: Movement, code: string, severity: Diagnostic['severity'], message: string, column: string, hint?: string): void => {
    diagnostics.push({ code, severity, message, table: 'Movements', row: m.source.row, column, ...(hint ? { hint } : {}) });
  };

  const pushEntry = (m: { seq: number; source: SourceRef; date: number; doc?: string | undefined }, kind: string, memo: string, legs: Leg[], linkedTo?: number): void => {
    let zeros = 0;
    for (const l of legs) if (l.amount === 0) zeros++;
    if (zeros === legs.length) return;
    const draft: EntryDraft = { seq: m.seq, source: m.source, date: m.date, kind, doc: m.doc, memo, legs: zeros === 0 ? legs : legs.filter((l) => l.amount !== 0), linkedTo };
    poster.add(draft);
    if (kind === 'TrueUp') trueUpDrafts.push(draft);
  };

  // Named running balances (a company-wide pool's share per stock account, a bill waiting for its
  // goods): one accumulator per name.
  const holders = new Map<string, Accumulator>();
  const holder = (name: string): Accumulator => {
    let h = holders.get(name);
    if (h === undefined) {
      h = { running: 0 };
      holders.set(name, h);
    }
    return h;
  };
  const companyKey = (account: string, item: string): Accumulator => holder('company\u0001' + account + '\u0001' + item);
  const stockLeg = (pool: PoolState, amount: Fixed, location: string): Leg =>
    leg(company ? stockAccountOf(location) : pool.account, amount, pool.item, location, company ? companyKey(stockAccountOf(location), pool.item) : pool, false);

  /** The rate a pool issues at when it has nothing (value per unit as a fraction). */
  const provisionalValue = (pool: PoolState, qty: Fixed, m: Movement): Fixed => {
    if (N.sign(pool.qty) > 0) return N.mulDivRound(pool.value, qty, pool.qty);
    if (!N.isZero(pool.rateQty)) return N.mulDivRound(pool.rateValue, qty, pool.rateQty);
    const std = standardOf(pool.item);
    if (std !== undefined) return lineValue(qty, std);
    diag(m, 'ZERO_COST_ISSUE', 'warning', `Item ${pool.item} was issued with no stock and no known cost; valued at zero until stock arrives.`, 'Qty', 'Record the receipt before the issue, or give the item a StandardCost.');
    return 0;
  };

  /** Current unit value of a pool as (value, qty), for returns and adjustments in. */
  const currentRate = (pool: PoolState): { value: Fixed; qty: Fixed } | undefined => {
    if (pool.method === 'STANDARD') {
      const std = standardOf(pool.item);
      if (std !== undefined) return { value: lineValue(N.pow10Fixed(S.q), std), qty: N.pow10Fixed(S.q) };
    }
    if (pool.method === 'LAST' && pool.lastCost !== undefined) {
      return { value: lineValue(N.pow10Fixed(S.q), pool.lastCost), qty: N.pow10Fixed(S.q) };
    }
    if (N.sign(pool.qty) > 0 && !N.isZero(pool.value)) return { value: pool.value, qty: pool.qty };
    if (!N.isZero(pool.rateQty)) return { value: pool.rateValue, qty: pool.rateQty };
    const std = standardOf(pool.item);
    if (std !== undefined) return { value: lineValue(N.pow10Fixed(S.q), std), qty: N.pow10Fixed(S.q) };
    return undefined;
  };

  // ---- pool mechanics -------------------------------------------------------------------------

  interface Issue {
    readonly value: Fixed;
    readonly layers: ConsumedLayer[] | undefined;
    readonly provisional: boolean;
  }

  /** Take qty out of a pool by its method. Assumes availability was checked (or negatives allowed). */
  const takeOut = (pool: PoolState, qty: Fixed, m: Movement, batch?: string): Issue => {
    const method = pool.method;
    let value: Fixed = 0;
    let layersOut: ConsumedLayer[] | undefined;
    let remaining = qty;
    const onHand = N.sign(pool.qty) > 0 ? pool.qty : 0;
    const fromStock = N.min(remaining, onHand);
    if (!N.isZero(fromStock)) {
      if (LAYERED.has(method)) {
        layersOut = [];
        value = consumeLayers(pool, fromStock, method, layersOut, m, batch);
      } else if (method === 'AVERAGE') {
        value = N.cmp(fromStock, pool.qty) === 0 ? pool.value : N.mulDivRound(pool.value, fromStock, pool.qty);
      } else {
        // STANDARD and LAST: the pool is valued at one unit cost; the last unit takes what is left.
        if (N.cmp(fromStock, pool.qty) === 0) value = pool.value;
        else {
          const unit = method === 'STANDARD' ? standardOf(pool.item) : pool.lastCost;
          value = unit !== undefined ? lineValue(fromStock, unit) : N.mulDivRound(pool.value, fromStock, pool.qty);
        }
      }
      pool.qty = N.sub(pool.qty, fromStock);
      pool.value = N.sub(pool.value, value);
      remaining = N.sub(remaining, fromStock);
    }
    let provisional = false;
    if (N.sign(remaining) > 0) {
      provisional = true;
      const pv = provisionalValue(pool, remaining, m);
      pool.shortfalls.push({ qty: remaining, value: pv, seq: m.seq, doc: m.doc });
      pool.qty = N.sub(pool.qty, remaining);
      pool.value = N.sub(pool.value, pv);
      value = N.add(value, pv);
    }
    if (N.isZero(pool.qty)) pool.value = 0; // already exact; keeps -0 and bigint zero out
    return { value, layers: layersOut, provisional };
  };

  const consumeLayers = (pool: PoolState, qty: Fixed, method: Method, out: ConsumedLayer[], m: Movement, batch?: string): Fixed => {
    let remaining = qty;
    let value: Fixed = 0;
    const take = (layer: Layer): void => {
      const t = N.min(remaining, layer.qty);
      if (N.isZero(t)) return;
      let v: Fixed;
      if (N.cmp(t, layer.qty) === 0) v = layer.value;
      else if (layer.cost !== undefined) v = lineValue(t, layer.cost);
      else v = N.mulDivRound(layer.value, t, layer.qty);
      layer.qty = N.sub(layer.qty, t);
      layer.value = N.sub(layer.value, v);
      if (N.isZero(layer.qty)) layer.value = 0;
      remaining = N.sub(remaining, t);
      value = N.add(value, v);
      out.push({ receipt: layer.receipt, doc: layer.doc, date: layer.date, qty: t, value: v, batch: layer.batch });
      const rec = receiptBySeq.get(layer.receipt);
      if (rec !== undefined) rec.remaining = N.sub(rec.remaining, t);
    };
    const layers = pool.layers;
    if (method === 'FIFO') {
      // The hot path, written out: oldest layer first.
      let head = pool.head;
      while (remaining > 0 && head < layers.length) {
        const layer = layers[head] as Layer;
        const lq = layer.qty;
        const t = N.cmp(remaining, lq) < 0 ? remaining : lq;
        let v: Fixed;
        if (t === lq) v = layer.value;
        else if (layer.cost !== undefined) v = N.mul(N.mul(t, layer.cost), qc2v);
        else v = N.mulDivRound(layer.value, t, lq);
        const left = N.sub(lq, t);
        layer.qty = left;
        layer.value = left === 0 ? 0 : N.sub(layer.value, v);
        remaining = N.sub(remaining, t);
        value = N.add(value, v);
        out.push({ receipt: layer.receipt, doc: layer.doc, date: layer.date, qty: t, value: v, batch: layer.batch });
        const rec = receiptBySeq.get(layer.receipt);
        if (rec !== undefined) rec.remaining = N.sub(rec.remaining, t);
        if (left === 0) head++;
      }
      pool.head = head;
      if (pool.head > 64 && pool.head * 2 > layers.length) {
        pool.layers = layers.slice(pool.head);
        pool.head = 0;
      }
    } else if (method === 'LIFO') {
      while (N.sign(remaining) > 0 && layers.length > pool.head) {
        const layer = layers[layers.length - 1] as Layer;
        take(layer);
        if (N.isZero(layer.qty)) layers.pop();
      }
    } else {
      // SPECIFIC: the named batch or serial first, then first-expiry-first-out.
      const live = layers.slice(pool.head).filter((l) => N.sign(l.qty) > 0);
      const wanted = batch !== undefined ? live.filter((l) => l.batch === batch) : [];
      if (batch !== undefined && wanted.length === 0) {
        diag(m, 'BATCH_NOT_FOUND', 'warning', `Batch/serial ${batch} of ${pool.item} is not in stock at this location; issued first-expiry-first-out instead.`, m.serial !== undefined ? 'Serial' : 'Batch', 'Check the batch or serial number.');
      }
      const rest = live
        .filter((l) => !wanted.includes(l))
        .map((l, i) => ({ l, i }))
        .sort((a, b) => (a.l.expiry ?? Infinity) - (b.l.expiry ?? Infinity) || a.i - b.i)
        .map((x) => x.l);
      for (const layer of [...wanted, ...rest]) {
        if (N.sign(remaining) <= 0) break;
        take(layer);
      }
      pool.layers = live.filter((l) => N.sign(l.qty) > 0);
      pool.head = 0;
    }
    if (N.sign(remaining) > 0) throw new Error(`internal: layers of ${pool.key} short by ${String(remaining)}`);
    return value;
  };

  /**
   * Put qty worth value into a pool. Shortfalls (negative stock) are settled first at the incoming
   * unit value; each settlement returns a true-up the caller posts.
   */
  interface TrueUp {
    readonly seq: number;
    readonly doc: string | undefined;
    readonly qty: Fixed;
    readonly amount: Fixed;
  }
  const putIn = (
    pool: PoolState,
    qty: Fixed,
    value: Fixed,
    layer: { date: number; doc: string | undefined; receipt: number; cost: Fixed | undefined; batch?: string; expiry?: number },
  ): TrueUp[] => {
    const trueUps: TrueUp[] = [];
    let q = qty;
    let v = value;
    while (pool.shortfalls.length > 0 && N.sign(q) > 0) {
      const s = pool.shortfalls[0] as Shortfall;
      const c = N.min(q, s.qty);
      const trueValue = N.cmp(c, q) === 0 ? v : layer.cost !== undefined ? lineValue(c, layer.cost) : N.mulDivRound(v, c, q);
      const provisionalPart = N.cmp(c, s.qty) === 0 ? s.value : N.mulDivRound(s.value, c, s.qty);
      s.qty = N.sub(s.qty, c);
      s.value = N.sub(s.value, provisionalPart);
      if (N.isZero(s.qty)) pool.shortfalls.shift();
      // The settled units come in at their true value; the true-up the caller posts then takes the
      // difference to the provisional value back out, so the stock ledger reads in order.
      pool.qty = N.add(pool.qty, c);
      pool.value = N.add(pool.value, trueValue);
      q = N.sub(q, c);
      v = N.sub(v, trueValue);
      trueUps.push({ seq: s.seq, doc: s.doc, qty: c, amount: N.sub(trueValue, provisionalPart) });
    }
    if (N.sign(q) > 0) {
      pool.qty = N.add(pool.qty, q);
      pool.value = N.add(pool.value, v);
      if (LAYERED.has(pool.method)) {
        const nl: Layer = {
          qty: q,
          value: v,
          cost: layer.cost,
          date: layer.date,
          doc: layer.doc,
          receipt: layer.receipt,
          ...(layer.batch !== undefined ? { batch: layer.batch } : {}),
          ...(layer.expiry !== undefined ? { expiry: layer.expiry } : {}),
        };
        insertLayer(pool, nl);
      }
    }
    if (N.sign(qty) > 0) {
      pool.rateValue = value;
      pool.rateQty = qty;
    }
    return trueUps;
  };

  const insertLayer = (pool: PoolState, layer: Layer): void => {
    const layers = pool.layers;
    const last = layers[layers.length - 1];
    if (last === undefined || layers.length === pool.head || last.date < layer.date || (last.date === layer.date && last.receipt <= layer.receipt)) {
      layers.push(layer);
      return;
    }
    // A transfer brings older layers: keep receipt order so FIFO/LIFO stay true to dates.
    let i = layers.length;
    while (i > pool.head) {
      const prev = layers[i - 1] as Layer;
      if (prev.date < layer.date || (prev.date === layer.date && prev.receipt <= layer.receipt)) break;
      i--;
    }
    layers.splice(i, 0, layer);
  };

  const addLedger = (row: LedgerRow): void => {
    ledger.push(row);
  };

  const ledgerRow = (
    m: { seq: number; source: SourceRef; date: number; doc?: string | undefined },
    type: string,
    pool: PoolState,
    location: string,
    qtyIn: Fixed,
    qtyOut: Fixed,
    valueIn: Fixed,
    valueOut: Fixed,
    extra?: { layers?: ConsumedLayer[] | undefined; note?: string; provisional?: boolean; batch?: string | undefined },
  ): void => {
    addLedger({
      seq: m.seq,
      source: m.source,
      date: m.date,
      type,
      item: pool.item,
      location,
      doc: m.doc,
      qtyIn,
      qtyOut,
      qtyAfter: pool.qty,
      valueIn,
      valueOut,
      valueAfter: pool.value,
      layers: extra !== undefined && extra.layers !== undefined && extra.layers.length > 0 ? extra.layers : undefined,
      note: extra?.note,
      provisional: extra?.provisional === true,
      batch: extra?.batch,
    });
  };

  const postTrueUps = (m: Movement, pool: PoolState, location: string, trueUps: TrueUp[]): void => {
    for (const t of trueUps) {
      if (N.isZero(t.amount)) {
        continue;
      }
      const note = `settles shortfall of row ${t.doc ?? ''} (seq ${t.seq}) by ${m.doc ?? 'row ' + m.source.row}`;
      // The settled units' true cost differs from the provisional one: move the difference out of
      // (or into) stock and into COGS, as its own entry linked to the issue.
      pool.value = N.sub(pool.value, t.amount);
      ledgerRow(m, 'TrueUp', pool, location, 0, 0, N.sign(t.amount) < 0 ? N.neg(t.amount) : 0, N.sign(t.amount) > 0 ? t.amount : 0, { note });
      pushEntry(m, 'TrueUp', `True-up of provisional cost for ${pool.item} issued at seq ${t.seq}`, [
        leg(cogsAccount(pool.item), t.amount, pool.item, location, undefined, true),
        stockLeg(pool, N.neg(t.amount), location),
      ], t.seq);
    }
    for (const t of trueUps) {
      if (!N.isZero(t.amount)) continue;
      const last = ledger[ledger.length - 1];
      if (last !== undefined && last.seq === m.seq && last.note === undefined) {
        ledger[ledger.length - 1] = { ...last, note: `settles shortfall of seq ${t.seq} at the same cost` };
      }
    }
  };

  // ---- availability ----------------------------------------------------------------------------

  const blocked = (m: Movement, item: string, location: string, qty: Fixed): boolean => {
    if (allowNegative) return false;
    const have = availableAt(item, location);
    if (N.cmp(qty, have) <= 0) return false;
    diag(
      m,
      'NEGATIVE_STOCK',
      'error',
      `${m.type} of ${N.toDecimalString(qty, S.q)} ${item} at ${location} needs more than the ${N.toDecimalString(N.sign(have) > 0 ? have : 0, S.q)} in stock on ${isoDate(m.date)}; not valued.`,
      'Qty',
      'Record the receipt first (check dates), reduce the quantity, or set NegativeStock to Allow.',
    );
    return true;
  };

  // ---- movement handlers -----------------------------------------------------------------------

  const locationOf = (m: Movement): string => m.location ?? prep.defaultLocation;

  const receiptIn = (m: Movement, opening: boolean): void => {
    const item = itemOf(m.item);
    const location = locationOf(m);
    const qty = toQ(m.qty);
    const method = methodOf(m.item);
    const std = standardOf(m.item);
    let cost: Fixed;
    if (m.unitCost !== undefined) cost = costOf(m.unitCost, m.fxRate);
    else if (std !== undefined) cost = std;
    else {
      diag(m, 'MISSING_UNIT_COST', 'error', `${m.type} of ${m.item} has no UnitCost and the item has no StandardCost; not valued.`, 'UnitCost', 'Give the UnitCost.');
      return;
    }
    const purchaseValue = lineValue(qty, cost);
    if (item.kind === 'Expense' || item.kind === 'Service') {
      // Never in stock: the goods are an expense the moment they arrive.
      const expense = accountOr(item.expenseAccount ?? m.account, COSTCENTER, m, 'Account');
      pushEntry(m, m.type, `${m.type} of expense item ${m.item}`, [
        leg(expense, purchaseValue, m.item, location, undefined, false),
        opening
          ? leg(OBE, N.neg(purchaseValue), m.item, location, undefined, true)
          : leg(SRNB, N.neg(purchaseValue), m.item, location, m.seq, false),
      ]);
      if (!opening) recordReceipt(m, qty, purchaseValue, cost, method, location, false);
      return;
    }
    if (item.kind === 'Kit') {
      diag(m, 'NOT_STOCKED', 'error', `${m.item} is a Kit: kits are not received; receive or Build the components instead.`, 'Item', 'Receive the components, or use Type Build.');
      return;
    }
    const pool = getPool(m.item, location);
    let stockCost = cost;
    let stockValue = purchaseValue;
    if (method === 'STANDARD') {
      if (std === undefined) {
        diag(m, 'MISSING_STANDARD_COST', 'warning', `Item ${m.item} is STANDARD but has no StandardCost; this receipt's cost is used as the standard.`, 'Item', 'Set StandardCost in the Items table.');
      } else {
        stockCost = std;
        stockValue = lineValue(qty, std);
      }
    }
    if (method === 'LAST' && N.sign(pool.qty) > 0) {
      // Most-recent cost: what is on hand is revalued to the new cost.
      const revalued = lineValue(pool.qty, cost);
      const diff = N.sub(revalued, pool.value);
      if (!N.isZero(diff)) {
        pool.value = revalued;
        ledgerRow(m, 'LastCostRevalue', pool, location, 0, 0, N.sign(diff) > 0 ? diff : 0, N.sign(diff) < 0 ? N.neg(diff) : 0, { note: 'stock on hand revalued to the latest receipt cost' });
        pushEntry(m, 'LastCostRevalue', `${m.item} on hand revalued to latest cost`, [stockLeg(pool, diff, location), leg(ADJ, N.neg(diff), m.item, location, undefined, true)]);
      }
    }
    if (method === 'LAST') pool.lastCost = cost;
    const trueUps = putIn(pool, qty, stockValue, {
      date: m.date,
      doc: m.doc,
      receipt: m.seq,
      cost: stockCost,
      ...(m.batch !== undefined || m.serial !== undefined ? { batch: (m.batch ?? m.serial) as string } : {}),
      ...(m.expiry !== undefined ? { expiry: m.expiry } : {}),
    });
    bumpLoc(m.item, location, qty);
    ledgerRow(m, m.type, pool, location, qty, 0, stockValue, 0, { batch: m.batch ?? m.serial });
    const legs: Leg[] = [stockLeg(pool, stockValue, location)];
    if (opening) {
      legs.push(leg(OBE, N.neg(stockValue), m.item, location, undefined, true));
    } else {
      legs.push(leg(SRNB, N.neg(purchaseValue), m.item, location, m.seq, false));
      const ppv = N.sub(purchaseValue, stockValue);
      if (ppv !== 0) legs.push(leg(PPV, ppv, m.item, location, undefined, true));
    }
    pushEntry(m, m.type, opening ? 'Opening stock' : 'Goods received', legs);
    postTrueUps(m, pool, location, trueUps);
    if (!opening) {
      lastPurchaseCost.set(m.item, cost);
      const rec = recordReceipt(m, qty, purchaseValue, cost, method, location, false);
      rec.remaining = qty;
      applyPendingBills(m, rec);
    }
  };

  const recordReceipt = (m: Movement, qty: Fixed, value: Fixed, cost: Fixed, method: Method, location: string, dropShip: boolean): ReceiptRecord => {
    const rec: ReceiptRecord = {
      seq: m.seq,
      source: m.source,
      date: m.date,
      doc: m.doc,
      order: m.order,
      party: m.party,
      item: m.item,
      location,
      qty,
      value,
      cost,
      method,
      remaining: 0,
      billedQty: 0,
      clearedValue: 0,
      billedAmount: 0,
      returnedQty: 0,
      dropShip,
    };
    receipts.push(rec);
    receiptBySeq.set(m.seq, rec);
    if (linkIndexReady) indexReceipt(rec);
    return rec;
  };

  /** Share of a receipt's units still in stock, as (numerator, denominator) of quantities. */
  const remainingShare = (rec: ReceiptRecord): { on: Fixed; of: Fixed } => {
    if (rec.dropShip) return { on: 0, of: rec.qty };
    if (LAYERED.has(rec.method)) return { on: N.sign(rec.remaining) > 0 ? rec.remaining : 0, of: rec.qty };
    // Pools without layers cannot tell whose units left: the share still on hand is taken as the
    // smaller of the receipt and what the pool holds now.
    const pool = findPool(rec.item, rec.location);
    const held = pool !== undefined && N.sign(pool.qty) > 0 ? pool.qty : 0;
    return { on: N.min(held, rec.qty), of: rec.qty };
  };

  /**
   * Add a value change to the units of a receipt still in stock (bill price differences, landed
   * costs). Layered pools raise that receipt's layers wherever they now are; other pools raise the
   * pool. Returns what could not be placed (goes to COGS).
   */
  const raiseReceiptStock = (rec: ReceiptRecord, amount: Fixed, m: { seq: number; source: SourceRef; date: number; doc?: string | undefined }, kind: string, memo: string): { legs: Leg[]; toStock: Fixed; toCogs: Fixed } => {
    const share = remainingShare(rec);
    const toStock = N.isZero(share.on) ? 0 : N.cmp(share.on, share.of) === 0 ? amount : N.mulDivRound(amount, share.on, share.of);
    const toCogs = N.sub(amount, toStock);
    const legs: Leg[] = [];
    if (!N.isZero(toStock)) {
      if (LAYERED.has(rec.method)) {
        const holders: { pool: PoolState; layer: Layer }[] = [];
        for (const pool of pools.values()) {
          if (pool.item !== rec.item) continue;
          for (let i = pool.head; i < pool.layers.length; i++) {
            const l = pool.layers[i] as Layer;
            if (l.receipt === rec.seq && N.sign(l.qty) > 0) holders.push({ pool, layer: l });
          }
        }
        const parts = N.allocate(toStock, holders.map((h) => h.layer.qty));
        holders.forEach((h, i) => {
          const part = parts[i] as Fixed;
          const where = h.pool.location === '*' ? rec.location : h.pool.location;
          h.layer.value = N.add(h.layer.value, part);
          h.layer.cost = undefined;
          h.pool.value = N.add(h.pool.value, part);
          ledgerRow(m, kind, h.pool, where, 0, 0, N.sign(part) > 0 ? part : 0, N.sign(part) < 0 ? N.neg(part) : 0, { note: `${memo} (receipt ${rec.doc ?? rec.seq})` });
          legs.push(stockLeg(h.pool, part, where));
        });
      } else {
        const pool = getPool(rec.item, rec.location);
        pool.value = N.add(pool.value, toStock);
        ledgerRow(m, kind, pool, rec.location, 0, 0, N.sign(toStock) > 0 ? toStock : 0, N.sign(toStock) < 0 ? N.neg(toStock) : 0, { note: `${memo} (receipt ${rec.doc ?? rec.seq})` });
        legs.push(stockLeg(pool, toStock, rec.location));
      }
    }
    if (!N.isZero(toCogs)) legs.push(leg(cogsAccount(rec.item), toCogs, rec.item, rec.location, undefined, false));
    return { legs, toStock, toCogs };
  };

  /** Legs that carry a bill's price difference: PPV for STANDARD/LAST, else stock on hand + COGS. */
  const varianceLegs = (rec: ReceiptRecord, diff: Fixed, m: Movement): Leg[] => {
    if (N.isZero(diff)) return [];
    if (rec.method === 'STANDARD' || rec.method === 'LAST') return [leg(PPV, diff, rec.item, rec.location, undefined, false)];
    return raiseReceiptStock(rec, diff, m, 'BillVariance', `Bill ${m.doc ?? ''} price difference`).legs;
  };

  const issueOut = (m: Movement, kind: 'ship' | 'consume' | 'supplierReturn' | 'adjustOut' | 'count', qtyNum?: Fixed): { cost: Fixed; pool: PoolState | undefined; location: string } | undefined => {
    const location = locationOf(m);
    const qty = qtyNum ?? toQ(m.qty);
    const pool = getPool(m.item, location);
    const issue = takeOut(pool, qty, m, m.batch ?? m.serial);
    bumpLoc(m.item, location, N.neg(qty));
    ledgerRow(m, m.type, pool, location, 0, qty, 0, issue.value, {
      layers: issue.layers,
      provisional: issue.provisional,
      batch: m.batch ?? m.serial,
      ...(issue.provisional ? { note: 'part issued at a provisional rate (negative stock); trued up when stock arrives' } : {}),
    });
    void kind;
    return { cost: issue.value, pool, location };
  };

  const explode = (m: Movement, kitCode: string, qty: Fixed, withScrap: boolean): { item: string; qty: Fixed }[] | undefined => {
    const lines = prep.kits.get(kitCode);
    if (lines === undefined || lines.length === 0) {
      diag(m, 'KIT_NO_COMPONENTS', 'error', `Kit ${kitCode} has no lines in the Kits table; not valued.`, 'Item', 'Add its components to the Kits table.');
      return undefined;
    }
    return lines.map((l: KitLine) => {
      let per = N.fromNumber(l.qty, S.q);
      if (withScrap && l.scrapPct !== undefined && l.scrapPct !== 0) {
        // qty x (1 + scrap/100), kept exact at the quantity scale
        per = N.mulDivRound(per, N.fromNumber(100 + l.scrapPct, S.q), N.fromNumber(100, S.q));
      }
      return { item: l.component, qty: N.mulDivRound(qty, per, N.pow10Fixed(S.q)) };
    });
  };

  /**
   * Pair a shipped quantity and its cost with invoice lines of the same order (else doc) and item
   * that are still waiting for goods, oldest first. Returns what stays unpaired.
   */
  const pairWithOpenInvoices = (k: string | undefined, qty: Fixed, cost: Fixed): { left: Fixed; leftCost: Fixed; paidCost: Fixed } => {
    let left = qty;
    let leftCost = cost;
    let paidCost: Fixed = 0;
    const queue = k !== undefined ? openInvoices.get(k) : undefined;
    while (queue !== undefined && queue.length > 0 && N.sign(left) > 0) {
      const head = queue[0] as { line: InvoiceLine; qty: Fixed };
      const t = N.min(head.qty, left);
      const c = N.cmp(t, left) === 0 ? leftCost : N.mulDivRound(leftCost, t, left);
      head.line.cogs = N.add(head.line.cogs, c);
      head.line.shippedQty = N.add(head.line.shippedQty, t);
      head.qty = N.sub(head.qty, t);
      if (N.isZero(head.qty)) queue.shift();
      left = N.sub(left, t);
      leftCost = N.sub(leftCost, c);
      paidCost = N.add(paidCost, c);
    }
    return { left, leftCost, paidCost };
  };

  /** What an invoice does not pair now waits for later invoices (margins; GDNI under Invoice timing). */
  const leaveOpenShipment = (k: string | undefined, seq: number, qty: Fixed, cost: Fixed, inGdni: boolean): void => {
    if (k === undefined || N.sign(qty) <= 0) return;
    const list = openShipments.get(k);
    if (list === undefined) openShipments.set(k, [{ seq, qty, cost, inGdni }]);
    else list.push({ seq, qty, cost, inGdni });
  };

  /** Returns the part of a shipment's cost already invoiced (straight to COGS under Invoice timing). */
  const matchShipmentToInvoices = (m: Movement, item: string, qty: Fixed, cost: Fixed): Fixed => {
    const k = linkKey(m.order ?? m.doc, item);
    const paired = pairWithOpenInvoices(k, qty, cost);
    leaveOpenShipment(k, m.seq, paired.left, paired.leftCost, invoiceTiming);
    return paired.paidCost;
  };

  const newInvoiceLine = (m: Movement, qty: Fixed, revenue: Fixed): InvoiceLine => {
    const line: InvoiceLine = {
      seq: m.seq,
      source: m.source,
      date: m.date,
      doc: m.doc,
      party: m.party,
      channel: m.channel,
      order: m.order,
      item: m.item,
      location: locationOf(m),
      qty,
      revenue,
      cogs: 0,
      shippedQty: 0,
      replacementCost: lastPurchaseCost.get(m.item) ?? standardOf(m.item),
      isKit: itemOf(m.item).kind === 'Kit',
    };
    invoices.push(line);
    return line;
  };

  const revenueOf = (m: Movement): Fixed => {
    if (m.amount !== undefined && m.unitPrice === undefined) return amountOf(m.amount, m.fxRate);
    if (m.unitPrice !== undefined) {
      const price = N.fromNumber(m.unitPrice, S.v - S.q);
      const fx = m.fxRate;
      const base = N.mul(toQ(m.qty), price);
      return fx === undefined || fx === 1 ? base : N.rescale(N.mul(base, N.fromNumber(fx, S.v)), 2 * S.v, S.v);
    }
    return 0;
  };

  const postRevenue = (m: Movement, revenue: Fixed, reverse: boolean): void => {
    const amt = reverse ? N.neg(revenue) : revenue;
    pushEntry(m, reverse ? 'CreditNote' : 'Invoice', reverse ? 'Credit note' : 'Sales invoice', [
      leg(AR, amt, m.item, undefined, undefined, false),
      leg(salesAccount(m.item), N.neg(amt), m.item, undefined, undefined, true),
    ]);
  };

  /** Shipment (or the shipment half of a Sale): issue stock, post COGS or GDNI, pair with invoices. */
  /**
   * What a shipment of this row takes out of stock (a kit's components, none for a service or an
   * expense item), or undefined when it cannot ship (no kit lines; not enough stock under Block).
   */
  const shippable = (m: Movement): { item: string; qty: Fixed }[] | undefined => {
    const item = itemOf(m.item);
    const qty = toQ(m.qty);
    if (item.kind === 'Service' || item.kind === 'Expense') return [];
    const components = item.kind === 'Kit' ? explode(m, m.item, qty, false) : [{ item: m.item, qty }];
    if (components === undefined) return undefined;
    const location = locationOf(m);
    for (const c of components) if (blocked(m, c.item, location, c.qty)) return undefined;
    return components;
  };

  const ship = (m: Movement, line: InvoiceLine | undefined, checked?: { item: string; qty: Fixed }[]): void => {
    const components = checked ?? shippable(m);
    if (components === undefined || components.length === 0) return; // nothing leaves stock
    const location = locationOf(m);
    const qty = toQ(m.qty);
    let total: Fixed = 0;
    const legs: Leg[] = [];
    const componentCosts: { item: string; cost: Fixed }[] = [];
    for (const c of components) {
      const cm: Movement = c.item === m.item ? m : { ...m, item: c.item, qty: N.toNumber(c.qty, S.q) };
      const res = issueOut(cm, 'ship', c.qty);
      if (res === undefined || res.pool === undefined) continue;
      total = N.add(total, res.cost);
      componentCosts.push({ item: c.item, cost: res.cost });
      legs.push(stockLeg(res.pool, N.neg(res.cost), location));
    }
    issueCost.set(m.seq, total);
    // Remember what left under this order and doc, so a customer return comes back at that cost.
    shipments.push({ item: m.item, order: m.order, doc: m.doc, qty, cost: total });
    if (shipIndexReady) indexShipment(shipments[shipments.length - 1] as ShipmentRecord);
    let invoicedCost: Fixed;
    if (line !== undefined) {
      line.cogs = N.add(line.cogs, total);
      line.shippedQty = N.add(line.shippedQty, qty);
      invoicedCost = total;
    } else {
      invoicedCost = matchShipmentToInvoices(m, m.item, qty, total);
    }
    if (invoiceTiming) {
      const toGdni = N.sub(total, invoicedCost);
      if (!N.isZero(invoicedCost)) legs.push(leg(cogsAccount(m.item), invoicedCost, m.item, location, undefined, false));
      legs.push(leg(GDNI, toGdni, m.item, location, undefined, true));
    } else if (componentCosts.length > 1 || (componentCosts[0] !== undefined && componentCosts[0].item !== m.item)) {
      // A kit: each component's cost goes to COGS under its own item (the margin line stays the kit's).
      componentCosts.forEach((c, i) => {
        legs.push(leg(cogsAccount(c.item), c.cost, c.item, location, undefined, i === componentCosts.length - 1));
      });
    } else {
      legs.push(leg(cogsAccount(m.item), total, m.item, location, undefined, true));
    }
    pushEntry(m, m.type === 'Sale' ? 'Shipment' : m.type, invoiceTiming ? 'Goods shipped (cost to GDNI until invoiced)' : 'Goods shipped: cost of goods sold', legs);
  };

  const invoice = (m: Movement): void => {
    const revenue = revenueOf(m);
    const qty = toQ(m.qty);
    const line = newInvoiceLine(m, qty, revenue);
    postRevenue(m, revenue, false);
    // Pair with shipments already made for the same order/doc and item.
    const k = linkKey(m.order ?? m.doc, m.item);
    let left = qty;
    let matchedCost: Fixed = 0;
    let fromGdni: Fixed = 0;
    if (k !== undefined) {
      const queue = openShipments.get(k);
      while (queue !== undefined && queue.length > 0 && N.sign(left) > 0) {
        const head = queue[0] as { seq: number; qty: Fixed; cost: Fixed; inGdni: boolean };
        const t = N.min(head.qty, left);
        const c = N.cmp(t, head.qty) === 0 ? head.cost : N.mulDivRound(head.cost, t, head.qty);
        head.qty = N.sub(head.qty, t);
        head.cost = N.sub(head.cost, c);
        if (N.isZero(head.qty)) queue.shift();
        left = N.sub(left, t);
        matchedCost = N.add(matchedCost, c);
        if (head.inGdni) fromGdni = N.add(fromGdni, c);
      }
      if (N.sign(left) > 0) {
        const list = openInvoices.get(k) ?? [];
        list.push({ line, qty: left });
        openInvoices.set(k, list);
      }
    }
    line.cogs = N.add(line.cogs, matchedCost);
    line.shippedQty = N.add(line.shippedQty, N.sub(qty, left));
    if (!N.isZero(fromGdni)) {
      pushEntry(m, 'CogsRecognised', 'COGS recognised on invoice', [
        leg(cogsAccount(m.item), fromGdni, m.item, undefined, undefined, false),
        leg(GDNI, N.neg(fromGdni), m.item, undefined, undefined, true),
      ]);
    }
  };

  const customerReturn = (m: Movement): void => {
    const item = itemOf(m.item);
    const location = locationOf(m);
    const qty = toQ(m.qty);
    if (item.kind === 'Kit' || item.kind === 'Service' || item.kind === 'Expense') {
      diag(m, 'NOT_STOCKED', 'error', `${m.item} is a ${item.kind} item and cannot be returned into stock.`, 'Item', 'Return the components instead.');
      return;
    }
    const pool = getPool(m.item, location);
    let value: Fixed | undefined;
    const shipped = shippedFor(m.order, m.item) ?? shippedFor(m.doc, m.item);
    if (shipped !== undefined && N.sign(shipped.qty) > 0) {
      value = N.mulDivRound(shipped.cost, qty, shipped.qty);
    } else {
      if (m.unitCost !== undefined) value = lineValue(qty, costOf(m.unitCost, m.fxRate));
      else {
        const rate = currentRate(pool);
        value = rate !== undefined ? N.mulDivRound(rate.value, qty, rate.qty) : 0;
      }
      diag(m, 'RETURN_NOT_MATCHED', 'info', `No shipment of ${m.item} with this Order/Doc; the return is valued at ${m.unitCost !== undefined ? 'the given UnitCost' : 'the current rate'}.`, m.order !== undefined ? 'Order' : 'Doc', 'Give the Order (or Doc) of the original shipment to return at the cost it left with.');
    }
    const trueUps = putIn(pool, qty, value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined, ...(m.batch !== undefined ? { batch: m.batch } : {}) });
    bumpLoc(m.item, location, qty);
    ledgerRow(m, m.type, pool, location, qty, 0, value, 0);
    pushEntry(m, m.type, `Customer return ${N.toDecimalString(qty, S.q)} ${m.item}`, [
      stockLeg(pool, value, location),
      leg(cogsAccount(m.item), N.neg(value), m.item, location, undefined, true),
    ]);
    postTrueUps(m, pool, location, trueUps);
    issueCost.set(m.seq, N.neg(value));
    if (m.unitPrice !== undefined || m.amount !== undefined) {
      const revenue = revenueOf(m);
      postRevenue(m, revenue, true);
      const line = newInvoiceLine(m, N.neg(qty), N.neg(revenue));
      line.cogs = N.neg(value);
      line.shippedQty = N.neg(qty);
    }
  };

  const supplierReturn = (m: Movement): void => {
    const location = locationOf(m);
    const qty = toQ(m.qty);
    const item = itemOf(m.item);
    const k = linkKey(m.order ?? m.doc, m.item);
    const rec = receiptsFor(k)?.[0];
    if (item.kind === 'Expense' || item.kind === 'Service') {
      const cost = rec?.cost ?? (m.unitCost !== undefined ? costOf(m.unitCost, m.fxRate) : 0);
      const value = lineValue(qty, cost);
      const expense = accountOr(item.expenseAccount ?? m.account, COSTCENTER, m, 'Account');
      pushEntry(m, m.type, `Supplier return of expense item ${m.item}`, [
        rec !== undefined && N.isZero(rec.billedQty)
          ? leg(SRNB, value, m.item, undefined, rec.seq, false)
          : leg(rec !== undefined ? AP : SRNB, value, m.item, undefined, undefined, false),
        leg(expense, N.neg(value), m.item, undefined, undefined, true),
      ]);
      return;
    }
    if (blocked(m, m.item, location, qty)) return;
    const pool = getPool(m.item, location);
    // Goods go back at the receipt's cost: take them out of that receipt's own layer when it is
    // still here; otherwise by the method, and any difference to the receipt cost is a variance.
    let issue: Issue | undefined;
    if (rec !== undefined && LAYERED.has(pool.method)) {
      const layer = pool.layers.slice(pool.head).find((l) => l.receipt === rec.seq && N.cmp(l.qty, qty) >= 0);
      if (layer !== undefined) {
        const v = N.cmp(layer.qty, qty) === 0 ? layer.value : layer.cost !== undefined ? lineValue(qty, layer.cost) : N.mulDivRound(layer.value, qty, layer.qty);
        layer.qty = N.sub(layer.qty, qty);
        layer.value = N.sub(layer.value, v);
        if (N.isZero(layer.qty)) {
          layer.value = 0;
          pool.layers = pool.layers.filter((l, i) => i < pool.head || N.sign(l.qty) > 0);
        }
        pool.qty = N.sub(pool.qty, qty);
        pool.value = N.sub(pool.value, v);
        rec.remaining = N.sub(rec.remaining, qty);
        issue = { value: v, layers: [{ receipt: rec.seq, doc: rec.doc, date: rec.date, qty, value: v, batch: undefined }], provisional: false };
      }
    }
    if (issue === undefined) issue = takeOut(pool, qty, m, m.batch);
    bumpLoc(m.item, location, N.neg(qty));
    ledgerRow(m, m.type, pool, location, 0, qty, 0, issue.value, { layers: issue.layers, provisional: issue.provisional });
    const legs: Leg[] = [stockLeg(pool, N.neg(issue.value), location)];
    if (rec !== undefined) {
      const recValue = lineValue(qty, rec.cost);
      const unbilled = N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
      rec.returnedQty = N.add(rec.returnedQty, qty);
      if (N.cmp(qty, unbilled) <= 0) {
        rec.clearedValue = N.add(rec.clearedValue, recValue);
        legs.push(leg(SRNB, recValue, m.item, location, rec.seq, false));
      } else {
        legs.push(leg(AP, recValue, m.item, location, undefined, false));
      }
      legs.push(leg(pool.method === 'STANDARD' ? PPV : cogsAccount(m.item), N.sub(issue.value, recValue), m.item, location, undefined, true));
    } else {
      legs.push(leg(SRNB, issue.value, m.item, location, undefined, true));
      diag(m, 'RETURN_NOT_MATCHED', 'info', `No receipt of ${m.item} with this Order/Doc; returned at the current stock value against Stock Received Not Billed.`, m.order !== undefined ? 'Order' : 'Doc', 'Give the Order (or Doc) of the original receipt.');
    }
    pushEntry(m, m.type, `Supplier return ${N.toDecimalString(qty, S.q)} ${m.item}`, legs);
  };

  const transfer = (m: Movement): void => {
    const from = locationOf(m);
    const to = m.toLocation as string;
    const qty = toQ(m.qty);
    const item = itemOf(m.item);
    if (item.kind !== 'Stock') {
      diag(m, 'NOT_STOCKED', 'error', `${m.item} is a ${item.kind} item and is not kept in stock.`, 'Item');
      return;
    }
    if (blocked(m, m.item, from, qty)) return;
    if (company) {
      const pool = getPool(m.item, from);
      const rate = currentRate(pool);
      const value = rate !== undefined && !N.isZero(rate.qty) ? N.mulDivRound(rate.value, qty, rate.qty) : 0;
      bumpLoc(m.item, from, N.neg(qty));
      bumpLoc(m.item, to, qty);
      ledgerRow(m, 'Transfer', pool, from, 0, qty, 0, 0, { note: `to ${to} (company-wide cost pool: value unchanged)` });
      ledgerRow(m, 'Transfer', pool, to, qty, 0, 0, 0, { note: `from ${from}` });
      const fromAcct = stockAccountOf(from);
      const toAcct = stockAccountOf(to);
      if (fromAcct !== toAcct) {
        pushEntry(m, 'Transfer', `Transfer ${m.item} ${from} -> ${to}`, [
          leg(toAcct, value, m.item, to, undefined, false),
          leg(fromAcct, N.neg(value), m.item, from, undefined, true),
        ]);
      }
      return;
    }
    const src = getPool(m.item, from);
    const dst = getPool(m.item, to);
    const issue = takeOut(src, qty, m, m.batch ?? m.serial);
    bumpLoc(m.item, from, N.neg(qty));
    ledgerRow(m, 'Transfer', src, from, 0, qty, 0, issue.value, { layers: issue.layers, note: `to ${to}`, provisional: issue.provisional });
    let trueUps: TrueUp[] = [];
    if (issue.layers !== undefined && LAYERED.has(dst.method)) {
      let layeredQty: Fixed = 0;
      let layeredValue: Fixed = 0;
      for (const l of issue.layers) {
        const origin = receiptBySeq.get(l.receipt);
        if (origin !== undefined) origin.remaining = N.add(origin.remaining, l.qty);
        layeredQty = N.add(layeredQty, l.qty);
        layeredValue = N.add(layeredValue, l.value);
        trueUps = trueUps.concat(putIn(dst, l.qty, l.value, { date: l.date, doc: l.doc, receipt: l.receipt, cost: undefined, ...(l.batch !== undefined ? { batch: l.batch } : {}) }));
      }
      // Units the source did not have (negative stock allowed) arrive at their provisional value.
      const missing = N.sub(qty, layeredQty);
      if (N.sign(missing) > 0) {
        trueUps = trueUps.concat(putIn(dst, missing, N.sub(issue.value, layeredValue), { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined }));
      }
      // putIn counts inflows as the pool's last rate one layer at a time; the transfer is one inflow.
      dst.rateValue = issue.value;
      dst.rateQty = qty;
    } else {
      trueUps = putIn(dst, qty, issue.value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined });
    }
    bumpLoc(m.item, to, qty);
    ledgerRow(m, 'Transfer', dst, to, qty, 0, issue.value, 0, { note: `from ${from}` });
    pushEntry(m, 'Transfer', 'Transfer between locations', [
      stockLeg(dst, issue.value, to),
      stockLeg(src, N.neg(issue.value), from),
    ]);
    postTrueUps(m, dst, to, trueUps);
  };

  const adjustBy = (m: Movement, delta: Fixed, kind: string): void => {
    const location = locationOf(m);
    const item = itemOf(m.item);
    if (item.kind !== 'Stock') {
      diag(m, 'NOT_STOCKED', 'error', `${m.item} is a ${item.kind} item and is not kept in stock.`, 'Item');
      return;
    }
    if (N.isZero(delta)) {
      const pool = getPool(m.item, location);
      ledgerRow(m, kind, pool, location, 0, 0, 0, 0, { note: kind === 'Count' ? 'count agrees with the book' : 'no change' });
      return;
    }
    const pool = getPool(m.item, location);
    if (N.sign(delta) < 0) {
      const qty = N.neg(delta);
      if (blocked(m, m.item, location, qty)) return;
      const res = issueOut(m, 'adjustOut', qty);
      if (res === undefined) return;
      issueCost.set(m.seq, res.cost);
      pushEntry(m, kind, `${kind} ${m.item} -${N.toDecimalString(qty, S.q)}`, [
        stockLeg(pool, N.neg(res.cost), location),
        leg(accountOr(m.account, ADJ, m, 'Account'), res.cost, m.item, location, undefined, true),
      ]);
      const last = ledger[ledger.length - 1];
      if (last !== undefined && kind === 'Count') ledger[ledger.length - 1] = { ...last, type: 'Count', note: `counted ${N.toDecimalString(N.add(availableAt(m.item, location), 0), S.q)}; shrinkage ${N.toDecimalString(qty, S.q)}` };
      return;
    }
    let value: Fixed;
    let cost: Fixed | undefined;
    if (m.unitCost !== undefined) {
      cost = costOf(m.unitCost, m.fxRate);
      value = lineValue(delta, cost);
    } else {
      const rate = currentRate(pool);
      if (rate === undefined) {
        diag(m, 'ZERO_COST_ISSUE', 'warning', `${kind} adds ${m.item} with no known cost; valued at zero.`, 'UnitCost', 'Give a UnitCost for stock found.');
        value = 0;
      } else value = N.mulDivRound(rate.value, delta, rate.qty);
    }
    const trueUps = putIn(pool, delta, value, { date: m.date, doc: m.doc, receipt: m.seq, cost });
    bumpLoc(m.item, location, delta);
    ledgerRow(m, kind, pool, location, delta, 0, value, 0, kind === 'Count' ? { note: `counted ${N.toDecimalString(availableAt(m.item, location), S.q)}; surplus ${N.toDecimalString(delta, S.q)}` } : undefined);
    pushEntry(m, kind, `${kind} ${m.item} +${N.toDecimalString(delta, S.q)}`, [
      stockLeg(pool, value, location),
      leg(accountOr(m.account, ADJ, m, 'Account'), N.neg(value), m.item, location, undefined, true),
    ]);
    postTrueUps(m, pool, location, trueUps);
  };

  const revalue = (m: Movement): void => {
    const location = locationOf(m);
    const method = methodOf(m.item);
    const targets: PoolState[] = [];
    if (method === 'STANDARD' && m.unitCost !== undefined) {
      // A new standard revalues the item everywhere.
      for (const p of pools.values()) if (p.item === m.item) targets.push(p);
      newStandard.set(m.item, m.unitCost);
    } else {
      targets.push(getPool(m.item, location));
    }
    let any = false;
    for (const pool of targets) {
      if (N.sign(pool.qty) <= 0) continue;
      any = true;
      let diff: Fixed;
      if (m.unitCost !== undefined) {
        const cost = costOf(m.unitCost, m.fxRate);
        const target = lineValue(pool.qty, cost);
        diff = N.sub(target, pool.value);
        if (LAYERED.has(pool.method)) {
          for (let i = pool.head; i < pool.layers.length; i++) {
            const l = pool.layers[i] as Layer;
            l.value = lineValue(l.qty, cost);
            l.cost = cost;
          }
        }
        if (pool.method === 'LAST') pool.lastCost = cost;
      } else {
        diff = amountOf(m.amount ?? 0, m.fxRate);
        if (LAYERED.has(pool.method)) {
          const live = pool.layers.slice(pool.head);
          const parts = N.allocate(diff, live.map((l) => l.qty));
          live.forEach((l, i) => {
            l.value = N.add(l.value, parts[i] as Fixed);
            l.cost = undefined;
          });
        }
      }
      pool.value = N.add(pool.value, diff);
      ledgerRow(m, 'Revalue', pool, pool.location === '*' ? location : pool.location, 0, 0, N.sign(diff) > 0 ? diff : 0, N.sign(diff) < 0 ? N.neg(diff) : 0);
      pushEntry(m, 'Revalue', `Revalue ${m.item}`, [stockLeg(pool, diff, pool.location === '*' ? location : pool.location), leg(accountOr(m.account, ADJ, m, 'Account'), N.neg(diff), m.item, undefined, undefined, true)]);
    }
    if (!any && !(method === 'STANDARD' && m.unitCost !== undefined)) {
      diag(m, 'REVALUE_EMPTY', 'warning', `Nothing of ${m.item} is in stock at ${location} to revalue.`, 'Item', 'Revalue after the stock arrives.');
    }
  };

  const consume = (m: Movement): void => {
    const location = locationOf(m);
    const qty = toQ(m.qty);
    if (itemOf(m.item).kind !== 'Stock') {
      diag(m, 'NOT_STOCKED', 'error', `${m.item} is not a stock item.`, 'Item');
      return;
    }
    if (blocked(m, m.item, location, qty)) return;
    const res = issueOut(m, 'consume', qty);
    if (res === undefined || res.pool === undefined) return;
    issueCost.set(m.seq, res.cost);
    const account = accountOr(m.account ?? itemOf(m.item).expenseAccount, COSTCENTER, m, 'Account');
    pushEntry(m, 'Consume', `Internal use of ${N.toDecimalString(qty, S.q)} ${m.item}`, [
      stockLeg(res.pool, N.neg(res.cost), location),
      leg(account, res.cost, m.item, location, undefined, true),
    ]);
  };

  const build = (m: Movement): void => {
    const location = locationOf(m);
    const qty = toQ(m.qty);
    const parts = explode(m, m.item, qty, true);
    if (parts === undefined) return;
    for (const c of parts) if (blocked(m, c.item, location, c.qty)) return;
    const legs: Leg[] = [];
    let total: Fixed = 0;
    for (const c of parts) {
      const cm: Movement = { ...m, item: c.item, qty: N.toNumber(c.qty, S.q), type: 'Build' };
      const res = issueOut(cm, 'consume', c.qty);
      if (res === undefined || res.pool === undefined) continue;
      total = N.add(total, res.cost);
      legs.push(stockLeg(res.pool, N.neg(res.cost), location));
    }
    let absorbed: Fixed = 0;
    for (const l of prep.kits.get(m.item) ?? []) {
      const perUnit = N.add(toC(l.laborCost ?? 0), toC(l.overheadCost ?? 0));
      absorbed = N.add(absorbed, lineValue(qty, perUnit));
    }
    const value = N.add(total, absorbed);
    const pool = getPool(m.item, location);
    const trueUps = putIn(pool, qty, value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined, ...(m.batch !== undefined ? { batch: m.batch } : {}), ...(m.expiry !== undefined ? { expiry: m.expiry } : {}) });
    bumpLoc(m.item, location, qty);
    ledgerRow(m, 'Build', pool, location, qty, 0, value, 0, { note: `components ${N.toDecimalString(total, S.v)} + labor/overhead ${N.toDecimalString(absorbed, S.v)}` });
    legs.push(stockLeg(pool, value, location));
    if (!N.isZero(absorbed)) legs.push(leg(ABSORB, N.neg(absorbed), m.item, location, undefined, false));
    pushEntry(m, 'Build', `Build ${N.toDecimalString(qty, S.q)} ${m.item}`, legs);
    postTrueUps(m, pool, location, trueUps);
  };

  const dropShip = (m: Movement, line: InvoiceLine | undefined): void => {
    const qty = toQ(m.qty);
    const cost = m.unitCost !== undefined ? costOf(m.unitCost, m.fxRate) : (standardOf(m.item) ?? 0);
    const value = lineValue(qty, cost);
    recordReceipt(m, qty, value, cost, methodOf(m.item), locationOf(m), true);
    pushEntry(m, 'DropShip', `Drop shipment ${N.toDecimalString(qty, S.q)} ${m.item} (supplier to customer)`, [
      leg(cogsAccount(m.item), value, m.item, undefined, undefined, true),
      leg(SRNB, N.neg(value), m.item, undefined, m.seq, false),
    ]);
    issueCost.set(m.seq, value);
    if (line !== undefined) {
      line.cogs = N.add(line.cogs, value);
      line.shippedQty = N.add(line.shippedQty, qty);
    } else {
      // Pair with an invoice for the same order, for margins (the cost is in COGS already).
      const k = linkKey(m.order ?? m.doc, m.item);
      const paired = pairWithOpenInvoices(k, qty, value);
      leaveOpenShipment(k, m.seq, paired.left, paired.leftCost, false);
    }
  };


  const bill = (m: Movement): void => {
    const item = itemOf(m.item);
    const fx = m.fxRate;
    const qty = m.qty !== 0 ? toQ(m.qty) : 0;
    const amount = m.amount !== undefined ? amountOf(m.amount, fx) : m.unitCost !== undefined ? lineValue(qty, costOf(m.unitCost, fx)) : 0;
    if (item.kind === 'Expense' || item.kind === 'Service' || (m.account !== undefined && receiptsFor(linkKey(m.order ?? m.doc, m.item)) === undefined)) {
      // Not stock, or an explicit expense account: straight to the account, no receipt to clear.
      const k = linkKey(m.order, m.item);
      const rec = receiptsFor(k)?.find((r) => N.cmp(r.billedQty, r.qty) < 0);
      if (rec !== undefined && (item.kind === 'Expense' || item.kind === 'Service')) {
        // Clears the expense receipt's SRNB; any price difference to the expense account.
        const recValue = N.sub(rec.value, rec.clearedValue);
        rec.billedQty = rec.qty;
        rec.clearedValue = rec.value;
        rec.billedAmount = N.add(rec.billedAmount, amount);
        const expense = accountOr(item.expenseAccount ?? m.account, COSTCENTER, m, 'Account');
        pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item}`.trim(), [
          leg(SRNB, recValue, m.item, undefined, rec.seq, false),
          leg(expense, N.sub(amount, recValue), m.item, undefined, undefined, false),
          leg(AP, N.neg(amount), m.item, undefined, undefined, true),
        ]);
        bills.push({ seq: m.seq, source: m.source, date: m.date, doc: m.doc, order: m.order, item: m.item, qty, amount, matchedReceipts: [rec.seq] });
        return;
      }
      const expense = accountOr(m.account ?? item.expenseAccount, COSTCENTER, m, 'Account');
      pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item} to ${expense}`.trim(), [
        leg(expense, amount, m.item, undefined, undefined, false),
        leg(AP, N.neg(amount), m.item, undefined, undefined, true),
      ]);
      bills.push({ seq: m.seq, source: m.source, date: m.date, doc: m.doc, order: m.order, item: m.item, qty, amount, matchedReceipts: [] });
      return;
    }
    // Match unbilled receipts of the same order (else doc) and item, oldest first.
    const k = linkKey(m.order ?? m.doc, m.item);
    const candidates = receiptsFor(k) ?? [];
    let left = N.isZero(qty) ? candidates.reduce<Fixed>((s, r) => N.add(s, N.sub(N.sub(r.qty, r.billedQty), r.returnedQty)), 0) : qty;
    const totalQty = left;
    let leftAmount = amount;
    const matched: number[] = [];
    for (const rec of candidates) {
      if (N.sign(left) <= 0) break;
      const open = N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
      if (N.sign(open) <= 0) continue;
      const t = N.min(open, left);
      const part = N.cmp(t, left) === 0 ? leftAmount : N.mulDivRound(leftAmount, t, left);
      const fullyBilled = N.cmp(t, open) === 0;
      const recValue = fullyBilled && N.isZero(rec.returnedQty) ? N.sub(rec.value, rec.clearedValue) : lineValue(t, rec.cost);
      rec.billedQty = N.add(rec.billedQty, t);
      rec.clearedValue = N.add(rec.clearedValue, recValue);
      rec.billedAmount = N.add(rec.billedAmount, part);
      matched.push(rec.seq);
      const diff = N.sub(part, recValue);
      pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} for receipt ${rec.doc ?? rec.seq} ${m.item}`.trim(), [
        leg(SRNB, recValue, m.item, undefined, rec.seq, false),
        ...varianceLegs(rec, diff, m),
        leg(AP, N.neg(part), m.item, undefined, undefined, true),
      ]);
      left = N.sub(left, t);
      leftAmount = N.sub(leftAmount, part);
    }
    if (N.sign(left) > 0 || (candidates.length === 0 && !N.isZero(amount))) {
      // Billed before received: SRNB carries the debit until the goods arrive.
      const key = linkKey(m.order ?? m.doc, m.item);
      pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item} before receipt`.trim(), [
        leg(SRNB, leftAmount, m.item, undefined, key !== undefined ? holder('PB#' + m.seq) : undefined, false),
        leg(AP, N.neg(leftAmount), m.item, undefined, undefined, true),
      ]);
      if (key !== undefined) {
        const list = pendingBills.get(key) ?? [];
        list.push({ bill: m.seq, qty: N.isZero(totalQty) ? 0 : left, amount: leftAmount });
        pendingBills.set(key, list);
      }
      diag(m, 'BILL_NOT_MATCHED', 'info', `Bill for ${m.item} has no (or not enough) receipt with this Order/Doc yet; it waits in Stock Received Not Billed.`, m.order !== undefined ? 'Order' : 'Doc', 'Record the receipt with the same Order, or check the Order number.');
    }
    bills.push({ seq: m.seq, source: m.source, date: m.date, doc: m.doc, order: m.order, item: m.item, qty, amount, matchedReceipts: matched });
  };

  /** A receipt for which a bill came first: clear the waiting bill now. */
  const applyPendingBills = (m: Movement, rec: ReceiptRecord): void => {
    if (pendingBills.size === 0) return;
    for (const link of new Set([m.order, m.doc])) {
      const key = linkKey(link, m.item);
      if (key === undefined) continue;
      const queue = pendingBills.get(key);
      while (queue !== undefined && queue.length > 0) {
        const open = N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
        if (N.sign(open) <= 0) return;
        const pb = queue[0] as { bill: number; qty: Fixed; amount: Fixed };
        const t = N.isZero(pb.qty) ? open : N.min(open, pb.qty);
        const part = N.isZero(pb.qty) || N.cmp(t, pb.qty) === 0 ? pb.amount : N.mulDivRound(pb.amount, t, pb.qty);
        const recValue = N.cmp(t, rec.qty) === 0 ? rec.value : lineValue(t, rec.cost);
        rec.billedQty = N.add(rec.billedQty, t);
        rec.clearedValue = N.add(rec.clearedValue, recValue);
        rec.billedAmount = N.add(rec.billedAmount, part);
        if (N.isZero(pb.qty) || N.cmp(t, pb.qty) === 0) queue.shift();
        else {
          pb.qty = N.sub(pb.qty, t);
          pb.amount = N.sub(pb.amount, part);
        }
        const diff = N.sub(part, recValue);
        // Move the waiting bill out of its holding key into the receipt's key.
        pushEntry(m, 'BillMatched', `Receipt ${m.doc ?? ''} matches earlier bill (seq ${pb.bill})`.trim(), [
          leg(SRNB, recValue, m.item, undefined, rec.seq, false),
          ...varianceLegs(rec, diff, m),
          leg(SRNB, N.neg(part), m.item, undefined, holder('PB#' + pb.bill), false),
        ]);
      }
    }
  };

  const purchaseOrder = (m: Movement): void => {
    if (m.order === undefined && m.doc === undefined) {
      diag(m, 'MISSING_ORDER', 'warning', 'A PurchaseOrder row needs an Order (or Doc) to be matched.', 'Order', 'Give the purchase order number.');
      return;
    }
    purchaseOrders.push({
      seq: m.seq,
      source: m.source,
      date: m.date,
      order: (m.order ?? m.doc) as string,
      item: m.item,
      qty: toQ(m.qty),
      cost: m.unitCost !== undefined ? costOf(m.unitCost, m.fxRate) : undefined,
      party: m.party,
    });
  };

  // ---- landed costs ----------------------------------------------------------------------------

  const applyLanded = (lc: LandedCost): void => {
    const linked = receipts.filter(
      (r) =>
        !r.dropShip &&
        (r.doc === lc.appliesTo || r.order === lc.appliesTo) &&
        (lc.basis === 'Manual' || lc.item === undefined || r.item === lc.item) &&
        r.date <= lc.date,
    );
    const targets = lc.basis === 'Manual' ? linked.filter((r) => r.item === lc.item) : linked;
    const fakeMove = { seq: -1 - lc.source.row, source: lc.source, date: lc.date, doc: lc.doc };
    if (targets.length === 0) {
      diagnostics.push({
        code: 'LANDED_NO_RECEIPTS',
        severity: 'error',
        message: `Landed cost ${lc.doc} applies to ${lc.appliesTo}, but no receipt${lc.item !== undefined ? ' of ' + lc.item : ''} with that Doc or Order is dated on or before ${isoDate(lc.date)}.`,
        table: 'LandedCosts',
        row: lc.source.row,
        column: 'AppliesTo',
        hint: 'Give the receipt Doc or its Order, and date the charge on or after the receipt.',
      });
      return;
    }
    const weights = targets.map((r): Fixed => {
      switch (lc.basis) {
        case 'Value':
          return r.value;
        case 'Qty':
          return r.qty;
        case 'Weight':
          return N.mul(r.qty, N.fromNumber(itemOf(r.item).weight ?? 0, 6));
        case 'Volume':
          return N.mul(r.qty, N.fromNumber(itemOf(r.item).volume ?? 0, 6));
        case 'Equal':
        case 'Manual':
          return 1;
        default: {
          const never: never = lc.basis;
          return never;
        }
      }
    });
    if ((lc.basis === 'Weight' || lc.basis === 'Volume') && weights.every((w) => N.isZero(w))) {
      diagnostics.push({
        code: 'LANDED_NO_BASIS',
        severity: 'warning',
        message: `Landed cost ${lc.doc}: none of the items has a ${lc.basis}; split equally instead.`,
        table: 'LandedCosts',
        row: lc.source.row,
        column: 'Basis',
        hint: `Fill ${lc.basis} in the Items table.`,
      });
    }
    // The charge in base currency at posting precision; parts to the cent, largest remainder first.
    const charge = N.rescale(amountOf(lc.amount, lc.fxRate), S.v, S.p);
    const shares = N.allocate(charge, weights);
    const counter = accountOr(lc.account, EIV, undefined, 'Account');
    targets.forEach((rec, i) => {
      const share = shares[i] as Fixed;
      const shareV = N.mul(share, p2v);
      const placed = raiseReceiptStock(rec, shareV, fakeMove, 'LandedCost', `Landed cost ${lc.doc} on ${rec.doc ?? rec.order ?? rec.seq}`);
      pushEntry(fakeMove, 'LandedCost', `Landed cost ${lc.doc} (${lc.basis}) on receipt ${rec.doc ?? rec.seq} ${rec.item}`, [
        ...placed.legs,
        leg(counter, N.neg(shareV), rec.item, undefined, undefined, true),
      ]);
      landed.push({
        source: lc.source,
        date: lc.date,
        doc: lc.doc,
        appliesTo: lc.appliesTo,
        basis: lc.basis,
        receiptSeq: rec.seq,
        receiptDoc: rec.doc,
        item: rec.item,
        receiptQty: rec.qty,
        weight: weights[i] as Fixed,
        share,
        toStock: placed.toStock,
        toCogs: placed.toCogs,
      });
    });
  };

  // ---- the walk --------------------------------------------------------------------------------

  const movements = prep.movements;
  const landedQueue = prep.landedCosts;
  let li = 0;
  const progress = prep.options.onProgress;
  const total = movements.length;
  for (let i = 0; i < total; i++) {
    const m = movements[i] as Movement;
    while (li < landedQueue.length && (landedQueue[li] as LandedCost).date < m.date) applyLanded(landedQueue[li++] as LandedCost);
    switch (m.type) {
      case 'Opening':
        receiptIn(m, true);
        break;
      case 'Receipt':
        receiptIn(m, false);
        break;
      case 'Shipment':
        ship(m, undefined);
        break;
      case 'Sale': {
        // Check stock before booking revenue, so a blocked sale books nothing.
        const components = shippable(m);
        if (components === undefined) break;
        const line = newInvoiceLine(m, toQ(m.qty), revenueOf(m));
        postRevenue(m, line.revenue, false);
        ship(m, line, components);
        break;
      }
      case 'Invoice':
        invoice(m);
        break;
      case 'CustomerReturn':
        customerReturn(m);
        break;
      case 'SupplierReturn':
        supplierReturn(m);
        break;
      case 'Transfer':
        transfer(m);
        break;
      case 'Adjust':
        adjustBy(m, toQ(m.qty), 'Adjust');
        break;
      case 'Count': {
        const location = locationOf(m);
        adjustBy(m, N.sub(toQ(m.qty), availableAt(m.item, location)), 'Count');
        break;
      }
      case 'Revalue':
        revalue(m);
        break;
      case 'Consume':
        consume(m);
        break;
      case 'Build':
        build(m);
        break;
      case 'DropShip':
        dropShip(m, undefined);
        break;
      case 'Bill':
        bill(m);
        break;
      case 'PurchaseOrder':
        purchaseOrder(m);
        break;
      default: {
        const never: never = m.type;
        throw new Error(`internal: unhandled movement type ${String(never)}`);
      }
    }
    if (progress !== undefined && (i & 0xfff) === 0xfff) {
      if (progress('value', i + 1, total) === true) throw new CancelledError();
    }
  }
  while (li < landedQueue.length) applyLanded(landedQueue[li++] as LandedCost);

  const methods = new Set([...pools.values()].map((p) => p.method));
  const only = [...methods][0];
  return {
    ledger,
    journal: poster.finish(),
    trueUps: trueUpDrafts,
    invoices,
    receipts,
    bills,
    purchaseOrders,
    landed,
    pools: [...pools.values()],
    locationQty: flattenLocationQty(itemLocQty),
    issueCost,
    method: methodOverride ?? (methods.size === 1 && only !== undefined ? only : methods.size === 0 ? settings.method : 'MIXED'),
  };
}

function flattenLocationQty(byItem: ReadonlyMap<string, ReadonlyMap<string, Fixed>>): Map<string, Fixed> {
  const out = new Map<string, Fixed>();
  for (const [item, byLoc] of byItem) for (const [loc, q] of byLoc) out.set(item + '\u0001' + loc, q);
  return out;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
