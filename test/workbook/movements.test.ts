import { codes, movements, read, withCode, type MovementRow } from './helpers';
import type { TableSource } from '../../src/workbook/sheet';

const DAY = '2026-03-02';

function one(row: MovementRow, extra: TableSource = {}): ReturnType<typeof read> {
  return read({ Movements: movements(row), ...extra });
}

describe('Movements: required cells', () => {
  test('every problem of a row is reported, and the row is dropped', () => {
    const r = one({ Qty: 'ten' });
    expect(codes(r)).toEqual(['MISSING_DATE', 'MISSING_TYPE', 'MISSING_ITEM', 'QTY_NOT_NUMBER']);
    for (const d of r.diagnostics) expect(d).toMatchObject({ severity: 'error', table: 'Movements', row: 2, hint: expect.any(String) });
    expect(r.diagnostics.map((d) => d.column)).toEqual(['Date', 'Type', 'Item', 'Qty']);
    expect(r.inputs.movements).toEqual([]);
  });

  test('unknown Type lists the valid types', () => {
    const r = one({ Date: DAY, Type: 'Purchase', Item: 'COAT', Qty: 1 });
    expect(withCode(r, 'UNKNOWN_TYPE')).toEqual([
      expect.objectContaining({ column: 'Type', hint: expect.stringContaining('CustomerReturn') }),
    ]);
  });

  test('Type spellings', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'customer return', Item: 'COAT', Qty: 1 },
        { Date: DAY, Type: 'SUPPLIER_RETURN', Item: 'COAT', Qty: 1 },
        { Date: DAY, Type: 'adjust', Item: 'COAT', Qty: -1 },
      ),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements.map((m) => m.type)).toEqual(['CustomerReturn', 'SupplierReturn', 'Adjust']);
  });

  test.each(['Shipment', 'Sale', 'Transfer', 'Adjust', 'Count', 'Consume', 'Build', 'DropShip', 'PurchaseOrder', 'Receipt', 'Opening', 'CustomerReturn', 'SupplierReturn'])(
    '%s needs Qty',
    (type) => {
      const r = one({ Date: DAY, Type: type, Item: 'COAT', UnitCost: 5, ToLocation: 'B' });
      expect(codes(r)).toEqual(['MISSING_QTY']);
      expect(r.diagnostics[0]).toMatchObject({ column: 'Qty', row: 2 });
    },
  );

  test('Bill and Invoice may give Amount instead of Qty', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'Bill', Item: 'COAT', Amount: 1000 },
        { Date: DAY, Type: 'Invoice', Item: 'COAT', Amount: 500 },
        { Date: DAY, Type: 'Invoice', Item: 'COAT', UnitPrice: 250 },
        { Date: DAY, Type: 'Bill', Item: 'COAT', UnitCost: 100 },
      ),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}`)).toEqual(['4:MISSING_QTY', '5:MISSING_QTY']);
    expect(r.inputs.movements.map((m) => [m.type, m.qty, m.amount])).toEqual([
      ['Bill', 0, 1000],
      ['Invoice', 0, 500],
    ]);
  });

  test('Revalue takes UnitCost or Amount; Qty is not required there', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'Revalue', Item: 'COAT', UnitCost: 90 },
        { Date: DAY, Type: 'Revalue', Item: 'COAT', Amount: -40 },
        { Date: DAY, Type: 'Revalue', Item: 'COAT', Qty: -3, UnitCost: 80 },
        { Date: DAY, Type: 'Revalue', Item: 'COAT' },
      ),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['5:MISSING_UNIT_COST:UnitCost']);
    expect(r.inputs.movements.map((m) => [m.qty, m.unitCost, m.amount])).toEqual([
      [0, 90, undefined],
      [0, undefined, -40],
      [-3, 80, undefined],
    ]);
  });
});

describe('Movements: quantities', () => {
  test.each(['Receipt', 'Shipment', 'Sale', 'Transfer', 'Consume', 'Build', 'CustomerReturn', 'SupplierReturn', 'Opening', 'DropShip', 'PurchaseOrder', 'Bill', 'Invoice'])(
    'a negative Qty on a %s is NEGATIVE_QTY',
    (type) => {
      const r = one({ Date: DAY, Type: type, Item: 'COAT', Qty: -2, UnitCost: 5, UnitPrice: 5, Amount: 10, ToLocation: 'B' });
      expect(codes(r)).toEqual(['NEGATIVE_QTY']);
      expect(r.diagnostics[0]).toMatchObject({ column: 'Qty', hint: expect.stringMatching(/Adjust/) });
      expect(r.inputs.movements).toEqual([]);
    },
  );

  test('Adjust takes a signed Qty', () => {
    const r = one({ Date: DAY, Type: 'Adjust', Item: 'COAT', Qty: '(2)' });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]?.qty).toBe(-2);
  });

  test('Count takes the counted quantity, zero or more', () => {
    const r = read({
      Movements: movements({ Date: DAY, Type: 'Count', Item: 'COAT', Qty: 0 }, { Date: DAY, Type: 'Count', Item: 'COAT', Qty: -1 }),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}`)).toEqual(['3:NEGATIVE_QTY']);
    expect(r.inputs.movements.map((m) => m.qty)).toEqual([0]);
  });

  test.each([
    ['abc', 'QTY_NOT_NUMBER'],
    [true, 'QTY_NOT_NUMBER'],
    ['12,5', 'QTY_NOT_NUMBER'],
    [1e16, 'NUMBER_TOO_LARGE'],
    [1e-12, 'NUMBER_TOO_SMALL'],
    [NaN, 'QTY_NOT_NUMBER'],
    [Infinity, 'NUMBER_TOO_LARGE'],
    ['#VALUE!', 'CELL_ERROR'],
  ])('Qty %p -> %s', (cell, code) => {
    const r = one({ Date: DAY, Type: 'Shipment', Item: 'COAT', Qty: cell });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code, severity: 'error', row: 2, column: 'Qty' })]);
    expect(r.inputs.movements).toEqual([]);
  });

  test('numeric text variants are accepted', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'Receipt', Item: 'A', Qty: ' 12 ', UnitCost: '$1,234.50' },
        { Date: DAY, Type: 'Receipt', Item: 'A', Qty: '1e3', UnitCost: '€0.5' },
        { Date: DAY, Type: 'Adjust', Item: 'A', Qty: '(12.5)' },
        { Date: DAY, Type: 'Shipment', Item: 'A', Qty: -0 },
      ),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements.map((m) => [m.qty, m.unitCost])).toEqual([
      [12, 1234.5],
      [1000, 0.5],
      [-12.5, undefined],
      [0, undefined],
    ]);
    expect(Object.is(r.inputs.movements[3]?.qty, -0)).toBe(false);
  });

  test('numeric text beyond 15 significant digits: NUMBER_PRECISION warning, row kept', () => {
    const r = one({ Date: DAY, Type: 'Shipment', Item: 'A', Qty: '1.00000000000000001' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'NUMBER_PRECISION', severity: 'warning', column: 'Qty' })]);
    expect(r.inputs.movements[0]?.qty).toBe(1);
  });

  test('other numeric columns name themselves in the code', () => {
    const r = one({ Date: DAY, Type: 'Sale', Item: 'A', Qty: 1, UnitCost: 'x', UnitPrice: 'y', Amount: 'z', FxRate: 'w' });
    expect(codes(r)).toEqual(['UNITCOST_NOT_NUMBER', 'UNITPRICE_NOT_NUMBER', 'AMOUNT_NOT_NUMBER', 'FXRATE_NOT_NUMBER']);
    expect(r.diagnostics.map((d) => d.column)).toEqual(['UnitCost', 'UnitPrice', 'Amount', 'FxRate']);
  });
});

