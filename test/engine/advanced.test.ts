/**
 * Beyond the basics, as worked examples: kits, assemblies with scrap and absorbed labor, batches with
 * expiry, quarantine, drop shipments, expense items, and a tax book beside the books.
 */
import * as N from '../../src/engine/num';
import { renderAbsorption, renderBookVsTax, renderMargins, renderReorder } from '../../src/workbook/render/operations';
import { renderStockBalance } from '../../src/workbook/render/stock';
import { reportPeriods } from '../../src/workbook/render/ledger';
import { accountBalance, itemOf, valueText, journalLines, run, stockAccountsVsLedger, unbalancedEntries } from './support';
import { labelled } from '../helpers/tables';

describe('kits', () => {
  const r = run({
    items: [
      { code: 'GIFTBOX', kind: 'Kit', batchTracked: false },
      { code: 'MUG', kind: 'Stock', method: 'FIFO', batchTracked: false },
      { code: 'TEA', kind: 'Stock', method: 'AVERAGE', batchTracked: false },
    ],
    kits: [
      { parent: 'GIFTBOX', component: 'MUG', qty: 1, source: { table: 'Kits', row: 2 } },
      { parent: 'GIFTBOX', component: 'TEA', qty: 2, source: { table: 'Kits', row: 3 } },
    ],
    rows: [
      { date: '2026-02-01', type: 'Receipt', item: 'MUG', qty: 5, unitCost: 4 },
      { date: '2026-02-02', type: 'Receipt', item: 'MUG', qty: 5, unitCost: 6 },
      { date: '2026-02-01', type: 'Receipt', item: 'TEA', qty: 10, unitCost: 1 },
      { date: '2026-02-02', type: 'Receipt', item: 'TEA', qty: 10, unitCost: 2 },
      { date: '2026-02-10', type: 'Sale', item: 'GIFTBOX', qty: 6, unitPrice: 20, doc: 'INV-K1', party: 'Deli' },
    ],
  });
  test('a kit sale deducts each component at its own method; the kit line carries the sum', () => {
    // MUG FIFO: 5 @ 4 + 1 @ 6 = 26; TEA AVERAGE: 12 @ 1.50 = 18; kit COGS 44.
    expect(itemOf(r, 'MUG').cogs).toBe('26.00');
    expect(itemOf(r, 'TEA').cogs).toBe('18.00');
    expect(r.valuation.invoices).toHaveLength(1);
    const line = r.valuation.invoices[0];
    expect(line && [line.item, valueText(r, line.cogs), valueText(r, N.sub(line.revenue, line.cogs))]).toEqual(['GIFTBOX', '44.00', '76.00']);
    expect(r.valuation.ledger.toArray().filter((l) => l.type === 'Sale').map((l) => l.item)).toEqual(['MUG', 'TEA']);
  });
});

describe('assembly with 5% scrap and absorbed labor', () => {
  const r = run({
    settings: { period: 'Month' },
    items: [
      { code: 'CHAIR', kind: 'Stock', batchTracked: false },
      { code: 'LEG', kind: 'Stock', batchTracked: false },
      { code: 'LABOR', kind: 'Service', batchTracked: false },
    ],
    kits: [{ parent: 'CHAIR', component: 'LEG', qty: 4, scrapPct: 5, laborCost: 12, overheadCost: 3, source: { table: 'Kits', row: 2 } }],
    rows: [
      { date: '2026-03-01', type: 'Receipt', item: 'LEG', qty: 100, unitCost: 2.5 },
      { date: '2026-03-05', type: 'Build', item: 'CHAIR', qty: 20 },
      { date: '2026-03-31', type: 'Bill', item: 'LABOR', qty: 1, amount: 320, account: '5400', doc: 'PAYROLL-3' },
    ],
  });
  test('components + scrap + labor and overhead = the finished cost', () => {
    // 20 chairs x 4 legs x 1.05 = 84 legs @ 2.50 = 210; labor+overhead 20 x 15 = 300; total 510.
    expect(itemOf(r, 'LEG')).toMatchObject({ qty: '16', value: '40.00' });
    expect(itemOf(r, 'CHAIR')).toMatchObject({ qty: '20', value: '510.00' });
    expect(journalLines(r, 'Build')).toEqual(['Cr Inventory 210.00', 'Dr Inventory 510.00', 'Cr Absorbed Labor and Overhead 300.00']);
  });
  test('the absorption variance compares absorbed 300 with the actual labor bill of 320', () => {
    const sheet = renderAbsorption(r, reportPeriods(r));
    expect(labelled(sheet?.tables[0])).toEqual([{ Period: 'Mar 2026', Absorbed: 300, Actual: 320, Variance: 20, Status: 'under-absorbed' }]);
  });
});

