/**
 * Hostile input, end to end through valueWorkbook: random garbage rows (wrong types, Excel errors,
 * huge and tiny numbers, NaN-like text, 32,767-character strings, dates before 1900 and after 9999,
 * duplicate docs) mixed into a valid book, plus cycles in location parents and kit components.
 * Nothing throws; every problem is a diagnostic that names its table (and row and column where it is
 * about a cell); and items the bad rows do not touch are valued exactly as without them.
 */
import fc from 'fast-check';
import type { InputCell } from '../../src/workbook/sheet';
import { valueWorkbook } from '../../src/workbook/run';

const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Location', 'ToLocation', 'Doc', 'Order', 'Memo'];

const garbageCell: fc.Arbitrary<InputCell> = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('#N/A', '#VALUE!', '#REF!', 'NaN', 'Infinity', '-Infinity', 'nan', '1e308', '-0', 'TRUE', '=SUM(A1)', '+1', '@x', '\t', '\r'),
  fc.constant({ error: '#DIV/0!' }),
  fc.constantFrom(1e308, -1e308, 5e-324, -0, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, -1, 0),
  fc.constantFrom(-1, 0, 2958466, 3000000, 1e9),
  fc.constant('x'.repeat(32767)),
  fc.constantFrom('1899-12-31', '0001-01-01', '9999-12-31', '10000-01-01', '2026-02-30', '31/12/2026'),
  fc.boolean(),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
  fc.string({ maxLength: 12 }),
  fc.double(),
);

const typeCell = fc.constantFrom<InputCell>('Receipt', 'Shipment', 'Sale', 'Transfer', 'Adjust', 'Count', 'Revalue', 'Bill', 'Invoice', 'Gift', '', null, 'customer return');

/** A garbage row always names one of the "dirty" items (or garbage in the Item cell itself). */
const garbageRow: fc.Arbitrary<InputCell[]> = fc.tuple(
  garbageCell,
  typeCell,
  fc.oneof(fc.constantFrom<InputCell>('DIRTY1', 'DIRTY2'), garbageCell.filter((c) => c !== 'CLEAN1' && c !== 'CLEAN2')),
  garbageCell,
  garbageCell,
  garbageCell,
  fc.constantFrom<InputCell>('Main', 'Nowhere', null, '#N/A'),
  fc.constantFrom<InputCell>('Main', 'Loop1', null),
  garbageCell,
  garbageCell,
  garbageCell,
);

function cleanRows(): InputCell[][] {
  return [
    [46023, 'Receipt', 'CLEAN1', 10, 4.25, null, 'Main', null, 'R1', 'PO1', null],
    [46024, 'Receipt', 'CLEAN2', 5, 10, null, 'Main', null, 'R2', 'PO2', null],
    [46025, 'Sale', 'CLEAN1', 3, null, 9.99, 'Main', null, 'INV1', null, '=HYPERLINK("x")'],
    [46026, 'Bill', 'CLEAN1', 10, null, null, 'Main', null, 'B1', 'PO1', null],
    [46027, 'Shipment', 'CLEAN2', 2, null, null, 'Main', null, 'D1', null, '+cmd'],
    [46028, 'Count', 'CLEAN2', 2, null, null, 'Main', null, 'C1', null, null],
  ];
}

const tables = (rows: InputCell[][], extra: Record<string, InputCell[][]> = {}): Record<string, InputCell[][]> => ({
  Movements: [HEADER, ...rows],
  Locations: [
    ['Location', 'Parent', 'Kind'],
    ['Main', null, 'Normal'],
    ['Loop1', 'Loop2', 'Normal'],
    ['Loop2', 'Loop1', 'Normal'],
  ],
  Kits: [
    ['Parent', 'Component', 'Qty'],
    ['KA', 'KB', 1],
    ['KB', 'KA', 1],
  ],
  ...extra,
});

describe('hostile input', () => {
  const baseline = valueWorkbook(tables(cleanRows()));
  const clean = (run: typeof baseline): unknown => run.summary.items.filter((i) => i.item === 'CLEAN1' || i.item === 'CLEAN2');

  test('the clean book values as expected (and a kit cycle and a location cycle are reported)', () => {
    expect(clean(baseline)).toEqual([
      { item: 'CLEAN1', qty: '7', value: '29.75', cogs: '12.75', revenue: '29.97' },
      { item: 'CLEAN2', qty: '2', value: '20.00', cogs: '20.00', revenue: '0.00' },
    ]);
    const codes = baseline.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['LOCATION_CYCLE', 'KIT_CYCLE']));
  });

  test('garbage rows anywhere: no exception, every problem located, clean items unchanged', () => {
    fc.assert(
      fc.property(fc.array(garbageRow, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { maxLength: 25 }), (bad, positions) => {
        const rows = cleanRows();
        bad.forEach((row, i) => rows.splice(Math.min(rows.length, (positions[i] ?? i) % (rows.length + 1)), 0, row));
        const run = valueWorkbook(tables(rows));
        for (const d of run.diagnostics) {
          expect(typeof d.table).toBe('string');
          if (d.severity === 'error' && d.table === 'Movements' && d.code !== 'EMPTY_TABLE') {
            expect(d.row).toBeGreaterThanOrEqual(2);
            expect(typeof d.column).toBe('string');
          }
        }
        expect(clean(run)).toEqual(clean(baseline));
        expect(run.summary.totals.debits).toBe(run.summary.totals.credits);
      }),
      { seed: 8, numRuns: 120 },
    );
  });

  test('garbage in every other table never throws', () => {
    const grid = fc.array(fc.array(garbageCell, { minLength: 0, maxLength: 8 }), { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(grid, grid, grid, grid, grid, grid, (settings, accounts, locations, items, kits, landed) => {
        const run = valueWorkbook({
          Movements: [HEADER, ...cleanRows()],
          Settings: [['Setting', 'Value'], ...settings],
          Accounts: [['Account', 'Name', 'Type', 'Role'], ...accounts],
          Locations: [['Location', 'Parent', 'StockAccount', 'Kind'], ...locations],
          Items: [['Item', 'Method', 'StandardCost', 'Kind', 'Weight'], ...items],
          Kits: [['Parent', 'Component', 'Qty', 'ScrapPct'], ...kits],
          LandedCosts: [['Date', 'Doc', 'AppliesTo', 'Amount', 'Basis'], ...landed],
        });
        for (const d of run.diagnostics) expect(typeof d.table === 'string' || d.code === 'ROLE_DEFAULTED').toBe(true);
        expect(run.summary.totals.debits).toBe(run.summary.totals.credits);
      }),
      { seed: 9, numRuns: 150 },
    );
  });
});
