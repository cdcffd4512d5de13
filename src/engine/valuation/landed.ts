/**
 * Landed costs: a charge (freight, duty) allocated over the AppliesTo receipt (or order) lines by
 * Basis, to the cent, largest remainder first, the parts summing exactly to the charge. The share of
 * units still on hand raises their layers (Dr Inventory); the share of units already sold goes to
 * COGS on the landed-cost date. The receipts are found through the Doc/Order index.
 *
 *   Freight 30.00 by Qty over receipts of 10 and 20 units: 10.00 and 20.00.
 *
 * Diagnostics: LANDED_NO_RECEIPTS (error), LANDED_NO_BASIS (warning).
 */
import { isoDate } from '../dates';
import * as N from '../num';
import type { Fixed } from '../num';
import type { LandedCost } from '../types';
import type { Walk } from './context';
import { raiseReceiptStock } from './raise';
import { spreadToShipments } from './shipped';
import { leg, type ReceiptRecord } from './types';

function weightOf(w: Walk, lc: LandedCost, r: ReceiptRecord): Fixed {
  switch (lc.basis) {
    case 'Value':
      return r.value;
    case 'Qty':
      return r.qty;
    case 'Weight':
      return N.mul(r.qty, N.fromNumber(w.itemOf(r.item).weight ?? 0, 6));
    case 'Volume':
      return N.mul(r.qty, N.fromNumber(w.itemOf(r.item).volume ?? 0, 6));
    case 'Equal':
    case 'Manual':
      return 1;
    default: {
      const never: never = lc.basis;
      return never;
    }
  }
}

function targetsOf(w: Walk, lc: LandedCost): ReceiptRecord[] {
  const linked = w.links.receiptsLinked(lc.appliesTo).filter((r) => !r.dropShip && (lc.basis === 'Manual' || lc.item === undefined || r.item === lc.item) && r.date <= lc.date);
  // A receipt whose Doc equals its Order is indexed once; one with both links only once per charge.
  const unique = [...new Set(linked)];
  return lc.basis === 'Manual' ? unique.filter((r) => r.item === lc.item) : unique;
}

export function applyLanded(w: Walk, lc: LandedCost): void {
  const targets = targetsOf(w, lc);
  const ref = { seq: -1 - lc.source.row, source: lc.source, date: lc.date, doc: lc.doc };
  if (targets.length === 0) {
    w.diagnostics.push({
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
  const weights = targets.map((r) => weightOf(w, lc, r));
  if ((lc.basis === 'Weight' || lc.basis === 'Volume') && weights.every((x) => N.isZero(x))) {
    w.diagnostics.push({
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
  const charge = N.rescale(w.amountOf(lc.amount, lc.fxRate), w.S.v, w.S.p);
  const shares = N.allocate(charge, weights);
  const counter = w.accountOr(lc.account, w.EIV, undefined, 'Account');
  targets.forEach((rec, i) => {
    const share = shares[i] as Fixed;
    const shareV = N.mul(share, w.p2v);
    const placed = raiseReceiptStock(w, rec, shareV, ref, 'LandedCost', `Landed cost ${lc.doc} on ${rec.doc ?? rec.order ?? rec.seq}`, true);
    spreadToShipments(w, rec, placed.toCogs);
    w.pushEntry(ref, 'LandedCost', `Landed cost ${lc.doc} (${lc.basis}) on receipt ${rec.doc ?? rec.seq} ${rec.item}`, [...placed.legs, leg(counter, N.neg(shareV), rec.item, undefined, undefined, false)]);
    w.landed.push({
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
  w.reclassCompany(ref);
}
