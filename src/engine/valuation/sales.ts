/**
 * Sales: shipments (and the shipment half of a Sale), sales invoices, customer returns and drop
 * shipments, with the pairing of shipped cost to invoice lines (margins; GDNI under Invoice timing).
 *
 *   Sale 15 after 10 @ 100, 10 @ 125 (FIFO): Dr COGS 1,625 / Cr Inventory 1,625; Dr AR / Cr Sales.
 *
 * Kit items ship as their components (each component's cost to COGS under its own item). Pairing is
 * by Order, else Doc, and item, oldest first.
 * Diagnostics: NEGATIVE_STOCK, KIT_NO_COMPONENTS, NOT_STOCKED, RETURN_NOT_MATCHED.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import { noteShipmentLayers } from './shipped';
import type { Walk } from './context';
import { issueOut } from './inventory';
import { explode } from './kits';
import { atCurrentRate, postTrueUps, putIn } from './pool';
import { queueOf } from './queue';
import { dropShipCost } from './receipts';
import { leg, type InvoiceLine } from './types';

type Components = { item: string; qty: Fixed }[];

/**
 * Pair a shipped quantity and its cost with invoice lines of the same order (else doc) and item
 * that are still waiting for goods, oldest first. Returns what stays unpaired.
 */
function pairWithOpenInvoices(w: Walk, k: string | undefined, qty: Fixed, cost: Fixed): { left: Fixed; leftCost: Fixed; paidCost: Fixed } {
  let left = qty;
  let leftCost = cost;
  let paidCost: Fixed = 0;
  const queue = k !== undefined ? w.openInvoices.get(k) : undefined;
  while (queue !== undefined && !queue.isEmpty() && N.sign(left) > 0) {
    const head = queue.peek() as { line: InvoiceLine; qty: Fixed };
    const t = N.min(head.qty, left);
    const c = N.cmp(t, left) === 0 ? leftCost : w.share(leftCost, t, left);
    head.line.cogs = N.add(head.line.cogs, c);
    head.line.shippedQty = N.add(head.line.shippedQty, t);
    head.qty = N.sub(head.qty, t);
    if (N.isZero(head.qty)) queue.drop();
    left = N.sub(left, t);
    leftCost = N.sub(leftCost, c);
    paidCost = N.add(paidCost, c);
  }
  return { left, leftCost, paidCost };
}

/** Pair with waiting invoices; what stays waits for later invoices. Returns the part paired. */
function pairShipment(w: Walk, m: Movement, qty: Fixed, cost: Fixed, inGdni: boolean): Fixed {
  const k = w.linkKey(m.order ?? m.doc, m.item);
  const paired = pairWithOpenInvoices(w, k, qty, cost);
  if (k !== undefined && N.sign(paired.left) > 0) queueOf(w.openShipments, k).push({ seq: m.seq, qty: paired.left, cost: paired.leftCost, inGdni });
  return paired.paidCost;
}

export function newInvoiceLine(w: Walk, m: Movement, qty: Fixed, revenue: Fixed): InvoiceLine {
  const line: InvoiceLine = {
    seq: m.seq,
    source: m.source,
    date: m.date,
    doc: m.doc,
    party: m.party,
    channel: m.channel,
    order: m.order,
    item: m.item,
    location: w.locationOf(m),
    qty,
    revenue,
    cogs: 0,
    shippedQty: 0,
    replacementCost: w.lastPurchaseCost.get(m.item) ?? w.standardOf(m.item),
    isKit: w.itemOf(m.item).kind === 'Kit',
  };
  w.invoices.push(line);
  return line;
}

/** Qty x UnitPrice (or Amount) x FxRate, at value scale. */
export function revenueOf(w: Walk, m: Movement): Fixed {
  if (m.amount !== undefined && m.unitPrice === undefined) return w.amountOf(m.amount, m.fxRate);
  if (m.unitPrice === undefined) return 0;
  const S = w.S;
  const base = N.mul(w.toQ(m.qty), N.fromNumber(m.unitPrice, S.v - S.q));
  const fx = m.fxRate;
  return fx === undefined || fx === 1 ? base : N.rescale(N.mul(base, N.fromNumber(fx, S.v)), 2 * S.v, S.v);
}

