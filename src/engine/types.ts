/**
 * The engine's input model: what the workbook contract (src/workbook) produces from the user's
 * tables and what every later stage consumes. Pure data; no Office, DOM or Node types.
 *
 * Numbers. A numeric input is held as a JavaScript number and means the decimal that the number's
 * shortest round-trip form shows (`String(x)`): 0.1 means exactly one tenth. That is what Excel
 * stores and displays for a cell, so nothing is lost in reading; the engine turns these into exact
 * scaled integers (see num.ts) before doing any arithmetic.
 *
 * Dates. A date is an Excel serial day number (integer days since 1899-12-30; 1 March 2026 is
 * 46082). Time of day is dropped: within a day, movements keep the row order of their table.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A problem in the user's data, or a note about a default that was applied. Errors are values. */
export interface Diagnostic {
  /** Stable code, e.g. QTY_NOT_NUMBER. Documented in docs/diagnostics.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Input table name as in SPEC section 2 (e.g. "Movements"). */
  readonly table?: string;
  /** Row within the table counting the header as row 1 (the first data row is row 2). */
  readonly row?: number;
  /** Column header as the contract spells it (e.g. "Qty"). */
  readonly column?: string;
  /** How to fix it. */
  readonly hint?: string;
}

export const METHODS = ['FIFO', 'LIFO', 'AVERAGE', 'STANDARD', 'LAST', 'SPECIFIC'] as const;
export type Method = (typeof METHODS)[number];