describe('batches and expiry', () => {
  const r = run({
    items: [{ code: 'MILK', kind: 'Stock', method: 'SPECIFIC', batchTracked: true }],
    rows: [
      { date: '2026-01-01', type: 'Receipt', item: 'MILK', qty: 10, unitCost: 1, batch: 'B1', expiry: 46100 },
      { date: '2026-01-02', type: 'Receipt', item: 'MILK', qty: 10, unitCost: 2, batch: 'B2', expiry: 46060 },
      { date: '2026-01-03', type: 'Receipt', item: 'MILK', qty: 10, unitCost: 3, batch: 'B3', expiry: 46080 },
      { date: '2026-01-04', type: 'Shipment', item: 'MILK', qty: 15 },
      { date: '2026-01-05', type: 'Shipment', item: 'MILK', qty: 2, batch: 'B1' },
    ],
  });
  test('first-expiry-first-out across three batches, then the named batch', () => {
    const issues = r.valuation.ledger.toArray().filter((l) => l.type === 'Shipment');
    expect(issues[0]?.layers?.map((l) => [l.batch, N.toDecimalString(l.qty, 0)])).toEqual([
      ['B2', '10'],
      ['B3', '5'],
    ]);
    expect(issues[1]?.layers?.map((l) => l.batch)).toEqual(['B1']);
    expect(itemOf(r, 'MILK')).toMatchObject({ cogs: '37.00', value: '23.00' });
  });
  test('the stock balance lists batches with expiry and flags expired stock', () => {
    const batches = renderStockBalance(r).tables.find((t) => t.name === 'PP_StockByBatch');
    expect(batches?.rows.map((x) => [x[2], x[4]])).toEqual([
      ['B1', 8],
      ['B3', 5],
    ]);
  });
});

describe('quarantine', () => {
  test('stock in a Quarantine location is valued but not available; a transfer out releases it', () => {
    const book = {
      locations: [
        { code: 'Main', kind: 'Normal' as const },
        { code: 'QA', kind: 'Quarantine' as const },
      ],
      rows: [
        { date: '2026-01-01', type: 'Receipt' as const, item: 'PUMP', qty: 10, unitCost: 50, location: 'QA' },
        { date: '2026-01-02', type: 'Transfer' as const, item: 'PUMP', qty: 4, location: 'QA', toLocation: 'Main' },
      ],
    };
    const rows = renderStockBalance(run(book)).tables[0]?.rows ?? [];
    // columns: Item, Name, Template, Location, Kind, Available, Held, Qty, Value ...
    expect(rows.map((x) => [x[3], x[5], x[6], x[8]])).toEqual([
      ['Main', 4, 0, 200],
      ['QA', 0, 6, 300],
    ]);
  });
});

