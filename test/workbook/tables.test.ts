import { DEFAULT_SETTINGS } from '../../src/engine/types';
import { codes, movements, read, withCode } from './helpers';
import type { CellGrid } from '../../src/workbook/sheet';

const MOVES = movements({ Date: '2026-03-02', Type: 'Shipment', Item: 'COAT', Qty: 1 });

function settings(...rows: ReadonlyArray<readonly [unknown, unknown]>): ReturnType<typeof read> {
  const grid = [['Setting', 'Value'], ...rows.map(([k, v]) => [k, v])] as CellGrid;
  return read({ Settings: grid, Movements: MOVES });
}

describe('Settings', () => {
  test('every key, with the spellings an accountant would type', () => {
    const r = settings(
      ['Company', ' Acme Ltd '],
      ['base currency', 'eur'],
      ['METHOD', 'moving average'],
      ['Tax_Method', 'lifo'],
      ['CostPool', 'company'],
      ['Negative Stock', 'allow'],
      ['CogsTiming', 'invoice'],
      ['Period', 'quarterly'],
      ['FiscalYearStart', 'April'],
      ['Precision', 0],
      ['MatchTolerancePct', '2.5%'],
      ['CutOverDate', '2026-01-01'],
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.settings).toEqual({
      company: 'Acme Ltd',
      baseCurrency: 'EUR',
      method: 'AVERAGE',
      taxMethod: 'LIFO',
      costPool: 'Company',
      negativeStock: 'Allow',
      cogsTiming: 'Invoice',
      period: 'Quarter',
      fiscalYearStart: 4,
      precision: 0,
      matchTolerancePct: 2.5,
      cutOverDate: 46023,
    });
  });

  test('FiscalYearStart as a number, numeric text, a date', () => {
    expect(settings(['FiscalYearStart', 7]).inputs.settings.fiscalYearStart).toBe(7);
    expect(settings(['FiscalYearStart', '10']).inputs.settings.fiscalYearStart).toBe(10);
    expect(settings(['FiscalYearStart', 'sep']).inputs.settings.fiscalYearStart).toBe(9);
    expect(settings(['FiscalYearStart', '2026-04-01']).inputs.settings.fiscalYearStart).toBe(4);
    expect(settings(['FiscalYearStart', new Date(Date.UTC(2026, 6, 1))]).inputs.settings.fiscalYearStart).toBe(7);
  });

  test.each([
    ['Method', 'HIFO'],
    ['TaxMethod', 'cheapest'],
    ['BaseCurrency', 'dollars'],
    ['CostPool', 'Region'],
    ['NegativeStock', 'sometimes'],
    ['CogsTiming', 'Payment'],
    ['Period', 'Week'],
    ['FiscalYearStart', 13],
    ['FiscalYearStart', 2.5],
    ['FiscalYearStart', 'Smarch'],
    ['Precision', 7],
    ['Precision', 1.5],
    ['Precision', 'two'],
    ['MatchTolerancePct', -1],
    ['MatchTolerancePct', 'a little'],
    ['CutOverDate', '01/12/2025'],
    ['CutOverDate', '31/13/2025'],
  ])('%s = %p: BAD_SETTING on Value, default kept', (key, value) => {
    const r = settings([key, value]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'BAD_SETTING', severity: 'error', table: 'Settings', row: 2, column: 'Value', hint: expect.any(String) }),
    ]);
    expect(r.inputs.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('unknown keys warn; duplicates warn and the first wins; blank values keep the default', () => {
    const r = settings(['Colour', 'blue'], ['Method', 'LIFO'], ['method', 'FIFO'], ['Precision', null], [null, 'orphan']);
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.severity}:${d.column}`)).toEqual([
      '2:UNKNOWN_SETTING:warning:Setting',
      '4:DUPLICATE_SETTING:warning:Setting',
      '6:MISSING_SETTING:warning:Setting',
    ]);
    expect(r.inputs.settings.method).toBe('LIFO');
    expect(r.inputs.settings.precision).toBe(2);
  });

  test('TaxMethod none means no tax book; an error value is CELL_ERROR', () => {
    expect(settings(['TaxMethod', 'none']).inputs.settings.taxMethod).toBeUndefined();
    const r = settings(['Method', { error: '#N/A' }]);
    expect(codes(r)).toEqual(['CELL_ERROR']);
    expect(r.diagnostics[0]).toMatchObject({ column: 'Value', row: 2 });
  });
});

describe('Accounts', () => {
  test('rows, enums, roles, duplicates', () => {
    const r = read({
      Movements: MOVES,
      Accounts: [
        ['Account', 'Name', 'Type', 'Role', 'Parent'],
        [1400, 'Inventory', 'asset', 'inventory', null],
        ['1410', 'Inventory - Store', 'Asset', null, 1400],
        ['5000', 'Cost of goods sold', 'expense', 'COGS', null],
        ['4000', 'Sales', 'Revenue', 'sales', null],
        ['1400', 'Again', 'Asset', null, null],
        ['9999', 'Odd', 'Mystery', 'Wizard', null],
        [null, null, null, null, null],
        ['2100', null, null, null, null],
      ],
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual([
      '6:DUPLICATE_KEY:Account',
      '7:UNKNOWN_ACCOUNT_TYPE:Type',
      '7:UNKNOWN_ROLE:Role',
      '9:MISSING_NAME:Name',
      '9:MISSING_TYPE:Type',
    ]);
    expect(r.inputs.accounts).toEqual([
      { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory', source: { table: 'Accounts', row: 2 } },
      { code: '1410', name: 'Inventory - Store', type: 'Asset', parent: '1400', source: { table: 'Accounts', row: 3 } },
      { code: '5000', name: 'Cost of goods sold', type: 'Expense', role: 'CostOfGoodsSold', source: { table: 'Accounts', row: 4 } },
      { code: '4000', name: 'Sales', type: 'Income', role: 'Sales', source: { table: 'Accounts', row: 5 } },
    ]);
    expect(withCode(r, 'UNKNOWN_ROLE')[0]?.hint).toContain('StockReceivedNotBilled');
  });
});

describe('Locations', () => {
  test('default kind Normal, unknown kind, duplicates (case-sensitive)', () => {
    const r = read({
      Movements: MOVES,
      Locations: [
        ['Location', 'Parent', 'StockAccount', 'Kind'],
        ['Main', null, '1400', null],
        ['QA', 'Main', null, 'quarantine'],
        ['main', null, null, 'Normal'],
        ['Main', null, null, null],
        ['Van', null, null, 'Truck'],
      ],
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['5:DUPLICATE_KEY:Location', '6:UNKNOWN_KIND:Kind']);
    expect(r.inputs.locations).toEqual([
      { code: 'Main', stockAccount: '1400', kind: 'Normal', source: { table: 'Locations', row: 2 } },
      { code: 'QA', parent: 'Main', kind: 'Quarantine', source: { table: 'Locations', row: 3 } },
      { code: 'main', kind: 'Normal', source: { table: 'Locations', row: 4 } },
    ]);
  });
});

describe('Items', () => {
  test('all columns', () => {
    const r = read({
      Movements: MOVES,
      Items: [
        ['Item', 'Name', 'Kind', 'Method', 'StandardCost', 'Category', 'Template', 'Weight', 'Volume', 'ReorderLevel', 'ReorderQty', 'LeadTimeDays', 'BatchTracked', 'CogsAccount', 'IncomeAccount', 'ExpenseAccount'],
        ['COAT', 'Winter coat', null, 'avg', '100.00', 'Outerwear', 'T1', 1.2, '0.05', 5, 20, 14, 'yes', 5000, 4000, null],
        ['PAPER', null, 'expense', null, null, null, null, null, null, null, null, null, null, null, null, '6100'],
      ],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.items).toEqual([
      {
        code: 'COAT',
        name: 'Winter coat',
        kind: 'Stock',
        method: 'AVERAGE',
        standardCost: 100,
        category: 'Outerwear',
        template: 'T1',
        weight: 1.2,
        volume: 0.05,
        reorderLevel: 5,
        reorderQty: 20,
        leadTimeDays: 14,
        batchTracked: true,
        cogsAccount: '5000',
        incomeAccount: '4000',
        source: { table: 'Items', row: 2 },
      },
      { code: 'PAPER', kind: 'Expense', batchTracked: false, expenseAccount: '6100', source: { table: 'Items', row: 3 } },
    ]);
  });

  test('bad cells are reported per column and the row is dropped', () => {
    const r = read({
      Movements: MOVES,
      Items: [
        ['Item', 'Kind', 'Method', 'StandardCost', 'Weight', 'BatchTracked'],
        ['A', 'Gadget', 'HIFO', 'cheap', -1, 'maybe'],
        ['B', null, null, null, null, null],
        ['B', null, null, null, null, null],
      ],
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual([
      '2:UNKNOWN_KIND:Kind',
      '2:UNKNOWN_METHOD:Method',
      '2:BAD_BOOLEAN:BatchTracked',
      '2:STANDARDCOST_NOT_NUMBER:StandardCost',
      '2:NEGATIVE_NUMBER:Weight',
      '4:DUPLICATE_KEY:Item',
    ]);
    expect(r.inputs.items.map((i) => i.code)).toEqual(['B']);
  });
});

describe('Kits', () => {
  test('lines, percent scrap, bad quantities', () => {
    const r = read({
      Movements: MOVES,
      Kits: [
        ['Parent', 'Component', 'Qty', 'ScrapPct', 'LaborCost', 'OverheadCost'],
        ['GIFTBOX', 'MUG', 2, '5%', 3, 1.5],
        ['GIFTBOX', 'TEA', 1, null, null, null],
        ['GIFTBOX', 'SPOON', 0, null, null, null],
        ['GIFTBOX', null, null, -1, null, null],
      ],
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual([
      '4:NOT_POSITIVE:Qty',
      '5:MISSING_COMPONENT:Component',
      '5:MISSING_QTY:Qty',
      '5:NEGATIVE_NUMBER:ScrapPct',
    ]);
    expect(r.inputs.kits).toEqual([
      { parent: 'GIFTBOX', component: 'MUG', qty: 2, scrapPct: 5, laborCost: 3, overheadCost: 1.5, source: { table: 'Kits', row: 2 } },
      { parent: 'GIFTBOX', component: 'TEA', qty: 1, source: { table: 'Kits', row: 3 } },
    ]);
  });
});

describe('LandedCosts', () => {
  test('rows, default basis, Manual needs Item, bad cells', () => {
    const r = read({
      Movements: MOVES,
      LandedCosts: [
        ['Date', 'Doc', 'AppliesTo', 'Amount', 'Basis', 'Item', 'Currency', 'FxRate', 'Party', 'Account'],
        ['2026-03-05', 'FRT-1', 'RCV-1', 120, null, null, 'usd', null, 'Freight Co', '5100'],
        ['2026-03-05', 'FRT-2', 'PO-9', '80.00', 'weight', null, null, null, null, null],
        ['2026-03-05', 'FRT-3', 'RCV-1', 10, 'Manual', null, null, null, null, null],
        ['2026-03-05', 'FRT-4', 'RCV-1', 10, 'Volumetric', null, null, 0, null, null],
        [null, null, null, null, null, 'COAT', null, null, null, null],
      ],
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual([
      '4:MISSING_ITEM:Item',
      '5:UNKNOWN_BASIS:Basis',
      '5:BAD_FX_RATE:FxRate',
      '6:MISSING_DATE:Date',
      '6:MISSING_DOC:Doc',
      '6:MISSING_APPLIES_TO:AppliesTo',
      '6:MISSING_AMOUNT:Amount',
    ]);
    expect(r.inputs.landedCosts).toEqual([
      { source: { table: 'LandedCosts', row: 2 }, date: 46086, doc: 'FRT-1', appliesTo: 'RCV-1', amount: 120, basis: 'Value', currency: 'USD', party: 'Freight Co', account: '5100' },
      { source: { table: 'LandedCosts', row: 3 }, date: 46086, doc: 'FRT-2', appliesTo: 'PO-9', amount: 80, basis: 'Weight' },
    ]);
  });
});
