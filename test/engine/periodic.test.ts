import * as N from '../../src/engine/num';
import { serial } from '../helpers/dates';
import { comparePeriods, type PeriodComparison } from '../../src/engine/periodic';
import { runEngine } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Inputs, type Item, type Movement, type Settings } from '../../src/engine/types';

type Row = Omit<Movement, 'seq' | 'source'>;

function inputs(rows: readonly Row[], settings: Partial<Settings> = {}, items: readonly Item[] = []): Inputs {
  return {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    accounts: [],
    locations: [],
    items,
    kits: [],
    movements: rows.map((r, i) => ({ ...r, seq: i, source: { table: 'Movements', row: i + 2 } })),
    landedCosts: [],
  };
}

const d = serial;

/** Money of a period as decimal strings at posting precision, as an accountant reads them. */
function money(p: PeriodComparison): Record<string, string> {
  const s = (x: N.Fixed): string => N.toDecimalString(x, 2);
  return {
    revenue: s(p.revenue),
    perpCogs: s(p.perpetual.cogs),
    perpClosing: s(p.perpetual.closingValue),
    opening: s(p.periodic.openingValue),
    purchases: s(p.periodic.purchases),
    closing: s(p.periodic.closingValue),
    periodicCogs: s(p.periodic.cogs),
    difference: s(p.difference),
    shrinkage: s(p.explanation.shrinkage),
    method: s(p.explanation.methodEffect),
    timing: s(p.explanation.timing),
    other: s(p.explanation.other),
  };
}

function partsSum(p: PeriodComparison): N.Fixed {
  const e = p.explanation;
  return N.add(N.add(e.shrinkage, e.methodEffect), N.add(e.timing, e.other));
}

