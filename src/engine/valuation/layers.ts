/**
 * Layer consumption for the layered methods: FIFO takes the oldest layer first, LIFO the newest,
 * SPECIFIC the named batch or serial, else first-expiry-first-out.
 *
 *   layers 10 @ 100 (Mon), 10 @ 125 (Tue); issue 15:
 *   FIFO 10 @ 100 + 5 @ 125 = 1,625; LIFO 10 @ 125 + 5 @ 100 = 1,750.
 *
 * SPECIFIC pools keep, beside their layers in arrival order, the same layers sorted by expiry (then
 * arrival), so first-expiry-first-out is a walk from a head index, and a named batch is found
 * through the pool's batch index: no issue sorts or copies the layers.
 * Diagnostics: BATCH_NOT_FOUND (warning).
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { Walk } from './context';
import { NO_FEFO, type ConsumedLayer, type Layer, type PoolState } from './types';

/** Take up to `want` units out of one layer; returns the value taken. */
export function takeFromLayer(w: Walk, layer: Layer, want: Fixed, out: ConsumedLayer[]): { qty: Fixed; value: Fixed } {
  const lq = layer.qty;
  const t = N.cmp(want, lq) < 0 ? want : lq;
  if (N.isZero(t)) return { qty: 0, value: 0 };
  let v: Fixed;
  if (N.cmp(t, lq) === 0) v = layer.value;
  else if (layer.cost !== undefined) v = w.lineValue(t, layer.cost);
  else v = w.share(layer.value, t, lq);
  const left = N.sub(lq, t);
  layer.qty = left;
  layer.value = N.isZero(left) ? 0 : N.sub(layer.value, v);
  out.push({ receipt: layer.receipt, doc: layer.doc, date: layer.date, qty: t, value: v, batch: layer.batch });
  return { qty: t, value: v };
}

/** Drop spent layers from the front once they are more than half the array. */
export function compactFront(pool: PoolState): void {
  while (pool.head < pool.layers.length && N.isZero((pool.layers[pool.head] as Layer).qty)) pool.head++;
  if (pool.head > 64 && pool.head * 2 > pool.layers.length) {
    pool.layers = pool.layers.slice(pool.head);
    pool.head = 0;
  }
}

function short(pool: PoolState, remaining: Fixed): Error {
  return new Error(`internal: layers of ${pool.item} at ${pool.location} short by ${String(remaining)}`);
}

export function consumeFifo(w: Walk, pool: PoolState, qty: Fixed, out: ConsumedLayer[]): Fixed {
  // The hot path, written out: oldest layer first.
  const layers = pool.layers;
  const qc2v = w.qc2v;
  let remaining = qty;
  let value: Fixed = 0;
  let head = pool.head;
  while (N.sign(remaining) > 0 && head < layers.length) {
    const layer = layers[head] as Layer;
    const lq = layer.qty;
    const t = N.cmp(remaining, lq) < 0 ? remaining : lq;
    let v: Fixed;
    if (t === lq) v = layer.value;
    else if (layer.cost !== undefined) v = N.mul(N.mul(t, layer.cost), qc2v);
    else v = w.share(layer.value, t, lq);
    const left = N.sub(lq, t);
    layer.qty = left;
    layer.value = N.isZero(left) ? 0 : N.sub(layer.value, v);
    remaining = N.sub(remaining, t);
    value = N.add(value, v);
    out.push({ receipt: layer.receipt, doc: layer.doc, date: layer.date, qty: t, value: v, batch: layer.batch });
    if (N.isZero(left)) head++;
  }
  pool.head = head;
  compactFront(pool);
  if (N.sign(remaining) > 0) throw short(pool, remaining);
  return value;
}

export function consumeLifo(w: Walk, pool: PoolState, qty: Fixed, out: ConsumedLayer[]): Fixed {
  const layers = pool.layers;
  let remaining = qty;
  let value: Fixed = 0;
  while (N.sign(remaining) > 0 && layers.length > pool.head) {
    const layer = layers[layers.length - 1] as Layer;
    const t = takeFromLayer(w, layer, remaining, out);
    remaining = N.sub(remaining, t.qty);
    value = N.add(value, t.value);
    if (N.isZero(layer.qty)) layers.pop();
  }
  if (N.sign(remaining) > 0) throw short(pool, remaining);
  return value;
}

function batchIndex(pool: PoolState): Map<string, Layer[]> {
  if (pool.byBatch === undefined) {
    const idx = new Map<string, Layer[]>();
    for (let i = pool.head; i < pool.layers.length; i++) {
      const l = pool.layers[i] as Layer;
      if (l.batch !== undefined && N.sign(l.qty) > 0) addToBatchIndex(idx, l);
    }
    pool.byBatch = idx;
  }
  return pool.byBatch;
}

