/**
 * The built add-in bundle, as Excel would load it: webpack builds dist/functions.js (into a temporary
 * folder), the bundle runs in a fresh context with a stand-in CustomFunctions global, and the INV
 * functions it registers answer with the CLI's numbers for the same workbook.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import vm from 'vm';
import { main } from '../../src/cli/main';
import { readXlsx } from '../../src/cli/xlsxRead';

type Fn = (...args: unknown[]) => unknown;

interface StandInError extends Error {
  readonly code: string;
}
// CustomFunctions.Error lives in the add-in's own realm, so the stand-in is made inside the context.
const context = vm.createContext({});
const StandInError = vm.runInContext('(class CustomFunctionsError extends Error { constructor(code, message) { super(message); this.code = code; } })', context) as new (
  code: string,
  message?: string,
) => StandInError;

const root = join(__dirname, '../..');
let out = '';
const registered = new Map<string, Fn>();

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'perpetua-bundle-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(join(root, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => import('webpack').Configuration;
  const base = makeConfig({}, { mode: 'production' });
  const config: import('webpack').Configuration = {
    ...base,
    context: root,
    entry: { functions: './src/functions/functions.ts' },
    output: { ...base.output, path: out, clean: false },
    plugins: (base.plugins ?? []).filter((p) => p !== null && p !== undefined && p.constructor.name === 'CustomFunctionsMetadataPlugin'),
    devtool: false,
  };
  await new Promise<void>((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) reject(err);
      else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')));
      else resolve();
    });
  });
  const code = readFileSync(join(out, 'functions.js'), 'utf8');
  Object.assign(context, {
    CustomFunctions: {
      associate: (id: string, fn: Fn) => registered.set(id, fn),
      Error: StandInError,
      ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!' },
    },
  });
  vm.runInContext(code, context);
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

async function movementsOf(file: string): Promise<unknown[][]> {
  const read = await readXlsx(join(root, file));
  read.book.zip.close();
  const tables = read.tables as Record<string, unknown[][] | undefined>;
  const grid = Object.entries(tables).find(([k]) => k.toLowerCase() === 'movements')?.[1];
  if (grid === undefined) throw new Error('no Movements in ' + file);
  return grid.map((row) => row.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)));
}

interface CliItem {
  item: string;
  qty: string;
  value: string;
  cogs: string;
}
async function cliSummary(file: string, method?: string): Promise<{ totals: Record<string, string>; items: CliItem[] }> {
  let stdout = '';
  const code = await main(['value', file.startsWith('/') ? file : join(root, file), '--json', '-', ...(method ? ['--method', method] : [])], { stdout: (t) => (stdout += t), stderr: () => undefined });
  expect(code).toBe(0);
  return JSON.parse(stdout) as { totals: Record<string, string>; items: CliItem[] };
}

const call = (id: string, ...args: unknown[]): unknown => {
  const fn = registered.get(id);
  if (fn === undefined) throw new Error(`${id} was not registered`);
  return fn(...args);
};

test('the bundle registers every INV function', () => {
  expect([...registered.keys()].sort()).toEqual(['AVGCOST', 'COGS', 'FIFO', 'LANDED', 'MARGIN', 'PERIODIC', 'QTY', 'VALUE']);
});

test.each([['FIFO'], ['LIFO'], ['AVERAGE']])('INV.COGS with method %s equals the CLI on fifo-lifo.xlsx', async (method) => {
  const grid = await movementsOf('samples/fifo-lifo.xlsx');
  const cli = await cliSummary('samples/fifo-lifo.xlsx', method);
  expect(call('COGS', grid, null, null, null, method)).toEqual([[Number(cli.totals['cogs'])]]);
});

test('the coats: COGS, margin, value and quantity equal the CLI; a range of items spills', async () => {
  const grid = await movementsOf('samples/coats.xlsx');
  const cli = await cliSummary('samples/coats.xlsx');
  expect(call('COGS', grid)).toEqual([[Number(cli.totals['cogs'])]]);
  expect(call('MARGIN', grid)).toEqual([[Number(cli.totals['grossMargin'])]]);
  const coat = cli.items.find((i) => i.item === 'COAT');
  expect(call('VALUE', grid, 'COAT')).toEqual([[Number(coat?.value)]]);
  expect(call('QTY', grid, [['COAT'], ['COAT']])).toEqual([[Number(coat?.qty)], [Number(coat?.qty)]]);
});

test('the demo workbook: INV.COGS per item equals the CLI given the same Movements table', async () => {
  // The functions see only the Movements range, so the CLI gets exactly that table too (a CSV folder).
  const grid = await movementsOf('samples/demo.xlsx');
  const dir = mkdtempSync(join(tmpdir(), 'perpetua-demo-csv-'));
  const csv = grid.map((row) => row.map((c) => (c === null || c === undefined ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n');
  writeFileSync(join(dir, 'Movements.csv'), csv);
  try {
    const cli = await cliSummary(dir, 'FIFO');
    const got = call('COGS', grid, cli.items.map((i) => [i.item]), null, null, 'FIFO') as unknown[][];
    expect(got.map((r) => r[0])).toEqual(cli.items.map((i) => Number(i.cogs)));
    expect(call('COGS', grid, null, null, null, 'FIFO')).toEqual([[Number(cli.totals['cogs'])]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arrays give Excel errors, never numbers', async () => {
  const grid = await movementsOf('samples/coats.xlsx');
  const bad = grid.map((row, i) => (i === 1 ? row.map((c, j) => (String(grid[0]?.[j]).toLowerCase() === 'qty' ? 'ten' : c)) : row));
  expect(() => call('COGS', bad)).toThrow(StandInError);
  try {
    call('COGS', bad);
  } catch (e) {
    expect((e as StandInError).code).toBe('#VALUE!');
    expect((e as StandInError).message).toMatch(/row 2, column Qty/);
  }
  expect(() => call('COGS', [['nothing']])).toThrow(StandInError);
  const unknown = call('COGS', grid, [['NOPE'], ['COAT']]) as unknown[][];
  expect(unknown[0]?.[0]).toBeInstanceOf(StandInError);
  expect(typeof unknown[1]?.[0]).toBe('number');
});