describe('Periodic vs perpetual: the coats month (SPEC section 10)', () => {
  const coats: Row[] = [
    { date: d('2026-03-02'), type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R1' },
    { date: d('2026-03-10'), type: 'Sale', item: 'COAT', qty: 2, unitPrice: 250, doc: 'S1', party: 'Alice' },
  ];

  test('10 @ 100 received, 2 sold @ 250: periodic 0 + 1,000 - 800 = 200, equal to perpetual', () => {
    const [march, ...rest] = comparePeriods(runEngine(inputs(coats)));
    expect(rest).toHaveLength(0);
    expect(march?.period).toBe('2026-03');
    expect(money(march as PeriodComparison)).toEqual({
      revenue: '500.00',
      perpCogs: '200.00',
      perpClosing: '800.00',
      opening: '0.00',
      purchases: '1000.00',
      closing: '800.00',
      periodicCogs: '200.00',
      difference: '0.00',
      shrinkage: '0.00',
      method: '0.00',
      timing: '0.00',
      other: '0.00',
    });
    expect(march?.invoices.map((i) => [i.doc, N.toDecimalString(i.margin, 2)])).toEqual([['S1', '300.00']]);
  });

  test('a Count of 7 at month end: periodic COGS 300, perpetual 200 + 100 to Stock Adjustment, 100 explained as shrinkage', () => {
    const r = runEngine(inputs([...coats, { date: d('2026-03-31'), type: 'Count', item: 'COAT', qty: 7 }]));
    const [march] = comparePeriods(r);
    const m = march as PeriodComparison;
    expect(money(m)).toEqual({
      revenue: '500.00',
      perpCogs: '200.00',
      perpClosing: '700.00',
      opening: '0.00',
      purchases: '1000.00',
      closing: '700.00',
      periodicCogs: '300.00',
      difference: '100.00',
      shrinkage: '100.00',
      method: '0.00',
      timing: '0.00',
      other: '0.00',
    });
    // Honest about where perpetual put the coat: Stock Adjustment, not COGS.
    expect(N.toDecimalString(m.perpetualStockAdjustment, 2)).toBe('100.00');
    expect(m.counts).toEqual([{ item: 'COAT', location: 'Main', date: d('2026-03-31'), counted: 7, bookBefore: 8 }]);
    expect(m.items[0]?.shrinkageQty).toBe(1);
  });

  test('a count earlier than the last 7 days still corrects the book but is not listed as the closing count', () => {
    const r = runEngine(inputs([...coats, { date: d('2026-03-15'), type: 'Count', item: 'COAT', qty: 7 }, { date: d('2026-03-31'), type: 'Receipt', item: 'COAT', qty: 1, unitCost: 100, doc: 'R2' }]));
    const m = comparePeriods(r)[0] as PeriodComparison;
    expect(m.counts).toEqual([]);
    expect(N.toDecimalString(m.periodic.closingValue, 2)).toBe('800.00');
    expect(N.toDecimalString(m.periodic.cogs, 2)).toBe('300.00');
    expect(N.toDecimalString(m.explanation.shrinkage, 2)).toBe('100.00');
  });
});

/*
 * Published textbook problem A - "You have your own business reselling 15th edition Kieso
 * textbooks", solved both ways (https://wizedu.com/questions/357330/you-have-your-own-business-reselling-15th-edition):
 *   Beginning inventory 2 @ $100; 1/1 purchased 1 @ $73; 2/1 sold 2; 3/1 purchased 2 @ $101.
 *   Published answers:            COGS   Ending inventory
 *     Periodic FIFO                200    275
 *     Periodic LIFO                202    273
 *     Periodic average ($95)       190    285
 *     Perpetual FIFO               200    275
 *     Perpetual LIFO               173    302
 *     Perpetual moving average     182    293   ($91 after the 1/1 purchase)
 */
describe('Textbook problem A (Kieso textbooks, one quarter), Period All', () => {
  const rows: Row[] = [
    { date: d('2026-01-01'), type: 'Opening', item: 'BOOK', qty: 2, unitCost: 100 },
    { date: d('2026-01-01'), type: 'Receipt', item: 'BOOK', qty: 1, unitCost: 73, doc: 'P1' },
    { date: d('2026-02-01'), type: 'Shipment', item: 'BOOK', qty: 2, doc: 'S1' },
    { date: d('2026-03-01'), type: 'Receipt', item: 'BOOK', qty: 2, unitCost: 101, doc: 'P2' },
  ];
  const cases: [string, Settings['method'], string, string, string, string][] = [
    // method, periodic COGS, periodic ending, perpetual COGS, perpetual ending
    ['FIFO', 'FIFO', '200.00', '275.00', '200.00', '275.00'],
    ['LIFO', 'LIFO', '202.00', '273.00', '173.00', '302.00'],
    ['weighted average vs moving average', 'AVERAGE', '190.00', '285.00', '182.00', '293.00'],
  ];
  test.each(cases)('%s', (_name, method, pCogs, pEnd, perpCogs, perpEnd) => {
    const all = comparePeriods(runEngine(inputs(rows, { method, period: 'All' })));
    expect(all).toHaveLength(1);
    const p = all[0] as PeriodComparison;
    expect(p.period).toBe('All');
    const m = money(p);
    expect([m.periodicCogs, m.closing, m.perpCogs, m.perpClosing]).toEqual([pCogs, pEnd, perpCogs, perpEnd]);
    expect([m.opening, m.purchases]).toEqual(['200.00', '275.00']);
    // The whole difference is the method's doing.
    expect(p.explanation.methodEffect).toBe(p.difference);
    expect(partsSum(p)).toBe(p.difference);
  });
});

/*
 * Published textbook problem B - periodic and perpetual FIFO and LIFO
 * (https://indextestingapp.uonbi.ac.ke/preguntia/13686044):
 *   June 1 balance 304 @ $13; June 10 sold 205; June 11 purchased 804 @ $15; June 15 sold 504;
 *   June 20 purchased 498 @ $16; June 27 sold 295. Cost available $23,980; 602 units on hand.
 *   Published answers:   FIFO (either system)  ending $9,528  COGS $14,452
 *                        LIFO periodic         ending $8,422  COGS $15,558
 *                        LIFO perpetual        ending $9,035  COGS $14,945
 */
describe('Textbook problem B (June, 304 @ 13 + two purchases, three sales), Period All', () => {
  const rows: Row[] = [
    { date: d('2026-06-01'), type: 'Opening', item: 'U', qty: 304, unitCost: 13 },
    { date: d('2026-06-10'), type: 'Sale', item: 'U', qty: 205, unitPrice: 30 },
    { date: d('2026-06-11'), type: 'Receipt', item: 'U', qty: 804, unitCost: 15 },
    { date: d('2026-06-15'), type: 'Sale', item: 'U', qty: 504, unitPrice: 32 },
    { date: d('2026-06-20'), type: 'Receipt', item: 'U', qty: 498, unitCost: 16 },
    { date: d('2026-06-27'), type: 'Sale', item: 'U', qty: 295, unitPrice: 34 },
  ];
  test.each([
    ['FIFO', '14452.00', '9528.00', '14452.00', '9528.00'],
    ['LIFO', '15558.00', '8422.00', '14945.00', '9035.00'],
  ] as const)('%s', (method, pCogs, pEnd, perpCogs, perpEnd) => {
    const p = comparePeriods(runEngine(inputs(rows, { method, period: 'All' })))[0] as PeriodComparison;
    const m = money(p);
    expect([m.periodicCogs, m.closing, m.perpCogs, m.perpClosing]).toEqual([pCogs, pEnd, perpCogs, perpEnd]);
    // Revenue 205 x 30 + 504 x 32 + 295 x 34 = 6,150 + 16,128 + 10,030.
    expect(m.revenue).toBe('32308.00');
    expect(partsSum(p)).toBe(p.difference);
  });
  test('by month the same answers hold (one period, June)', () => {
    const ps = comparePeriods(runEngine(inputs(rows, { method: 'LIFO', period: 'Month' })));
    expect(ps.map((p) => p.period)).toEqual(['2026-06']);
    expect(money(ps[0] as PeriodComparison).periodicCogs).toBe('15558.00');
  });
});

describe('Periodic forms carried across periods', () => {
  const rows: Row[] = [
    { date: d('2026-01-05'), type: 'Receipt', item: 'X', qty: 10, unitCost: 10 },
    { date: d('2026-01-20'), type: 'Receipt', item: 'X', qty: 10, unitCost: 12 },
    { date: d('2026-01-25'), type: 'Shipment', item: 'X', qty: 12 },
    { date: d('2026-02-05'), type: 'Receipt', item: 'X', qty: 5, unitCost: 14 },
    { date: d('2026-02-20'), type: 'Shipment', item: 'X', qty: 9 },
  ];
  test('LIFO periodic keeps its oldest layers from January into February', () => {
    const [jan, feb] = comparePeriods(runEngine(inputs(rows, { method: 'LIFO' })));
    // January: closing 8 = oldest layer 8 @ 10 = 80; COGS 100 + 120 - 80 = 140.
    expect(money(jan as PeriodComparison).closing).toBe('80.00');
    expect(money(jan as PeriodComparison).periodicCogs).toBe('140.00');
    // February: opening 80 (8 @ 10) + 70 purchases; closing 4 @ 10 = 40; COGS 110.
    const f = money(feb as PeriodComparison);
    expect([f.opening, f.purchases, f.closing, f.periodicCogs]).toEqual(['80.00', '70.00', '40.00', '110.00']);
  });
  test('weighted average periodic uses opening plus the period purchases', () => {
    const [jan, feb] = comparePeriods(runEngine(inputs(rows, { method: 'AVERAGE' })));
    // January: 220 / 20 = 11; closing 8 x 11 = 88; COGS 132. February: (88 + 70) / 13 x 4 = 48.62
    expect(money(jan as PeriodComparison).closing).toBe('88.00');
    expect(money(feb as PeriodComparison).closing).toBe('48.62');
    expect(partsSum(feb as PeriodComparison)).toBe((feb as PeriodComparison).difference);
  });
  test('STANDARD values the closing count at standard, LAST at the latest purchase cost', () => {
    const std = comparePeriods(runEngine(inputs(rows, { method: 'STANDARD' }, [{ code: 'X', kind: 'Stock', batchTracked: false, standardCost: 11 }])));
    expect(money(std[1] as PeriodComparison).closing).toBe('44.00');
    const last = comparePeriods(runEngine(inputs(rows, { method: 'LAST' })));
    expect(money(last[0] as PeriodComparison).closing).toBe('96.00');
    expect(money(last[1] as PeriodComparison).closing).toBe('56.00');
  });
});

describe('Sale/shipment timing', () => {
  const base: Row[] = [{ date: d('2026-03-01'), type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R1' }];
  test('invoiced in March, shipped in April: March revenue without cost, shown as invoiced not shipped', () => {
    const rows: Row[] = [
      ...base,
      { date: d('2026-03-20'), type: 'Invoice', item: 'COAT', qty: 2, unitPrice: 250, doc: 'S1' },
      { date: d('2026-04-02'), type: 'Shipment', item: 'COAT', qty: 2, doc: 'S1' },
    ];
    for (const cogsTiming of ['Shipment', 'Invoice'] as const) {
      const [mar, apr] = comparePeriods(runEngine(inputs(rows, { cogsTiming })));
      const m = money(mar as PeriodComparison);
      expect([m.revenue, m.perpCogs, m.periodicCogs]).toEqual(['500.00', '0.00', '0.00']);
      expect(N.toDecimalString((mar as PeriodComparison).timingDetail.invoicedNotShipped, 2)).toBe('500.00');
      const a = money(apr as PeriodComparison);
      expect([a.revenue, a.perpCogs, a.periodicCogs]).toEqual(['0.00', '200.00', '200.00']);
      expect(N.toDecimalString((apr as PeriodComparison).timingDetail.invoicedNotShipped, 2)).toBe('0.00');
      // Perpetual still knows the invoice's margin, whatever month the goods left.
      expect((mar as PeriodComparison).invoices.map((i) => N.toDecimalString(i.margin, 2))).toEqual(['300.00']);
    }
  });
  test('shipped in March, invoiced in April, CogsTiming=Invoice: the GDNI accrual is the timing part', () => {
    const rows: Row[] = [
      ...base,
      { date: d('2026-03-20'), type: 'Shipment', item: 'COAT', qty: 2, doc: 'S1' },
      { date: d('2026-04-02'), type: 'Invoice', item: 'COAT', qty: 2, unitPrice: 250, doc: 'S1' },
    ];
    const [mar, apr] = comparePeriods(runEngine(inputs(rows, { cogsTiming: 'Invoice' })));
    expect(money(mar as PeriodComparison)).toMatchObject({ perpCogs: '0.00', periodicCogs: '200.00', difference: '200.00', timing: '200.00', other: '0.00', method: '0.00' });
    expect(N.toDecimalString((mar as PeriodComparison).timingDetail.shippedNotInvoiced, 2)).toBe('200.00');
    expect(money(apr as PeriodComparison)).toMatchObject({ revenue: '500.00', perpCogs: '200.00', periodicCogs: '0.00', difference: '-200.00', timing: '-200.00', other: '0.00' });
    expect(N.toDecimalString((apr as PeriodComparison).timingDetail.shippedNotInvoiced, 2)).toBe('0.00');
  });
  test('shipped in March, invoiced in April, CogsTiming=Shipment: no COGS difference, the cost without revenue is disclosed', () => {
    const rows: Row[] = [
      ...base,
      { date: d('2026-03-20'), type: 'Shipment', item: 'COAT', qty: 2, doc: 'S1' },
      { date: d('2026-04-02'), type: 'Invoice', item: 'COAT', qty: 2, unitPrice: 250, doc: 'S1' },
    ];
    const [mar] = comparePeriods(runEngine(inputs(rows)));
    expect(money(mar as PeriodComparison)).toMatchObject({ perpCogs: '200.00', periodicCogs: '200.00', difference: '0.00', timing: '0.00' });
    expect(N.toDecimalString((mar as PeriodComparison).timingDetail.shippedNotInvoiced, 2)).toBe('200.00');
  });
});

describe('Per-invoice margins: only perpetual knows them', () => {
  test('best margin first, worst last', () => {
    const rows: Row[] = [
      { date: d('2026-03-01'), type: 'Receipt', item: 'SCARF', qty: 10, unitCost: 20 },
      { date: d('2026-03-02'), type: 'Sale', item: 'SCARF', qty: 1, unitPrice: 30, doc: 'I1', channel: 'Retail' },
      { date: d('2026-03-03'), type: 'Sale', item: 'SCARF', qty: 1, unitPrice: 15, doc: 'I2', channel: 'Sale' },
      { date: d('2026-03-04'), type: 'Sale', item: 'SCARF', qty: 2, unitPrice: 50, doc: 'I3', channel: 'Online' },
    ];
    const [m] = comparePeriods(runEngine(inputs(rows)));
    expect(m?.invoices.map((i) => [i.doc, N.toDecimalString(i.margin, 2)])).toEqual([
      ['I3', '60.00'],
      ['I1', '10.00'],
      ['I2', '-5.00'],
    ]);
  });
});

describe('Purchases beyond plain receipts (FIFO)', () => {
  const lc = (date: number, doc: string, appliesTo: string, amount: number): Inputs['landedCosts'][number] => ({ source: { table: 'LandedCosts', row: 2 }, date, doc, appliesTo, amount, basis: 'Value' });
  test('a landed cost raises its receipt layer: periodic closing carries it, no difference', () => {
    const inp: Inputs = {
      ...inputs([
        { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 10, unitCost: 10, doc: 'R1' },
        { date: d('2026-03-10'), type: 'Sale', item: 'X', qty: 5, unitPrice: 30 },
      ]),
      landedCosts: [lc(d('2026-03-05'), 'FREIGHT', 'R1', 20)],
    };
    const m = money(comparePeriods(runEngine(inp))[0] as PeriodComparison);
    expect([m.purchases, m.closing, m.periodicCogs, m.perpCogs, m.difference]).toEqual(['120.00', '60.00', '60.00', '60.00', '0.00']);
  });
  test('a supplier return leaves its own receipt layer and reduces purchases at the receipt cost', () => {
    const m = money(
      comparePeriods(
        runEngine(
          inputs([
            { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 10, unitCost: 10, doc: 'R1' },
            { date: d('2026-03-02'), type: 'Receipt', item: 'X', qty: 10, unitCost: 12, doc: 'R2' },
            { date: d('2026-03-03'), type: 'SupplierReturn', item: 'X', qty: 2, doc: 'R1' },
            { date: d('2026-03-10'), type: 'Sale', item: 'X', qty: 5, unitPrice: 30 },
          ]),
        ),
      )[0] as PeriodComparison,
    );
    expect([m.purchases, m.closing, m.periodicCogs, m.perpCogs, m.difference]).toEqual(['200.00', '150.00', '50.00', '50.00', '0.00']);
  });
  test('a bill price difference after some units sold: purchases at the billed price, layer raised, no difference', () => {
    const m = money(
      comparePeriods(
        runEngine(
          inputs([
            { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 10, unitCost: 10, doc: 'R1', order: 'PO1' },
            { date: d('2026-03-05'), type: 'Sale', item: 'X', qty: 4, unitPrice: 30 },
            { date: d('2026-03-08'), type: 'Bill', item: 'X', qty: 10, amount: 110, doc: 'B1', order: 'PO1' },
          ]),
        ),
      )[0] as PeriodComparison,
    );
    // Perpetual: 4 sold at 10 + 4 of the 10 difference to COGS = 44; 6 on hand at 11 = 66.
    expect([m.purchases, m.closing, m.periodicCogs, m.perpCogs, m.perpClosing, m.difference]).toEqual(['110.00', '66.00', '44.00', '44.00', '66.00', '0.00']);
  });
});

describe('What lands in method effect and other', () => {
  test('two locations: perpetual FIFO per location vs company-wide periodic FIFO is method effect', () => {
    const rows: Row[] = [
      { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 5, unitCost: 10, location: 'A' },
      { date: d('2026-03-02'), type: 'Receipt', item: 'X', qty: 5, unitCost: 20, location: 'B' },
      { date: d('2026-03-03'), type: 'Sale', item: 'X', qty: 5, unitPrice: 30, location: 'B' },
    ];
    const m = money(comparePeriods(runEngine(inputs(rows)))[0] as PeriodComparison);
    // Perpetual sells B's 5 @ 20 = 100; periodic FIFO keeps the newest 5 (@ 20) and costs 50.
    expect([m.perpCogs, m.periodicCogs, m.difference, m.method, m.other]).toEqual(['100.00', '50.00', '-50.00', '-50.00', '0.00']);
  });
  test('internal use (Consume) is "other": periodic sees it gone, perpetual expenses it outside COGS', () => {
    const rows: Row[] = [
      { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 10, unitCost: 10 },
      { date: d('2026-03-03'), type: 'Consume', item: 'X', qty: 3 },
    ];
    const m = money(comparePeriods(runEngine(inputs(rows)))[0] as PeriodComparison);
    expect([m.perpCogs, m.periodicCogs, m.difference, m.shrinkage, m.method, m.timing, m.other]).toEqual(['0.00', '30.00', '30.00', '0.00', '0.00', '0.00', '30.00']);
  });
  test('negative stock allowed: the periods still reconcile exactly', () => {
    const rows: Row[] = [
      { date: d('2026-03-01'), type: 'Receipt', item: 'X', qty: 2, unitCost: 10 },
      { date: d('2026-03-20'), type: 'Sale', item: 'X', qty: 5, unitPrice: 30 },
      { date: d('2026-04-02'), type: 'Receipt', item: 'X', qty: 10, unitCost: 12 },
      { date: d('2026-04-09'), type: 'Sale', item: 'X', qty: 1, unitPrice: 30 },
    ];
    const ps = comparePeriods(runEngine(inputs(rows, { negativeStock: 'Allow' })));
    expect(ps).toHaveLength(2);
    for (const p of ps) expect(partsSum(p)).toBe(p.difference);
    // Over both months together the two systems agree on total COGS.
    const total = (f: (p: PeriodComparison) => N.Fixed): N.Fixed => ps.reduce<N.Fixed>((s, p) => N.add(s, f(p)), 0);
    expect(N.toDecimalString(total((p) => p.periodic.cogs), 2)).toBe(N.toDecimalString(total((p) => p.perpetual.cogs), 2));
  });
});

describe('Timing disclosure ignores what never ships', () => {
  test('a drop shipment covers its invoice; a service invoice is never "not shipped"', () => {
    const rows: Row[] = [
      { date: d('2026-03-02'), type: 'Invoice', item: 'X', qty: 1, unitPrice: 50, doc: 'S1' },
      { date: d('2026-03-03'), type: 'DropShip', item: 'X', qty: 1, unitCost: 30, doc: 'S1' },
      { date: d('2026-03-04'), type: 'Invoice', item: 'FIT', qty: 1, unitPrice: 80, doc: 'S2' },
    ];
    const items: Item[] = [{ code: 'FIT', kind: 'Service', batchTracked: false }];
    const [m] = comparePeriods(runEngine(inputs(rows, {}, items)));
    expect(N.toDecimalString((m as PeriodComparison).timingDetail.invoicedNotShipped, 2)).toBe('0.00');
    expect(N.toDecimalString((m as PeriodComparison).timingDetail.shippedNotInvoiced, 2)).toBe('0.00');
    // The drop shipment is a purchase used up at once on the periodic side too.
    expect(money(m as PeriodComparison)).toMatchObject({ purchases: '30.00', perpCogs: '30.00', periodicCogs: '30.00', difference: '0.00' });
  });
});
