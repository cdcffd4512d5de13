import Decimal from 'decimal.js';
import * as N from '../../src/engine/num';
import { itemOf, valueText, journalLines, run, stockAccountsVsLedger, unbalancedEntries, accountBalance } from './support';

describe('SPEC section 10: the winter coats', () => {
  const monTueWed = [
    { date: '2026-03-02', type: 'Receipt' as const, item: 'COAT', qty: 10, unitCost: 100 },
    { date: '2026-03-03', type: 'Receipt' as const, item: 'COAT', qty: 10, unitCost: 125 },
    { date: '2026-03-04', type: 'Shipment' as const, item: 'COAT', qty: 15 },
  ];
  test.each([
    ['FIFO', '1625.00', '625.00'],
    ['LIFO', '1750.00', '500.00'],
    ['AVERAGE', '1687.50', '562.50'],
  ] as const)('%s: 10 @ 100 Monday, 10 @ 125 Tuesday, ship 15 Wednesday -> COGS %s, closing %s', (method, cogs, closing) => {
    const r = run({ settings: { method }, rows: monTueWed });
    expect(itemOf(r, 'COAT')).toMatchObject({ qty: '5', cogs, value: closing });
  });

  test('the coats month: COGS 200, closing 800, margin 300 on the invoice itself', () => {
    const r = run({
      rows: [
        { date: '2026-03-02', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R-001', order: 'PO-001' },
        { date: '2026-03-05', type: 'Bill', item: 'COAT', qty: 10, amount: 1000, doc: 'B-001', order: 'PO-001' },
        { date: '2026-03-10', type: 'Sale', item: 'COAT', qty: 2, unitPrice: 250, doc: 'INV-001' },
      ],
    });
    expect(money(r.totals)).toEqual({ cogs: '200.00', inventoryValue: '800.00', revenue: '500.00', grossMargin: '300.00' });
    expect(journalLines(r)).toEqual([
      'Dr Inventory 1000.00',
      'Cr Stock Received Not Billed 1000.00',
      'Dr Stock Received Not Billed 1000.00',
      'Cr Accounts Payable 1000.00',
      'Dr Accounts Receivable 500.00',
      'Cr Sales 500.00',
      'Cr Inventory 200.00',
      'Dr Cost of Goods Sold 200.00',
    ]);
    const inv = r.valuation.invoices[0];
    expect(inv && valueText(r, N.sub(inv.revenue, inv.cogs))).toBe('300.00');
    function money(t: typeof r.totals): Record<string, string> {
      return { cogs: N.toDecimalString(t.cogs, 2), inventoryValue: N.toDecimalString(t.inventoryValue, 2), revenue: N.toDecimalString(t.revenue, 2), grossMargin: N.toDecimalString(t.grossMargin, 2) };
    }
  });
});

describe('published textbook problem, perpetual (Weygandt, Kimmel & Kieso, Accounting Principles, Houston Electronics, Appendix 6A)', () => {
  // Jan 1 beginning 100 @ $10; Apr 15 purchase 200 @ $11; Aug 24 purchase 300 @ $12; Sep 10 sale 550;
  // Nov 27 purchase 400 @ $13. Published: FIFO COGS $6,200, ending $5,800; LIFO COGS $6,300, ending
  // $5,700; moving average COGS $6,233, ending $5,767 (average $11.333, shown rounded to dollars).
  const rows = [
    { date: '2025-01-01', type: 'Opening' as const, item: 'HE', qty: 100, unitCost: 10 },
    { date: '2025-04-15', type: 'Receipt' as const, item: 'HE', qty: 200, unitCost: 11 },
    { date: '2025-08-24', type: 'Receipt' as const, item: 'HE', qty: 300, unitCost: 12 },
    { date: '2025-09-10', type: 'Shipment' as const, item: 'HE', qty: 550 },
    { date: '2025-11-27', type: 'Receipt' as const, item: 'HE', qty: 400, unitCost: 13 },
  ];
  test.each([
    ['FIFO', '6200.00', '5800.00'],
    ['LIFO', '6300.00', '5700.00'],
    ['AVERAGE', '6233.33', '5766.67'],
  ] as const)('%s gives COGS %s and ending inventory %s', (method, cogs, ending) => {
    const r = run({ settings: { method }, rows });
    expect(itemOf(r, 'HE')).toMatchObject({ qty: '450', cogs, value: ending });
    // The table's figures, derived by hand from the five rows (not from the engine):
    //   FIFO    550 = 100 @ 10 + 200 @ 11 + 250 @ 12                   = 1,000 + 2,200 + 3,000
    //   LIFO    550 = 300 @ 12 + 200 @ 11 + 50 @ 10 (before the Nov lot) = 3,600 + 2,200 + 500
    //   AVERAGE 550 x (1,000 + 2,200 + 3,600) / 600
    // and ending inventory = everything bought (1,000 + 2,200 + 3,600 + 5,200 = 12,000) - COGS.
    const derived = { FIFO: new Decimal(1000 + 2200 + 3000), LIFO: new Decimal(3600 + 2200 + 500), AVERAGE: new Decimal(6800).div(600).times(550) }[method];
    expect(derived.toFixed(2)).toBe(cogs);
    expect(new Decimal(12000).minus(derived).toFixed(2)).toBe(ending);
  });
});

describe('other methods', () => {
  test('STANDARD: stock at standard, the receipt price difference to purchase price variance', () => {
    const r = run({
      items: [{ code: 'W', kind: 'Stock', method: 'STANDARD', standardCost: 10, batchTracked: false }],
      rows: [
        { date: '2026-01-05', type: 'Receipt', item: 'W', qty: 100, unitCost: 10.5, doc: 'R1', order: 'PO1' },
        { date: '2026-01-06', type: 'Bill', item: 'W', qty: 100, amount: 1050, order: 'PO1' },
        { date: '2026-01-10', type: 'Shipment', item: 'W', qty: 40 },
      ],
    });
    expect(itemOf(r, 'W')).toMatchObject({ value: '600.00', cogs: '400.00' });
    expect(accountBalance(r, 'PurchasePriceVariance')).toBe('50.00');
    expect(accountBalance(r, 'StockReceivedNotBilled')).toBe('0.00');
  });

  test('LAST: stock on hand revalued to the latest receipt cost, difference to stock adjustment', () => {
    const r = run({
      settings: { method: 'LAST' },
      rows: [
        { date: '2026-01-05', type: 'Receipt', item: 'L', qty: 10, unitCost: 5 },
        { date: '2026-01-06', type: 'Receipt', item: 'L', qty: 10, unitCost: 6 },
        { date: '2026-01-07', type: 'Shipment', item: 'L', qty: 5 },
      ],
    });
    expect(itemOf(r, 'L')).toMatchObject({ value: '90.00', cogs: '30.00' });
    expect(accountBalance(r, 'StockAdjustment')).toBe('-10.00');
  });
});

describe('negative stock', () => {
  const rows = [
    { date: '2026-02-01', type: 'Receipt' as const, item: 'N', qty: 5, unitCost: 10, doc: 'R1' },
    { date: '2026-02-02', type: 'Shipment' as const, item: 'N', qty: 8, doc: 'S1' },
    { date: '2026-02-03', type: 'Receipt' as const, item: 'N', qty: 10, unitCost: 12, doc: 'R2' },
  ];
  test('Block: the issue is rejected with an error and nothing is posted for it', () => {
    const r = run({ rows });
    const err = r.diagnostics.find((x) => x.code === 'NEGATIVE_STOCK');
    expect(err).toMatchObject({ severity: 'error', table: 'Movements', row: 3, column: 'Qty' });
    expect(itemOf(r, 'N')).toMatchObject({ qty: '15', value: '170.00', cogs: '0.00' });
  });
  test('Allow: provisional rate, then a linked true-up when the covering receipt arrives', () => {
    const r = run({ settings: { negativeStock: 'Allow' }, rows });
    // 5 @ 10 from stock + 3 provisional @ 10 (last known rate); the 3 are really 12: true-up 6.
    expect(itemOf(r, 'N')).toMatchObject({ qty: '7', value: '84.00', cogs: '86.00' });
    const trueUp = r.valuation.trueUps[0];
    expect(trueUp?.linkedTo).toBe(1);
    expect(r.valuation.ledger.toArray().some((l) => l.type === 'TrueUp' && (l.note ?? '').includes('settles shortfall'))).toBe(true);
    expect(unbalancedEntries(r)).toEqual([]);
    for (const a of stockAccountsVsLedger(r)) expect(a.gl).toBe(a.subledger);
  });
});

describe('transfers and cost pools', () => {
  test('FIFO layers and their cost travel with the goods', () => {
    const r = run({
      locations: [
        { code: 'Main', kind: 'Normal' },
        { code: 'Store', kind: 'Normal' },
      ],
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'T', qty: 10, unitCost: 1, location: 'Main' },
        { date: '2026-01-02', type: 'Receipt', item: 'T', qty: 10, unitCost: 2, location: 'Main' },
        { date: '2026-01-03', type: 'Transfer', item: 'T', qty: 15, location: 'Main', toLocation: 'Store' },
        { date: '2026-01-04', type: 'Shipment', item: 'T', qty: 12, location: 'Store' },
      ],
    });
    // Store got 10 @ 1 + 5 @ 2; shipping 12 takes 10 @ 1 + 2 @ 2 = 14.
    expect(itemOf(r, 'T')).toMatchObject({ cogs: '14.00', value: '16.00', qty: '8' });
  });

  test('CostPool Company: one pool per item whatever the location', () => {
    const r = run({
      settings: { costPool: 'Company' },
      locations: [
        { code: 'A', kind: 'Normal' },
        { code: 'B', kind: 'Normal' },
      ],
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'C', qty: 10, unitCost: 1, location: 'A' },
        { date: '2026-01-02', type: 'Receipt', item: 'C', qty: 10, unitCost: 2, location: 'B' },
        { date: '2026-01-03', type: 'Shipment', item: 'C', qty: 5, location: 'B' },
      ],
    });
    expect(itemOf(r, 'C')).toMatchObject({ cogs: '5.00', value: '25.00' });
  });

  test('foreign currency receipts convert at FxRate, exactly', () => {
    const r = run({ rows: [{ date: '2026-01-01', type: 'Receipt', item: 'F', qty: 3, unitCost: 10.01, fxRate: 1.0825 }] });
    // 3 x 10.01 x 1.0825 = 32.507475 -> 32.51 posted
    expect(itemOf(r, 'F').value).toBe('32.51');
  });
});

