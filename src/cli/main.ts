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
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type ExcelJS from 'exceljs';
import type { RunOptions } from '../engine/types';
import type { TableSource } from '../workbook/sheet';
import { valueWorkbook } from '../workbook/run';
import type { WorkbookRun } from '../workbook/run';
import { USAGE, parseArgs } from './args';
import type { ValueCommand } from './args';
import { readCsvFolder } from './csv';
import { loadWorkbook, readTables } from './xlsxRead';
import { addGeneratedSheets, saveWorkbook, workbookFromTables } from './xlsxWrite';
import { writeFileAtomic } from './atomic';
import { formatDiagnostic, formatHumanSummary } from './report';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};

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
  | { readonly kind: 'csv'; readonly tables: TableSource }
  | { readonly kind: 'xlsx'; readonly tables: TableSource; readonly workbook: ExcelJS.Workbook };

async function loadInput(input: string, io: CliIo): Promise<LoadedInput> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch {
    throw new CliFailure(`input "${input}" does not exist`, EXIT_USAGE);
  }
  if (stat.isDirectory()) {
    const folder = await readCsvFolder(input).catch((err: unknown) => {
      throw new CliFailure(`cannot read the folder "${input}": ${describe(err)}`, EXIT_INPUT_ERRORS);
    });
    for (const p of folder.problems) io.stderr(`warning: ${p}\n`);
    return { kind: 'csv', tables: folder.tables };
  }
  if (!input.toLowerCase().endsWith('.xlsx')) {
    throw new CliFailure(`input "${input}" must be an .xlsx workbook or a folder of CSV files`, EXIT_USAGE);
  }
  const workbook = await loadWorkbook(input).catch((err: unknown) => {
    throw new CliFailure(`cannot read "${input}" as an .xlsx workbook: ${describe(err)}`, EXIT_INPUT_ERRORS);
  });
  return { kind: 'xlsx', tables: readTables(workbook).tables, workbook };
}

function runOptions(cmd: ValueCommand): RunOptions {
  return {
    ...(cmd.method === undefined ? {} : { method: cmd.method }),
    ...(cmd.period === undefined ? {} : { period: cmd.period }),
    ...(cmd.asOf === undefined ? {} : { asOf: cmd.asOf }),
  };
}

async function valueCommand(cmd: ValueCommand, io: CliIo): Promise<number> {
  if (cmd.out !== undefined && cmd.json !== undefined && path.resolve(cmd.out) === path.resolve(cmd.json)) {
    throw new CliFailure('--out and --json name the same file', EXIT_USAGE);
  }
  const input = await loadInput(cmd.input, io);

  let run: WorkbookRun;
  try {
    run = valueWorkbook(input.tables, runOptions(cmd));
  } catch (err) {
    throw new CliFailure(`internal error while valuing "${cmd.input}": ${describe(err)}`, EXIT_INPUT_ERRORS);
  }

  for (const d of run.diagnostics) io.stderr(formatDiagnostic(d));

  if (cmd.json !== undefined) {
    const text = `${JSON.stringify(run.summary, null, 2)}\n`;
    if (cmd.json === '-') {
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
      const workbook = input.kind === 'xlsx' ? input.workbook : workbookFromTables(input.tables);
      const { placed } = addGeneratedSheets(workbook, run.sheets);
      await saveWorkbook(out, workbook, placed, run.inputs.settings.precision);
    } catch (err) {
      throw new CliFailure(`cannot write "${out}": ${describe(err)}`, EXIT_INPUT_ERRORS);
    }
    if (cmd.json !== '-') io.stdout(`Wrote ${out} (${run.sheets.length} generated sheets)\n`);
  }

  // The short human summary whenever standard output is not carrying the JSON.
  if (cmd.json !== '-') {
    io.stdout(formatHumanSummary(run.summary, run.inputs.settings.company, run.diagnostics));
  }
  return EXIT_OK;
}

/** Runs the command line; resolves to the process exit code. Never rejects. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
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
