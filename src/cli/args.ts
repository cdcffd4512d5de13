/**
 * Command-line arguments (SPEC section 9):
 *
 *     perpetua value <input> [--out FILE.xlsx] [--json FILE|-] [--method M] [--period P] [--as-of DATE]
 *     perpetua --help | --version
 *
 * Parsing is a pure function from argv to a record or a usage error; main.ts turns the error into
 * exit code 2. Flags take their value as the next argument or after "=" (`--method=lifo`); `-` is a
 * value (stdout for --json), never a flag. Method and period names are case-insensitive and come
 * back spelled as the SPEC spells them.
 */
import { METHODS, PERIODS } from '../engine/types';
import type { Method, PeriodKind } from '../engine/types';

export const USAGE = `Usage: perpetua value <input> [options]

  <input>              an .xlsx workbook, or a folder of CSV files named <Table>.csv
                       (Movements.csv required)

Options:
  --out FILE.xlsx      write the input workbook plus every generated sheet
  --json FILE|-        write the summary JSON to FILE, or to standard output with -
  --method M           value every item with M: ${METHODS.join(', ')}
  --period P           report periods: ${PERIODS.join(', ')}
  --as-of DATE         ignore movements after DATE (YYYY-MM-DD)
  --help               show this help
  --version            show the version

Exit codes: 0 done (warnings allowed), 1 the input has errors (no output file written),
2 usage error.
`;

export interface ValueCommand {
  readonly kind: 'value';
  readonly input: string;
  readonly out?: string;
  /** A file path, or '-' for standard output. */
  readonly json?: string;
  readonly method?: Method;
  readonly period?: PeriodKind;
  /** Excel serial day of --as-of. */
  readonly asOf?: number;
  /** --as-of as given, for messages. */
  readonly asOfText?: string;
}

export type Command =
  | ValueCommand
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

const VALUE_FLAGS = ['--out', '--json', '--method', '--period', '--as-of'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(s: string): s is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(s);
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}

/** The SPEC spelling of `text` among `names`, ignoring letter case. */
function pick<T extends string>(names: readonly T[], text: string): T | undefined {
  const lower = text.trim().toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

export function parseArgs(argv: readonly string[]): Command {
  const positional: string[] = [];
  const flags = new Map<ValueFlag, string>();
  let help = false;
  let version = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      version = true;
      continue;
    }
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      if (!isValueFlag(name)) return usageError(`unknown option ${name}`);
      let value: string | undefined;
      if (eq >= 0) {
        value = arg.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next !== undefined && (next === '-' || !next.startsWith('--'))) {
          value = next;
          i++;
        }
      }
      if (value === undefined || value === '') return usageError(`${name} needs a value`);
      if (flags.has(name)) return usageError(`${name} is given more than once`);
      flags.set(name, value);
      continue;
    }
    positional.push(arg);
  }

  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  if (positional.length === 0) return usageError('missing command (expected "value")');
  const [command, input, ...extra] = positional;
  if (command !== 'value') return usageError(`unknown command "${command ?? ''}" (expected "value")`);
  if (input === undefined) return usageError('missing <input>: an .xlsx workbook or a folder of CSV files');
  if (extra.length > 0) return usageError(`unexpected argument "${extra[0] ?? ''}"`);

  const out = flags.get('--out');
  // The output keeps the input package's kind: a macro-enabled workbook stays .xlsm.
  const outExt = input.toLowerCase().endsWith('.xlsm') ? '.xlsm' : '.xlsx';
  if (out !== undefined && !out.toLowerCase().endsWith(outExt)) {
    return usageError(`--out must name an ${outExt} file, got "${out}"`);
  }

  const methodText = flags.get('--method');
  const method = methodText === undefined ? undefined : pick(METHODS, methodText);
  if (methodText !== undefined && method === undefined) {
    return usageError(`--method must be one of ${METHODS.join(', ')}, got "${methodText}"`);
  }

  const periodText = flags.get('--period');
  const period = periodText === undefined ? undefined : pick(PERIODS, periodText);
  if (periodText !== undefined && period === undefined) {
    return usageError(`--period must be one of ${PERIODS.join(', ')}, got "${periodText}"`);
  }

  const asOfText = flags.get('--as-of');
  const asOf = asOfText === undefined ? undefined : isoDateToSerial(asOfText);
  if (asOfText !== undefined && asOf === undefined) {
    return usageError(`--as-of must be a date written YYYY-MM-DD, got "${asOfText}"`);
  }

  const json = flags.get('--json');
  return {
    kind: 'value',
    input,
    ...(out === undefined ? {} : { out }),
    ...(json === undefined ? {} : { json }),
    ...(method === undefined ? {} : { method }),
    ...(period === undefined ? {} : { period }),
    ...(asOf === undefined || asOfText === undefined ? {} : { asOf, asOfText }),
  };
}

/**
 * Days from 1970-01-01 to the proleptic Gregorian date y-m-d, by arithmetic alone (no Date, so no
 * local time zone can shift it). The "days from civil" algorithm: count from 0000-03-01 so the
 * leap day falls at the end of each counted year.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Excel serial day of 1970-01-01 (days since 1899-12-30). */
const EXCEL_SERIAL_OF_UNIX_EPOCH = 25569;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Excel serial day number of an ISO date (YYYY-MM-DD, optionally followed by a time), or undefined. */
export function isoDateToSerial(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const serial = daysFromCivil(y, mo, d) + EXCEL_SERIAL_OF_UNIX_EPOCH;
  // Excel's serial 1 is 1900-01-01; earlier dates have no serial.
  return serial >= 1 ? serial : undefined;
}
