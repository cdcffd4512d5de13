import { DEFAULT_SETTINGS } from '../../src/engine/types';
import { inputTableName } from '../../src/workbook/read';
import { codes, errors, movements, read, withCode } from './helpers';

const RECEIPT = { Date: '2026-03-02', Type: 'Receipt', Item: 'COAT', Qty: 10, UnitCost: 100 };

describe('finding tables', () => {
  test('table names match ignoring case, spaces and underscores', () => {
    expect(inputTableName('movements')).toBe('Movements');
    expect(inputTableName('Landed Costs')).toBe('LandedCosts');
    expect(inputTableName('landed_costs')).toBe('LandedCosts');
    expect(inputTableName('Journal')).toBeUndefined();
  });

  test('only Movements is required; without it: TABLE_MISSING', () => {
    const r = read({ Items: [['Item'], ['COAT']] });
    expect(withCode(r, 'TABLE_MISSING')).toEqual([expect.objectContaining({ severity: 'error', table: 'Movements', hint: expect.any(String) })]);
    expect(r.present).toEqual(['Items']);
  });

  test('defaults when optional tables are missing', () => {
    const r = read({ movements: movements(RECEIPT) });
    expect(r.diagnostics).toEqual([]);
    expect(r.present).toEqual(['Movements']);
    expect(r.inputs.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.inputs.accounts).toEqual([]);
    expect(r.inputs.locations).toEqual([]);
    expect(r.inputs.items).toEqual([]);
    expect(r.inputs.kits).toEqual([]);
    expect(r.inputs.landedCosts).toEqual([]);
    expect(r.inputs.movements).toEqual([
      { seq: 0, source: { table: 'Movements', row: 2 }, date: 46083, type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100 },
    ]);
  });

  test('present lists every input table found, in contract order; other tables are ignored', () => {
    const r = read({
      LandedCosts: [['Date', 'Doc', 'AppliesTo', 'Amount']],
      Journal: [['Anything']],
      Movements: movements(RECEIPT),
      SETTINGS: [['Setting', 'Value']],
      kits: [['Parent', 'Component', 'Qty']],
      Accounts: undefined,
    });
    expect(r.present).toEqual(['Settings', 'Kits', 'Movements', 'LandedCosts']);
  });

  test('two tables with the same canonical name: DUPLICATE_TABLE, the first is used', () => {
    const r = read({ Movements: movements(RECEIPT), movements: movements({ ...RECEIPT, Item: 'HAT' }) });
    expect(withCode(r, 'DUPLICATE_TABLE')).toHaveLength(1);
    expect(r.inputs.movements.map((m) => m.item)).toEqual(['COAT']);
  });

  test('an empty Movements table is an error; other empty tables are warnings', () => {
    const r = read({ Movements: [['Date', 'Type', 'Item', 'Qty']], Items: [['Item']], Kits: [] });
    expect(withCode(r, 'EMPTY_TABLE').map((d) => [d.table, d.severity])).toEqual([
      ['Items', 'warning'],
      ['Kits', 'warning'],
      ['Movements', 'error'],
    ]);
    expect(withCode(read({ Movements: [] }), 'EMPTY_TABLE')).toEqual([expect.objectContaining({ severity: 'error' })]);
    const onlyBlankRows = read({ Movements: [['Date', 'Type', 'Item', 'Qty'], [], [null, '  ', undefined]] });
    expect(codes(onlyBlankRows)).toEqual(['EMPTY_TABLE']);
  });
});

