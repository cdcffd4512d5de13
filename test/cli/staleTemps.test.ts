/**
 * A run SIGKILLed while writing leaves its temporary file beside the output (nothing can catch
 * SIGKILL); the next run writing that output removes it, and only it: temporary files of live
 * processes, of other outputs, and anything that is not a regular file stay.
 */
import { spawn, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from '../../src/cli/atomic';
import { removeStaleTemps, tempOwner } from '../../src/cli/staleTemps';

const ROOT = path.join(__dirname, '..', '..');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-stale-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has come and gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('no child');
  return r.pid;
}

test('the owning pid is read back from a temporary file name, for that output only', () => {
  expect(tempOwner('.valued.xlsx.12345.m3x9k2.tmp', 'valued.xlsx')).toBe(12345);
  expect(tempOwner('.valued.xlsx.12345.m3x9k2.tmp', 'other.xlsx')).toBeUndefined();
  expect(tempOwner('.valued.xlsx.abc.m3x9k2.tmp', 'valued.xlsx')).toBeUndefined();
  expect(tempOwner('valued.xlsx', 'valued.xlsx')).toBeUndefined();
});

test('after a SIGKILL mid-write, the next write of the same output removes the leftover', async () => {
  const target = path.join(dir, 'valued.xlsx');
  const script =
    `require(${JSON.stringify(path.join(ROOT, 'src/cli/atomic'))}).writeFileAtomic(${JSON.stringify(target)}, () => {` +
    " process.stdout.write('writing\\n'); return new Promise(() => {}); }); setInterval(() => {}, 1000);";
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('writing') ? resolve() : undefined));
    child.on('exit', () => reject(new Error('the child ended before writing')));
  });
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  const left = (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'));
  expect(left).toHaveLength(1);
  expect(tempOwner(left[0] ?? '', 'valued.xlsx')).toBe(child.pid);

  await writeFileAtomic(target, () => Promise.resolve('new'));
  expect(await fs.readdir(dir)).toEqual(['valued.xlsx']);
  expect(await fs.readFile(target, 'utf8')).toBe('new');
}, 60_000);

test('temporary files of live processes, of other outputs, and folders stay', async () => {
  const target = path.join(dir, 'valued.xlsx');
  const dead = deadPid();
  const sleeper = spawn('sleep', ['30']);
  try {
    const live = sleeper.pid ?? 0;
    const names = {
      stale: `.valued.xlsx.${dead}.abc.tmp`,
      live: `.valued.xlsx.${live}.abc.tmp`,
      mine: `.valued.xlsx.${process.pid}.abc.tmp`,
      other: `.other.xlsx.${dead}.abc.tmp`,
      folder: `.valued.xlsx.${dead}.def.tmp`,
    };
    for (const [k, n] of Object.entries(names)) {
      if (k === 'folder') await fs.mkdir(path.join(dir, n));
      else await fs.writeFile(path.join(dir, n), k);
    }
    expect(await removeStaleTemps(target)).toEqual([path.join(dir, names.stale)]);
    expect((await fs.readdir(dir)).sort()).toEqual([names.live, names.mine, names.other, names.folder].sort());
  } finally {
    sleeper.kill('SIGKILL');
  }
});
