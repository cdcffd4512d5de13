/**
 * Kits and builds: a kit's components (Kits table, plus ScrapPct on a Build), and Build movements,
 * which consume the components and produce the finished item at their cost plus labor and overhead.
 *
 *   Kit BOX = 2 x PART (2.00 each), labor 1.00 per kit; Build 5 BOX:
 *   Dr Inventory (BOX) 25.00 / Cr Inventory (PART) 20.00, Cr Absorbed Labor and Overhead 5.00
 *
 * Diagnostics: KIT_NO_COMPONENTS (error), NEGATIVE_STOCK.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { KitLine, Movement } from '../types';
import type { Walk } from './context';
import { issueOut } from './inventory';
import { postTrueUps, putIn } from './pool';
import { leg, type Leg } from './types';

/** The components (and quantities) of `qty` kits, or undefined (with an error) when it has none. */
export function explode(w: Walk, m: Movement, kitCode: string, qty: Fixed, withScrap: boolean): { item: string; qty: Fixed }[] | undefined {
  const lines = w.prep.kits.get(kitCode);
  if (lines === undefined || lines.length === 0) {
    w.diag(m, 'KIT_NO_COMPONENTS', 'error', `Kit ${kitCode} has no lines in the Kits table; not valued.`, 'Item', 'Add its components to the Kits table.');
    return undefined;
  }
  const q = w.S.q;
  return lines.map((l: KitLine) => {
    let per = N.fromNumber(l.qty, q);
    if (withScrap && l.scrapPct !== undefined && l.scrapPct !== 0) {
      // qty x (1 + scrap/100), kept exact at the quantity scale
      per = N.mulDivRound(per, N.fromNumber(100 + l.scrapPct, q), N.fromNumber(100, q));
    }
    return { item: l.component, qty: N.mulDivRound(qty, per, N.pow10Fixed(q)) };
  });
}

export function build(w: Walk, m: Movement): void {
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  const parts = explode(w, m, m.item, qty, true);
  if (parts === undefined) return;
  for (const c of parts) if (w.blocked(m, c.item, location, c.qty)) return;
  const legs: Leg[] = [];
  let total: Fixed = 0;
  for (const c of parts) {
    const res = issueOut(w, { ...m, item: c.item, qty: N.toNumber(c.qty, w.S.q), type: 'Build' }, c.qty);
    total = N.add(total, res.cost);
    legs.push(w.stockLeg(res.pool, N.neg(res.cost), location));
  }
  let absorbed: Fixed = 0;
  for (const l of w.prep.kits.get(m.item) ?? []) {
    const perUnit = N.add(w.toC(l.laborCost ?? 0), w.toC(l.overheadCost ?? 0));
    absorbed = N.add(absorbed, w.lineValue(qty, perUnit));
  }
  const pool = w.getPool(m.item, location);
  const value = w.landOnGrid(pool, N.add(total, absorbed));
  const trueUps = putIn(w, pool, qty, value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined, batch: m.batch, expiry: m.expiry });
  w.bumpLoc(m.item, location, qty);
  w.ledgerRow(m, 'Build', pool, location, qty, 0, value, 0, { note: `components ${N.toDecimalString(total, w.S.v)} + labor/overhead ${N.toDecimalString(absorbed, w.S.v)}` });
  legs.push(w.stockLeg(pool, value, location));
  if (!N.isZero(absorbed)) legs.push(leg(w.ABSORB, N.neg(absorbed), m.item, location, undefined, false));
  w.pushEntry(m, 'Build', `Build ${N.toDecimalString(qty, w.S.q)} ${m.item}`, legs);
  postTrueUps(w, m, pool, location, trueUps);
}
