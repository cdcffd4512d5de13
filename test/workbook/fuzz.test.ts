/**
 * Garbage in, diagnostics out: random cell grids for every input table never make the reader
 * throw, every diagnostic says where it is, and whatever reaches the engine is well-formed.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { MAX_SERIAL } from '../../src/workbook/cells';
import { readWorkbook, INPUT_TABLES } from '../../src/workbook/read';
import type { CellGrid, InputCell, TableSource } from '../../src/workbook/sheet';

const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Settings: ['Setting', 'Value'],
  Accounts: ['Account', 'Name', 'Type', 'Role', 'Parent'],
  Locations: ['Location', 'Parent', 'StockAccount', 'Kind'],
  Items: ['Item', 'Name', 'Kind', 'Method', 'StandardCost', 'Weight', 'BatchTracked', 'LeadTimeDays'],
  Kits: ['Parent', 'Component', 'Qty', 'ScrapPct', 'LaborCost'],
  Movements: ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Amount', 'FxRate', 'Location', 'ToLocation', 'Expiry', 'Doc'],
  LandedCosts: ['Date', 'Doc', 'AppliesTo', 'Amount', 'Basis', 'Item', 'FxRate'],
};

const LONG = 'x'.repeat(32_767);

const cell: fc.Arbitrary<InputCell> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 12 }),
  fc.double(), // includes NaN, ±Infinity, -0, 1e308
  fc.integer({ min: -100, max: 100_000 }),
  fc.constantFrom(1e308, -1e308, 1e-320, -0, 1e15, 1e16, 1e-9, 1e-10, 2958465, 2958466, 0.5),
  fc.boolean(),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }), // 271,821 BC .. AD 275,760
  fc.constant(new Date(NaN)),
  fc.constantFrom({ error: '#N/A' }, { error: '#REF!' }, { error: '' }),
  fc.constantFrom('#N/A', '#VALUE!', '#DIV/0!', '#SPILL!', '#GETTING_DATA', '#name?'),
  fc.constantFrom('1,234.50', '(12.5)', '$12', '€-3', '1e308', '1e-400', '-0', 'NaN', 'Infinity', '0x1F', '12,5', '1.00000000000000001', '5%'),
  fc.constantFrom('2026-03-31', '2026-02-30', '1899-12-31', '0001-01-01', '9999-12-31T23:59:59', '10000-01-01', '31/12/2026', '46082'),
  fc.constantFrom('Receipt', 'Opening', 'Transfer', 'Revalue', 'Bill', 'Invoice', 'Count', 'Adjust', 'customer return', 'FIFO', 'std', 'Manual', 'yes', 'Method', 'Precision', 'FiscalYearStart'),
  fc.constant(LONG),
  fc.constant(' '),
);

function gridFor(table: string): fc.Arbitrary<CellGrid> {
  const known = COLUMNS[table] ?? [];
  const headerCell: fc.Arbitrary<InputCell> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...known.map((c) => c.toLowerCase().replace(/([a-z])(cost|price|location)/, '$1 $2'))) },
    { weight: 1, arbitrary: cell },
  );
  const header = fc.array(headerCell, { minLength: 0, maxLength: known.length + 2 });
  const row = fc.array(cell, { maxLength: known.length + 2 });
  return fc.tuple(header, fc.array(row, { maxLength: 8 })).map(([h, rows]) => (h.length === 0 && rows.length === 0 ? [] : [h, ...rows]));
}

const tables: fc.Arbitrary<TableSource> = fc.record(
  Object.fromEntries(INPUT_TABLES.map((t) => [t, gridFor(t)])) as Record<string, fc.Arbitrary<CellGrid>>,
  { requiredKeys: [] },
);

const NOT_ABOUT_A_CELL = new Set(['TABLE_MISSING', 'EMPTY_TABLE', 'DUPLICATE_TABLE']);

/** Movements rows that are mostly plausible, so that some rows survive and reach the checks. */
const PLAUSIBLE: Readonly<Record<string, fc.Arbitrary<InputCell>>> = {
  Date: fc.oneof(fc.integer({ min: 40000, max: 50000 }), fc.constantFrom('2026-03-31', '2026-03-31T10:00')),
  Type: fc.constantFrom('Receipt', 'Shipment', 'Adjust', 'Count', 'Revalue', 'Bill', 'Invoice', 'Transfer'),
  Item: fc.constantFrom('COAT', 'HAT', ' COAT '),
  Qty: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 50 }) }, { weight: 1, arbitrary: fc.constantFrom(-3, '1,000', '(2)', '-0') }),
  UnitCost: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100) }, { weight: 1, arbitrary: fc.constant(null) }),
  Amount: fc.constantFrom(null, 100, '-40'),
  UnitPrice: fc.constantFrom(null, 250),
  FxRate: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(null, 1.08) }, { weight: 1, arbitrary: fc.double({ min: -1, max: 3, noNaN: true }) }),
  ToLocation: fc.constantFrom(null, 'Store'),
  Location: fc.constantFrom(null, 'Main'),
  Doc: fc.constantFrom(null, 'D1'),
  Expiry: fc.constantFrom(null, '2027-01-31'),
};
const plausibleMovements: fc.Arbitrary<CellGrid> = fc
  .array(
    fc.tuple(...(COLUMNS.Movements ?? []).map((c) => fc.oneof({ weight: 29, arbitrary: PLAUSIBLE[c] ?? fc.constant(null) }, { weight: 1, arbitrary: cell }))),
    { maxLength: 20 },
  )
  .map((rows) => [[...(COLUMNS.Movements ?? [])], ...rows]);