function addToBatchIndex(idx: Map<string, Layer[]>, l: Layer): void {
  const list = idx.get(l.batch as string);
  if (list === undefined) idx.set(l.batch as string, [l]);
  else list.push(l);
}

export function consumeSpecific(w: Walk, pool: PoolState, qty: Fixed, out: ConsumedLayer[], m: Movement, batch: string | undefined): Fixed {
  let remaining = qty;
  let value: Fixed = 0;
  if (batch !== undefined) {
    const named = batchIndex(pool).get(batch);
    const live = named === undefined ? [] : named.filter((l) => N.sign(l.qty) > 0);
    if (live.length === 0) {
      w.diag(m, 'BATCH_NOT_FOUND', 'warning', `Batch/serial ${batch} of ${pool.item} is not in stock at this location; issued first-expiry-first-out instead.`, m.serial !== undefined ? 'Serial' : 'Batch', 'Check the batch or serial number.');
    }
    for (const layer of live) {
      if (N.sign(remaining) <= 0) break;
      const t = takeFromLayer(w, layer, remaining, out);
      remaining = N.sub(remaining, t.qty);
      value = N.add(value, t.value);
      if (N.isZero(layer.qty)) pool.spentLayers++;
    }
    const still = live.filter((l) => N.sign(l.qty) > 0);
    if (still.length === 0) pool.byBatch?.delete(batch);
    else pool.byBatch?.set(batch, still);
  }
  // First-expiry-first-out: walk the expiry order from its head; spent ones are skipped.
  const fefo = pool.fefo;
  for (let i = pool.fefoHead; i < fefo.length && N.sign(remaining) > 0; i++) {
    const layer = fefo[i] as Layer;
    if (N.isZero(layer.qty)) continue;
    const t = takeFromLayer(w, layer, remaining, out);
    remaining = N.sub(remaining, t.qty);
    value = N.add(value, t.value);
    if (N.isZero(layer.qty)) pool.spentLayers++;
  }
  if (N.sign(remaining) > 0) throw short(pool, remaining);
  compactSpecific(pool);
  return value;
}

/** Drop spent layers from both orders once they are more than half of them (amortised linear). */
function compactSpecific(pool: PoolState): void {
  while (pool.fefoHead < pool.fefo.length && N.isZero((pool.fefo[pool.fefoHead] as Layer).qty)) pool.fefoHead++;
  if (pool.fefoHead > 64 && pool.fefoHead * 2 > pool.fefo.length) {
    pool.fefo = pool.fefo.slice(pool.fefoHead);
    pool.fefoHead = 0;
  }
  const live = pool.layers.length - pool.head;
  if (pool.spentLayers > 64 && pool.spentLayers * 2 > live) {
    pool.layers = pool.layers.slice(pool.head).filter((l) => N.sign(l.qty) > 0);
    pool.head = 0;
    pool.spentLayers = 0;
  }
}

/** Arrival order: by date, then by the receipt's seq. */
function arrivesBefore(a: Layer, b: Layer): boolean {
  return a.date < b.date || (a.date === b.date && a.receipt <= b.receipt);
}

/** SPECIFIC order: first expiry first (no expiry last), then arrival order. */
function expiresBefore(a: Layer, b: Layer): boolean {
  const ea = a.expiry ?? Infinity;
  const eb = b.expiry ?? Infinity;
  return ea < eb || (ea === eb && arrivesBefore(a, b));
}

/**
 * Add a layer in its place. Receipts arrive in order and go to the end; a transfer brings older
 * layers, which are put back where their dates say (FIFO/LIFO stay true to dates); SPECIFIC keeps
 * expiry order.
 */
export function insertLayer(w: Walk, pool: PoolState, layer: Layer): void {
  // A pool's first layer gets an array of one (a push onto [] reserves room for 17).
  if (pool.layers.length === 0) pool.layers = [layer];
  else insertSorted(pool.layers, pool.head, layer, arrivesBefore);
  if (pool.method === 'SPECIFIC') {
    if (pool.fefo === NO_FEFO) pool.fefo = [];
    insertSorted(pool.fefo, pool.fefoHead, layer, expiresBefore);
    if (pool.byBatch !== undefined && layer.batch !== undefined) addToBatchIndex(pool.byBatch, layer);
  }
  w.links.noteLayer(pool, layer);
}

/**
 * Insert after the last element from `head` that goes before it (appending is the usual case). The
 * list from `head` is in `before` order, so the place is found by binary search: a transfer that
 * brings an old layer into a pool of many newer ones costs log(layers) comparisons, not a scan.
 */
function insertSorted(list: Layer[], head: number, layer: Layer, before: (a: Layer, b: Layer) => boolean): void {
  const last = list[list.length - 1];
  if (last === undefined || list.length === head || before(last, layer)) {
    list.push(layer);
    return;
  }
  // The first element from head that does not go before the layer (the last one does not).
  let lo = head;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as Layer, layer)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, layer);
}
