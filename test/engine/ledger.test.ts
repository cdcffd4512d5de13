/**
 * The ledger issue's worked examples, as an accountant would set them: the movements, then the
 * entries and balances expected.
 */
import * as N from '../../src/engine/num';
import { accountBalance, itemOf, valueText, journalLines, run, stockAccountsVsLedger, unbalancedEntries } from './support';

describe('supplier bill at a higher price after half the goods were sold', () => {
  const r = run({
    rows: [
      { date: '2026-04-01', type: 'Receipt', item: 'TENT', qty: 10, unitCost: 50, doc: 'R-10', order: 'PO-10' },
      { date: '2026-04-05', type: 'Sale', item: 'TENT', qty: 5, unitPrice: 90, doc: 'INV-7' },
      { date: '2026-04-08', type: 'Bill', item: 'TENT', qty: 10, amount: 560, doc: 'B-99', order: 'PO-10' },
      { date: '2026-04-09', type: 'Shipment', item: 'TENT', qty: 5, doc: 'D-8' },
    ],
  });
  test('the 60 difference goes half to stock on hand and half to COGS; SRNB clears', () => {
    expect(journalLines(r, 'Bill')).toEqual([
      'Dr Stock Received Not Billed 500.00',
      'Dr Inventory 30.00',
      'Dr Cost of Goods Sold 30.00',
      'Cr Accounts Payable 560.00',
    ]);
    expect(accountBalance(r, 'StockReceivedNotBilled')).toBe('0.00');
    // COGS = 5 x 50 (first sale) + 30 (sold share of the difference) + 5 x 56 (second shipment)
    expect(itemOf(r, 'TENT')).toMatchObject({ cogs: '560.00', value: '0.00', qty: '0' });
    expect(unbalancedEntries(r)).toEqual([]);
  });
});

describe('landed cost split by weight in a foreign currency, arriving after part of the lot was sold', () => {
  const r = run({
    items: [
      { code: 'STOVE', kind: 'Stock', weight: 12, batchTracked: false },
      { code: 'PAN', kind: 'Stock', weight: 2, batchTracked: false },
    ],
    rows: [
      { date: '2026-05-02', type: 'Receipt', item: 'STOVE', qty: 10, unitCost: 80, doc: 'R-20', order: 'PO-20' },
      { date: '2026-05-02', type: 'Receipt', item: 'PAN', qty: 30, unitCost: 10, doc: 'R-21', order: 'PO-20' },
      { date: '2026-05-06', type: 'Shipment', item: 'STOVE', qty: 4 },
    ],
    landedCosts: [{ date: '2026-05-10', doc: 'FRT-1', appliesTo: 'PO-20', amount: 300, basis: 'Weight', currency: 'EUR', fxRate: 1.1 }],
  });
  test('the 330.00 charge splits 220.00 / 110.00 by weight, to the cent', () => {
    // Weights: stoves 10 x 12 = 120, pans 30 x 2 = 60 -> 2/3 and 1/3 of EUR 300 x 1.1 = USD 330.
    const shares = r.valuation.landed.map((l) => [l.item, N.toDecimalString(l.share, 2)]);
    expect(shares).toEqual([
      ['STOVE', '220.00'],
      ['PAN', '110.00'],
    ]);
  });
  test('the sold 4 stoves take their share to COGS now; the rest raises stock', () => {
    // 220 x 4/10 = 88 to COGS, 132 to stock; pans all on hand: 110 to stock.
    expect(itemOf(r, 'STOVE')).toMatchObject({ cogs: '408.00', value: '612.00' });
    expect(itemOf(r, 'PAN')).toMatchObject({ cogs: '0.00', value: '410.00' });
    expect(accountBalance(r, 'ExpensesIncludedInValuation')).toBe('-330.00');
    for (const a of stockAccountsVsLedger(r)) expect(a.gl).toBe(a.subledger);
  });
  test('closed periods are never rewritten: the landed cost posts on its own date', () => {
    const dates = new Set(r.journal.lines.toArray().filter((l) => l.kind === 'LandedCost').map((l) => l.date));
    expect([...dates]).toEqual([r.valuation.landed[0]?.date]);
  });
});