describe('headers', () => {
  test.each([
    [['Date', 'Type', 'Item', 'Qty', 'UnitCost']],
    [['date', 'type', 'item', 'qty', 'unit cost']],
    [['DATE', 'TYPE', 'ITEM', 'QTY', 'UNITCOST']],
    [[' Date ', 'Type', 'Item', 'Qty', 'Unit_Cost']],
    [['Unit Cost', 'Qty', 'Item', 'Type', 'Date']],
  ])('header variant %p', (header) => {
    const values: Record<string, unknown> = { date: '2026-03-02', type: 'Receipt', item: 'COAT', qty: 10, unitcost: 100 };
    const row = header.map((h) => values[h.replace(/[\s_]/g, '').toLowerCase()] as string | number);
    const r = read({ Movements: [header, row] });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toMatchObject({ date: 46083, type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100 });
  });

  test('unknown columns are kept and ignored', () => {
    const r = read({ Movements: [['Date', 'Notes', 'Type', 'Item', 'Qty', 'UnitCost', ''], ['2026-03-02', 'hello', 'Receipt', 'COAT', 10, 100, 'x']] });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toMatchObject({ item: 'COAT', qty: 10 });
  });

  test('a duplicated header: DUPLICATE_HEADER on row 1, the first occurrence is used', () => {
    const r = read({ Movements: [['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'qty'], ['2026-03-02', 'Receipt', 'COAT', 10, 100, 99]] });
    expect(withCode(r, 'DUPLICATE_HEADER')).toEqual([
      expect.objectContaining({ severity: 'error', table: 'Movements', row: 1, column: 'Qty', hint: expect.any(String) }),
    ]);
    expect(r.inputs.movements[0]?.qty).toBe(10);
  });

  const REQUIRED: ReadonlyArray<[string, readonly string[]]> = [
    ['Settings', ['Setting', 'Value']],
    ['Accounts', ['Account', 'Name', 'Type']],
    ['Locations', ['Location']],
    ['Items', ['Item']],
    ['Kits', ['Parent', 'Component', 'Qty']],
    ['Movements', ['Date', 'Type', 'Item', 'Qty']],
    ['LandedCosts', ['Date', 'Doc', 'AppliesTo', 'Amount']],
  ];
  const cases = REQUIRED.flatMap(([table, cols]) => cols.map((c) => [table, c, cols] as const));
  test.each(cases)('%s without %s: MISSING_COLUMN and its rows are not read', (table, missing, cols) => {
    const header = cols.filter((c) => c !== missing);
    const row = header.map(() => 'x');
    const tables = { [table]: [header, row], ...(table === 'Movements' ? {} : { Movements: movements(RECEIPT) }) };
    const r = read(tables);
    expect(withCode(r, 'MISSING_COLUMN')).toEqual([
      expect.objectContaining({ severity: 'error', table, row: 1, column: missing, hint: expect.stringContaining(missing) }),
    ]);
    // Nothing else is said about the unread rows.
    expect(r.diagnostics.filter((d) => d.table === table).map((d) => d.code)).toEqual(['MISSING_COLUMN']);
    expect(r.present).toContain(table);
  });
});

describe('rows', () => {
  test('blank rows are skipped silently; seq counts every data row; rows are numbered from the header', () => {
    const grid = movements(RECEIPT, {}, { ...RECEIPT, Qty: 'abc' }, { ...RECEIPT, Item: 'HAT' });
    const r = read({ Movements: [...grid, [], ['  ', null]] });
    expect(codes(r)).toEqual(['QTY_NOT_NUMBER']);
    expect(withCode(r, 'QTY_NOT_NUMBER')[0]).toMatchObject({ table: 'Movements', row: 4, column: 'Qty' });
    expect(r.inputs.movements.map((m) => [m.seq, m.source.row, m.item])).toEqual([
      [0, 2, 'COAT'],
      [3, 5, 'HAT'],
    ]);
  });

  test('rows shorter than the header are fine (missing cells are blank)', () => {
    const r = read({ Movements: [['Date', 'Type', 'Item', 'Qty', 'Memo', 'UnitCost'], ['2026-03-02', 'Shipment', 'COAT', 1]] });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toEqual({ seq: 0, source: { table: 'Movements', row: 2 }, date: 46083, type: 'Shipment', item: 'COAT', qty: 1 });
  });

  test('a row with a value only in an unknown column is not blank', () => {
    const r = read({ Movements: [['Date', 'Type', 'Item', 'Qty', 'Notes'], [null, null, null, null, 'total']] });
    expect(codes(r)).toEqual(['MISSING_DATE', 'MISSING_TYPE', 'MISSING_ITEM']);
  });

  test('diagnostics come in table order, then row order', () => {
    const r = read({
      Movements: movements({ ...RECEIPT, Qty: 'x' }, { ...RECEIPT, Date: 'soon' }),
      Items: [['Item', 'StandardCost'], ['A', 'cheap']],
      Settings: [['Setting', 'Value'], ['Colour', 'blue']],
    });
    expect(r.diagnostics.map((d) => `${d.table}:${d.row}:${d.code}`)).toEqual([
      'Settings:2:UNKNOWN_SETTING',
      'Items:2:STANDARDCOST_NOT_NUMBER',
      'Movements:2:QTY_NOT_NUMBER',
      'Movements:3:BAD_DATE',
    ]);
    expect(errors(r)).toHaveLength(3);
  });

  test('error cells name their column', () => {
    const r = read({ Movements: movements({ ...RECEIPT, Item: { error: '#REF!' }, UnitCost: '#DIV/0!', Date: { error: '#N/A' } }) });
    expect(withCode(r, 'CELL_ERROR').map((d) => [d.column, d.row])).toEqual([
      ['Date', 2],
      ['Item', 2],
      ['UnitCost', 2],
    ]);
    expect(r.inputs.movements).toEqual([]);
  });
});
