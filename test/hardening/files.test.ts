/**
 * Hostile paths, in-process (issue 17 item 5): an output that is the input under another name, two
 * outputs on one file, a folder as output, a device or a named pipe as output, an input that is a
 * pipe or a device, and a CSV quote never closed. Every case is built in a fresh temporary folder;
 * each checks the exit code, the message, that the input bytes are unchanged and that nothing else
 * (no temporary file) was left beside them.
 */
import { execFileSync, spawn } from 'child_process';
import { promises as fs } from 'fs';
import type { BigIntStats } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { inspectOutputs, isRefusal, nodeProbe } from '../../src/cli/paths';
import type { FsProbe, InputPlan } from '../../src/cli/paths';
import type { Summary } from '../../src/workbook/summaryTypes';

const SAMPLE = path.resolve(__dirname, '..', '..', 'samples', 'coats.xlsx');
const posix = process.platform !== 'win32';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-files-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const MOVEMENTS = 'Date,Type,Item,Qty,UnitCost,UnitPrice,Memo\n2026-03-02,Receipt,COAT,10,100,,\n2026-03-04,Sale,COAT,2,,250,\n';

async function csvFolder(text = MOVEMENTS): Promise<string> {
  const folder = path.join(dir, 'in-csv');
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, 'Movements.csv'), text);
  await fs.writeFile(path.join(folder, 'Settings.csv'), 'Setting,Value\nMethod,FIFO\n');
  return folder;
}

async function copySample(): Promise<string> {
  const file = path.join(dir, 'book.xlsx');
  await fs.copyFile(SAMPLE, file);
  return file;
}

