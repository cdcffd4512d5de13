/**
 * Readers for the small input tables: Settings, Accounts, Locations, Items, Kits, LandedCosts.
 * Each takes the table's cell grid (header row first) and returns typed records; problems become
 * diagnostics and the offending row is left out (Settings: the default is used instead).
 *
 *   Items: | Item | Kind    | Method | StandardCost |
 *          | COAT |         | avg    |              |   -> {code: COAT, kind: Stock, method: AVERAGE, batchTracked: false}
 *          | COAT | Stock   | FIFO   |              |   -> DUPLICATE_KEY (row 3), the first COAT is kept
 *
 * Diagnostics: UNKNOWN_SETTING, DUPLICATE_SETTING (warnings), BAD_SETTING, MISSING_SETTING,
 * DUPLICATE_KEY, UNKNOWN_ACCOUNT_TYPE, UNKNOWN_ROLE, UNKNOWN_KIND, UNKNOWN_METHOD, UNKNOWN_BASIS,
 * NEGATIVE_NUMBER, NOT_POSITIVE, BAD_FX_RATE, MISSING_<COLUMN>, plus the cell-level codes of
 * readCore.ts. References between tables (unknown accounts, parent cycles) are the engine's job.
 */
import {
  DEFAULT_SETTINGS,
  type Account,
  type Diagnostic,
  type Item,
  type KitLine,
  type LandedCost,
  type Location,
  type Method,
  type Settings,
} from '../engine/types';
import { display, EnumMatcher, parseDate, parseNumber, parseText, partsFromSerial } from './cells';
import type { DateReading } from './dateText';
import {
  ACCOUNT_ROLE,
  ACCOUNT_TYPE,
  COGS_TIMING,
  COST_POOL,
  ITEM_KIND,
  LANDED_BASIS,
  LOCATION_KIND,
  METHOD,
  NEGATIVE_STOCK,
  PERIOD,
  monthFromName,
} from './readEnums';
import { BAD, RowReader, emptyTable, isBlankRow, resolveHeader, value, type Bad, type Mutable, type Row } from './readCore';
import type { CellGrid } from './sheet';

