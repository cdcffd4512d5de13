import Decimal from 'decimal.js';
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { isoOf, serial } from '../helpers/dates';
import { comparePeriods } from '../../src/engine/periodic';
import { runEngine } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Inputs, type Method, type Movement } from '../../src/engine/types';

interface Step {
  readonly day: number;
  readonly item: number;
  readonly receive: boolean;
  readonly qty: number;
  readonly cents: number;
}

const step = fc.record({
  day: fc.integer({ min: 0, max: 150 }),
  item: fc.integer({ min: 0, max: 2 }),
  receive: fc.boolean(),
  qty: fc.integer({ min: 1, max: 40 }),
  cents: fc.integer({ min: 1, max: 50000 }),
});

/** Receipts and shipments in date order; a shipment never takes more than is in stock. */
function stream(steps: readonly Step[], withCounts: boolean): Movement[] {
  const start = serial('2026-01-01');
  const onHand = [0, 0, 0];
  const out: Movement[] = [];
  [...steps].sort((a, b) => a.day - b.day).forEach((s) => {
    const item = `I${s.item}`;
    const have = onHand[s.item] as number;
    const base = { seq: out.length, source: { table: 'Movements', row: out.length + 2 }, date: start + s.day, item };
    if (s.receive || have === 0) {
      out.push({ ...base, type: 'Receipt', qty: s.qty, unitCost: s.cents / 100 });
      onHand[s.item] = have + s.qty;
    } else if (withCounts && s.cents % 7 === 0) {
      const counted = Math.max(0, have - (s.qty % 3));
      out.push({ ...base, type: 'Count', qty: counted });
      onHand[s.item] = counted;
    } else {
      const q = Math.min(have, s.qty);
      out.push({ ...base, type: 'Sale', qty: q, unitPrice: (s.cents + 999) / 100 });
      onHand[s.item] = have - q;
    }
  });
  return out;
}

const inputs = (movements: Movement[], method: Method): Inputs => ({
  settings: { ...DEFAULT_SETTINGS, method, negativeStock: 'Block' },
  accounts: [],
  locations: [],
  items: [],
  kits: [],
  movements,
  landedCosts: [],
});