describe('Movements: per-type rules', () => {
  test('Transfer needs ToLocation', () => {
    const r = one({ Date: DAY, Type: 'Transfer', Item: 'A', Qty: 1, Location: 'Main' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'MISSING_TO_LOCATION', column: 'ToLocation', row: 2 })]);
  });

  test('Receipt and Opening need UnitCost', () => {
    const r = read({
      Movements: movements({ Date: DAY, Type: 'Receipt', Item: 'A', Qty: 1 }, { Date: DAY, Type: 'Opening', Item: 'A', Qty: 1 }),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['2:MISSING_UNIT_COST:UnitCost', '3:MISSING_UNIT_COST:UnitCost']);
  });

  test('... unless the item is valued at standard', () => {
    const r = read({
      Items: [
        ['Item', 'Method', 'StandardCost'],
        ['STD', 'std', null],
        ['SC', 'FIFO', 40],
        ['PLAIN', 'FIFO', null],
      ],
      Movements: movements(
        { Date: DAY, Type: 'Receipt', Item: 'STD', Qty: 1 },
        { Date: DAY, Type: 'Opening', Item: 'SC', Qty: 1 },
        { Date: DAY, Type: 'Receipt', Item: 'PLAIN', Qty: 1 },
      ),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}`)).toEqual(['4:MISSING_UNIT_COST']);
  });

  test('... or the default method is STANDARD', () => {
    const r = read({
      Settings: [['Setting', 'Value'], ['Method', 'Standard']],
      Movements: movements({ Date: DAY, Type: 'Receipt', Item: 'X', Qty: 1 }),
    });
    expect(r.diagnostics).toEqual([]);
  });

  test('FxRate must be more than zero', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'Receipt', Item: 'A', Qty: 1, UnitCost: 1, FxRate: 0 },
        { Date: DAY, Type: 'Receipt', Item: 'A', Qty: 1, UnitCost: 1, FxRate: -1.1 },
        { Date: DAY, Type: 'Receipt', Item: 'A', Qty: 1, UnitCost: 1, FxRate: 1.08 },
      ),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['2:BAD_FX_RATE:FxRate', '3:BAD_FX_RATE:FxRate']);
    expect(r.inputs.movements.map((m) => m.fxRate)).toEqual([1.08]);
  });

  test('UnitCost must not be negative', () => {
    const r = one({ Date: DAY, Type: 'Receipt', Item: 'A', Qty: 1, UnitCost: -5 });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'NEGATIVE_UNIT_COST', column: 'UnitCost' })]);
  });

  test('Bill needs Amount or UnitCost', () => {
    const r = read({
      Movements: movements({ Date: DAY, Type: 'Bill', Item: 'A', Qty: 10 }, { Date: DAY, Type: 'Bill', Item: 'A', Qty: 10, UnitCost: 101 }),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['2:MISSING_AMOUNT:Amount']);
  });

  test('Invoice needs UnitPrice or Amount', () => {
    const r = read({
      Movements: movements({ Date: DAY, Type: 'Invoice', Item: 'A', Qty: 2 }, { Date: DAY, Type: 'Invoice', Item: 'A', Qty: 2, UnitPrice: 250 }),
    });
    expect(r.diagnostics.map((d) => `${d.row}:${d.code}:${d.column}`)).toEqual(['2:MISSING_PRICE:UnitPrice']);
  });

  test('duplicate Docs are legal', () => {
    const r = read({
      Movements: movements(
        { Date: DAY, Type: 'Sale', Item: 'A', Qty: 1, UnitPrice: 5, Doc: 'INV-1' },
        { Date: DAY, Type: 'Sale', Item: 'B', Qty: 1, UnitPrice: 5, Doc: 'INV-1' },
      ),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements).toHaveLength(2);
  });
});

describe('Movements: dates and text', () => {
  test('serial, ISO, ISO with time, Date cell and serial text all give the serial day', () => {
    const r = read({
      Movements: movements(
        { Date: 46083, Type: 'Shipment', Item: 'A', Qty: 1 },
        { Date: 46083.75, Type: 'Shipment', Item: 'A', Qty: 1 },
        { Date: '2026-03-02', Type: 'Shipment', Item: 'A', Qty: 1 },
        { Date: '2026-03-02T10:00:00', Type: 'Shipment', Item: 'A', Qty: 1 },
        { Date: new Date(Date.UTC(2026, 2, 2)), Type: 'Shipment', Item: 'A', Qty: 1 },
        { Date: '46083', Type: 'Shipment', Item: 'A', Qty: 1 },
      ),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements.map((m) => m.date)).toEqual([46083, 46083, 46083, 46083, 46083, 46083]);
  });

  test.each([['02/03/2026'], ['March 2'], [0], [3e6], ['1899-01-01'], [new Date(Date.UTC(1800, 0, 1))], [true]])('Date %p -> BAD_DATE with an ISO hint', (cell) => {
    const r = one({ Date: cell, Type: 'Shipment', Item: 'A', Qty: 1 });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'BAD_DATE', column: 'Date', row: 2, hint: expect.stringContaining('yyyy-mm-dd') })]);
  });

  test('optional columns: text trimmed, currency upper-cased, Expiry a date', () => {
    const grid = [
      ['Date', 'Type', 'Item', 'Qty', 'Doc', 'Location', 'Currency', 'FxRate', 'Party', 'Channel', 'Order', 'Batch', 'Serial', 'Expiry', 'Account', 'Memo', 'UnitPrice'],
      [DAY, 'Sale', ' COAT ', 2, 'INV-7', 'Main', 'eur', 1.08, 'Acme', 'Web', 'SO-1', 'B1', 'S1', '2027-01-31', 4000, 'hello', 250],
    ];
    const r = read({ Movements: grid });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toEqual({
      seq: 0,
      source: { table: 'Movements', row: 2 },
      date: 46083,
      type: 'Sale',
      item: 'COAT',
      qty: 2,
      doc: 'INV-7',
      location: 'Main',
      currency: 'EUR',
      fxRate: 1.08,
      party: 'Acme',
      channel: 'Web',
      order: 'SO-1',
      batch: 'B1',
      serial: 'S1',
      expiry: 46418,
      account: '4000',
      memo: 'hello',
      unitPrice: 250,
    });
  });

  test('a bad Expiry is reported under Expiry', () => {
    const r = one({ Date: DAY, Type: 'Shipment', Item: 'A', Qty: 1 });
    expect(r.diagnostics).toEqual([]);
    const r2 = read({ Movements: [['Date', 'Type', 'Item', 'Qty', 'Expiry'], [DAY, 'Shipment', 'A', 1, '01/02/2027']] });
    expect(r2.diagnostics).toEqual([expect.objectContaining({ code: 'BAD_DATE', column: 'Expiry' })]);
  });

  test('codes are trimmed of Unicode spaces too', () => {
    const r = read({ Movements: movements({ Date: DAY, Type: '\u2003Shipment', Item: '\u00a0COAT\u2003', Qty: 1, Doc: 'D1\u3000' }) });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toMatchObject({ type: 'Shipment', item: 'COAT', doc: 'D1' });
  });

  test('item codes compare case-sensitively and keep their case', () => {
    const r = read({ Movements: movements({ Date: DAY, Type: 'Shipment', Item: 'coat', Qty: 1 }, { Date: DAY, Type: 'Shipment', Item: 'COAT', Qty: 1 }) });
    expect(r.inputs.movements.map((m) => m.item)).toEqual(['coat', 'COAT']);
  });
});