describe('drop shipments and expense items', () => {
  test('a drop shipment never touches Inventory', () => {
    const r = run({
      rows: [
        { date: '2026-01-10', type: 'Invoice', item: 'SOFA', qty: 1, unitPrice: 900, order: 'SO-9' },
        { date: '2026-01-11', type: 'DropShip', item: 'SOFA', qty: 1, unitCost: 600, order: 'SO-9' },
        { date: '2026-01-20', type: 'Bill', item: 'SOFA', qty: 1, amount: 600, order: 'SO-9' },
      ],
    });
    expect(r.journal.lines.toArray().some((l) => l.account === r.prepared.chart.role('Inventory'))).toBe(false);
    expect(accountBalance(r, 'CostOfGoodsSold')).toBe('600.00');
    expect(accountBalance(r, 'StockReceivedNotBilled')).toBe('0.00');
    const line = r.valuation.invoices[0];
    expect(line && valueText(r, N.sub(line.revenue, line.cogs))).toBe('300.00');
  });
  test('printer paper: received and billed straight to expense, never in stock', () => {
    const r = run({
      accounts: [
        { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
        { code: '6100', name: 'Office Supplies', type: 'Expense' },
      ],
      items: [{ code: 'PAPER', kind: 'Expense', expenseAccount: '6100', batchTracked: false }],
      rows: [
        { date: '2026-01-05', type: 'Receipt', item: 'PAPER', qty: 10, unitCost: 4.5, order: 'PO-P' },
        { date: '2026-01-07', type: 'Bill', item: 'PAPER', qty: 10, amount: 45, order: 'PO-P' },
      ],
    });
    expect(r.valuation.pools).toHaveLength(0);
    expect(r.accounts.find((a) => a.account === '6100')?.balance).toBe(4500);
    expect(accountBalance(r, 'StockReceivedNotBilled')).toBe('0.00');
    expect(unbalancedEntries(r)).toEqual([]);
  });
});

describe('dual books: FIFO books, LIFO for tax', () => {
  // Houston Electronics (Weygandt, Accounting Principles): all purchases before the year-end sale of 550,
  // so perpetual and periodic LIFO agree. FIFO ending inventory $5,800, LIFO $5,000: LIFO reserve $800.
  const r = run({
    settings: { method: 'FIFO', taxMethod: 'LIFO', period: 'Year' },
    rows: [
      { date: '2025-01-01', type: 'Opening', item: 'HE', qty: 100, unitCost: 10 },
      { date: '2025-04-15', type: 'Receipt', item: 'HE', qty: 200, unitCost: 11 },
      { date: '2025-08-24', type: 'Receipt', item: 'HE', qty: 300, unitCost: 12 },
      { date: '2025-11-27', type: 'Receipt', item: 'HE', qty: 400, unitCost: 13 },
      { date: '2025-12-31', type: 'Shipment', item: 'HE', qty: 550 },
    ],
  });
  test('the tax book reports COGS and closing value beside the books, and the LIFO reserve', () => {
    expect(N.toDecimalString(r.totals.inventoryValue, 2)).toBe('5800.00');
    expect(r.tax && N.toDecimalString(r.tax.inventoryValue, 2)).toBe('5000.00');
    expect(r.tax && N.toDecimalString(r.tax.cogs, 2)).toBe('7000.00');
    const sheet = renderBookVsTax(r, reportPeriods(r));
    expect(labelled(sheet?.tables[1])).toEqual([
      { Period: 'FY 2025', 'Book COGS': 6200, 'Tax COGS': 7000, 'COGS Difference': -800, 'Book Closing': 5800, 'Tax Closing': 5000, 'Closing Difference': 800 },
    ]);
  });
  test('the tax book posts nothing into the books', () => {
    for (const a of stockAccountsVsLedger(r)) expect(a.gl).toBe(a.subledger);
    expect(accountBalance(r, 'CostOfGoodsSold')).toBe('6200.00');
  });
});

describe('a new standard cost', () => {
  test('revalues stock on hand for the books without changing the Items table the tax book reads', () => {
    const r = run({
      settings: { taxMethod: 'FIFO' },
      items: [{ code: 'X', kind: 'Stock', method: 'STANDARD', standardCost: 10, batchTracked: false }],
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'X', qty: 5 },
        { date: '2026-01-02', type: 'Shipment', item: 'X', qty: 2 },
        { date: '2026-01-03', type: 'Revalue', item: 'X', unitCost: 12 },
      ],
    });
    expect(itemOf(r, 'X')).toMatchObject({ value: '36.00', cogs: '20.00' });
    expect(r.prepared.items.get('X')?.standardCost).toBe(10);
    // The tax book (FIFO) received at the standard of the day, 10, not the later 12.
    expect(r.tax && N.toDecimalString(r.tax.cogs, 2)).toBe('20.00');
  });
});

