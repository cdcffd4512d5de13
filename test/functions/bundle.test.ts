/**
 * The built add-in bundle, as Excel would load it: webpack builds dist/functions.js and
 * functions.json (into a temporary folder), the bundle runs in a fresh context with a stand-in
 * CustomFunctions global (no Worker there, so the engine runs in that thread), and INV.BOOK over
 * every input table of a workbook, read with the project's own readers, answers with the CLI's
 * numbers for the same workbook: every sample, and random workbooks written as CSV folders.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import vm from 'vm';
import { readCsvFolder } from '../../src/cli/csv';
import { main } from '../../src/cli/main';
import { readXlsx } from '../../src/cli/xlsxRead';
import type { TableSource } from '../../src/workbook/sheet';

type Fn = (...args: unknown[]) => unknown;

interface StandInError extends Error {
  readonly code: string;
}
// CustomFunctions.Error lives in the add-in's own realm, so the stand-in is made inside the context.
const context = vm.createContext({ setTimeout });
const StandInError = vm.runInContext('(class CustomFunctionsError extends Error { constructor(code, message) { super(message); this.code = code; } })', context) as new (
  code: string,
  message?: string,
) => StandInError;

const root = join(__dirname, '../..');
let out = '';
let metadata: Record<string, unknown> = {};
const registered = new Map<string, Fn>();

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'perpetua-bundle-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(join(root, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => import('webpack').Configuration;
  const base = makeConfig({}, { mode: 'production' });
  const keep = new Set(['CustomFunctionsMetadataPlugin', 'FunctionsMetadataOptionsPlugin']);
  const config: import('webpack').Configuration = {
    ...base,
    context: root,
    entry: { functions: './src/functions/functions.ts' },
    output: { ...base.output, path: out, clean: false },
    plugins: (base.plugins ?? []).filter((p) => p !== null && p !== undefined && p !== false && keep.has(p.constructor.name)),
    devtool: false,
  };
  await new Promise<void>((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) reject(err);
      else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')));
      else resolve();
    });
  });
  metadata = JSON.parse(readFileSync(join(out, 'functions.json'), 'utf8')) as Record<string, unknown>;
  const code = readFileSync(join(out, 'functions.js'), 'utf8');
  Object.assign(context, {
    CustomFunctions: {
      associate: (id: string, fn: Fn) => registered.set(id, fn),
      Error: StandInError,
      ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!' },
    },
  });
  vm.runInContext(code, context);
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The input tables of an .xlsx, read by the CLI's own reader. */
async function tablesOf(file: string): Promise<TableSource> {
  const read = await readXlsx(file);
  read.book.zip.close();
  return read.tables;
}

const BOOK_ORDER = ['Movements', 'Settings', 'Items', 'LandedCosts', 'Accounts', 'Locations', 'Kits'];

/** Cells as Excel hands them to a custom function: dates as serial numbers, blanks as ''. */
function asExcel(grid: readonly (readonly unknown[])[]): unknown[][] {
  return grid.map((row) => row.map((c) => (c instanceof Date ? c.getTime() / 86_400_000 + 25_569 : c === null || c === undefined ? '' : c)));
}

/** INV.BOOK's arguments for a workbook's tables (omitted ones as null, as Excel passes them). */
function bookArgs(tables: TableSource): unknown[] {
  return BOOK_ORDER.map((name) => {
    const grid = tables[name];
    return grid === undefined ? null : asExcel(grid);
  });
}

interface CliItem {
  item: string;
  qty: string;
  value: string;
  cogs: string;
}
interface CliSummary {
  totals: Record<string, string>;
  items: CliItem[];
}
async function cliSummary(input: string, method?: string): Promise<CliSummary> {
  let stdout = '';
  const code = await main(['value', input, '--json', '-', ...(method ? ['--method', method] : [])], { stdout: (t) => (stdout += t), stderr: () => undefined });
  expect(code).toBe(0);
  return JSON.parse(stdout) as CliSummary;
}

const call = (id: string, ...args: unknown[]): unknown => {
  const fn = registered.get(id);
  if (fn === undefined) throw new Error(`${id} was not registered`);
  return fn(...args);
};
const invocation = (): { onCanceled: undefined } => ({ onCanceled: undefined });