/** Every file under `root` with its bytes, for "nothing changed, nothing added" comparisons. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(root, { recursive: true })).sort()) {
    const full = path.join(root, name);
    const st = await fs.lstat(full);
    out[name] = st.isFile() ? (await fs.readFile(full)).toString('base64') : st.isSymbolicLink() ? `-> ${await fs.readlink(full)}` : 'dir';
  }
  return out;
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

describe('an output that is an input is refused before anything is written (exit 2)', () => {
  test('the workbook itself: same path, another spelling, a symbolic link, a hard link; by --out and by --json', async () => {
    const book = await copySample();
    await fs.symlink(book, path.join(dir, 'link.xlsx'));
    await fs.link(book, path.join(dir, 'hard.xlsx'));
    const before = await snapshot(dir);
    const spellings = [book, path.join(dir, '.', '..', path.basename(dir), 'book.xlsx'), path.join(dir, 'link.xlsx'), path.join(dir, 'hard.xlsx')];
    for (const out of spellings) {
      for (const flag of ['--out', '--json']) {
        const r = await cli('value', book, flag, out);
        expect({ flag, out, code: r.code }).toEqual({ flag, out, code: 2 });
        expect(r.stderr).toMatch(new RegExp(`^perpetua: ${flag} ".*" is the input file`));
      }
    }
    expect(await snapshot(dir)).toEqual(before);
  });

  test('any table file of a CSV folder, under any name; a file of the folder that is not a table is fine', async () => {
    const folder = await csvFolder();
    await fs.symlink(path.join(folder, 'Settings.csv'), path.join(dir, 'settings-link.json'));
    await fs.link(path.join(folder, 'Movements.csv'), path.join(dir, 'hard.json'));
    const before = await snapshot(dir);
    for (const out of [path.join(folder, 'Movements.csv'), path.join(dir, 'settings-link.json'), path.join(dir, 'hard.json')]) {
      const r = await cli('value', folder, '--json', out);
      expect({ out, code: r.code }).toEqual({ out, code: 2 });
      expect(r.stderr).toMatch(/is the input file/);
    }
    expect(await snapshot(dir)).toEqual(before);
    const ok = await cli('value', folder, '--json', path.join(folder, 'summary.json'));
    expect(ok.code).toBe(0);
  });

  test('standard output meaning the input file is refused too', async () => {
    const book = await copySample();
    const stat = await fs.stat(book, { bigint: true });
    const probe: FsProbe = { ...nodeProbe, stdout: () => stat };
    const plan: InputPlan = { kind: 'xlsx', file: book, files: [{ file: book, id: `${stat.dev}:${stat.ino}` }] };
    const r = await inspectOutputs([{ flag: '--json', path: '-' }], plan, probe);
    expect(isRefusal(r) && r.refused).toMatch(/standard output goes to the input file/);
  });
});

describe('outputs that are not regular files', () => {
  test('two outputs on one file (new, or one a link to the other) are refused', async () => {
    const book = await copySample();
    const r1 = await cli('value', book, '--out', path.join(dir, 'o.xlsx'), '--json', path.join(dir, 'o.xlsx'));
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/--out and --json name the same file/);
    await fs.writeFile(path.join(dir, 'o.xlsx'), 'old');
    await fs.symlink(path.join(dir, 'o.xlsx'), path.join(dir, 'o.json'));
    const r2 = await cli('value', book, '--out', path.join(dir, 'o.xlsx'), '--json', path.join(dir, 'o.json'));
    expect(r2.code).toBe(2);
    expect(await fs.readFile(path.join(dir, 'o.xlsx'), 'utf8')).toBe('old');
  });

  test('a folder as an output is a usage error', async () => {
    const book = await copySample();
    await fs.mkdir(path.join(dir, 'dir.xlsx'));
    const r1 = await cli('value', book, '--json', dir);
    const r2 = await cli('value', book, '--out', path.join(dir, 'dir.xlsx'));
    expect([r1.code, r2.code]).toEqual([2, 2]);
    expect(r1.stderr).toMatch(/is a folder; name a file/);
    expect(await fs.readdir(path.join(dir, 'dir.xlsx'))).toEqual([]);
  });

  /**
   * A null device of our own (mknod, as root) so that a regression replaces a file in the temporary
   * folder, not the machine's /dev/null; without root, /dev/null itself (which only root could replace).
   */
  async function nullDevice(): Promise<string | undefined> {
    const own = path.join(dir, 'null.dev');
    try {
      execFileSync('mknod', [own, 'c', '1', '3'], { stdio: 'ignore' });
      return own;
    } catch {
      return process.getuid?.() === 0 ? undefined : '/dev/null';
    }
  }

  (posix ? test : test.skip)('a character device is written to, never replaced: it stays a device, the link to it stays a link', async () => {
    const book = await copySample();
    const device = await nullDevice();
    if (device === undefined) return; // root without mknod: nothing safe to test with
    await fs.symlink(device, path.join(dir, 'null.xlsx'));
    const r = await cli('value', book, '--json', device, '--out', path.join(dir, 'null.xlsx'));
    expect(r.code).toBe(0);
    expect((await fs.stat(device)).isCharacterDevice()).toBe(true);
    expect((await fs.lstat(path.join(dir, 'null.xlsx'))).isSymbolicLink()).toBe(true);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  (posix ? test : test.skip)('a named pipe as --json: the reader gets the whole summary; the pipe is still a pipe', async () => {
    const folder = await csvFolder();
    const fifo = path.join(dir, 'summary.fifo');
    mkfifo(fifo);
    // The reader is a child process, so that if the pipe were replaced it can be killed, not hang the test.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    reader.stdout.on('data', (d: Buffer) => void (text += d.toString()));
    const readerDone = new Promise<void>((resolve) => reader.on('exit', () => resolve()));
    const r = await cli('value', folder, '--json', fifo);
    expect(r.code).toBe(0);
    const timer = setTimeout(() => reader.kill(), 10_000);
    await readerDone;
    clearTimeout(timer);
    const summary = JSON.parse(text) as Summary;
    expect(summary.totals).toMatchObject({ cogs: '200.00', inventoryValue: '800.00' });
    expect((await fs.lstat(fifo)).isFIFO()).toBe(true);
    expect((await fs.readdir(dir)).sort()).toEqual(['in-csv', 'summary.fifo']);
  });

  test('a symbolic link to a regular --out file: the file is replaced, the link stays', async () => {
    const book = await copySample();
    await fs.writeFile(path.join(dir, 'target.xlsx'), 'old');
    await fs.symlink(path.join(dir, 'target.xlsx'), path.join(dir, 'via.xlsx'));
    const r = await cli('value', book, '--out', path.join(dir, 'via.xlsx'));
    expect(r.code).toBe(0);
    expect((await fs.lstat(path.join(dir, 'via.xlsx'))).isSymbolicLink()).toBe(true);
    expect((await fs.readFile(path.join(dir, 'target.xlsx'))).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('a case-insensitive file system (simulated: every name looked up in lower case)', () => {
  function foldingProbe(root: string): FsProbe {
    const fold = (p: string): string => (p.startsWith(root) ? root + p.slice(root.length).toLowerCase() : p);
    return { ...nodeProbe, stat: (p) => nodeProbe.stat(fold(p)), stdout: () => undefined };
  }

  test('BOOK.XLSX is the input book.xlsx; Out.xlsx and out.XLSX are one new file', async () => {
    const book = await copySample();
    const stat = (await fs.stat(book, { bigint: true })) as BigIntStats;
    const plan: InputPlan = { kind: 'xlsx', file: book, files: [{ file: book, id: `${stat.dev}:${stat.ino}` }] };
    const probe = foldingProbe(dir);
    const same = await inspectOutputs([{ flag: '--out', path: path.join(dir, 'BOOK.XLSX') }], plan, probe);
    expect(isRefusal(same) && same.refused).toMatch(/is the input file/);
    const pair = [
      { flag: '--out', path: path.join(dir, 'Out.xlsx') },
      { flag: '--json', path: path.join(dir, 'out.XLSX') },
    ];
    const both = await inspectOutputs(pair, plan, probe);
    expect(isRefusal(both) && both.refused).toMatch(/--out and --json name the same file/);
    // This machine's own file system tells the two names apart (when it does): both are allowed.
    const caseSensitive = (await nodeProbe.stat(path.join(dir, 'BOOK.XLSX'))) === undefined;
    if (caseSensitive) expect(isRefusal(await inspectOutputs(pair, plan, nodeProbe))).toBe(false);
  });
});

describe('inputs that are not regular files are usage errors at once, never a wait', () => {
  (posix ? test : test.skip)('a named pipe, a character device, a pipe or folder in a CSV folder', async () => {
    mkfifo(path.join(dir, 'pipe.xlsx'));
    await fs.symlink('/dev/zero', path.join(dir, 'zero.xlsx'));
    const folder = await csvFolder();
    const cases: [string, RegExp][] = [
      [path.join(dir, 'pipe.xlsx'), /is a named pipe, not an \.xlsx workbook/],
      [path.join(dir, 'zero.xlsx'), /is a character device/],
    ];
    for (const [input, message] of cases) {
      const r = await cli('value', input, '--json', '-');
      expect({ input, code: r.code }).toEqual({ input, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    await fs.rm(path.join(folder, 'Movements.csv'));
    mkfifo(path.join(folder, 'Movements.csv'));
    const r1 = await cli('value', folder, '--json', '-');
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/"Movements\.csv" in the folder .* is a named pipe, not a CSV file/);
    await fs.rm(path.join(folder, 'Movements.csv'));
    await fs.mkdir(path.join(folder, 'Movements.csv'));
    const r2 = await cli('value', folder, '--json', '-');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/"Movements\.csv" in the folder .* is a folder/);
  });
});

describe('CSV: a quoted field never closed', () => {
  test('is an error naming table, row and column, with a hint; nothing valued, nothing written', async () => {
    // 60 data rows; row 12's Memo opens a quote that is never closed (a multi-line memo above it
    // makes the line number differ from the row number).
    const lines = ['Date,Type,Item,Qty,UnitCost,UnitPrice,Memo', '2026-03-01,Receipt,COAT,500,100,,"two\nlines"'];
    for (let i = 3; i <= 61; i++) lines.push(`2026-03-02,Receipt,COAT,10,100,,${i === 12 ? '"never closed' : `row ${i}`}`);
    const folder = await csvFolder(`${lines.join('\n')}\n`);
    const before = await snapshot(dir);
    const r = await cli('value', folder, '--json', path.join(dir, 'o.json'), '--out', path.join(dir, 'o.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Movements row 12, column Memo: CSV_UNCLOSED_QUOTE A quoted field opens on line 13 of Movements\.csv/m);
    expect(r.stderr).toMatch(/^ {2}hint: Close the field with a double quote/m);
    expect(r.stderr).toMatch(/nothing was valued and nothing was written/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(await snapshot(dir)).toEqual(before);
  });
});