describe('counts, adjustments, returns, revaluation', () => {
  test('a count posts the shrinkage to stock adjustment', () => {
    const r = run({
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'K', qty: 10, unitCost: 4 },
        { date: '2026-01-31', type: 'Count', item: 'K', qty: 7 },
      ],
    });
    expect(itemOf(r, 'K')).toMatchObject({ qty: '7', value: '28.00' });
    expect(accountBalance(r, 'StockAdjustment')).toBe('12.00');
  });
  test('a customer return comes back at the cost it left with', () => {
    const r = run({
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'R', qty: 10, unitCost: 4 },
        { date: '2026-01-02', type: 'Shipment', item: 'R', qty: 5, order: 'SO1' },
        { date: '2026-01-03', type: 'Receipt', item: 'R', qty: 10, unitCost: 9 },
        { date: '2026-01-04', type: 'CustomerReturn', item: 'R', qty: 2, order: 'SO1', unitPrice: 10 },
      ],
    });
    expect(itemOf(r, 'R')).toMatchObject({ qty: '17', cogs: '12.00', value: '118.00', revenue: '-20.00' });
  });
  test('revalue to a new unit cost writes stock down through stock adjustment', () => {
    const r = run({
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'V', qty: 10, unitCost: 4 },
        { date: '2026-01-02', type: 'Revalue', item: 'V', unitCost: 3 },
        { date: '2026-01-03', type: 'Shipment', item: 'V', qty: 10 },
      ],
    });
    expect(itemOf(r, 'V')).toMatchObject({ qty: '0', value: '0.00', cogs: '30.00' });
    expect(accountBalance(r, 'StockAdjustment')).toBe('10.00');
  });
});

describe('returns linked to a Sale row', () => {
  test('a return naming the sale invoice comes back at the cost the sale left with', () => {
    const r = run({
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'J', qty: 10, unitCost: 3 },
        { date: '2026-01-02', type: 'Sale', item: 'J', qty: 4, unitPrice: 9, doc: 'INV-4' },
        { date: '2026-01-03', type: 'Receipt', item: 'J', qty: 10, unitCost: 8 },
        { date: '2026-01-04', type: 'CustomerReturn', item: 'J', qty: 1, order: 'INV-4' },
      ],
    });
    expect(r.diagnostics.filter((d) => d.code === 'RETURN_NOT_MATCHED')).toEqual([]);
    expect(itemOf(r, 'J')).toMatchObject({ cogs: '9.00', qty: '17' });
  });
});