async function bookOf(tables: TableSource): Promise<string> {
  const h = await call('BOOK', ...bookArgs(tables), invocation());
  if (typeof h !== 'string') throw new Error('BOOK did not return text');
  return h;
}

/** The book's totals and per-item figures equal the CLI summary, to the cent. */
async function expectBookEqualsCli(handle: string, cli: CliSummary): Promise<void> {
  const first = [[handle]];
  expect(await call('COGS', first, null, null, null, null, invocation())).toEqual([[Number(cli.totals['cogs'])]]);
  expect(await call('VALUE', first, null, null, null, invocation())).toEqual([[Number(cli.totals['inventoryValue'])]]);
  expect(await call('MARGIN', first, null, null, null, null, invocation())).toEqual([[Number(cli.totals['grossMargin'])]]);
  const codes = cli.items.map((i) => [i.item]);
  if (codes.length === 0) return;
  const cogs = (await call('COGS', first, codes, null, null, null, invocation())) as unknown[][];
  const value = (await call('VALUE', first, codes, null, null, invocation())) as unknown[][];
  const qty = (await call('QTY', first, codes, null, invocation())) as unknown[][];
  expect(cogs.map((r) => r[0])).toEqual(cli.items.map((i) => Number(i.cogs)));
  expect(value.map((r) => r[0])).toEqual(cli.items.map((i) => Number(i.value)));
  expect(qty.map((r) => r[0])).toEqual(cli.items.map((i) => Number(i.qty)));
}

test('the bundle registers every INV function; functions.json lets error cells through', () => {
  expect([...registered.keys()].sort()).toEqual(['AVGCOST', 'BOOK', 'COGS', 'FIFO', 'LANDED', 'MARGIN', 'PERIODIC', 'QTY', 'VALUE']);
  expect(metadata['allowErrorForDataTypeAny']).toBe(true);
  expect(Array.isArray(metadata['functions'])).toBe(true);
});

const samples = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.xlsx'));

test.each(samples)('INV.BOOK over every input table of samples/%s equals the CLI', async (file) => {
  const path = join(root, 'samples', file);
  const tables = (await tablesOf(path));
  const handle = await bookOf(tables);
  const rows = (tables['Movements']?.length ?? 1) - 1;
  expect(handle).toMatch(new RegExp(`^Book [0-9a-f]{12} · ${rows.toLocaleString('en-US')} movements?$`));
  await expectBookEqualsCli(handle, await cliSummary(path));
});

test.each([['FIFO'], ['LIFO'], ['AVERAGE']])('the method argument equals the CLI --method %s on fifo-lifo.xlsx', async (method) => {
  const path = join(root, 'samples', 'fifo-lifo.xlsx');
  const handle = await bookOf((await tablesOf(path)));
  const cli = await cliSummary(path, method);
  expect(await call('COGS', [[handle]], null, null, null, method, invocation())).toEqual([[Number(cli.totals['cogs'])]]);
});

// ---- random workbooks -------------------------------------------------------------------------

const ITEMS = ['A', 'B', 'C'];
const METHODS = ['FIFO', 'LIFO', 'AVERAGE'];
const move = fc.record({
  day: fc.integer({ min: 0, max: 60 }),
  item: fc.constantFrom(...ITEMS),
  kind: fc.constantFrom('buy', 'buy', 'sell', 'ship', 'adjust', 'move'),
  qty: fc.integer({ min: 1, max: 30 }),
  cents: fc.integer({ min: 1, max: 40_000 }),
});
const workbook = fc.record({
  moves: fc.array(move, { minLength: 1, maxLength: 40 }),
  method: fc.constantFrom(...METHODS),
  itemMethods: fc.array(fc.option(fc.constantFrom(...METHODS), { nil: undefined }), { minLength: 3, maxLength: 3 }),
  precision: fc.constantFrom(2, 3),
  freight: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
});

function csv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(String).join(',')).join('\n') + '\n';
}

/** Writes a random workbook as a CSV folder (never short of stock at any location). */
type Workbook = typeof workbook extends fc.Arbitrary<infer T> ? T : never;

