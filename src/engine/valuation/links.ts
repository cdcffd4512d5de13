/**
 * The walk's link indexes: receipts by Doc/Order (+ item), what left under an Order/Doc (for customer
 * returns and costs that reach goods already gone), and each receipt's live layers wherever transfers
 * took them. Each is built on first use and kept up to date from then on, so a stream without bills,
 * returns or landed costs never pays for them.
 *
 *   w.links.receiptsFor(w.linkKey('PO-7', 'COAT'))  // receipts of PO-7 for COAT, in receipt order
 */
import { RefColumn } from '../columns';
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { HeldLayer, Walk } from './context';
import type { Layer, PoolState, ReceiptRecord } from './types';

export class Links {
  /** Shipment rows in the order valued (their cost is issueCost by seq): indexed by link only when a customer return asks. */
  private readonly shipments = new RefColumn<Movement>();
  private readonly shippedByLink = new Map<string, { qty: Fixed; cost: Fixed }>();
  private shipIndexReady = false;
  private readonly receiptsByLink = new Map<string, ReceiptRecord[]>();
  private readonly receiptsByLinkAnyItem = new Map<string, ReceiptRecord[]>();
  private linkIndexReady = false;
  private readonly layersByReceipt = new Map<number, HeldLayer[]>();
  private layerIndexReady = false;

  constructor(private readonly w: Walk) {}

  recordReceipt(rec: ReceiptRecord): void {
    this.w.receipts.push(rec);
    if (this.linkIndexReady) this.indexReceipt(rec);
  }

  private indexReceipt(rec: ReceiptRecord): void {
    const add = (map: Map<string, ReceiptRecord[]>, k: string): void => {
      const list = map.get(k);
      if (list === undefined) map.set(k, [rec]);
      else list.push(rec);
    };
    for (const link of rec.doc === rec.order ? [rec.order] : [rec.order, rec.doc]) {
      if (link === undefined) continue;
      add(this.receiptsByLink, link + '\u0001' + rec.item);
      add(this.receiptsByLinkAnyItem, link);
    }
  }

  private readyLinks(): void {
    if (this.linkIndexReady) return;
    this.linkIndexReady = true;
    for (const rec of this.w.receipts) this.indexReceipt(rec);
  }

  /** Receipts with this Doc or Order and item (a linkKey), in receipt order. */
  receiptsFor(k: string | undefined): ReceiptRecord[] | undefined {
    this.readyLinks();
    return k === undefined ? undefined : this.receiptsByLink.get(k);
  }

  /** Receipts with this Doc or Order, any item, in receipt order. */
  receiptsLinked(link: string): readonly ReceiptRecord[] {
    this.readyLinks();
    return this.receiptsByLinkAnyItem.get(link) ?? [];
  }

  /** A shipment row was valued (its cost already in issueCost). */
  recordShipment(m: Movement): void {
    this.shipments.push(m);
    if (this.shipIndexReady) this.indexShipment(m);
  }

  private indexShipment(m: Movement): void {
    const qty = this.w.toQ(m.qty);
    const cost = this.w.issueCost.get(m.seq) ?? 0;
    const remember = (link: string | undefined): void => {
      if (link === undefined) return;
      const k = link + '\u0001' + m.item;
      const prev = this.shippedByLink.get(k);
      this.shippedByLink.set(k, prev === undefined ? { qty, cost } : { qty: N.add(prev.qty, qty), cost: N.add(prev.cost, cost) });
    };
    remember(m.order);
    if (m.doc !== m.order) remember(m.doc);
  }

  /** Quantity and cost shipped under this Order or Doc for an item (for customer returns). */
  shippedFor(link: string | undefined, item: string): { qty: Fixed; cost: Fixed } | undefined {
    if (!this.shipIndexReady) {
      this.shipIndexReady = true;
      for (let i = 0; i < this.shipments.length; i++) this.indexShipment(this.shipments.get(i));
    }
    return link === undefined ? undefined : this.shippedByLink.get(link + '\u0001' + item);
  }

  /** Add a cost that reached a shipment after it left (bill difference, landed cost) to its link. */
  addShippedCost(link: string | undefined, item: string, cost: Fixed): void {
    const hit = this.shippedFor(link, item);
    if (hit !== undefined) hit.cost = N.add(hit.cost, cost);
  }

  /** Note that a layer of a receipt now sits in a pool (kept once the index is in use). */
  noteLayer(pool: PoolState, layer: Layer): void {
    if (!this.layerIndexReady || layer.receipt < 0) return;
    const list = this.layersByReceipt.get(layer.receipt);
    if (list === undefined) this.layersByReceipt.set(layer.receipt, [{ pool, layer }]);
    else list.push({ pool, layer });
  }

  /**
   * Units of a receipt still in stock (layered methods): the live layers that carry them, wherever
   * transfers took them. Units that settled negative stock on arrival were already gone.
   */
  remainingOf(rec: ReceiptRecord): Fixed {
    let on: Fixed = 0;
    for (const h of this.layersOfReceipt(rec.seq)) on = N.add(on, h.layer.qty);
    return on;
  }

  /** The live layers that carry a receipt's units, wherever they are now. */
  layersOfReceipt(receipt: number): HeldLayer[] {
    if (!this.layerIndexReady) {
      this.layerIndexReady = true;
      for (const pool of this.w.pools) for (let i = pool.head; i < pool.layers.length; i++) this.noteLayer(pool, pool.layers[i] as Layer);
    }
    const list = this.layersByReceipt.get(receipt);
    if (list === undefined) return [];
    // Drop the spent ones for good, so each layer is looked at a bounded number of times.
    const live = list.filter((h) => N.sign(h.layer.qty) > 0);
    if (live.length !== list.length) this.layersByReceipt.set(receipt, live);
    return live;
  }
}
