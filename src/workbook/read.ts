/**
 * The workbook contract reader (SPEC section 2): the user's input tables, as 2-D cell arrays with
 * their headers in the first row, become the engine's typed Inputs plus diagnostics. This stage
 * checks shape and types only; references between tables (unknown items, locations, accounts,
 * cycles) are resolved by the engine.
 *
 *   readWorkbook({ movements: [['Date', 'Type', 'Item', 'Qty', 'Unit Cost'],
 *                              ['2026-03-02', 'receipt', 'COAT', 10, 100]] })
 *   -> { inputs: { settings: DEFAULT_SETTINGS, movements: [{ seq: 0, date: 46083, type: 'Receipt',
 *        item: 'COAT', qty: 10, unitCost: 100, source: { table: 'Movements', row: 2 } }],
 *        accounts: [], locations: [], items: [], kits: [], landedCosts: [] },
 *        diagnostics: [], present: ['Movements'] }
 *
 * Diagnostics: TABLE_MISSING (no Movements table), DUPLICATE_TABLE (two tables with the same
 * name), and everything the table readers emit (see docs/diagnostics.md, section Reader).
 * Text dates (Date, Entered, Expiry, LandedCosts Date, the Settings dates) follow the host's locale,
 * `readWorkbook(tables, { locale: 'en-GB' })` (dateText.ts); without one, only text with a single
 * possible reading is a date (15/02/2026 yes, 03/02/2026 is BAD_DATE naming both readings).
 * Tables are read in the order Settings, Accounts, Locations, Items, Kits, Movements, LandedCosts,
 * so diagnostics come out in table, then row order.
 */
import type { Diagnostic, Inputs, Item } from '../engine/types';
import { DEFAULT_SETTINGS } from '../engine/types';
import { headerKey } from './cells';
import { diagnostic } from './readCore';
import { readMovements } from './readMovements';
import { readAccounts, readItems, readKits, readLandedCosts, readLocations, readSettings } from './readTables';
import type { CellGrid, TableSource } from './sheet';
import type { DateReading } from './dateText';

export { isoFromSerial, serialFromIso } from './cells';

/** The input tables of SPEC section 2, in reading order. */
export const INPUT_TABLES = ['Settings', 'Accounts', 'Locations', 'Items', 'Kits', 'Movements', 'LandedCosts'] as const;
export type InputTableName = (typeof INPUT_TABLES)[number];

export interface ReadResult {
  readonly inputs: Inputs;
  readonly diagnostics: readonly Diagnostic[];
  /** Canonical names of the input tables found, in INPUT_TABLES order. */
  readonly present: readonly string[];
}

const TABLE_BY_KEY: ReadonlyMap<string, InputTableName> = new Map(INPUT_TABLES.map((t) => [headerKey(t), t]));

/** The canonical input table a host's table name means ("landed_costs" -> LandedCosts), if any. */
export function inputTableName(name: string): InputTableName | undefined {
  return TABLE_BY_KEY.get(headerKey(name));
}

/** Picks the host's tables by canonical name; other tables (generated sheets...) are ignored. */
function findTables(tables: TableSource, out: Diagnostic[]): Map<InputTableName, CellGrid> {
  const found = new Map<InputTableName, CellGrid>();
  const foundAs = new Map<InputTableName, string>();
  for (const [name, grid] of Object.entries(tables)) {
    if (grid === undefined) continue;
    const canonical = inputTableName(name);
    if (canonical === undefined) continue;
    const first = foundAs.get(canonical);
    if (first !== undefined) {
      out.push(
        diagnostic(
          'DUPLICATE_TABLE',
          'warning',
          `Both "${first}" and "${name}" look like the ${canonical} table; "${first}" is used.`,
          canonical,
          undefined,
          undefined,
          `Rename or delete one of them so that only one table or sheet is called ${canonical}.`,
        ),
      );
      continue;
    }
    found.set(canonical, grid);
    foundAs.set(canonical, name);
  }
  return found;
}

/** How a host wants the tables read: text dates in the workbook's locale (dateText.ts); none: only unambiguous ones. */
export type ReadOptions = DateReading;

export function readWorkbook(tables: TableSource, options: ReadOptions = {}): ReadResult {
  const out: Diagnostic[] = [];
  const found = findTables(tables, out);
  const grid = (t: InputTableName): CellGrid | undefined => found.get(t);

  const settingsGrid = grid('Settings');
  const settings = settingsGrid === undefined ? DEFAULT_SETTINGS : readSettings(settingsGrid, out, options);
  const accountsGrid = grid('Accounts');
  const accounts = accountsGrid === undefined ? [] : readAccounts(accountsGrid, out);
  const locationsGrid = grid('Locations');
  const locations = locationsGrid === undefined ? [] : readLocations(locationsGrid, out);
  const itemsGrid = grid('Items');
  const items = itemsGrid === undefined ? [] : readItems(itemsGrid, out);
  const kitsGrid = grid('Kits');
  const kits = kitsGrid === undefined ? [] : readKits(kitsGrid, out);

  const movementsGrid = grid('Movements');
  let movements: Inputs['movements'] = [];
  if (movementsGrid === undefined) {
    out.push(
      diagnostic(
        'TABLE_MISSING',
        'error',
        'There is no Movements table, so there is nothing to value.',
        'Movements',
        undefined,
        undefined,
        'Add an Excel table or a sheet named Movements whose first row holds the headers Date, Type, Item, Qty (CLI: Movements.csv in the folder).',
      ),
    );
  } else {
    const itemsByCode = new Map<string, Item>();
    for (const it of items) itemsByCode.set(it.code, it);
    movements = readMovements(movementsGrid, { items: itemsByCode, method: settings.method }, out, options);
  }

  const landedGrid = grid('LandedCosts');
  const landedCosts = landedGrid === undefined ? [] : readLandedCosts(landedGrid, out, options);

  return {
    inputs: { settings, accounts, locations, items, kits, movements, landedCosts },
    diagnostics: out,
    present: INPUT_TABLES.filter((t) => found.has(t)),
  };
}
