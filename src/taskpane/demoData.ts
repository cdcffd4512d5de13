/**
 * The template tables and the two demo workbooks, as plain data. The host writes them; nothing
 * here touches Excel. Dates are ISO text here and become Excel dates (serial + yyyy-mm-dd format)
 * when written; `list` columns get an in-cell drop-down where Excel supports data validation.
 *
 * Winter coats (SPEC section 10): buy 10 coats at $100 on 2 March (order PO-001), bill B-001 for
 * $1,000, sell 2 at $250 on 10 March. Perpetual COGS $200 and margin $300 on the invoice itself.
 *
 * Shop: three items, a warehouse and a store, a transfer to the store, a count at month end that
 * finds one scarf missing (shrinkage), a customer return, and April sales, so the periodic and
 * perpetual margins differ for reasons the comparison panel can explain.
 */
import { DEFAULT_CHART } from '../engine/chart';
import { ITEM_KINDS, LANDED_BASES, LOCATION_KINDS, METHODS, MOVEMENT_TYPES, ACCOUNT_TYPES } from '../engine/types';
import type { DemoName, InputTableName } from './host';

export type TemplateFormat = 'text' | 'date' | 'number';

export interface TemplateColumn {
  readonly header: string;
  readonly format: TemplateFormat;
  /** Allowed values, offered as a drop-down list. */
  readonly list?: readonly string[];
}

export type TemplateCell = string | number | null;

export interface TableTemplate {
  readonly name: InputTableName;
  readonly columns: readonly TemplateColumn[];
  readonly rows: ReadonlyArray<ReadonlyArray<TemplateCell>>;
}

const text = (header: string, list?: readonly string[]): TemplateColumn => (list === undefined ? { header, format: 'text' } : { header, format: 'text', list });
const num = (header: string): TemplateColumn => ({ header, format: 'number' });
const date = (header: string): TemplateColumn => ({ header, format: 'date' });

const SETTINGS_COLUMNS = [text('Setting'), text('Value')];
const MOVEMENTS_COLUMNS = [
  date('Date'),
  text('Type', MOVEMENT_TYPES),
  text('Item'),
  num('Qty'),
  text('Doc'),
  text('Location'),
  text('ToLocation'),
  num('UnitCost'),
  num('UnitPrice'),
  num('Amount'),
  text('Party'),
  text('Order'),
  text('Memo'),
];
const ITEMS_COLUMNS = [text('Item'), text('Name'), text('Kind', ITEM_KINDS), text('Method', METHODS), num('StandardCost'), text('Category'), num('ReorderLevel'), num('ReorderQty')];
const LOCATIONS_COLUMNS = [text('Location'), text('Parent'), text('StockAccount'), text('Kind', LOCATION_KINDS)];
const ACCOUNTS_COLUMNS = [text('Account'), text('Name'), text('Type', ACCOUNT_TYPES), text('Role')];
const KITS_COLUMNS = [text('Parent'), text('Component'), num('Qty'), num('ScrapPct'), num('LaborCost'), num('OverheadCost')];
const LANDED_COLUMNS = [date('Date'), text('Doc'), text('AppliesTo'), num('Amount'), text('Basis', LANDED_BASES), text('Party')];

/** The templates: every input table with an example row or two the user overwrites. */
export const TEMPLATES: readonly TableTemplate[] = [
  {
    name: 'Settings',
    columns: SETTINGS_COLUMNS,
    rows: [
      ['Company', 'My Company'],
      ['BaseCurrency', 'USD'],
      ['Method', 'FIFO'],
      ['TaxMethod', null],
      ['CostPool', 'Location'],
      ['NegativeStock', 'Block'],
      ['CogsTiming', 'Shipment'],
      ['Period', 'Month'],
      ['Precision', 2],
    ],
  },
  {
    name: 'Movements',
    columns: MOVEMENTS_COLUMNS,
    rows: [
      ['2026-01-05', 'Receipt', 'ITEM-1', 10, 'R-001', 'Main', null, 20, null, null, 'Supplier', 'PO-001', 'Example: replace with your movements'],
      ['2026-01-07', 'Sale', 'ITEM-1', 4, 'INV-001', 'Main', null, null, 35, null, 'Customer', null, null],
    ],
  },
  { name: 'Items', columns: ITEMS_COLUMNS, rows: [['ITEM-1', 'Example item', 'Stock', 'FIFO', null, 'General', 2, 10]] },
  { name: 'Locations', columns: LOCATIONS_COLUMNS, rows: [['Main', null, null, 'Normal']] },
  {
    name: 'Accounts',
    columns: ACCOUNTS_COLUMNS,
    // The engine's default chart: one account for every role, so a filled-in template starts
    // complete (a chart missing a role gets it added, with a warning per role).
    rows: DEFAULT_CHART.map((a) => [a.code, a.name, a.type, a.role ?? null]),
  },
  { name: 'Kits', columns: KITS_COLUMNS, rows: [['KIT-1', 'ITEM-1', 2, 0, 5, 1]] },
  { name: 'LandedCosts', columns: LANDED_COLUMNS, rows: [['2026-01-06', 'FRT-001', 'R-001', 15, 'Value', 'Carrier']] },
];