describe('a drop shipment invoiced later under CogsTiming=Invoice', () => {
  test('the margin line carries the drop-ship cost; nothing passes through GDNI', () => {
    const r = run({
      settings: { cogsTiming: 'Invoice' },
      rows: [
        { date: '2026-01-11', type: 'DropShip', item: 'SOFA', qty: 1, unitCost: 600, order: 'SO-9' },
        { date: '2026-01-12', type: 'Invoice', item: 'SOFA', qty: 1, unitPrice: 900, order: 'SO-9' },
      ],
    });
    const line = r.valuation.invoices[0];
    expect(line && valueText(r, line.cogs)).toBe('600.00');
    expect(accountBalance(r, 'GoodsDeliveredNotInvoiced')).toBe('0.00');
    expect(accountBalance(r, 'CostOfGoodsSold')).toBe('600.00');
  });
});

describe('reordering', () => {
  test('items at or below their level, with the suggested quantity and a 90-day demand over lead time', () => {
    const r = run({
      locations: [
        { code: 'Main', kind: 'Normal' },
        { code: 'QA', kind: 'Quarantine' },
      ],
      items: [
        { code: 'ROPE', kind: 'Stock', reorderLevel: 20, reorderQty: 50, leadTimeDays: 30, batchTracked: false },
        { code: 'HOOK', kind: 'Stock', reorderLevel: 5, reorderQty: 10, batchTracked: false },
      ],
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'ROPE', qty: 100, unitCost: 2, location: 'Main' },
        { date: '2026-01-01', type: 'Receipt', item: 'ROPE', qty: 40, unitCost: 2, location: 'QA' },
        { date: '2026-02-01', type: 'Shipment', item: 'ROPE', qty: 90, location: 'Main' },
        { date: '2026-01-01', type: 'Receipt', item: 'HOOK', qty: 50, unitCost: 1 },
      ],
    });
    const sheet = renderReorder(r);
    // ROPE: 10 available (the 40 in quarantine are held); 90 shipped in 90 days x 30/90 = 30.
    expect(labelled(sheet?.tables[0])).toEqual([
      {
        Item: 'ROPE',
        Name: null,
        Available: 10,
        'Reorder Level': 20,
        'Reorder Qty': 50,
        'Suggested Qty': 50,
        'Shipped Last 90 Days': 90,
        'Lead Time (days)': 30,
        'Demand Over Lead Time': 30,
      },
    ]);
  });
});

describe('variants', () => {
  test('items sharing a Template roll up in Stock Balance and Margins', () => {
    const r = run({
      items: [
        { code: 'TEE-S', kind: 'Stock', template: 'TEE', batchTracked: false },
        { code: 'TEE-M', kind: 'Stock', template: 'TEE', batchTracked: false },
      ],
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'TEE-S', qty: 10, unitCost: 5 },
        { date: '2026-01-01', type: 'Receipt', item: 'TEE-M', qty: 10, unitCost: 6 },
        { date: '2026-01-05', type: 'Sale', item: 'TEE-S', qty: 2, unitPrice: 15 },
        { date: '2026-01-05', type: 'Sale', item: 'TEE-M', qty: 3, unitPrice: 15 },
      ],
    });
    expect(labelled(renderStockBalance(r).tables.find((t) => t.name === 'PP_StockByTemplate'))).toEqual([{ Template: 'TEE', Available: 15, Qty: 15, Value: 82 }]);
    expect(labelled(renderMargins(r).tables.find((t) => t.name === 'PP_MarginsByTemplate'))).toEqual([{ Template: 'TEE', Qty: 5, Revenue: 75, COGS: 28, Margin: 47, 'Margin %': 0.626667 }]);
  });
});