describe('STANDARD item receiving at a different price', () => {
  test('stock at standard; receipt and bill differences to purchase price variance', () => {
    const r = run({
      items: [{ code: 'BOLT', kind: 'Stock', method: 'STANDARD', standardCost: 2, batchTracked: false }],
      rows: [
        { date: '2026-06-01', type: 'Receipt', item: 'BOLT', qty: 1000, unitCost: 2.1, doc: 'R-30', order: 'PO-30' },
        { date: '2026-06-03', type: 'Bill', item: 'BOLT', qty: 1000, amount: 2150, order: 'PO-30' },
        { date: '2026-06-04', type: 'Shipment', item: 'BOLT', qty: 400 },
      ],
    });
    expect(journalLines(r, 'Receipt')).toEqual(['Dr Inventory 2000.00', 'Cr Stock Received Not Billed 2100.00', 'Dr Purchase Price Variance 100.00']);
    expect(accountBalance(r, 'PurchasePriceVariance')).toBe('150.00');
    expect(itemOf(r, 'BOLT')).toMatchObject({ value: '1200.00', cogs: '800.00' });
  });
});

describe('a sale invoiced Monday and shipped Wednesday', () => {
  const rows = [
    { date: '2026-03-02', type: 'Receipt' as const, item: 'SKI', qty: 5, unitCost: 300 },
    { date: '2026-03-09', type: 'Invoice' as const, item: 'SKI', qty: 2, unitPrice: 500, doc: 'INV-1', order: 'SO-1', party: 'Chalet Co' },
    { date: '2026-03-11', type: 'Shipment' as const, item: 'SKI', qty: 2, doc: 'DN-1', order: 'SO-1' },
  ];
  test.each([['Shipment'], ['Invoice']] as const)('CogsTiming=%s: the per-invoice margin is 400 either way', (cogsTiming) => {
    const r = run({ settings: { cogsTiming }, rows });
    const line = r.valuation.invoices[0];
    expect(line && valueText(r, N.sub(line.revenue, line.cogs))).toBe('400.00');
    expect(accountBalance(r, 'CostOfGoodsSold')).toBe('600.00');
    expect(accountBalance(r, 'GoodsDeliveredNotInvoiced')).toBe('0.00');
  });
  test('CogsTiming=Invoice, shipped before invoiced: cost waits in Goods Delivered Not Invoiced', () => {
    const r = run({
      settings: { cogsTiming: 'Invoice' },
      rows: [
        { date: '2026-03-02', type: 'Receipt', item: 'SKI', qty: 5, unitCost: 300 },
        { date: '2026-03-30', type: 'Shipment', item: 'SKI', qty: 2, order: 'SO-2' },
        { date: '2026-04-02', type: 'Invoice', item: 'SKI', qty: 2, unitPrice: 500, order: 'SO-2' },
      ],
      // before the invoice: GDNI holds 600
    });
    expect(journalLines(r, 'Shipment')).toEqual(['Cr Inventory 600.00', 'Dr Goods Delivered Not Invoiced 600.00']);
    expect(journalLines(r, 'CogsRecognised')).toEqual(['Dr Cost of Goods Sold 600.00', 'Cr Goods Delivered Not Invoiced 600.00']);
  });
});

describe('rounding leaves no residue', () => {
  test('three sales of a third each: the pool empties to exactly zero in the ledger too', () => {
    const r = run({
      settings: { method: 'AVERAGE' },
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'R', qty: 3, unitCost: 10 },
        { date: '2026-01-01', type: 'Receipt', item: 'R', qty: 3, unitCost: 10.01 },
        { date: '2026-01-02', type: 'Shipment', item: 'R', qty: 1 },
        { date: '2026-01-03', type: 'Shipment', item: 'R', qty: 2 },
        { date: '2026-01-04', type: 'Shipment', item: 'R', qty: 3 },
      ],
    });
    expect(itemOf(r, 'R')).toMatchObject({ qty: '0', value: '0.00', cogs: '60.03' });
    expect(accountBalance(r, 'Inventory')).toBe('0.00');
  });
});
