/**
 * Temporary files of atomic writes (atomic.ts), named so that a run killed outright (SIGKILL, a
 * power cut: nothing can be caught) leaves a file the next run can recognise and remove:
 *
 *     out/valued.xlsx  ->  out/.valued.xlsx.12345.m3x9k2.tmp     (12345: the writing process)
 *
 * When a run writes an output it first removes the temporary files of that same output whose
 * process no longer exists (`process.kill(pid, 0)` fails with ESRCH). A file whose process is
 * alive, or cannot be checked (EPERM: another user's), or that another output owns, is left alone.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

/** The temporary file for `target` (an absolute path) written by this process. */
export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/** The pid that wrote `name` as a temporary file of the output named `base`, or undefined. */
export function tempOwner(name: string, base: string): number | undefined {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix)) return undefined;
  const m = /^(\d{1,10})\.[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length));
  if (m === null) return undefined;
  const pid = Number(m[1]);
  return pid > 0 && Number.isSafeInteger(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files of output `target` (absolute) left by processes that are gone.
 * Resolves the names removed. Never fails the write: a folder that cannot be listed, or a file
 * that cannot be removed, is left as it is.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempOwner(name, base);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    const file = path.join(dir, name);
    try {
      // Only a regular file: never follow a link or remove a folder of that name.
      if (!(await fs.lstat(file)).isFile()) continue;
      await fs.rm(file);
      removed.push(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