export const MOVEMENT_TYPES = [
  'Opening',
  'Receipt',
  'Bill',
  'Invoice',
  'Shipment',
  'Sale',
  'CustomerReturn',
  'SupplierReturn',
  'Transfer',
  'Adjust',
  'Count',
  'Revalue',
  'Consume',
  'Build',
  'DropShip',
  'PurchaseOrder',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export const ACCOUNT_TYPES = ['Asset', 'Liability', 'Equity', 'Income', 'Expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const ACCOUNT_ROLES = [
  'Inventory',
  'CostOfGoodsSold',
  'StockReceivedNotBilled',
  'StockAdjustment',
  'ExpensesIncludedInValuation',
  'PurchasePriceVariance',
  'GoodsDeliveredNotInvoiced',
  'Sales',
  'Receivables',
  'Payables',
  'Purchases',
  'OpeningBalanceEquity',
  'Rounding',
  'AbsorbedLaborOverhead',
  'CostCenter',
  'ExchangeDifference',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const LOCATION_KINDS = ['Normal', 'Quarantine', 'Returns', 'Rework', 'Transit'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const ITEM_KINDS = ['Stock', 'Expense', 'Kit', 'Service'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const LANDED_BASES = ['Value', 'Qty', 'Weight', 'Volume', 'Equal', 'Manual'] as const;
export type LandedBasis = (typeof LANDED_BASES)[number];

export const PERIODS = ['Month', 'Quarter', 'Year', 'All'] as const;
export type PeriodKind = (typeof PERIODS)[number];

export type CostPool = 'Location' | 'Company';
export type NegativeStock = 'Block' | 'Allow';
export type CogsTiming = 'Shipment' | 'Invoice';

/** Where a record came from, for diagnostics and the Journal's "source" columns. */
export interface SourceRef {
  readonly table: string;
  /** Row within the table, header = 1. */
  readonly row: number;
}

export interface Settings {
  readonly company: string;
  readonly baseCurrency: string;
  readonly method: Method;
  readonly taxMethod?: Method;
  readonly costPool: CostPool;
  readonly negativeStock: NegativeStock;
  readonly cogsTiming: CogsTiming;
  readonly period: PeriodKind;
  /** Month number 1-12 in which the fiscal year starts (Quarter/Year periods follow it). */
  readonly fiscalYearStart: number;
  /** Money decimals used when posting (default 2). */
  readonly precision: number;
  /** Three-way match tolerance in percent (default 0). */
  readonly matchTolerancePct: number;
  /** Migration cut-over date (Excel serial day). */
  readonly cutOverDate?: number;
  /** Last day of the last closed period (Excel serial day); see src/engine/catchup.ts. */
  readonly closedThrough?: number;
}

export const DEFAULT_SETTINGS: Settings = {
  company: 'Company',
  baseCurrency: 'USD',
  method: 'FIFO',
  costPool: 'Location',
  negativeStock: 'Block',
  cogsTiming: 'Shipment',
  period: 'Month',
  fiscalYearStart: 1,
  precision: 2,
  matchTolerancePct: 0,
};

export interface Account {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role?: AccountRole;
  readonly parent?: string;
  readonly source?: SourceRef;
}

export interface Location {
  readonly code: string;
  readonly parent?: string;
  readonly stockAccount?: string;
  readonly kind: LocationKind;
  readonly source?: SourceRef;
}

export interface Item {
  readonly code: string;
  readonly name?: string;
  readonly kind: ItemKind;
  readonly method?: Method;
  readonly standardCost?: number;
  readonly category?: string;
  readonly template?: string;
  readonly weight?: number;
  readonly volume?: number;
  readonly reorderLevel?: number;
  readonly reorderQty?: number;
  readonly leadTimeDays?: number;
  readonly batchTracked: boolean;
  readonly cogsAccount?: string;
  readonly incomeAccount?: string;
  readonly expenseAccount?: string;
  readonly source?: SourceRef;
}

export interface KitLine {
  readonly parent: string;
  readonly component: string;
  readonly qty: number;
  readonly scrapPct?: number;
  readonly laborCost?: number;
  readonly overheadCost?: number;
  readonly source: SourceRef;
}

export interface Movement {
  /** Position in the Movements table (0-based, data rows only); the tie-breaker within a date. */
  readonly seq: number;
  readonly source: SourceRef;
  readonly date: number;
  readonly type: MovementType;
  readonly item: string;
  /** Positive quantity moved; signed for Adjust; the counted quantity for Count. */
  readonly qty: number;
  readonly doc?: string | undefined;
  /** Empty means the default location (the first Locations row, else "Main"). */
  readonly location?: string | undefined;
  readonly toLocation?: string;
  readonly unitCost?: number | undefined;
  readonly unitPrice?: number | undefined;
  readonly amount?: number;
  readonly currency?: string;
  /** Base-currency units per unit of Currency; 1 when absent. */
  readonly fxRate?: number;
  readonly party?: string;
  readonly channel?: string;
  readonly order?: string;
  readonly batch?: string;
  readonly serial?: string;
  readonly expiry?: number;
  readonly account?: string;
  readonly memo?: string;
  /** The day the row was recorded (Excel serial day); absent means Date. Read by src/engine/catchup.ts only. */
  readonly entered?: number;
}

export interface LandedCost {
  readonly source: SourceRef;
  readonly date: number;
  readonly doc: string;
  /** A receipt Doc or an Order. */
  readonly appliesTo: string;
  readonly amount: number;
  readonly basis: LandedBasis;
  /** For Manual basis (one row per item share) or to restrict the charge to one item. */
  readonly item?: string;
  readonly currency?: string;
  readonly fxRate?: number;
  readonly party?: string;
  readonly account?: string;
}

/** Everything the engine needs; produced by src/workbook from the user's tables. */
export interface Inputs {
  readonly settings: Settings;
  /** Empty when the workbook has no Accounts table: the engine then uses the default chart. */
  readonly accounts: readonly Account[];
  /** Empty when the workbook has no Locations table: the engine then uses one location, Main. */
  readonly locations: readonly Location[];
  /** Items not listed here are created on first use with the default method. */
  readonly items: readonly Item[];
  readonly kits: readonly KitLine[];
  /** In table order (seq ascending). The engine sorts by date, stably. */
  readonly movements: readonly Movement[];
  readonly landedCosts: readonly LandedCost[];
}

/** Options a host may set on top of Settings (CLI flags, task-pane pickers). */
export interface RunOptions {
  /** Overrides every item's method (CLI --method). */
  readonly method?: Method;
  readonly period?: PeriodKind;
  /** Ignore movements after this date (Excel serial day). */
  readonly asOf?: number;
  /** Migration cut-over date (overrides Settings CutOverDate); the Migration sheet is built when set. */
  readonly cutOverDate?: number;
  /** Called between stages and every so many rows; return true to cancel. */
  readonly onProgress?: (stage: string, done: number, total: number) => boolean | void;
}
