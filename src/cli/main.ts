/**
 * The command line (SPEC section 9): read the input tables (.xlsx or a CSV folder), value them with
 * valueWorkbook - the same call the add-in makes - and write what was asked for.
 *
 *     perpetua value samples/coats.xlsx --json -          summary JSON on stdout
 *     perpetua value samples/coats-csv --out out/c.xlsx   the tables plus every generated sheet
 *
 * Exit codes: 0 done (warnings allowed); 1 the input has errors - every diagnostic goes to stderr,
 * the JSON (which lists them) is still written, but no workbook is; 2 usage error. Failures are
 * reported in one line, never as a stack trace.
 *
 * Before anything is read or written, paths.ts checks the input (a regular file or a folder of
 * regular CSV files, never a pipe or a device) and the outputs (never an input file under any name,
 * never a folder, never both outputs on one file): a refusal is a usage error. An input that cannot
 * be read as it is (a CSV quote never closed) is an error diagnostic on which nothing is valued and
 * nothing is written. Standard output or error closed by the reader (EPIPE) ends the writing to it,
 * quietly; the run itself carries on.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Diagnostic, RunOptions } from '../engine/types';
import type { TableSource } from '../workbook/sheet';
import { valueRead } from '../workbook/run';
import { readWorkbook, type ReadResult } from '../workbook/read';
import { cliLocale } from './locale';
import type { WorkbookRun } from '../workbook/run';
import { USAGE, parseArgs } from './args';
import type { ValueCommand } from './args';
import { readCsvFolder } from './csv';
import { readXlsx } from './xlsxRead';
import type { XlsxBook } from './xlsxRead';
import { bookFromTables, saveWorkbook } from './xlsxWrite';
import { writeFileAtomic } from './atomic';
import { inspectInput, inspectOutputs, isRefusal } from './paths';
import type { InputPlan, OutputRequest } from './paths';
import { PackageError } from './zipRead';
import { formatDiagnostic, formatHumanSummary } from './report';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Writes to a standard stream until it fails. A reader that went away (EPIPE: `| head`, a closed
 * stderr) is not a failure of the run, and an unhandled stream error would print a Node stack trace.
 */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return (text) => {
    if (open && !stream.destroyed) stream.write(text);
  };
}

let processIoMade: CliIo | undefined;

/** The real process's stdout and stderr, guarded once (only when main runs without an io of its own). */
function processIo(): CliIo {
  processIoMade ??= { stdout: streamWriter(process.stdout), stderr: streamWriter(process.stderr) };
  return processIoMade;
}

/** Exit codes of SPEC section 9. */
export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Thrown for failures that end the run with a one-line message (never a stack trace). */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A reader failure with its hint (PackageError), on one line. */
function describeRead(err: unknown): string {
  const hint = err instanceof PackageError && err.hint !== undefined ? ` (hint: ${err.hint})` : '';
  return `${describe(err)}${hint}`;
}

