/**
 * Stage 2, value: walk the movements in order and value every one the moment it happens.
 *
 * Each (item, location) pool (or each item, with CostPool=Company) holds its stock as FIFO/LIFO
 * layers, batch layers (SPECIFIC), or a single quantity and value (AVERAGE, STANDARD, LAST). The walk
 * writes one stock-ledger row per pool touched and hands an exact entry draft per accounting event to
 * the posting stage (values at the value scale, not yet rounded: post.ts rounds them without residue).
 *
 * Worked example (SPEC section 10): Monday receive 10 @ 100, Tuesday 10 @ 125, Wednesday ship 15.
 * FIFO takes 10 @ 100 + 5 @ 125 = 1,625; LIFO 10 @ 125 + 5 @ 100 = 1,750; AVERAGE 15 x 112.50 =
 * 1,687.50. Whatever the method, when a pool's quantity reaches zero its value is zero.
 *
 * The walk is a table from movement type to handler; the handlers live by family (receipts,
 * purchasing, sales, inventory, kits, landed costs) and share the walk's state (context.ts).
 * Landed costs are applied after the movements of their date.
 *
 * Diagnostics: see each handler's module (NEGATIVE_STOCK, ZERO_COST_ISSUE, NOT_STOCKED,
 * RETURN_NOT_MATCHED, BATCH_NOT_FOUND, REVALUE_EMPTY, BILL_NOT_MATCHED, LANDED_NO_RECEIPTS,
 * KIT_NO_COMPONENTS, MISSING_STANDARD_COST, MISSING_UNIT_COST, MISSING_ORDER, UNKNOWN_ACCOUNT). A foreign
 * Currency without FxRate never reaches the walk (prepare.ts: FX_RATE_MISSING).
 */
import type { Fixed } from '../num';
import type { Prepared } from '../prepare';
import type { Diagnostic, LandedCost, Method, Movement, MovementType } from '../types';
import { Walk } from './context';
import { adjustBy, consume, count, revalue, transfer } from './inventory';
import { build } from './kits';
import { applyLanded } from './landed';
import { bill, purchaseOrder } from './purchasing';
import { receiptIn, supplierReturn } from './receipts';
import { customerReturn, dropShip, invoice, sale, shipment } from './sales';
import { CancelledError, type EntrySink, type ValuationResult } from './types';

type Handler = (w: Walk, m: Movement) => void;

/** Every movement type and what values it (exhaustive: a new type fails to compile until handled). */
const HANDLERS: Readonly<Record<MovementType, Handler>> = {
  Opening: (w, m) => receiptIn(w, m, true),
  Receipt: (w, m) => receiptIn(w, m, false),
  Bill: bill,
  PurchaseOrder: purchaseOrder,
  SupplierReturn: supplierReturn,
  Shipment: shipment,
  Sale: sale,
  Invoice: invoice,
  CustomerReturn: customerReturn,
  DropShip: dropShip,
  Transfer: transfer,
  Adjust: (w, m) => adjustBy(w, m, w.toQ(m.qty), 'Adjust'),
  Count: count,
  Revalue: revalue,
  Consume: consume,
  Build: build,
};

/**
 * What the walk's columns will hold, from the movement types, so they are sized once up front. A
 * column that doubles mid-run allocates twice its size outside the JS heap, and V8 answers every
 * 64 MB of that with a full collection over the whole heap: at a million movements the old guesses
 * (one ledger row, one entry of two lines, half a layer a movement) each fell short, every column
 * doubled once, and that cost three or four collections of about half a second each and over
 * 100 MB of slots never used.
 *
 *   ledger rows: one a movement, two for a transfer (out and in);
 *   entries: one a movement, two for a sale (revenue and cost) or a priced customer return;
 *   lines: two an entry;
 *   consumed layers: one and a half for each movement that can issue stock;
 * plus 1/64 for what the types do not say (true-ups, price variances, kit components).
 */
export function expectedSize(movements: readonly Movement[]): { ledgerRows: number; layerRows: number; entries: number; lines: number } {
  let transfers = 0;
  let doubleEntries = 0;
  let issues = 0;
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i] as Movement;
    switch (m.type) {
      case 'Transfer':
        transfers++;
        issues++;
        break;
      case 'Sale':
        doubleEntries++;
        issues++;
        break;
      case 'CustomerReturn':
        if (m.unitPrice !== undefined || m.amount !== undefined) doubleEntries++;
        break;
      case 'Shipment':
      case 'SupplierReturn':
      case 'Consume':
      case 'Build':
      case 'Count':
      case 'Adjust':
        issues++;
        break;
      default:
        break;
    }
  }
  const n = movements.length;
  const slack = n >> 6;
  const entries = n + doubleEntries + slack;
  return { ledgerRows: n + transfers + slack, layerRows: issues + (issues >> 1) + slack, entries, lines: 2 * entries };
}

/**
 * Value all movements, handing each entry draft to `sink` as it is made. `diagnostics` receives the
 * valuation's own problems. `methodOverride` values every item by one method (the tax book).
 */
export function valueMovements(prep: Prepared, diagnostics: Diagnostic[], sink: EntrySink, methodOverride?: Method): ValuationResult {
  const w = new Walk(prep, diagnostics, sink, methodOverride);
  const size = expectedSize(prep.movements);
  w.ledger.reserve(size.ledgerRows, size.layerRows);
  sink.expect?.(size.entries, size.lines);
  const movements = prep.movements;
  const landedQueue = prep.landedCosts;
  let li = 0;
  const progress = prep.options.onProgress;
  const total = movements.length;
  for (let i = 0; i < total; i++) {
    const m = movements[i] as Movement;
    while (li < landedQueue.length && (landedQueue[li] as LandedCost).date < m.date) applyLanded(w, landedQueue[li++] as LandedCost);
    HANDLERS[m.type](w, m);
    w.reclassCompany(m);
    if (progress !== undefined && (i & 0xfff) === 0xfff && progress('value', i + 1, total) === true) throw new CancelledError();
  }
  while (li < landedQueue.length) applyLanded(w, landedQueue[li++] as LandedCost);
  return resultOf(w, methodOverride);
}

function resultOf(w: Walk, methodOverride: Method | undefined): ValuationResult {
  const methods = new Set(w.pools.map((p) => p.method));
  const only = [...methods][0];
  const locationQty = w.locationQuantities();
  return {
    ledger: w.ledger,
    trueUps: w.trueUps,
    invoices: w.invoices,
    receipts: w.receipts,
    bills: w.bills,
    purchaseOrders: w.purchaseOrders,
    landed: w.landed,
    pools: w.pools,
    get locationQty() {
      return locationQty();
    },
    issueCost: w.issueCost,
    method: methodOverride ?? (methods.size === 1 && only !== undefined ? only : methods.size === 0 ? w.prep.inputs.settings.method : 'MIXED'),
  };
}