function postRevenue(w: Walk, m: Movement, revenue: Fixed, reverse: boolean): void {
  const amt = reverse ? N.neg(revenue) : revenue;
  const at = w.legs.mark();
  w.addLeg(w.AR, amt, m.item, undefined, undefined, false);
  w.addLeg(w.salesAccount(m.item), N.neg(amt), m.item, undefined, undefined, true);
  w.postLegs(at, m, reverse ? 'CreditNote' : 'Invoice', reverse ? 'Credit note' : 'Sales invoice');
}

/** The row's own item and quantity is what ships (a stock item: the usual case, with no list made). */
const ITSELF = 'itself';

/**
 * What a shipment of this row takes out of stock (a kit's components, none for a service or an
 * expense item; ITSELF for a stock item), or undefined when it cannot ship (no kit lines; not enough
 * stock under Block).
 */
function shippable(w: Walk, m: Movement): Components | typeof ITSELF | undefined {
  const item = w.itemOf(m.item);
  const qty = w.toQ(m.qty);
  if (item.kind === 'Service' || item.kind === 'Expense') return [];
  const location = w.locationOf(m);
  if (item.kind !== 'Kit') return w.blocked(m, m.item, location, qty) ? undefined : ITSELF;
  const components = explode(w, m, m.item, qty, false);
  if (components === undefined) return undefined;
  for (const c of components) if (w.blocked(m, c.item, location, c.qty)) return undefined;
  return components;
}

/** One item of shipment `m` out of stock (`part`: m itself, or a kit component as a movement): its stock leg added, its cost returned. */
function shipPart(w: Walk, m: Movement, part: Movement, qty: Fixed, location: string): Fixed {
  const res = issueOut(w, part, qty);
  noteShipmentLayers(w, m, res.layers);
  w.addStockLeg(res.pool, N.neg(res.cost), location);
  return res.cost;
}

function ship(w: Walk, m: Movement, line: InvoiceLine | undefined, what: Components | typeof ITSELF): void {
  if (what !== ITSELF && what.length === 0) return; // nothing leaves stock
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  const at = w.legs.mark();
  // A kit: each component's cost goes to COGS under its own item (kept only for kits).
  const kit = what !== ITSELF && (what.length > 1 || (what[0] as Components[number]).item !== m.item);
  const componentCosts: { item: string; cost: Fixed }[] | undefined = kit ? [] : undefined;
  let total: Fixed;
  if (what === ITSELF) total = shipPart(w, m, m, qty, location);
  else {
    total = 0;
    for (const c of what) {
      const cost = shipPart(w, m, c.item === m.item ? m : { ...m, item: c.item, qty: N.toNumber(c.qty, w.S.q) }, c.qty, location);
      total = N.add(total, cost);
      componentCosts?.push({ item: c.item, cost });
    }
  }
  w.issueCost.set(m.seq, total);
  // Remember what left under this order and doc, so a customer return comes back at that cost.
  w.links.recordShipment(m);
  let invoicedCost: Fixed;
  if (line !== undefined) {
    line.cogs = N.add(line.cogs, total);
    line.shippedQty = N.add(line.shippedQty, qty);
    invoicedCost = total;
  } else invoicedCost = pairShipment(w, m, qty, total, w.invoiceTiming);
  if (w.invoiceTiming) {
    if (!N.isZero(invoicedCost)) w.addLeg(w.cogsAccount(m.item), invoicedCost, m.item, location, undefined, false);
    w.addLeg(w.GDNI, N.sub(total, invoicedCost), m.item, location, undefined, true);
  } else if (componentCosts !== undefined) {
    // A kit: each component's cost goes to COGS under its own item (the margin line stays the kit's).
    componentCosts.forEach((c, i) => w.addLeg(w.cogsAccount(c.item), c.cost, c.item, location, undefined, i === componentCosts.length - 1));
  } else w.addLeg(w.cogsAccount(m.item), total, m.item, location, undefined, true);
  w.postLegs(at, m, m.type === 'Sale' ? 'Shipment' : m.type, w.invoiceTiming ? 'Goods shipped (cost to GDNI until invoiced)' : 'Goods shipped: cost of goods sold');
}

export function shipment(w: Walk, m: Movement): void {
  const components = shippable(w, m);
  if (components !== undefined) ship(w, m, undefined, components);
}

/** Invoice and shipment in one row; stock is checked before revenue, so a blocked sale books nothing. */
export function sale(w: Walk, m: Movement): void {
  const components = shippable(w, m);
  if (components === undefined) return;
  const line = newInvoiceLine(w, m, w.toQ(m.qty), revenueOf(w, m));
  postRevenue(w, m, line.revenue, false);
  ship(w, m, line, components);
}

