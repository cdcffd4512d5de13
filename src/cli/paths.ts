/**
 * What the command line may read and what it may write, decided before anything is opened or
 * written (issue 17). Everything here only stats and lists; a refusal is a value, which main.ts
 * turns into a usage error (exit 2).
 *
 * - An input is a regular file (an .xlsx workbook) or a folder whose <Table>.csv files are regular
 *   files. A named pipe, a device, a socket, or a folder where a file is expected is refused at once,
 *   without opening it, so a pipe never makes the run wait.
 * - An output never names an input file. Files are compared by (device, inode) after following
 *   links, so another spelling (`./in/../in/book.xlsx`), a symbolic link, a hard link and, on a
 *   case-insensitive file system, another letter case (`BOOK.XLSX`) are all the same file. Two
 *   outputs never name the same file either; for names that do not exist yet that is decided by their
 *   folder and their name, the name compared ignoring case where the folder's file system does (found
 *   out by stat-ing an entry's case-swapped name: the same file means the case is ignored).
 * - An output that exists as a character device or a named pipe (/dev/null, /dev/stdout, a FIFO) is
 *   written to directly by atomic.ts, never replaced; a folder, a block device or a socket as an
 *   output is refused. `--json -`, and a --json path that is the very file standard output goes to,
 *   mean standard output.
 *
 *     perpetua value book.xlsx --json Book.XLSX      (macOS, Windows)   -> exit 2, book.xlsx kept
 *     perpetua value coats-csv --json coats-csv/Movements.csv          -> exit 2
 *     perpetua value fifo.xlsx                                         -> exit 2 (a named pipe)
 */
import { fstatSync, promises as fs } from 'fs';
import type { BigIntStats } from 'fs';
import * as path from 'path';
import { listCsvFolder } from './csv';
import type { CsvListing } from './csv';

export type FileKind = 'file' | 'folder' | 'named pipe' | 'character device' | 'block device' | 'socket' | 'special file';

export function fileKind(stat: BigIntStats): FileKind {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'named pipe';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isSocket()) return 'socket';
  return 'special file';
}

/** "a named pipe", "an .xlsx ..." */
function article(kind: FileKind): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/**
 * The file-system look-ups the checks make. Node's own by default; a test can simulate a file system
 * this machine does not have (a case-insensitive one).
 */
export interface FsProbe {
  /** stat, following links; undefined when nothing is there (ENOENT, ENOTDIR). Other errors throw. */
  readonly stat: (p: string) => Promise<BigIntStats | undefined>;
  /** Up to `n` entry names of a folder (any order). */
  readonly entries: (dir: string, n: number) => Promise<string[]>;
  /** The (device, inode) of standard output, when it is open. */
  readonly stdout: () => BigIntStats | undefined;
}

