/**
 * Writing an output file without ever leaving half of one, or replacing what must not be replaced.
 *
 * - A regular file, or a name that does not exist yet: the bytes go to a temporary file in the
 *   target's own folder (so the final rename never crosses a file system), flushed to disk, then
 *   renamed over the target. A reader sees the old file or the new one, never half of one; on any
 *   failure the temporary file is removed and the target is left as it was. A symbolic link to a
 *   file is followed: the file it points to is replaced and the link stays. An existing file's
 *   permission bits are kept.
 * - A character device or a named pipe (/dev/null, /dev/stdout, a FIFO another program reads): opened
 *   for writing as it is (never created, never truncated, never renamed over) and written to. A
 *   pipe with no reader yet waits for one, as any Unix program writing to it does.
 * - SIGINT, SIGTERM or SIGHUP while a temporary file exists: the file is removed, one line says so on
 *   standard error, and the process exits 128 + the signal number (130, 143, 129), without a stack
 *   trace. The handlers are installed only while a temporary file exists.
 * - SIGKILL cannot be caught: the temporary file (named `.<output>.<pid>.<time>.tmp`) stays, and the
 *   next run writing the same output removes it once that process is gone (staleTemps.ts).
 *
 * What may be named as an output at all (never an input, never a folder) is decided before the run
 * starts, in paths.ts.
 */
import { constants, promises as fs, rmSync, writeSync } from 'fs';
import * as path from 'path';
import { removeStaleTemps, tempNameFor } from './staleTemps';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT;
const SIGNALS = Object.keys(SIGNAL_EXIT) as HandledSignal[];

/** Temporary files that exist right now, with the output each one will become. */
const pending = new Map<string, string>();

function onSignal(signal: HandledSignal): void {
  const targets: string[] = [];
  for (const [tmp, target] of pending) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
    targets.push(target);
  }
  pending.clear();
  try {
    writeSync(2, `perpetua: stopped by ${signal}; ${targets.join(', ')} not written (the unfinished temporary file was removed)\n`);
  } catch {
    // standard error may be closed
  }
  process.exit(SIGNAL_EXIT[signal]);
}

const listeners = new Map<HandledSignal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));

function track(tmp: string, target: string): void {
  if (pending.size === 0) for (const [s, l] of listeners) process.on(s, l);
  pending.set(tmp, target);
}

function untrack(tmp: string): void {
  pending.delete(tmp);
  if (pending.size === 0) for (const [s, l] of listeners) process.removeListener(s, l);
}

async function statOrUndefined(file: string): Promise<import('fs').Stats | undefined> {
  try {
    return await fs.stat(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes to a device or pipe as it is. Opened write-only without O_CREAT or O_TRUNC, so if the
 * device vanished meanwhile nothing is created in its place. Resolves false (nothing written) when
 * what got opened turns out to be a regular file after all, so the caller writes it atomically.
 */
async function writeInPlace(file: string, data: Uint8Array | string): Promise<boolean> {
  const handle = await fs.open(file, constants.O_WRONLY);
  try {
    if ((await handle.stat()).isFile()) return false;
    await handle.writeFile(data);
    return true;
  } finally {
    await handle.close();
  }
}

async function writeReplacing(file: string, produce: () => Promise<Uint8Array | string>): Promise<void> {
  const existing = await statOrUndefined(file);
  // Follow a symbolic link to the file it names, so the link itself is not replaced by a file.
  const target = existing === undefined ? path.resolve(file) : await fs.realpath(file);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  // A run killed outright (SIGKILL) cannot clean up: its leftovers go now (staleTemps.ts).
  await removeStaleTemps(target);
  const tmp = tempNameFor(target);
  track(tmp, file);
  try {
    const handle = await fs.open(tmp, 'wx', existing === undefined ? 0o666 : existing.mode & 0o777);
    try {
      await handle.writeFile(await produce());
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    untrack(tmp);
  }
}

/**
 * Writes `produce`'s bytes to `file`: atomically for a regular file or a new name (creating the
 * folder when it is missing), directly for a character device or a named pipe. The temporary file
 * exists from before `produce` starts, so an interrupt at any point of a long write is cleaned up.
 */
export async function writeFileAtomic(file: string, produce: () => Promise<Uint8Array | string>): Promise<void> {
  const stat = await statOrUndefined(file);
  if (stat !== undefined && stat.isDirectory()) throw new Error(`"${file}" is a folder`);
  if (stat !== undefined && (stat.isCharacterDevice() || stat.isFIFO())) {
    const data = await produce();
    if (await writeInPlace(file, data)) return;
    await writeReplacing(file, () => Promise.resolve(data));
    return;
  }
  if (stat !== undefined && !stat.isFile()) throw new Error(`"${file}" is neither a file, a character device nor a named pipe`);
  await writeReplacing(file, produce);
}