/** The package version, from the package.json above this file (src/cli or build/node/cli). */
async function packageVersion(): Promise<string> {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg: unknown = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
      if (pkg !== null && typeof pkg === 'object' && 'name' in pkg && pkg.name === 'perpetua' && 'version' in pkg) {
        return String(pkg.version);
      }
    } catch {
      // not here; look one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

type LoadedInput =
  | { readonly kind: 'csv'; readonly tables: TableSource; readonly fatal: readonly Diagnostic[] }
  | { readonly kind: 'xlsx'; readonly tables: TableSource; readonly book: XlsxBook; readonly fatal: readonly Diagnostic[] };

/** Reads the input paths.ts has checked. `fatal` holds errors that stop the run before valuing. */
async function loadInput(plan: InputPlan, io: CliIo): Promise<LoadedInput> {
  if (plan.kind === 'csv') {
    const folder = await readCsvFolder(plan.dir, plan.listing).catch((err: unknown) => {
      throw new CliFailure(`cannot read the folder "${plan.dir}": ${describe(err)}`, EXIT_INPUT_ERRORS);
    });
    for (const p of folder.problems) io.stderr(`warning: ${p}\n`);
    return { kind: 'csv', tables: folder.tables, fatal: folder.diagnostics };
  }
  const read = await readXlsx(plan.file).catch((err: unknown) => {
    throw new CliFailure(`cannot read "${plan.file}" as an .xlsx workbook: ${describeRead(err)}`, EXIT_INPUT_ERRORS);
  });
  return { kind: 'xlsx', tables: read.tables, book: read.book, fatal: [] };
}

type ReadInput =
  | { readonly kind: 'fatal'; readonly fatal: readonly Diagnostic[] }
  | { readonly kind: 'csv'; readonly read: ReadResult; readonly tables: TableSource }
  | { readonly kind: 'xlsx'; readonly read: ReadResult; readonly book: XlsxBook };

/**
 * Loads and reads the input. The cell grids end here, so a million-row sheet is not held through
 * the engine and the renderers: only a CSV folder written out with --out keeps its tables (they
 * become the output's input sheets); an .xlsx output copies the input package instead.
 */
async function readInput(plan: InputPlan, io: CliIo, wantsOut: boolean): Promise<ReadInput> {
  const input = await loadInput(plan, io);
  if (input.fatal.length > 0) return { kind: 'fatal', fatal: input.fatal };
  let read: ReadResult;
  try {
    const locale = cliLocale();
    read = readWorkbook(input.tables, locale === undefined ? {} : { locale });
  } catch (err) {
    throw new CliFailure(`internal error while reading "${plan.kind === 'csv' ? plan.dir : plan.file}": ${describe(err)}`, EXIT_INPUT_ERRORS);
  }
  if (input.kind === 'xlsx') return { kind: 'xlsx', read, book: input.book };
  return { kind: 'csv', read, tables: wantsOut ? input.tables : {} };
}

/** The input and output checks of paths.ts; a refusal is a usage error. Resolves whether --json means stdout. */
async function checkPaths(cmd: ValueCommand): Promise<{ readonly plan: InputPlan; readonly jsonToStdout: boolean }> {
  const plan = await inspectInput(cmd.input).catch((err: unknown) => {
    throw new CliFailure(describe(err), EXIT_INPUT_ERRORS);
  });
  if (isRefusal(plan)) throw new CliFailure(plan.refused, EXIT_USAGE);
  const requests: OutputRequest[] = [];
  if (cmd.out !== undefined) requests.push({ flag: '--out', path: cmd.out });
  if (cmd.json !== undefined) requests.push({ flag: '--json', path: cmd.json });
  const outputs = await inspectOutputs(requests, plan);
  if (isRefusal(outputs)) throw new CliFailure(outputs.refused, EXIT_USAGE);
  return { plan, jsonToStdout: outputs.some((o) => o.flag === '--json' && o.toStdout) };
}

function runOptions(cmd: ValueCommand): RunOptions {
  return {
    ...(cmd.method === undefined ? {} : { method: cmd.method }),
    ...(cmd.period === undefined ? {} : { period: cmd.period }),
    ...(cmd.asOf === undefined ? {} : { asOf: cmd.asOf }),
  };
}

async function valueCommand(cmd: ValueCommand, io: CliIo): Promise<number> {
  const { plan, jsonToStdout } = await checkPaths(cmd);
  const input = await readInput(plan, io, cmd.out !== undefined);
  if (input.kind === 'fatal') {
    for (const d of input.fatal) io.stderr(formatDiagnostic(d));
    io.stderr(`perpetua: "${cmd.input}" cannot be read as it is; nothing was valued and nothing was written\n`);
    return EXIT_INPUT_ERRORS;
  }

  let run: WorkbookRun;
  try {
    // A --json-only run builds no sheet at all.
    run = valueRead(input.read, runOptions(cmd), { sheets: cmd.out !== undefined });
  } catch (err) {
    throw new CliFailure(`internal error while valuing "${cmd.input}": ${describe(err)}`, EXIT_INPUT_ERRORS);
  }

  for (const d of run.diagnostics) io.stderr(formatDiagnostic(d));

  if (cmd.json !== undefined) {
    const text = `${JSON.stringify(run.summary, null, 2)}\n`;
    if (jsonToStdout) {
      io.stdout(text);
    } else {
      await writeFileAtomic(cmd.json, () => Promise.resolve(text)).catch((err: unknown) => {
        throw new CliFailure(`cannot write "${cmd.json ?? ''}": ${describe(err)}`, EXIT_INPUT_ERRORS);
      });
    }
  }

  if (run.hasErrors) {
    if (cmd.out !== undefined) io.stderr(`perpetua: the input has errors; ${cmd.out} was not written\n`);
    return EXIT_INPUT_ERRORS;
  }

  if (cmd.out !== undefined) {
    const out = cmd.out;
    try {
      const book = input.kind === 'xlsx' ? input.book : await bookFromTables(input.tables);
      await saveWorkbook(out, book, run.sheets, run.inputs.settings.precision);
    } catch (err) {
      throw new CliFailure(`cannot write "${out}": ${describe(err)}`, EXIT_INPUT_ERRORS);
    }
    if (!jsonToStdout) io.stdout(`Wrote ${out} (${run.sheets.length} generated sheets)\n`);
  }

  // The short human summary whenever standard output is not carrying the JSON.
  if (!jsonToStdout) {
    io.stdout(formatHumanSummary(run.summary, run.inputs.settings.company, run.diagnostics, run.emptyReports.map((e) => e.sheetName)));
    // Closed periods (SPEC 4a): what back-dated rows changed; the JSON has no field for it.
    if (run.catchUpMessage !== undefined) io.stdout(`${run.catchUpMessage} (see the Catch-up sheet).\n`);
  }
  return EXIT_OK;
}

/** Runs the command line; resolves to the process exit code. Never rejects. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const cmd = parseArgs(argv);
  try {
    switch (cmd.kind) {
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case 'version':
        io.stdout(`perpetua ${await packageVersion()}\n`);
        return EXIT_OK;
      case 'usage-error':
        io.stderr(`perpetua: ${cmd.message}\n\n${USAGE}`);
        return EXIT_USAGE;
      case 'value':
        return await valueCommand(cmd, io);
      default: {
        const never: never = cmd;
        throw new Error(`unhandled command ${JSON.stringify(never)}`);
      }
    }
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr(`perpetua: ${err.message}\n${err.exitCode === EXIT_USAGE ? `\n${USAGE}` : ''}`);
      return err.exitCode;
    }
    io.stderr(`perpetua: internal error: ${describe(err)}\n`);
    return EXIT_INPUT_ERRORS;
  }
}
