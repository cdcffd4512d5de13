/**
 * The installed command, as a user runs it: compile src/cli (npm run build:cli), then run
 * `node bin/perpetua.js` as a child process and check exit codes, stdout and stderr.
 */
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Summary } from '../../src/workbook/summaryTypes';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'perpetua.js');

function perpetua(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // tsc exits non-zero when any file of the build has a type error elsewhere in the tree, but
  // still emits; what matters here is that the CLI's entry point exists afterwards.
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // checked below
  }
}, 180_000);

test('the build produced the entry point bin/perpetua.js loads', async () => {
  await expect(fs.access(path.join(ROOT, 'build', 'node', 'cli', 'main.js'))).resolves.toBeUndefined();
});

test('coats: --json - prints the summary; exit 0', () => {
  const r = perpetua('value', 'samples/coats.xlsx', '--json', '-');
  expect(r.status).toBe(0);
  const s = JSON.parse(r.stdout) as Summary;
  expect(s.totals).toMatchObject({ cogs: '200.00', inventoryValue: '800.00', grossMargin: '300.00' });
});

test('fifo-lifo --method LIFO: COGS 1,750', () => {
  const r = perpetua('value', 'samples/fifo-lifo.xlsx', '--method', 'LIFO', '--json', '-');
  expect(r.status).toBe(0);
  expect((JSON.parse(r.stdout) as Summary).totals.cogs).toBe('1750.00');
});

test('bad input: exit 1, located error, no output file, no stack trace', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-bin-'));
  try {
    const out = path.join(dir, 'o.xlsx');
    const r = perpetua('value', 'test/fixtures/bad/qty-text', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Movements row 3, column Qty: QTY_NOT_NUMBER /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await fs.readdir(dir)).toEqual([]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('usage error: exit 2; --version: exit 0', () => {
  const bad = perpetua('value', 'samples/coats.xlsx', '--method', 'HIFO');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--method must be one of/);
  const version = perpetua('--version');
  expect(version.status).toBe(0);
  expect(version.stdout).toMatch(/^perpetua 0\.1\.0/);
});