function isMissing(err: unknown): boolean {
  const code = err !== null && typeof err === 'object' && 'code' in err ? err.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export const nodeProbe: FsProbe = {
  stat: async (p) => {
    try {
      return await fs.stat(p, { bigint: true });
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  },
  entries: async (dir, n) => {
    const names: string[] = [];
    const handle = await fs.opendir(dir);
    try {
      for (let e = await handle.read(); e !== null && names.length < n; e = await handle.read()) names.push(e.name);
    } finally {
      await handle.close().catch(() => undefined);
    }
    return names;
  },
  stdout: () => {
    try {
      return fstatSync(1, { bigint: true });
    } catch {
      return undefined;
    }
  },
};

/** A file's identity: (device, inode). Same identity, same file, whatever the path says. */
function identity(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

export interface Refusal {
  readonly refused: string;
}

export function isRefusal(x: unknown): x is Refusal {
  return x !== null && typeof x === 'object' && 'refused' in x;
}

/** One file the run reads, with its identity. */
interface InputFile {
  readonly file: string;
  readonly id: string;
}

export type InputPlan =
  | { readonly kind: 'xlsx'; readonly file: string; readonly files: readonly InputFile[] }
  | { readonly kind: 'csv'; readonly dir: string; readonly listing: CsvListing; readonly files: readonly InputFile[] };

/**
 * Checks the input before it is opened. Refuses what is not a regular .xlsx file or a folder of
 * regular <Table>.csv files. Throws only when the folder cannot be listed (main: exit 1).
 */
export async function inspectInput(input: string, probe: FsProbe = nodeProbe): Promise<InputPlan | Refusal> {
  const stat = await probe.stat(input).catch((err: unknown) => {
    throw new Error(`cannot read "${input}": ${err instanceof Error ? err.message : String(err)}`);
  });
  if (stat === undefined) return { refused: `input "${input}" does not exist` };
  const kind = fileKind(stat);
  if (kind === 'folder') {
    const listing = await listCsvFolder(input);
    const files: InputFile[] = [];
    const read = new Set(listing.tables.map((t) => t.file));
    for (const c of listing.candidates) {
      const s = await probe.stat(c.file);
      const k = s === undefined ? undefined : fileKind(s);
      if (read.has(c.file) && k !== 'file') {
        const what = k === undefined ? 'a broken link' : article(k);
        return { refused: `"${c.name}" in the folder "${input}" is ${what}, not a CSV file; the ${c.table} table must be a regular file` };
      }
      if (s !== undefined && k === 'file') files.push({ file: c.file, id: identity(s) });
    }
    return { kind: 'csv', dir: input, listing, files };
  }
  if (kind !== 'file') {
    return { refused: `input "${input}" is ${article(kind)}, not an .xlsx workbook or a folder of CSV files` };
  }
  if (!/\.xls[xm]$/i.test(input)) {
    return { refused: `input "${input}" must be an .xlsx or .xlsm workbook or a folder of CSV files` };
  }
  return { kind: 'xlsx', file: input, files: [{ file: input, id: identity(stat) }] };
}

export interface OutputRequest {
  /** The option that names it, for messages: "--out", "--json". */
  readonly flag: string;
  /** The path as given; '-' is standard output. */
  readonly path: string;
}

export interface OutputPlan {
  readonly flag: string;
  readonly path: string;
  /** True for '-' and for a --json path that is the file or device standard output already goes to. */
  readonly toStdout: boolean;
}

function swapCase(name: string): string {
  let out = '';
  for (const ch of name) {
    const up = ch.toUpperCase();
    out += ch === up ? ch.toLowerCase() : up;
  }
  return out;
}

/**
 * Does the file system of `dir` ignore letter case? Stats one entry's name with its case swapped:
 * the same file means yes, nothing (or another file) means no. When no entry has letters, asks the
 * same of the folder's own name. Undecided counts as yes: treating two names as one file can only
 * refuse a run, never lose a file.
 */
async function ignoresCase(dir: string, probe: FsProbe): Promise<boolean> {
  const tryName = async (parent: string, name: string): Promise<boolean | undefined> => {
    const swapped = swapCase(name);
    if (swapped === name) return undefined;
    const a = await probe.stat(path.join(parent, name)).catch(() => undefined);
    if (a === undefined) return undefined;
    const b = await probe.stat(path.join(parent, swapped)).catch(() => undefined);
    return b !== undefined && identity(a) === identity(b);
  };
  for (const name of await probe.entries(dir, 16).catch(() => [])) {
    const answer = await tryName(dir, name);
    if (answer !== undefined) return answer;
  }
  const own = path.basename(dir);
  const answer = own === '' ? undefined : await tryName(path.dirname(dir), own);
  return answer ?? true;
}

/**
 * A key equal for two paths exactly when they name the same file: the identity when the file exists,
 * else the nearest existing folder's identity plus the rest of the path (letter case folded where
 * that folder ignores it). Undefined for devices and pipes, which two outputs may share.
 */
async function outputKey(abs: string, stat: BigIntStats | undefined, probe: FsProbe): Promise<string | undefined> {
  if (stat !== undefined) return fileKind(stat) === 'file' ? `id:${identity(stat)}` : undefined;
  const rest: string[] = [];
  let dir = abs;
  let dirStat: BigIntStats | undefined;
  for (;;) {
    rest.unshift(path.basename(dir));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
    dirStat = await probe.stat(dir).catch(() => undefined);
    if (dirStat !== undefined) break;
  }
  const tail = rest.join('/').normalize('NFC');
  if (dirStat === undefined) return `path:${tail}`;
  const folded = (await ignoresCase(dir, probe)) ? tail.toLowerCase() : tail;
  return `under:${identity(dirStat)}/${folded}`;
}

/**
 * Checks every output against the inputs and against each other, before anything is written.
 * `-` is standard output. Never throws: a path that cannot be stat-ed is left to the write to report.
 */
export async function inspectOutputs(
  outputs: readonly OutputRequest[],
  input: InputPlan,
  probe: FsProbe = nodeProbe,
): Promise<readonly OutputPlan[] | Refusal> {
  const inputById = new Map(input.files.map((f) => [f.id, f.file]));
  const stdout = probe.stdout();
  const stdoutId = stdout === undefined ? undefined : identity(stdout);
  const stdoutIsFile = stdout !== undefined && fileKind(stdout) === 'file';
  if (stdoutId !== undefined && stdoutIsFile && inputById.has(stdoutId)) {
    return { refused: `standard output goes to the input file "${inputById.get(stdoutId) ?? ''}"; send it elsewhere` };
  }

  const plans: OutputPlan[] = [];
  const seen = new Map<string, string>();
  for (const { flag, path: p } of outputs) {
    let key: string | undefined;
    let toStdout = p === '-';
    if (toStdout) {
      key = stdoutIsFile && stdoutId !== undefined ? `id:${stdoutId}` : undefined;
    } else {
      const abs = path.resolve(p);
      const stat = await probe.stat(abs).catch(() => undefined);
      if (stat !== undefined) {
        const kind = fileKind(stat);
        const id = identity(stat);
        // Standard output (whatever it is: a file, a terminal, a pipe, a socket) reached by a path.
        toStdout = flag === '--json' && id === stdoutId;
        if (kind === 'folder') return { refused: `${flag} "${p}" is a folder; name a file to write` };
        if (!toStdout && kind !== 'file' && kind !== 'character device' && kind !== 'named pipe') {
          return { refused: `${flag} "${p}" is ${article(kind)}; Perpetua writes only to files, character devices and named pipes` };
        }
        const clash = inputById.get(id);
        if (clash !== undefined) {
          return { refused: `${flag} "${p}" is the input file "${clash}" (the same file under another name); it would be overwritten` };
        }
      }
      key = await outputKey(abs, stat, probe);
    }
    if (key !== undefined) {
      const other = seen.get(key);
      if (other !== undefined) return { refused: `${other} and ${flag} name the same file` };
      seen.set(key, flag);
    }
    plans.push({ flag, path: p, toStdout });
  }
  return plans;
}