const COATS: readonly TableTemplate[] = [
  {
    name: 'Settings',
    columns: SETTINGS_COLUMNS,
    rows: [
      ['Company', 'Winter Coats Ltd'],
      ['BaseCurrency', 'USD'],
      ['Method', 'FIFO'],
      ['TaxMethod', null],
      ['CostPool', 'Location'],
      ['NegativeStock', 'Block'],
      ['CogsTiming', 'Shipment'],
      ['Period', 'Month'],
      ['Precision', 2],
    ],
  },
  {
    name: 'Movements',
    columns: MOVEMENTS_COLUMNS,
    rows: [
      ['2026-03-02', 'Receipt', 'COAT', 10, 'R-001', null, null, 100, null, null, 'Northwind Textiles', 'PO-001', '10 winter coats at $100'],
      ['2026-03-04', 'Bill', 'COAT', 10, 'B-001', null, null, null, null, 1000, 'Northwind Textiles', 'PO-001', 'Supplier bill'],
      ['2026-03-10', 'Sale', 'COAT', 2, 'INV-001', null, null, null, 250, null, 'Alpine Outfitters', null, '2 coats at $250'],
    ],
  },
  { name: 'Items', columns: ITEMS_COLUMNS, rows: [['COAT', 'Winter coat', 'Stock', 'FIFO', null, 'Outerwear', 3, 10]] },
];

const SHOP: readonly TableTemplate[] = [
  {
    name: 'Settings',
    columns: SETTINGS_COLUMNS,
    rows: [
      ['Company', 'Northern Lights Outfitters'],
      ['BaseCurrency', 'USD'],
      ['Method', 'FIFO'],
      ['TaxMethod', 'AVERAGE'],
      ['CostPool', 'Location'],
      ['NegativeStock', 'Block'],
      ['CogsTiming', 'Shipment'],
      ['Period', 'Month'],
      ['Precision', 2],
    ],
  },
  {
    name: 'Items',
    columns: ITEMS_COLUMNS,
    rows: [
      ['COAT', 'Winter coat', 'Stock', 'FIFO', null, 'Outerwear', 3, 10],
      ['SCARF', 'Wool scarf', 'Stock', 'AVERAGE', null, 'Accessories', 5, 20],
      ['BOOT', 'Snow boot', 'Stock', 'LIFO', null, 'Footwear', 2, 6],
    ],
  },
  {
    name: 'Locations',
    columns: LOCATIONS_COLUMNS,
    rows: [
      ['Warehouse', null, null, 'Normal'],
      ['Store', null, null, 'Normal'],
    ],
  },
  {
    name: 'Movements',
    columns: MOVEMENTS_COLUMNS,
    rows: [
      ['2026-03-02', 'Receipt', 'COAT', 10, 'R-001', 'Warehouse', null, 100, null, null, 'Northwind Textiles', 'PO-001', null],
      ['2026-03-02', 'Receipt', 'SCARF', 20, 'R-002', 'Warehouse', null, 12, null, null, 'Fjord Wool', 'PO-002', null],
      ['2026-03-03', 'Receipt', 'BOOT', 6, 'R-003', 'Warehouse', null, 60, null, null, 'Tundra Boots', 'PO-003', null],
      ['2026-03-05', 'Receipt', 'COAT', 10, 'R-004', 'Warehouse', null, 125, null, null, 'Northwind Textiles', 'PO-004', 'Second lot at a higher price'],
      ['2026-03-06', 'Transfer', 'COAT', 8, 'T-001', 'Warehouse', 'Store', null, null, null, null, null, 'Stock the shop floor'],
      ['2026-03-06', 'Transfer', 'SCARF', 12, 'T-002', 'Warehouse', 'Store', null, null, null, null, null, null],
      ['2026-03-10', 'Sale', 'COAT', 5, 'INV-001', 'Store', null, null, 250, null, 'Walk-in', 'SO-001', null],
      ['2026-03-12', 'Sale', 'SCARF', 6, 'INV-002', 'Store', null, null, 30, null, 'Walk-in', 'SO-002', null],
      ['2026-03-14', 'Sale', 'BOOT', 2, 'INV-003', 'Warehouse', null, null, 140, null, 'Alpine Outfitters', 'SO-003', 'Web order shipped from the warehouse'],
      ['2026-03-20', 'CustomerReturn', 'COAT', 1, 'CR-001', 'Store', null, null, 250, null, 'Walk-in', 'SO-001', 'Wrong size, back to stock'],
      ['2026-03-31', 'Count', 'SCARF', 5, 'CNT-03', 'Store', null, null, null, null, null, null, 'Month-end count: one scarf missing'],
      ['2026-04-03', 'Sale', 'COAT', 6, 'INV-004', 'Warehouse', null, null, 260, null, 'Alpine Outfitters', 'SO-004', null],
      ['2026-04-08', 'Receipt', 'SCARF', 10, 'R-005', 'Warehouse', null, 15, null, null, 'Fjord Wool', 'PO-005', null],
      ['2026-04-15', 'Sale', 'SCARF', 9, 'INV-005', 'Warehouse', null, null, 32, null, 'Walk-in', 'SO-005', null],
    ],
  },
];

export const DEMOS: Readonly<Record<DemoName, readonly TableTemplate[]>> = { coats: COATS, shop: SHOP };

export const DEMO_TITLES: Readonly<Record<DemoName, string>> = {
  coats: 'Winter coats (the worked example)',
  shop: 'Shop: two locations, transfer, count, return',
};

/** A template or demo as the cell grid it writes (header row first, dates still ISO text). */
export function templateGrid(t: TableTemplate): TemplateCell[][] {
  return [t.columns.map((c) => c.header), ...t.rows.map((r) => t.columns.map((_, i) => r[i] ?? null))];
}