/** A table's contract: its canonical name and columns (required ones listed separately). */
export interface TableContract {
  readonly name: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export const SETTINGS_TABLE: TableContract = { name: 'Settings', required: ['Setting', 'Value'], optional: [] };
export const ACCOUNTS_TABLE: TableContract = { name: 'Accounts', required: ['Account', 'Name', 'Type'], optional: ['Role', 'Parent'] };
export const LOCATIONS_TABLE: TableContract = { name: 'Locations', required: ['Location'], optional: ['Parent', 'StockAccount', 'Kind'] };
export const ITEMS_TABLE: TableContract = {
  name: 'Items',
  required: ['Item'],
  optional: [
    'Name',
    'Kind',
    'Method',
    'StandardCost',
    'Category',
    'Template',
    'Weight',
    'Volume',
    'ReorderLevel',
    'ReorderQty',
    'LeadTimeDays',
    'BatchTracked',
    'CogsAccount',
    'IncomeAccount',
    'ExpenseAccount',
  ],
};
export const KITS_TABLE: TableContract = {
  name: 'Kits',
  required: ['Parent', 'Component', 'Qty'],
  optional: ['ScrapPct', 'LaborCost', 'OverheadCost'],
};
export const LANDED_COSTS_TABLE: TableContract = {
  name: 'LandedCosts',
  required: ['Date', 'Doc', 'AppliesTo', 'Amount'],
  optional: ['Basis', 'Item', 'Currency', 'FxRate', 'Party', 'Account'],
};

/** Header resolution plus the row loop shared by every table reader. */
export interface TableScan {
  readonly index: (column: string) => number;
  readonly reader: RowReader;
}

/**
 * Resolves the header, then calls `readRow` for every non-blank data row with the reader already
 * positioned on it (row = data index + 2). Reports EMPTY_TABLE when nothing was read.
 * Returns false (and reads nothing) when a required column is missing.
 */
export function scanTable(
  grid: CellGrid,
  contract: TableContract,
  out: Diagnostic[],
  emptySeverity: 'error' | 'warning',
  readRow: (cells: Row, seq: number, scan: TableScan) => void,
  dates: DateReading = {},
): boolean {
  if (grid.length === 0 || (grid.length === 1 && isBlankRow(grid[0]))) {
    emptyTable(contract.name, emptySeverity, out);
    return false;
  }
  const header = resolveHeader(grid, contract.name, [...contract.required, ...contract.optional], contract.required, out);
  if (!header.ok) return false;
  const reader = new RowReader(contract.name, out, dates);
  const scan: TableScan = { index: header.index, reader };
  let rows = 0;
  for (let i = 1; i < grid.length; i++) {
    const cells = grid[i];
    if (cells === undefined || isBlankRow(cells)) continue;
    rows++;
    reader.begin(i + 1);
    readRow(cells, i - 1, scan);
  }
  if (rows === 0) emptyTable(contract.name, emptySeverity, out);
  return true;
}

function duplicateKey(r: RowReader, column: string, code: string, firstRow: number): void {
  r.report(
    'DUPLICATE_KEY',
    'error',
    `${column} ${display(code)} is already defined on row ${firstRow}; this row is ignored.`,
    column,
    `Give each ${column} one row only (codes compare case-sensitively), or delete this row.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Settings

type SettingKey =
  | 'Company'
  | 'BaseCurrency'
  | 'Method'
  | 'TaxMethod'
  | 'CostPool'
  | 'NegativeStock'
  | 'CogsTiming'
  | 'Period'
  | 'FiscalYearStart'
  | 'Precision'
  | 'MatchTolerancePct'
  | 'CutOverDate'
  | 'ClosedThrough';

const SETTING_KEY = new EnumMatcher<SettingKey>([
  'Company',
  'BaseCurrency',
  'Method',
  'TaxMethod',
  'CostPool',
  'NegativeStock',
  'CogsTiming',
  'Period',
  'FiscalYearStart',
  'Precision',
  'MatchTolerancePct',
  'CutOverDate',
  'ClosedThrough',
]);

const SETTING_HELP: Readonly<Record<SettingKey, string>> = {
  Company: 'any text',
  BaseCurrency: 'a three-letter currency code such as USD or EUR',
  Method: METHOD.list(),
  TaxMethod: `${METHOD.list()}, or blank for none`,
  CostPool: COST_POOL.list(),
  NegativeStock: NEGATIVE_STOCK.list(),
  CogsTiming: COGS_TIMING.list(),
  Period: PERIOD.list(),
  FiscalYearStart: 'a month number 1-12 or a month name such as April',
  Precision: 'a whole number of decimals from 0 to 6',
  MatchTolerancePct: 'a percentage of zero or more, e.g. 2 or 2%',
  CutOverDate: 'an ISO date yyyy-mm-dd or an Excel date',
  ClosedThrough: 'an ISO date yyyy-mm-dd or an Excel date (the last day of the last closed period)',
};

/** A parsed setting value, or undefined when the text is not a valid value for that key. */
type SettingValue = { readonly key: SettingKey; readonly value: string | number | Method | undefined };

function parseSettingValue(key: SettingKey, cell: Row[number], dates: DateReading): SettingValue | undefined {
  const text = parseText(cell);
  const t = typeof text === 'string' ? text : undefined;
  const pick = <T extends string>(m: EnumMatcher<T>): SettingValue | undefined => {
    const v = t === undefined ? undefined : m.match(t);
    return v === undefined ? undefined : { key, value: v };
  };
  switch (key) {
    case 'Company':
      return t === undefined ? undefined : { key, value: t };
    case 'BaseCurrency': {
      const c = t?.toUpperCase();
      return c !== undefined && /^[A-Z]{3}$/.test(c) ? { key, value: c } : undefined;
    }
    case 'Method':
      return pick(METHOD);
    case 'TaxMethod':
      if (t !== undefined && ['none', 'no', '-'].includes(t.toLowerCase())) return { key, value: undefined };
      return pick(METHOD);
    case 'CostPool':
      return pick(COST_POOL);
    case 'NegativeStock':
      return pick(NEGATIVE_STOCK);
    case 'CogsTiming':
      return pick(COGS_TIMING);
    case 'Period':
      return pick(PERIOD);
    case 'FiscalYearStart': {
      if (t !== undefined) {
        const byName = monthFromName(t);
        if (byName !== undefined) return { key, value: byName };
      }
      // A Date cell or ISO text: the month it falls in ("fiscal year starts 2026-04-01").
      if (cell instanceof Date || (t !== undefined && t.includes('-'))) {
        const serial = parseDate(cell, dates);
        if (typeof serial === 'number') return { key, value: partsFromSerial(serial).month };
        return undefined;
      }
      const n = parseNumber(cell);
      return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 12 ? { key, value: n } : undefined;
    }
    case 'Precision': {
      const n = parseNumber(cell);
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 6 ? { key, value: n } : undefined;
    }
    case 'MatchTolerancePct': {
      const n = parseNumber(cell, { percent: true });
      return typeof n === 'number' && n >= 0 ? { key, value: n } : undefined;
    }
    case 'CutOverDate':
    case 'ClosedThrough': {
      const d = parseDate(cell, dates);
      return typeof d === 'number' ? { key, value: d } : undefined;
    }
  }
}

export function readSettings(grid: CellGrid, out: Diagnostic[], dates: DateReading = {}): Settings {
  const s: Mutable<Settings> = { ...DEFAULT_SETTINGS };
  const seen = new Map<SettingKey, number>();
  scanTable(grid, SETTINGS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const keyText = r.text(cells, index('Setting'), 'Setting');
    if (keyText === BAD) return;
    const valueCell = cells[index('Value')];
    if (keyText === undefined) {
      r.report('MISSING_SETTING', 'warning', `This row has a Value but no Setting name; it is ignored.`, 'Setting', 'Put the setting name (e.g. Method) in the Setting column.');
      return;
    }
    const key = SETTING_KEY.match(keyText);
    if (key === undefined) {
      r.report(
        'UNKNOWN_SETTING',
        'warning',
        `Setting "${display(keyText)}" is not recognised and is ignored.`,
        'Setting',
        `Known settings: ${SETTING_KEY.list()}.`,
      );
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      r.report('DUPLICATE_SETTING', 'warning', `Setting ${key} is already given on row ${first}; this row is ignored.`, 'Setting', `Keep one ${key} row.`);
      return;
    }
    seen.set(key, r.row);
    const text = r.text(cells, index('Value'), 'Value'); // reports CELL_ERROR for error values
    if (text === BAD) return;
    if (text === undefined) return; // blank value: the default stands
    const parsed = parseSettingValue(key, valueCell, dates);
    if (parsed === undefined) {
      r.report(
        'BAD_SETTING',
        'error',
        `${key} "${display(text)}" is not a valid value; the default (${defaultText(key)}) is used.`,
        'Value',
        `${key} takes ${SETTING_HELP[key]}.`,
      );
      return;
    }
    applySetting(s, parsed);
  });
  return s;
}

function defaultText(key: SettingKey): string {
  const lower = (key.charAt(0).toLowerCase() + key.slice(1)) as keyof Settings;
  const v = DEFAULT_SETTINGS[lower];
  return v === undefined ? 'none' : String(v);
}

function applySetting(s: Mutable<Settings>, { key, value: v }: SettingValue): void {
  switch (key) {
    case 'Company':
    case 'BaseCurrency':
      if (typeof v === 'string') s[key === 'Company' ? 'company' : 'baseCurrency'] = v;
      return;
    case 'Method':
      if (v !== undefined) s.method = v as Method;
      return;
    case 'TaxMethod':
      if (v === undefined) delete s.taxMethod;
      else s.taxMethod = v as Method;
      return;
    case 'CostPool':
      s.costPool = v as Settings['costPool'];
      return;
    case 'NegativeStock':
      s.negativeStock = v as Settings['negativeStock'];
      return;
    case 'CogsTiming':
      s.cogsTiming = v as Settings['cogsTiming'];
      return;
    case 'Period':
      s.period = v as Settings['period'];
      return;
    case 'FiscalYearStart':
      if (typeof v === 'number') s.fiscalYearStart = v;
      return;
    case 'Precision':
      if (typeof v === 'number') s.precision = v;
      return;
    case 'MatchTolerancePct':
      if (typeof v === 'number') s.matchTolerancePct = v;
      return;
    case 'CutOverDate':
      if (typeof v === 'number') s.cutOverDate = v;
      return;
    case 'ClosedThrough':
      if (typeof v === 'number') s.closedThrough = v;
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts, Locations, Items, Kits, LandedCosts

export function readAccounts(grid: CellGrid, out: Diagnostic[]): Account[] {
  const result: Account[] = [];
  const seen = new Map<string, number>();
  scanTable(grid, ACCOUNTS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const code = r.requiredText(cells, index('Account'), 'Account');
    const name = r.requiredText(cells, index('Name'), 'Name');
    const typeV = r.choice(cells, index('Type'), 'Type', ACCOUNT_TYPE, 'UNKNOWN_ACCOUNT_TYPE');
    if (typeV === undefined) r.missing('Type', `Fill in Type: one of ${ACCOUNT_TYPE.list()}.`);
    const role = r.choice(cells, index('Role'), 'Role', ACCOUNT_ROLE, 'UNKNOWN_ROLE');
    const parent = r.text(cells, index('Parent'), 'Parent');
    if (code !== undefined) {
      const first = seen.get(code);
      if (first !== undefined) duplicateKey(r, 'Account', code, first);
      else seen.set(code, r.row);
    }
    if (r.errors > 0 || code === undefined || name === undefined || typeV === undefined || typeV === BAD) return;
    const a: Mutable<Account> = { code, name, type: typeV, source: { table: 'Accounts', row: r.row } };
    if (role !== undefined && role !== BAD) a.role = role;
    if (parent !== undefined && parent !== BAD) a.parent = parent;
    result.push(a);
  });
  return result;
}

export function readLocations(grid: CellGrid, out: Diagnostic[]): Location[] {
  const result: Location[] = [];
  const seen = new Map<string, number>();
  scanTable(grid, LOCATIONS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const code = r.requiredText(cells, index('Location'), 'Location');
    const parent = r.text(cells, index('Parent'), 'Parent');
    const stockAccount = r.text(cells, index('StockAccount'), 'StockAccount');
    const kind = r.choice(cells, index('Kind'), 'Kind', LOCATION_KIND, 'UNKNOWN_KIND');
    if (code !== undefined) {
      const first = seen.get(code);
      if (first !== undefined) duplicateKey(r, 'Location', code, first);
      else seen.set(code, r.row);
    }
    if (r.errors > 0 || code === undefined) return;
    const l: Mutable<Location> = { code, kind: value(kind) ?? 'Normal', source: { table: 'Locations', row: r.row } };
    if (parent !== undefined && parent !== BAD) l.parent = parent;
    if (stockAccount !== undefined && stockAccount !== BAD) l.stockAccount = stockAccount;
    result.push(l);
  });
  return result;
}

const ITEM_TEXT_COLUMNS = [
  ['Name', 'name'],
  ['Category', 'category'],
  ['Template', 'template'],
  ['CogsAccount', 'cogsAccount'],
  ['IncomeAccount', 'incomeAccount'],
  ['ExpenseAccount', 'expenseAccount'],
] as const;

const ITEM_NUMBER_COLUMNS = [
  ['StandardCost', 'standardCost'],
  ['Weight', 'weight'],
  ['Volume', 'volume'],
  ['ReorderLevel', 'reorderLevel'],
  ['ReorderQty', 'reorderQty'],
  ['LeadTimeDays', 'leadTimeDays'],
] as const;

export function readItems(grid: CellGrid, out: Diagnostic[]): Item[] {
  const result: Item[] = [];
  const seen = new Map<string, number>();
  scanTable(grid, ITEMS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const code = r.requiredText(cells, index('Item'), 'Item');
    const kind = r.choice(cells, index('Kind'), 'Kind', ITEM_KIND, 'UNKNOWN_KIND');
    const method = r.choice(cells, index('Method'), 'Method', METHOD, 'UNKNOWN_METHOD');
    const batchTracked = r.boolean(cells, index('BatchTracked'), 'BatchTracked');
    const item: Mutable<Item> = { code: code ?? '', kind: value(kind) ?? 'Stock', batchTracked: value(batchTracked) ?? false };
    if (method !== undefined && method !== BAD) item.method = method;
    for (const [column, field] of ITEM_TEXT_COLUMNS) {
      const t = r.text(cells, index(column), column);
      if (t !== undefined && t !== BAD) item[field] = t;
    }
    for (const [column, field] of ITEM_NUMBER_COLUMNS) {
      const n = r.number(cells, index(column), column);
      if (r.nonNegative(n, column)) continue;
      if (n !== undefined && n !== BAD) item[field] = n;
    }
    if (code !== undefined) {
      const first = seen.get(code);
      if (first !== undefined) duplicateKey(r, 'Item', code, first);
      else seen.set(code, r.row);
    }
    if (r.errors > 0 || code === undefined) return;
    item.source = { table: 'Items', row: r.row };
    result.push(item);
  });
  return result;
}

export function readKits(grid: CellGrid, out: Diagnostic[]): KitLine[] {
  const result: KitLine[] = [];
  scanTable(grid, KITS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const parent = r.requiredText(cells, index('Parent'), 'Parent');
    const component = r.requiredText(cells, index('Component'), 'Component');
    const qty = r.number(cells, index('Qty'), 'Qty');
    if (qty === undefined) r.missing('Qty', 'Fill in Qty: how many of the component one kit uses.');
    else if (typeof qty === 'number' && qty <= 0) {
      r.report('NOT_POSITIVE', 'error', `Qty ${String(qty)} must be more than zero.`, 'Qty', 'Enter how many of the component one kit uses (more than zero), or delete the row.');
    }
    const scrapPct = r.number(cells, index('ScrapPct'), 'ScrapPct', { percent: true });
    const laborCost = r.number(cells, index('LaborCost'), 'LaborCost');
    const overheadCost = r.number(cells, index('OverheadCost'), 'OverheadCost');
    r.nonNegative(scrapPct, 'ScrapPct');
    r.nonNegative(laborCost, 'LaborCost');
    r.nonNegative(overheadCost, 'OverheadCost');
    if (r.errors > 0 || parent === undefined || component === undefined || typeof qty !== 'number') return;
    const k: Mutable<KitLine> = { parent, component, qty, source: { table: 'Kits', row: r.row } };
    if (typeof scrapPct === 'number') k.scrapPct = scrapPct;
    if (typeof laborCost === 'number') k.laborCost = laborCost;
    if (typeof overheadCost === 'number') k.overheadCost = overheadCost;
    result.push(k);
  });
  return result;
}

/** FxRate must be more than zero: BAD_FX_RATE. Shared with Movements. */
export function checkFxRate(r: RowReader, fx: number | undefined | Bad): void {
  if (typeof fx === 'number' && fx <= 0) {
    r.report('BAD_FX_RATE', 'error', `FxRate ${String(fx)} must be more than zero.`, 'FxRate', 'Enter FxRate as base-currency units per unit of Currency (e.g. 1.08), or leave it blank for 1.');
  }
}

export function readLandedCosts(grid: CellGrid, out: Diagnostic[], dates: DateReading = {}): LandedCost[] {
  const result: LandedCost[] = [];
  scanTable(grid, LANDED_COSTS_TABLE, out, 'warning', (cells, _seq, { index, reader: r }) => {
    const date = r.date(cells, index('Date'), 'Date');
    if (date === undefined) r.missing('Date', 'Fill in Date as an ISO date yyyy-mm-dd, e.g. 2026-03-31.');
    const doc = r.requiredText(cells, index('Doc'), 'Doc');
    const appliesTo = r.requiredText(cells, index('AppliesTo'), 'AppliesTo', 'Fill in AppliesTo: the receipt Doc or the Order the charge belongs to.');
    const amount = r.number(cells, index('Amount'), 'Amount');
    if (amount === undefined) r.missing('Amount', 'Fill in Amount: the charge in its Currency.');
    const basis = r.choice(cells, index('Basis'), 'Basis', LANDED_BASIS, 'UNKNOWN_BASIS');
    const item = r.text(cells, index('Item'), 'Item');
    const currency = r.text(cells, index('Currency'), 'Currency');
    const fxRate = r.number(cells, index('FxRate'), 'FxRate');
    checkFxRate(r, fxRate);
    const party = r.text(cells, index('Party'), 'Party');
    const account = r.text(cells, index('Account'), 'Account');
    if (basis === 'Manual' && item === undefined) {
      r.missing('Item', 'A Manual basis gives one row per item share: fill in the Item this share belongs to.');
    }
    if (r.errors > 0 || typeof date !== 'number' || doc === undefined || appliesTo === undefined || typeof amount !== 'number') return;
    const lc: Mutable<LandedCost> = { source: { table: 'LandedCosts', row: r.row }, date, doc, appliesTo, amount, basis: value(basis) ?? 'Value' };
    if (typeof item === 'string') lc.item = item;
    if (typeof currency === 'string') lc.currency = currency.toUpperCase();
    if (typeof fxRate === 'number') lc.fxRate = fxRate;
    if (typeof party === 'string') lc.party = party;
    if (typeof account === 'string') lc.account = account;
    result.push(lc);
  }, dates);
  return result;
}