function writeWorkbook(dir: string, w: Workbook): void {
  const onHand = new Map<string, number>();
  const rows: (string | number)[][] = [['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Doc', 'Location', 'ToLocation']];
  const sorted = [...w.moves].sort((a, b) => a.day - b.day);
  let firstReceipt: string | undefined;
  sorted.forEach((m, i) => {
    const key = `${m.item}|Main`;
    const have = onHand.get(key) ?? 0;
    const date = `2026-${String(1 + Math.floor(m.day / 28)).padStart(2, '0')}-${String(1 + (m.day % 28)).padStart(2, '0')}`;
    if (m.kind === 'buy' || have === 0) {
      rows.push([date, 'Receipt', m.item, m.qty, (m.cents / 100).toFixed(2), '', `R${i}`, 'Main', '']);
      onHand.set(key, have + m.qty);
      firstReceipt ??= `R${i}`;
      return;
    }
    const q = Math.min(have, m.qty);
    onHand.set(key, have - q);
    if (m.kind === 'sell') rows.push([date, 'Sale', m.item, q, '', (m.cents / 77).toFixed(2), `S${i}`, 'Main', '']);
    else if (m.kind === 'ship') rows.push([date, 'Shipment', m.item, q, '', '', `D${i}`, 'Main', '']);
    else if (m.kind === 'adjust') rows.push([date, 'Adjust', m.item, -q, '', '', `A${i}`, 'Main', '']);
    else rows.push([date, 'Transfer', m.item, q, '', '', `T${i}`, 'Main', 'Back']);
  });
  writeFileSync(join(dir, 'Movements.csv'), csv(rows));
  writeFileSync(join(dir, 'Settings.csv'), csv([['Setting', 'Value'], ['Method', w.method], ['Precision', w.precision]]));
  writeFileSync(join(dir, 'Items.csv'), csv([['Item', 'Method'], ...ITEMS.map((it, k) => [it, w.itemMethods[k] ?? ''])]));
  writeFileSync(join(dir, 'Locations.csv'), csv([['Location', 'Kind'], ['Main', 'Normal'], ['Back', 'Normal']]));
  if (w.freight !== undefined && firstReceipt !== undefined) {
    writeFileSync(join(dir, 'LandedCosts.csv'), csv([['Date', 'Doc', 'AppliesTo', 'Amount'], ['2026-03-15', 'FR1', firstReceipt, (w.freight / 100).toFixed(2)]]));
  }
}

test('property: INV.BOOK over random workbooks (Settings, Items, Locations, LandedCosts) equals the CLI', async () => {
  await fc.assert(
    fc.asyncProperty(workbook, async (w) => {
      const dir = mkdtempSync(join(tmpdir(), 'perpetua-random-'));
      try {
        writeWorkbook(dir, w);
        const { tables } = await readCsvFolder(dir);
        const handle = await bookOf(tables);
        await expectBookEqualsCli(handle, await cliSummary(dir));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 15 },
  );
}, 120_000);

test('bad tables give Excel errors naming the row and column, never numbers', async () => {
  const tables = await tablesOf(join(root, 'samples', 'coats.xlsx'));
  const grid = asExcel(tables['Movements'] ?? []);
  const bad = grid.map((row, i) => (i === 1 ? row.map((c, j) => (String(grid[0]?.[j]).toLowerCase() === 'qty' ? 'ten' : c)) : row));
  const err = await (call('BOOK', bad, null, null, null, null, null, null, invocation()) as Promise<unknown>).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StandInError);
  expect((err as StandInError).code).toBe('#VALUE!');
  expect((err as StandInError).message).toMatch(/row 2, column Qty/);
  const body = await (call('COGS', grid.slice(1), null, null, null, null, invocation()) as Promise<unknown>).catch((e: unknown) => e);
  expect((body as StandInError).message).toMatch(/Movements\[#All\]/);
  const handle = await bookOf(tables);
  const unknown = (await call('COGS', [[handle]], [['NOPE'], ['COAT']], null, null, null, invocation())) as unknown[][];
  expect(unknown[0]?.[0]).toBeInstanceOf(StandInError);
  expect(typeof unknown[1]?.[0]).toBe('number');
});