describe('Periodic vs perpetual: properties over random receipt/shipment streams', () => {
  test('with no counts, periodic FIFO COGS equals perpetual FIFO COGS in every period', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const result = runEngine(inputs(stream(steps, false), 'FIFO'));
        expect(result.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
        for (const p of comparePeriods(result)) {
          expect(N.toDecimalString(p.periodic.cogs, 2)).toBe(N.toDecimalString(p.perpetual.cogs, 2));
          expect(N.toDecimalString(p.periodic.closingValue, 2)).toBe(N.toDecimalString(p.perpetual.closingValue, 2));
          expect(p.difference).toBe(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('for every method, with counts: purchases, closing stock and COGS agree with an independent periodic valuation', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.constantFrom<Method>('FIFO', 'LIFO', 'AVERAGE', 'LAST'), (steps, method) => {
        const movements = stream(steps, true);
        const ps = comparePeriods(runEngine(inputs(movements, method)));
        const expected = periodicOracle(movements, method);
        expect(ps.map((p) => p.period)).toEqual(expected.map((x) => x.period));
        ps.forEach((p, k) => {
          const x = expected[k] as OraclePeriod;
          const money = (f: N.Fixed): string => N.toDecimalString(f, 2);
          expect({
            opening: money(p.periodic.openingValue),
            purchases: money(p.periodic.purchases),
            closing: money(p.periodic.closingValue),
            cogs: money(p.periodic.cogs),
            closingQty: p.items.reduce((acc, it) => acc + Number(it.closingQty), 0),
            missingUnits: p.items.reduce((acc, it) => acc + Number(it.shrinkageQty), 0),
          }).toEqual({ opening: x.opening, purchases: x.purchases, closing: x.closing, cogs: x.cogs, closingQty: x.closingQty, missingUnits: x.missingUnits });
          // Nothing here but purchases, sales and counts: no timing, and nothing left unexplained
          // beyond a cent of rounding per item.
          expect(p.explanation.timing).toBe(0);
          expect(N.cmp(N.abs(p.explanation.other), 3)).toBeLessThanOrEqual(0);
        });
      }),
      { numRuns: 150 },
    );
  });
});

interface OraclePeriod {
  readonly period: string;
  readonly opening: string;
  readonly purchases: string;
  readonly closing: string;
  readonly cogs: string;
  readonly closingQty: number;
  readonly missingUnits: number;
}

/**
 * Periodic inventory worked the textbook way, with decimal.js and nothing of the engine: per month,
 * purchases at cost; closing quantity = what is on hand at month end (the counts included); closing
 * value by the periodic form of the method - FIFO: the latest purchases; LIFO: the oldest layers,
 * carried month to month; AVERAGE: (opening value + purchases) / (opening qty + purchased qty),
 * rounded to the cent per item; LAST: the latest purchase cost. COGS = opening + purchases - closing.
 */
function periodicOracle(movements: readonly Movement[], method: Method): OraclePeriod[] {
  const monthOf = (date: number): string => isoOf(date).slice(0, 7);
  const months: string[] = [];
  for (const m of movements) if (!months.includes(monthOf(m.date))) months.push(monthOf(m.date));
  // Every month from the first to the last, empty ones included.
  const all: string[] = [];
  if (months.length > 0) {
    const [y0, m0] = (months[0] as string).split('-').map(Number) as [number, number];
    const last = months[months.length - 1] as string;
    for (let y = y0, m = m0; ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
      const label = `${y}-${String(m).padStart(2, '0')}`;
      all.push(label);
      if (label === last) break;
    }
  }
  const items = [...new Set(movements.map((m) => m.item))];
  const state = new Map(items.map((i) => [i, { onHand: 0, layers: [] as { q: Decimal; c: Decimal }[], closing: new Decimal(0), purchased: [] as { q: Decimal; c: Decimal }[] }]));
  const out: OraclePeriod[] = [];
  let opening = new Decimal(0);
  for (const month of all) {
    let purchases = new Decimal(0);
    let closing = new Decimal(0);
    let closingQty = 0;
    let missingUnits = 0;
    for (const item of items) {
      const st = state.get(item) as { onHand: number; layers: { q: Decimal; c: Decimal }[]; closing: Decimal; purchased: { q: Decimal; c: Decimal }[] };
      const bought: { q: Decimal; c: Decimal }[] = [];
      for (const m of movements) {
        if (m.item !== item || monthOf(m.date) !== month) continue;
        if (m.type === 'Receipt') {
          bought.push({ q: new Decimal(m.qty), c: new Decimal(m.unitCost ?? 0) });
          st.onHand += m.qty;
        } else if (m.type === 'Sale') st.onHand -= m.qty;
        else if (m.type === 'Count') {
          missingUnits += st.onHand - m.qty;
          st.onHand = m.qty;
        }
      }
      const itemPurchases = bought.reduce((acc, b) => acc.plus(b.q.times(b.c)), new Decimal(0));
      purchases = purchases.plus(itemPurchases);
      st.purchased.push(...bought);
      const q = new Decimal(st.onHand);
      let value = new Decimal(0);
      if (method === 'FIFO') {
        let left = q;
        for (let i = st.purchased.length - 1; i >= 0 && left.gt(0); i--) {
          const b = st.purchased[i] as { q: Decimal; c: Decimal };
          const t = Decimal.min(left, b.q);
          value = value.plus(t.times(b.c));
          left = left.minus(t);
        }
      } else if (method === 'LIFO') {
        const available = [...st.layers, ...bought];
        const kept: { q: Decimal; c: Decimal }[] = [];
        let left = q;
        for (const b of available) {
          if (left.lte(0)) break;
          const t = Decimal.min(left, b.q);
          kept.push({ q: t, c: b.c });
          value = value.plus(t.times(b.c));
          left = left.minus(t);
        }
        st.layers = kept;
      } else if (method === 'AVERAGE') {
        const prevQty = st.layers.reduce((acc, l) => acc.plus(l.q), new Decimal(0));
        const totalQty = prevQty.plus(bought.reduce((acc, b) => acc.plus(b.q), new Decimal(0)));
        const totalValue = st.closing.plus(itemPurchases);
        value = q.isZero() ? new Decimal(0) : q.eq(totalQty) ? totalValue : totalValue.times(q).div(totalQty).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        st.layers = q.isZero() ? [] : [{ q, c: new Decimal(0) }];
      } else {
        const latest = st.purchased[st.purchased.length - 1];
        value = latest === undefined ? new Decimal(0) : q.times(latest.c);
      }
      st.closing = value;
      closing = closing.plus(value);
      closingQty += st.onHand;
    }
    out.push({
      period: month,
      opening: opening.toFixed(2),
      purchases: purchases.toFixed(2),
      closing: closing.toFixed(2),
      cogs: opening.plus(purchases).minus(closing).toFixed(2),
      closingQty,
      missingUnits,
    });
    opening = closing;
  }
  return out;
}
