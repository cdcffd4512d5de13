/**
 * The command line end to end, in-process: sample workbooks in, summary JSON, stderr and written
 * workbooks out, checked against the worked examples of SPEC section 10.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cellValues, readParts, sheetGrid, sheetList } from '../support/xlsxParts';
import { main } from '../../src/cli/main';
import type { Summary } from '../../src/workbook/summaryTypes';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** Stderr lines that are neither warnings, notes nor indented hints: the errors. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !/^(warning|info): |^ /.test(l));
}

async function summaryOf(...argv: string[]): Promise<Summary> {
  const r = await cli(...argv, '--json', '-');
  expect({ code: r.code, errors: errorLines(r.stderr) }).toEqual({ code: 0, errors: [] });
  return JSON.parse(r.stdout) as Summary;
}

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-e2e-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the winter coats of SPEC section 10', () => {
  test('buy 10 at 100, sell 2 at 250: COGS 200, closing 800, margin 300', async () => {
    const s = await summaryOf('value', path.join(SAMPLES, 'coats.xlsx'));
    expect(s.version).toBe(1);
    expect(s.baseCurrency).toBe('USD');
    expect(s.method).toBe('FIFO');
    expect(s.totals).toMatchObject({ cogs: '200.00', inventoryValue: '800.00', revenue: '500.00', grossMargin: '300.00' });
    expect(s.totals.debits).toBe(s.totals.credits);
    expect(s.items).toEqual([{ item: 'COAT', qty: '8', value: '800.00', cogs: '200.00', revenue: '500.00' }]);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the CSV folder values the same as the workbook', async () => {
    const fromCsv = await summaryOf('value', path.join(SAMPLES, 'coats-csv'));
    const fromXlsx = await summaryOf('value', path.join(SAMPLES, 'coats.xlsx'));
    expect(fromCsv).toEqual(fromXlsx);
  });

  test('--as-of before the sale: nothing sold yet, all 1,000 still in stock', async () => {
    const s = await summaryOf('value', path.join(SAMPLES, 'coats.xlsx'), '--as-of', '2026-03-05');
    expect(s.totals).toMatchObject({ cogs: '0.00', inventoryValue: '1000.00', revenue: '0.00' });
  });

  test('without --json or --out: a short human summary on stdout', async () => {
    const r = await cli('value', path.join(SAMPLES, 'coats.xlsx'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Winter Coats Ltd/);
    expect(r.stdout).toMatch(/Inventory value\s+800\.00/);
    expect(r.stdout).toMatch(/Cost of goods sold\s+200\.00/);
    expect(r.stdout).toMatch(/Revenue\s+500\.00/);
    expect(r.stdout).toMatch(/Gross margin\s+300\.00/);
    expect(r.stdout).toMatch(/Diagnostics: 0 errors, \d+ warnings?/);
  });

  test('--json FILE writes the summary there (creating the folder)', async () => {
    const file = path.join(tmp, 'reports', 'coats.json');
    const r = await cli('value', path.join(SAMPLES, 'coats.xlsx'), '--json', file);
    expect(r.code).toBe(0);
    const s = JSON.parse(await fs.readFile(file, 'utf8')) as Summary;
    expect(s.totals.cogs).toBe('200.00');
  });
});

describe('Monday, Tuesday, Wednesday: one sample, three methods', () => {
  test.each([
    ['FIFO', '1625.00', '625.00'],
    ['lifo', '1750.00', '500.00'],
    ['Average', '1687.50', '562.50'],
  ])('--method %s: COGS %s, closing %s', async (method, cogs, closing) => {
    const s = await summaryOf('value', path.join(SAMPLES, 'fifo-lifo.xlsx'), '--method', method);
    expect(s.method).toBe(method.toUpperCase());
    expect(s.totals.cogs).toBe(cogs);
    expect(s.totals.inventoryValue).toBe(closing);
  });
});

describe('bad input: exit 1, every error located, no output workbook, no stack trace', () => {
  // Where each fixture's error is: table, row (header = 1) and column.
  const expected: Record<string, RegExp> = {
    'qty-text': /^Movements row 3, column Qty: [A-Z_]+ /m,
    'unknown-type': /^Movements row 3, column Type: [A-Z_]+ /m,
    'missing-item': /^Movements row 3, column Item: [A-Z_]+ /m,
    'bad-date': /^Movements row 3, column Date: [A-Z_]+ /m,
    'negative-receipt': /^Movements row 3, column Qty: [A-Z_]+ /m,
    'duplicated-header': /^Movements row 1, column Qty: [A-Z_]+ /m,
    'empty-movements': /^Movements( row \d+)?(, column \w+)?: [A-Z_]+ /m,
    'negative-stock-block': /^Movements row 2, column Qty: [A-Z_]+ /m,
    'na-cell.xlsx': /^Movements row 3, column UnitCost: [A-Z_]+ /m,
  };

  test('every fixture has an expectation', async () => {
    expect((await fs.readdir(path.join(FIXTURES, 'bad'))).sort()).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.entries(expected))('%s', async (name, where) => {
    const out = path.join(tmp, 'out.xlsx');
    const json = path.join(tmp, 'out.json');
    const r = await cli('value', path.join(FIXTURES, 'bad', name), '--out', out, '--json', json);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/out\.xlsx was not written/);
    // No workbook, no temporary file: only the JSON, whose diagnostics list the errors.
    expect(await fs.readdir(tmp)).toEqual(['out.json']);
    const s = JSON.parse(await fs.readFile(json, 'utf8')) as Summary;
    expect(s.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('usage errors exit 2 with the usage on stderr', () => {
  test.each([
    [[]],
    [['value']],
    [['value', 'samples/coats.xlsx', '--bogus']],
    [['value', 'samples/coats.xlsx', '--json']],
    [['value', 'samples/coats.xlsx', '--method', 'HIFO']],
    [['value', 'samples/coats.xlsx', '--period', 'Fortnight']],
    [['value', 'samples/coats.xlsx', '--as-of', 'tomorrow']],
    [['value', 'samples/no-such-file.xlsx']],
    [['value', 'samples/coats-csv/Movements.csv']],
  ])('%j', async (argv) => {
    const r = await cli(...argv.map((a) => (a.startsWith('samples/') ? path.join(ROOT, a) : a)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^perpetua: /);
    expect(r.stderr).toMatch(/Usage: perpetua value <input>/);
  });

  test('--help and --version exit 0 on stdout', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--as-of DATE/);
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^perpetua \d+\.\d+\.\d+/);
  });
});

describe('--out', () => {
  test('the input workbook, unchanged, plus the generated sheets', async () => {
    const input = path.join(SAMPLES, 'coats.xlsx');
    const out = path.join(tmp, 'nested', 'coats-valued.xlsx');
    const r = await cli('value', input, '--out', out);
    expect(r.code).toBe(0);
    const after = await sheetList(out);
    const names = after.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(['Settings', 'Movements']);
    expect(names).toEqual(expect.arrayContaining(['Stock Ledger', 'Stock Balance', '_Perpetua']));
    expect(after.find((w) => w.name === '_Perpetua')?.state).toBe('hidden');
    for (const ws of await sheetList(input)) expect(await cellValues(out, ws.name)).toEqual(await cellValues(input, ws.name));
    expect(await fs.readdir(path.dirname(out))).toEqual(['coats-valued.xlsx']);
  });

  test('a re-run on its own output replaces its own sheets and values the same', async () => {
    const first = path.join(tmp, 'first.xlsx');
    const second = path.join(tmp, 'second.xlsx');
    expect((await cli('value', path.join(SAMPLES, 'coats.xlsx'), '--out', first)).code).toBe(0);
    const r = await cli('value', first, '--out', second, '--json', '-');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Summary).totals.cogs).toBe('200.00');
    const a = (await sheetList(first)).map((w) => w.name);
    const b = (await sheetList(second)).map((w) => w.name);
    expect(b).toEqual(a);
    expect(b.some((n) => n.includes('(Perpetua'))).toBe(false);
  });

  test('a user sheet named "Stock Ledger" is kept; ours goes beside it', async () => {
    const input = path.join(FIXTURES, 'user-stock-ledger.xlsx');
    const out = path.join(tmp, 'o.xlsx');
    expect((await cli('value', input, '--out', out)).code).toBe(0);
    const mine = await cellValues(input, 'Stock Ledger');
    expect(mine).toEqual({ A1: 'My own stock notes', A2: 'Counted by', B2: 'Maria', A3: 'Coats in the back room', B3: 3 });
    expect(await cellValues(out, 'Stock Ledger')).toEqual(mine);
    const after = await sheetList(out);
    expect(after.map((w) => w.name)).toContain('Stock Ledger (Perpetua)');
    // ...and a second run still leaves the user's sheet alone.
    const again = path.join(tmp, 'again.xlsx');
    expect((await cli('value', out, '--out', again)).code).toBe(0);
    expect(await cellValues(again, 'Stock Ledger')).toEqual(mine);
    expect((await sheetList(again)).map((w) => w.name)).toEqual(after.map((w) => w.name));
  });

  test('CSV input: the tables become sheets; formula-looking memo text stays text', async () => {
    const out = path.join(tmp, 'memo.xlsx');
    const r = await cli('value', path.join(FIXTURES, 'memo-formula-csv'), '--out', out);
    expect({ code: r.code, errors: errorLines(r.stderr) }).toEqual({ code: 0, errors: [] });
    const movements = await cellValues(out, 'Movements');
    expect(movements['H2']).toBe('=SUM(1,2)');
    expect(movements['E2']).toBe('=HYPERLINK("http://example.com")');
    expect(movements['H3']).toBe('+44 20 7946 0000');
    expect(movements['E4']).toBe('-INV-3');
    expect(movements['H4']).toBe('@mention the buyer');
    const parts = await readParts(out);
    const sheets = [...parts.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(2);
    // The only formulas are Perpetua's own (totals rows and statement lines over PP_ tables or
    // their own cells), never a user's text.
    for (const name of sheets) {
      const xml = parts.get(name)?.toString('utf8') ?? '';
      for (const f of xml.matchAll(/<f>([^<]*)<\/f>/g)) expect([name, f[1]]).toEqual([name, expect.stringMatching(/PP_|^[A-Z]+\d+([+-][A-Z]+\d+)*$|^IF\(/)]);
      expect([name, /SUM\(1,2\)|HYPERLINK/.test([...xml.matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1]).join(' '))]).toEqual([name, false]);
    }
  });

  test('the demo workbook values and writes cleanly', async () => {
    const out = path.join(tmp, 'demo.xlsx');
    const r = await cli('value', path.join(SAMPLES, 'demo.xlsx'), '--out', out, '--json', '-');
    expect({ code: r.code, errors: errorLines(r.stderr) }).toEqual({ code: 0, errors: [] });
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.items.map((i) => i.item).sort()).toEqual(['BOOT', 'COAT', 'GLOVE', 'HAT', 'SCARF']);
    expect(s.totals.debits).toBe(s.totals.credits);
    expect((await sheetList(out)).length).toBeGreaterThan(5);
    expect((await sheetGrid(out, 'Journal')).length).toBeGreaterThan(10);
  });
});