export function invoice(w: Walk, m: Movement): void {
  const revenue = revenueOf(w, m);
  const qty = w.toQ(m.qty);
  const line = newInvoiceLine(w, m, qty, revenue);
  postRevenue(w, m, revenue, false);
  // Pair with shipments already made for the same order/doc and item.
  const k = w.linkKey(m.order ?? m.doc, m.item);
  let left = qty;
  let matchedCost: Fixed = 0;
  let fromGdni: Fixed = 0;
  if (k !== undefined) {
    const queue = w.openShipments.get(k);
    while (queue !== undefined && !queue.isEmpty() && N.sign(left) > 0) {
      const head = queue.peek() as { seq: number; qty: Fixed; cost: Fixed; inGdni: boolean };
      const t = N.min(head.qty, left);
      const c = N.cmp(t, head.qty) === 0 ? head.cost : w.share(head.cost, t, head.qty);
      head.qty = N.sub(head.qty, t);
      head.cost = N.sub(head.cost, c);
      if (N.isZero(head.qty)) queue.drop();
      left = N.sub(left, t);
      matchedCost = N.add(matchedCost, c);
      if (head.inGdni) fromGdni = N.add(fromGdni, c);
    }
    if (N.sign(left) > 0) queueOf(w.openInvoices, k).push({ line, qty: left });
  }
  line.cogs = N.add(line.cogs, matchedCost);
  line.shippedQty = N.add(line.shippedQty, N.sub(qty, left));
  if (!N.isZero(fromGdni)) {
    w.pushEntry(m, 'CogsRecognised', 'COGS recognised on invoice', [
      leg(w.cogsAccount(m.item), fromGdni, m.item, undefined, undefined, false),
      leg(w.GDNI, N.neg(fromGdni), m.item, undefined, undefined, true),
    ]);
  }
}

export function customerReturn(w: Walk, m: Movement): void {
  const item = w.itemOf(m.item);
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  if (item.kind === 'Kit' || item.kind === 'Service' || item.kind === 'Expense') {
    w.diag(m, 'NOT_STOCKED', 'error', `${m.item} is a ${item.kind} item and cannot be returned into stock.`, 'Item', 'Return the components instead.');
    return;
  }
  const pool = w.getPool(m.item, location);
  let value: Fixed;
  const shipped = w.links.shippedFor(m.order, m.item) ?? w.links.shippedFor(m.doc, m.item);
  if (shipped !== undefined && N.sign(shipped.qty) > 0) {
    value = w.share(shipped.cost, qty, shipped.qty);
  } else {
    value = m.unitCost !== undefined ? w.lineValue(qty, w.costOf(m.unitCost, m.fxRate)) : atCurrentRate(w, pool, qty);
    w.diag(m, 'RETURN_NOT_MATCHED', 'info', `No shipment of ${m.item} with this Order/Doc; the return is valued at ${m.unitCost !== undefined ? 'the given UnitCost' : 'the current rate'}.`, m.order !== undefined ? 'Order' : 'Doc', 'Give the Order (or Doc) of the original shipment to return at the cost it left with.');
  }
  value = w.landOnGrid(pool, value);
  const trueUps = putIn(w, pool, qty, value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined, batch: m.batch });
  w.bumpLoc(m.item, location, qty);
  w.ledgerRow(m, m.type, pool, location, qty, 0, value, 0);
  w.pushEntry(m, m.type, `Customer return ${N.toDecimalString(qty, w.S.q)} ${m.item}`, [w.stockLeg(pool, value, location), leg(w.cogsAccount(m.item), N.neg(value), m.item, location, undefined, true)]);
  postTrueUps(w, m, pool, location, trueUps);
  w.issueCost.set(m.seq, N.neg(value));
  if (m.unitPrice !== undefined || m.amount !== undefined) {
    const revenue = revenueOf(w, m);
    postRevenue(w, m, revenue, true);
    const line = newInvoiceLine(w, m, N.neg(qty), N.neg(revenue));
    line.cogs = N.neg(value);
    line.shippedQty = N.neg(qty);
  }
}

export function dropShip(w: Walk, m: Movement): void {
  const { qty, value } = dropShipCost(w, m);
  // Pair with an invoice for the same order, for margins (the cost is in COGS already).
  pairShipment(w, m, qty, value, false);
}