describe('fuzz: random grids into every table', () => {
  test('mostly plausible Movements: surviving rows are well-formed', () => {
    let kept = 0;
    let total = 0;
    fc.assert(
      fc.property(plausibleMovements, (grid) => {
        const r = readWorkbook({ Movements: grid });
        kept += r.inputs.movements.length;
        total += grid.length - 1;
        check(r, { Movements: grid });
      }),
      { seed: 4242, numRuns: 300 },
    );
    expect(kept).toBeGreaterThan(300); // the checks on movements were not vacuous
    expect(kept).toBeLessThan(total); // ... nor were the rejections
  });

  test('never throws; every diagnostic says where; inputs are well-formed', () => {
    fc.assert(
      fc.property(tables, (source) => check(readWorkbook(source), source)),
      { seed: 20260331, numRuns: 400 },
    );
  });
});

const seenCodes = new Set<string>();

test('every code the fuzz provoked is documented in docs/diagnostics.md', () => {
  const doc = readFileSync(join(__dirname, '../../docs/diagnostics.md'), 'utf8');
  expect(seenCodes.size).toBeGreaterThan(20);
  for (const code of seenCodes) {
    const documented = code.endsWith('_NOT_NUMBER') ? doc.includes(code.replace(/_NOT_NUMBER$/, '_')) || doc.includes(code) : doc.includes(code);
    expect([code, documented]).toEqual([code, true]);
  }
});

function check(r: ReturnType<typeof readWorkbook>, source: TableSource): void {
  for (const d of r.diagnostics) seenCodes.add(d.code);
        for (const d of r.diagnostics) {
          expect(typeof d.code).toBe('string');
          expect(['error', 'warning', 'info']).toContain(d.severity);
          expect(INPUT_TABLES as readonly string[]).toContain(d.table);
          expect(d.message.length).toBeLessThan(600); // 32,767-char cells are never echoed whole
          expect(typeof d.hint).toBe('string');
          if (!NOT_ABOUT_A_CELL.has(d.code)) {
            expect(Number.isInteger(d.row)).toBe(true);
            expect(d.row).toBeGreaterThanOrEqual(1);
            expect(typeof d.column).toBe('string');
          }
        }
        const errorRows = new Set(r.diagnostics.filter((d) => d.severity === 'error' && d.table === 'Movements').map((d) => d.row));
        for (const m of r.inputs.movements) {
          expect(m.seq).toBe(m.source.row - 2);
          expect(errorRows.has(m.source.row)).toBe(false);
          expect(Number.isInteger(m.date) && m.date >= 1 && m.date <= MAX_SERIAL).toBe(true);
          for (const n of [m.qty, m.unitCost, m.unitPrice, m.amount, m.fxRate]) {
            if (n === undefined) continue;
            expect(Number.isFinite(n)).toBe(true);
            expect(Object.is(n, -0)).toBe(false);
            expect(Math.abs(n)).toBeLessThanOrEqual(1e15);
          }
          if (m.fxRate !== undefined) expect(m.fxRate).toBeGreaterThan(0);
        }
        const s = r.inputs.settings;
        expect(Number.isInteger(s.precision) && s.precision >= 0 && s.precision <= 6).toBe(true);
        expect(Number.isInteger(s.fiscalYearStart) && s.fiscalYearStart >= 1 && s.fiscalYearStart <= 12).toBe(true);
        expect(r.present.every((t) => source[t] !== undefined)).toBe(true);
}
