/**
 * The command as a process (issue 17 item 5): SIGTERM and SIGINT in the middle of writing a workbook
 * leave no temporary file and no output; standard output or error closed by the reader (EPIPE) gives
 * no stack trace and does not stop the run; `--json /dev/stdout` is standard output, even when that
 * is a regular file, which is written to and not replaced; a named pipe as input never makes it wait.
 *
 * The CLI is compiled (without type checking: `npx tsc` checks the types) into a folder of this
 * test's own under build/, next to a copy of bin/perpetua.js, so that it never races with
 * test/cli/bin.test.ts building build/node.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import { openSync, closeSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { movementsGrid } from '../../bench/generate';
import type { Summary } from '../../src/workbook/summaryTypes';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILD = path.join(ROOT, 'build', `hardening-${process.pid}`);
const BIN = path.join(BUILD, 'bin', 'perpetua.js');
const posix = process.platform !== 'win32';

let dir: string;

beforeAll(async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cli.json', '--noCheck', '--outDir', path.join(BUILD, 'build', 'node')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  await fs.mkdir(path.dirname(BIN), { recursive: true });
  await fs.copyFile(path.join(ROOT, 'bin', 'perpetua.js'), BIN);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-proc-'));
}, 180_000);

afterAll(async () => {
  await fs.rm(BUILD, { recursive: true, force: true });
  await fs.rm(dir, { recursive: true, force: true });
});

/** A CSV folder of n movements (the bench's generator), large enough for a write that takes a while. */
async function bigCsv(name: string, n: number): Promise<string> {
  const folder = path.join(dir, name);
  await fs.mkdir(folder, { recursive: true });
  const grid = movementsGrid(n, 200, 2, 7);
  await fs.writeFile(path.join(folder, 'Movements.csv'), `${grid.map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\n')}\n`);
  return folder;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** Waits until a file whose name matches `pattern` appears in `folder` (or the child exits). */
async function appears(folder: string, pattern: RegExp, child: ChildProcess): Promise<boolean> {
  for (;;) {
    if ((await fs.readdir(folder)).some((n) => pattern.test(n))) return true;
    if (child.exitCode !== null) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
}

(posix ? test : test.skip)(
  'SIGTERM and SIGINT during the write of --out: exit 143 and 130, the temporary file removed, no output, no stack trace',
  async () => {
    const input = await bigCsv('big', 4000);
    const before = await fs.readFile(path.join(input, 'Movements.csv'));
    const runs = (['SIGTERM', 'SIGINT'] as const).map(async (signal) => {
      const out = path.join(dir, `out-${signal}`);
      await fs.mkdir(out);
      const child = spawn(process.execPath, [BIN, 'value', input, '--out', path.join(out, 'valued.xlsx')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
      child.stdout?.resume();
      const done = exited(child);
      const seen = await appears(out, /\.tmp$/, child);
      child.kill(signal);
      const { code } = await done;
      return { signal, seen, code, left: await fs.readdir(out), stderr };
    });
    for (const r of await Promise.all(runs)) {
      expect({ signal: r.signal, seen: r.seen, code: r.code, left: r.left }).toEqual({
        signal: r.signal,
        seen: true,
        code: r.signal === 'SIGTERM' ? 143 : 130,
        left: [],
      });
      expect(r.stderr).toMatch(new RegExp(`^perpetua: stopped by ${r.signal}; .*valued\\.xlsx not written`, 'm'));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await fs.readFile(path.join(input, 'Movements.csv'))).toEqual(before);
  },
  120_000,
);

test('standard output closed by its reader (EPIPE): no stack trace, and the workbook is still written', async () => {
  const input = await bigCsv('small', 300);
  const out = path.join(dir, 'epipe.xlsx');
  const child = spawn(process.execPath, [BIN, 'value', input, '--json', '-', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  const { code } = await exited(child);
  expect(code).toBe(0);
  expect(stderr).not.toMatch(/\n\s+at |Error:/);
  expect((await fs.readFile(out)).subarray(0, 2).toString()).toBe('PK');
}, 60_000);

test('standard error closed by its reader: the diagnostics are dropped, the run ends normally (exit 1, --json written)', async () => {
  const folder = path.join(dir, 'many-errors');
  await fs.mkdir(folder);
  const rows = ['Date,Type,Item,Qty'];
  for (let i = 0; i < 3000; i++) rows.push(`2026-03-02,Receipt,COAT,ten`);
  await fs.writeFile(path.join(folder, 'Movements.csv'), `${rows.join('\n')}\n`);
  const json = path.join(dir, 'many-errors.json');
  const child = spawn(process.execPath, [BIN, 'value', folder, '--json', json], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.destroy();
  child.stdout?.resume();
  const { code } = await exited(child);
  expect(code).toBe(1);
  const summary = JSON.parse(await fs.readFile(json, 'utf8')) as Summary;
  expect(summary.diagnostics.filter((d) => d.code === 'QTY_NOT_NUMBER')).toHaveLength(3000);
}, 60_000);

(posix ? test : test.skip)('--json /dev/stdout is standard output: only the JSON there, and a regular file behind it is written to, not replaced', async () => {
  const input = await bigCsv('small2', 50);
  const piped = spawnSync(process.execPath, [BIN, 'value', input, '--json', '/dev/stdout'], { encoding: 'utf8', timeout: 60_000 });
  expect(piped.status).toBe(0);
  expect((JSON.parse(piped.stdout) as Summary).version).toBe(1);

  const file = path.join(dir, 'stdout.json');
  const fd = openSync(file, 'w');
  try {
    const ino = (await fs.stat(file)).ino;
    const r = spawnSync(process.execPath, [BIN, 'value', input, '--json', '/dev/stdout'], { stdio: ['ignore', fd, 'pipe'], timeout: 60_000 });
    expect(r.status).toBe(0);
    expect((await fs.stat(file)).ino).toBe(ino);
    expect((JSON.parse(await fs.readFile(file, 'utf8')) as Summary).version).toBe(1);
  } finally {
    closeSync(fd);
  }
}, 60_000);

(posix ? test : test.skip)('a named pipe as the input: exit 2 at once, never a wait', async () => {
  const fifo = path.join(dir, 'in.xlsx');
  execFileSync('mkfifo', [fifo]);
  const r = spawnSync(process.execPath, [BIN, 'value', fifo, '--json', '-'], { encoding: 'utf8', timeout: 30_000 });
  expect(r.signal).toBeNull();
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/is a named pipe/);
}, 60_000);
