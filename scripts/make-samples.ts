/**
 * Generates the sample workbooks (samples/) and the CLI test fixtures (test/fixtures/) with the CLI's own package builder (src/cli/packageBuild.ts).
 *
 *     node -r ts-node/register/transpile-only scripts/make-samples.ts
 *
 * Every input table is an Excel table of its own name on a sheet of that name, dates are real date
 * cells, and the numbers are the worked examples of SPEC section 10, so each sample's expected
 * result can be checked by hand:
 *   samples/coats.xlsx      buy 10 coats at 100, bill them, sell 2 at 250: COGS 200, closing 800.
 *   samples/fifo-lifo.xlsx  10 @ 100 Monday, 10 @ 125 Tuesday, 15 shipped Wednesday:
 *                           COGS 1,625 FIFO / 1,750 LIFO / 1,687.50 AVERAGE.
 *   samples/demo.xlsx       a quarter of a small outdoor-clothing business (about 60 movements).
 *   samples/coats-csv/      coats.xlsx as CSV files.
 *   test/fixtures/bad/      one small input per kind of error the CLI must report (exit 1).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { buildPackage } from '../src/cli/packageBuild';
import type { NewSheet } from '../src/cli/packageBuild';
import { zipEntries } from '../src/cli/zipWrite';

const ROOT = path.resolve(__dirname, '..');

type Cell = string | number | Date | null | { error: '#N/A' };
interface TableData {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>;
}

/** A date cell: midnight UTC, written as the whole Excel serial day. */
function d(iso: string): Date {
  const [y, m, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, day ?? 1));
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Rows given as records, laid out in `headers` order (missing fields are blank cells). */
function table(name: string, headers: readonly string[], records: ReadonlyArray<Readonly<Record<string, Cell | undefined>>>): TableData {
  for (const r of records) {
    for (const k of Object.keys(r)) if (!headers.includes(k)) throw new Error(`${name}: field ${k} is not a column`);
  }
  return { name, headers, rows: records.map((r) => headers.map((h) => r[h] ?? null)) };
}

function settings(pairs: Readonly<Record<string, string | number>>): TableData {
  return { name: 'Settings', headers: ['Setting', 'Value'], rows: Object.entries(pairs).map(([k, v]) => [k, v]) };
}

/** Writes the tables as Excel tables (one sheet each, dates under yyyy-mm-dd), then `extra` sheets. */
async function writeXlsx(file: string, tables: readonly TableData[], extra: readonly NewSheet[] = []): Promise<void> {
  const sheets: NewSheet[] = tables.map((t) => ({ name: t.name, table: t.name, rows: [t.headers, ...t.rows.map((r) => [...r])] }));
  const parts = buildPackage([...sheets, ...extra], 'Perpetua samples');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, zipEntries([...parts].map(([name, data]) => ({ name, data: [data] }))));
}

function csvField(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'object') return v.error;
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeCsvFolder(dir: string, tables: readonly TableData[]): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  for (const t of tables) {
    const lines = [t.headers.map((h) => csvField(h)).join(','), ...t.rows.map((r) => r.map(csvField).join(','))];
    await fs.writeFile(path.join(dir, `${t.name}.csv`), `${lines.join('\r\n')}\r\n`);
  }
}

const MOVEMENT_COLUMNS = [
  'Date',
  'Type',
  'Item',
  'Qty',
  'Doc',
  'Location',
  'ToLocation',
  'UnitCost',
  'UnitPrice',
  'Amount',
  'Party',
  'Channel',
  'Order',
  'Memo',
] as const;

// ---------------------------------------------------------------------------------------------
// coats: SPEC section 10, the March example.

const COATS_SETTINGS = settings({ Company: 'Winter Coats Ltd', BaseCurrency: 'USD', Method: 'FIFO', Period: 'Month' });
const COATS_MOVEMENTS = table(
  'Movements',
  ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice', 'Amount', 'Party', 'Channel', 'Order'],
  [
    { Date: d('2026-03-02'), Type: 'Receipt', Item: 'COAT', Qty: 10, Doc: 'R-001', UnitCost: 100, Order: 'PO-001' },
    { Date: d('2026-03-05'), Type: 'Bill', Item: 'COAT', Qty: 10, Doc: 'B-001', Amount: 1000, Order: 'PO-001' },
    {
      Date: d('2026-03-10'),
      Type: 'Sale',
      Item: 'COAT',
      Qty: 2,
      Doc: 'INV-001',
      UnitPrice: 250,
      Party: 'Alpine Outfitters',
      Channel: 'Wholesale',
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// fifo-lifo: Monday, Tuesday, Wednesday.

const FIFO_LIFO_MOVEMENTS = table(
  'Movements',
  ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'Memo'],
  [
    { Date: d('2026-03-02'), Type: 'Receipt', Item: 'COAT', Qty: 10, Doc: 'R-MON', UnitCost: 100, Memo: 'Monday' },
    { Date: d('2026-03-03'), Type: 'Receipt', Item: 'COAT', Qty: 10, Doc: 'R-TUE', UnitCost: 125, Memo: 'Tuesday' },
    { Date: d('2026-03-04'), Type: 'Shipment', Item: 'COAT', Qty: 15, Doc: 'S-WED', Memo: 'Wednesday' },
  ],
);

// ---------------------------------------------------------------------------------------------
// demo: a quarter of Northwind Outdoor. Quantities are tracked here only to keep the story
// consistent (no shipment exceeds stock, the count shows a shrinkage of 3); valuation is the
// engine's job.

type Movement = Partial<Record<(typeof MOVEMENT_COLUMNS)[number], Cell>>;

function demoMovements(): Movement[] {
  const rows: Movement[] = [];
  const onHand = new Map<string, number>();
  const key = (item: string, loc: string): string => `${item}@${loc}`;
  const move = (item: string, loc: string, delta: number): void => {
    const q = (onHand.get(key(item, loc)) ?? 0) + delta;
    if (q < 0) throw new Error(`demo data: ${item} at ${loc} would go negative`);
    onHand.set(key(item, loc), q);
  };
  const add = (m: Movement): void => {
    rows.push(m);
    const item = String(m.Item);
    const loc = String(m.Location ?? 'Main');
    const qty = Number(m.Qty ?? 0);
    switch (m.Type) {
      case 'Opening':
      case 'Receipt':
      case 'CustomerReturn':
        move(item, loc, qty);
        break;
      case 'Shipment':
      case 'Sale':
      case 'SupplierReturn':
        move(item, loc, -qty);
        break;
      case 'Adjust':
        move(item, loc, qty);
        break;
      case 'Transfer':
        move(item, loc, -qty);
        move(item, String(m.ToLocation), qty);
        break;
      case 'Count':
        onHand.set(key(item, loc), qty);
        break;
      default:
        break;
    }
  };

  // January: opening balances, first receipts and bills (one billed above the receipt cost).
  const opening: Array<[string, number, number]> = [
    ['COAT', 20, 95],
    ['BOOT', 30, 60],
    ['GLOVE', 100, 12],
    ['SCARF', 40, 35],
    ['HAT', 80, 8],
  ];
  for (const [item, qty, cost] of opening) {
    add({ Date: d('2026-01-01'), Type: 'Opening', Item: item, Qty: qty, Doc: 'OB-2026', Location: 'Main', UnitCost: cost, Memo: 'Opening balance' });
  }
  add({ Date: d('2026-01-08'), Type: 'Receipt', Item: 'COAT', Qty: 30, Doc: 'R-101', Location: 'Main', UnitCost: 100, Party: 'Nordic Apparel', Order: 'PO-101' });
  add({ Date: d('2026-01-10'), Type: 'Receipt', Item: 'BOOT', Qty: 40, Doc: 'R-102', Location: 'Main', UnitCost: 62, Party: 'Trail Footwear', Order: 'PO-102' });
  add({ Date: d('2026-01-12'), Type: 'Bill', Item: 'COAT', Qty: 30, Doc: 'B-101', Amount: 3060, Party: 'Nordic Apparel', Order: 'PO-101', Memo: 'Billed at 102 a coat' });
  add({ Date: d('2026-01-14'), Type: 'Receipt', Item: 'GLOVE', Qty: 200, Doc: 'R-103', Location: 'Main', UnitCost: 12.5, Party: 'Woolcraft', Order: 'PO-103' });
  add({ Date: d('2026-01-15'), Type: 'Bill', Item: 'BOOT', Qty: 40, Doc: 'B-102', Amount: 2480, Party: 'Trail Footwear', Order: 'PO-102' });
  add({ Date: d('2026-01-16'), Type: 'Bill', Item: 'GLOVE', Qty: 200, Doc: 'B-103', Amount: 2500, Party: 'Woolcraft', Order: 'PO-103' });

  const customers = ['Alpine Outfitters', 'Summit Sports', 'Peak Retail', 'Valley Goods'];
  const prices: Record<string, number> = { COAT: 240, BOOT: 150, GLOVE: 29, SCARF: 89, HAT: 22 };
  const sale = (date: string, n: number, item: string, qty: number, loc = 'Main', channel = 'Wholesale'): void => {
    const party = customers[n % customers.length] ?? 'Walk-in';
    add({
      Date: d(date),
      Type: 'Sale',
      Item: item,
      Qty: qty,
      Doc: `INV-${1000 + n}`,
      Location: loc,
      UnitPrice: prices[item] ?? 0,
      Party: loc === 'Store' ? 'Walk-in' : party,
      Channel: channel,
    });
  };
  // An invoice and its shipment, linked by Order (shipped a few days after invoicing).
  const invoiceAndShip = (invDate: string, shipDate: string, n: number, item: string, qty: number, price: number): void => {
    const party = customers[n % customers.length] ?? 'Walk-in';
    add({ Date: d(invDate), Type: 'Invoice', Item: item, Qty: qty, Doc: `INV-${1000 + n}`, UnitPrice: price, Party: party, Channel: 'Online', Order: `SO-${500 + n}` });
    add({ Date: d(shipDate), Type: 'Shipment', Item: item, Qty: qty, Doc: `DN-${500 + n}`, Location: 'Main', Party: party, Channel: 'Online', Order: `SO-${500 + n}` });
  };

  sale('2026-01-18', 1, 'COAT', 12);
  sale('2026-01-20', 2, 'BOOT', 15);
  sale('2026-01-22', 3, 'GLOVE', 60);
  invoiceAndShip('2026-01-26', '2026-01-28', 4, 'SCARF', 10, 85);
  sale('2026-01-29', 5, 'HAT', 25);
  sale('2026-01-30', 6, 'COAT', 8);

  // February: new costs, a landed freight charge on R-201, stock moved to the shop.
  add({ Date: d('2026-02-03'), Type: 'Receipt', Item: 'COAT', Qty: 25, Doc: 'R-201', Location: 'Main', UnitCost: 110, Party: 'Nordic Apparel', Order: 'PO-201' });
  add({ Date: d('2026-02-04'), Type: 'Receipt', Item: 'SCARF', Qty: 30, Doc: 'R-202', Location: 'Main', UnitCost: 38, Party: 'Woolcraft', Order: 'PO-202' });
  add({ Date: d('2026-02-05'), Type: 'Bill', Item: 'COAT', Qty: 25, Doc: 'B-201', Amount: 2750, Party: 'Nordic Apparel', Order: 'PO-201' });
  add({ Date: d('2026-02-06'), Type: 'Bill', Item: 'SCARF', Qty: 30, Doc: 'B-202', Amount: 1110, Party: 'Woolcraft', Order: 'PO-202', Memo: 'Billed at 37: supplier discount' });
  add({ Date: d('2026-02-09'), Type: 'Receipt', Item: 'HAT', Qty: 100, Doc: 'R-203', Location: 'Main', UnitCost: 8.5, Party: 'Woolcraft', Order: 'PO-203' });
  add({ Date: d('2026-02-10'), Type: 'Transfer', Item: 'COAT', Qty: 10, Doc: 'T-201', Location: 'Main', ToLocation: 'Store', Memo: 'Stock for the shop' });
  add({ Date: d('2026-02-10'), Type: 'Transfer', Item: 'HAT', Qty: 30, Doc: 'T-202', Location: 'Main', ToLocation: 'Store' });
  add({ Date: d('2026-02-11'), Type: 'Bill', Item: 'HAT', Qty: 100, Doc: 'B-203', Amount: 850, Party: 'Woolcraft', Order: 'PO-203' });
  sale('2026-02-12', 7, 'COAT', 3, 'Store', 'Retail');
  sale('2026-02-13', 8, 'BOOT', 12);
  sale('2026-02-14', 9, 'HAT', 12, 'Store', 'Retail');
  invoiceAndShip('2026-02-16', '2026-02-17', 10, 'COAT', 15, 235);
  add({ Date: d('2026-02-18'), Type: 'Receipt', Item: 'BOOT', Qty: 30, Doc: 'R-204', Location: 'Main', UnitCost: 65, Party: 'Trail Footwear', Order: 'PO-204' });
  add({ Date: d('2026-02-20'), Type: 'Bill', Item: 'BOOT', Qty: 30, Doc: 'B-204', Amount: 1950, Party: 'Trail Footwear', Order: 'PO-204' });
  sale('2026-02-21', 11, 'GLOVE', 80);
  sale('2026-02-24', 12, 'SCARF', 14);
  sale('2026-02-25', 13, 'COAT', 2, 'Store', 'Retail');
  // Month-end count of hats at Main: three fewer than the books say.
  add({ Date: d('2026-02-28'), Type: 'Count', Item: 'HAT', Qty: (onHand.get(key('HAT', 'Main')) ?? 0) - 3, Doc: 'CNT-0228', Location: 'Main', Memo: 'Month-end count' });

  // March: damage, returns both ways, more sales.
  add({ Date: d('2026-03-02'), Type: 'Receipt', Item: 'BOOT', Qty: 20, Doc: 'R-301', Location: 'Main', UnitCost: 66, Party: 'Trail Footwear', Order: 'PO-301' });
  add({ Date: d('2026-03-03'), Type: 'Bill', Item: 'BOOT', Qty: 20, Doc: 'B-301', Amount: 1320, Party: 'Trail Footwear', Order: 'PO-301' });
  add({ Date: d('2026-03-05'), Type: 'Adjust', Item: 'SCARF', Qty: -2, Doc: 'ADJ-301', Location: 'Main', Memo: 'Water damage' });
  sale('2026-03-06', 14, 'BOOT', 18);
  sale('2026-03-09', 15, 'COAT', 20);
  add({ Date: d('2026-03-10'), Type: 'SupplierReturn', Item: 'BOOT', Qty: 5, Doc: 'SR-301', Location: 'Main', Party: 'Trail Footwear', Order: 'PO-301', Memo: 'Wrong size' });
  invoiceAndShip('2026-03-11', '2026-03-12', 16, 'GLOVE', 50, 27);
  add({ Date: d('2026-03-13'), Type: 'CustomerReturn', Item: 'COAT', Qty: 1, Doc: 'CR-301', Location: 'Main', UnitPrice: 240, Party: customers[15 % customers.length] ?? '', Channel: 'Wholesale', Order: 'INV-1015', Memo: 'Return of INV-1015' });
  sale('2026-03-16', 17, 'HAT', 15, 'Store', 'Retail');
  sale('2026-03-18', 18, 'SCARF', 12);
  add({ Date: d('2026-03-20'), Type: 'Receipt', Item: 'GLOVE', Qty: 100, Doc: 'R-302', Location: 'Main', UnitCost: 11.8, Party: 'Woolcraft', Order: 'PO-302' });
  add({ Date: d('2026-03-23'), Type: 'Bill', Item: 'GLOVE', Qty: 100, Doc: 'B-302', Amount: 1180, Party: 'Woolcraft', Order: 'PO-302' });
  sale('2026-03-24', 19, 'COAT', 2, 'Store', 'Retail');
  sale('2026-03-25', 20, 'GLOVE', 40);
  sale('2026-03-26', 21, 'HAT', 40);
  sale('2026-03-30', 22, 'BOOT', 10);
  return rows;
}

function demoTables(): TableData[] {
  const items = table(
    'Items',
    ['Item', 'Name', 'Category', 'Method', 'StandardCost'],
    [
      { Item: 'COAT', Name: 'Winter coat', Category: 'Outerwear' },
      { Item: 'BOOT', Name: 'Hiking boots', Category: 'Footwear', Method: 'AVERAGE' },
      { Item: 'GLOVE', Name: 'Wool gloves', Category: 'Accessories', Method: 'STANDARD', StandardCost: 12 },
      { Item: 'SCARF', Name: 'Cashmere scarf', Category: 'Accessories' },
      { Item: 'HAT', Name: 'Beanie', Category: 'Accessories' },
    ],
  );
  const locations = table('Locations', ['Location', 'Kind'], [
    { Location: 'Main', Kind: 'Normal' },
    { Location: 'Store', Kind: 'Normal' },
  ]);
  const landed = table('LandedCosts', ['Date', 'Doc', 'AppliesTo', 'Amount', 'Basis', 'Party'], [
    { Date: d('2026-02-07'), Doc: 'FRT-201', AppliesTo: 'R-201', Amount: 250, Basis: 'Value', Party: 'FastFreight' },
  ]);
  return [
    settings({ Company: 'Northwind Outdoor', BaseCurrency: 'USD', Method: 'FIFO', Period: 'Month' }),
    locations,
    items,
    table('Movements', MOVEMENT_COLUMNS, demoMovements()),
    landed,
  ];
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: each folder (or workbook) holds exactly one problem, named by the folder.

const GOOD_RECEIPT = { Date: '2026-03-02', Type: 'Receipt', Item: 'COAT', Qty: '10', UnitCost: '100' } as const;

function badCase(rows: ReadonlyArray<Readonly<Record<string, string>>>, headers: readonly string[] = ['Date', 'Type', 'Item', 'Qty', 'UnitCost']): TableData {
  return table('Movements', headers, rows);
}

function badFixtures(): Record<string, TableData[]> {
  return {
    'qty-text': [badCase([GOOD_RECEIPT, { Date: '2026-03-03', Type: 'Shipment', Item: 'COAT', Qty: 'ten' }])],
    'unknown-type': [badCase([GOOD_RECEIPT, { Date: '2026-03-03', Type: 'Gift', Item: 'COAT', Qty: '1' }])],
    'missing-item': [badCase([GOOD_RECEIPT, { Date: '2026-03-03', Type: 'Shipment', Item: '', Qty: '1' }])],
    'bad-date': [badCase([GOOD_RECEIPT, { Date: '2026-02-30', Type: 'Shipment', Item: 'COAT', Qty: '1' }])],
    'negative-receipt': [badCase([GOOD_RECEIPT, { Date: '2026-03-03', Type: 'Receipt', Item: 'COAT', Qty: '-5', UnitCost: '90' }])],
    'duplicated-header': [
      {
        name: 'Movements',
        headers: ['Date', 'Type', 'Item', 'Qty', 'Qty', 'UnitCost'],
        rows: [['2026-03-02', 'Receipt', 'COAT', '10', '12', '100']],
      },
    ],
    'empty-movements': [badCase([])],
    'negative-stock-block': [
      settings({ NegativeStock: 'Block' }),
      badCase([{ Date: '2026-03-01', Type: 'Shipment', Item: 'COAT', Qty: '2' }, { ...GOOD_RECEIPT }]),
    ],
  };
}

async function main(): Promise<void> {
  const samples = path.join(ROOT, 'samples');
  await writeXlsx(path.join(samples, 'coats.xlsx'), [COATS_SETTINGS, COATS_MOVEMENTS]);
  await writeXlsx(path.join(samples, 'fifo-lifo.xlsx'), [
    settings({ Company: 'Winter Coats Ltd', BaseCurrency: 'USD', Method: 'FIFO', Period: 'Month' }),
    FIFO_LIFO_MOVEMENTS,
  ]);
  await writeXlsx(path.join(samples, 'demo.xlsx'), demoTables());
  await writeCsvFolder(path.join(samples, 'coats-csv'), [COATS_MOVEMENTS, COATS_SETTINGS]);

  const fixtures = path.join(ROOT, 'test', 'fixtures');
  const bad = path.join(fixtures, 'bad');
  await fs.rm(bad, { recursive: true, force: true });
  for (const [name, tables] of Object.entries(badFixtures())) await writeCsvFolder(path.join(bad, name), tables);
  // An error cell only exists in a workbook: #N/A where UnitCost should be.
  await writeXlsx(path.join(bad, 'na-cell.xlsx'), [
    table('Movements', ['Date', 'Type', 'Item', 'Qty', 'UnitCost'], [
      { Date: d('2026-03-02'), Type: 'Receipt', Item: 'COAT', Qty: 10, UnitCost: 100 },
      { Date: d('2026-03-03'), Type: 'Receipt', Item: 'COAT', Qty: 5, UnitCost: { error: '#N/A' } },
    ]),
  ]);

  // The user's own sheet called "Stock Ledger", which Perpetua must leave alone.
  await writeXlsx(path.join(fixtures, 'user-stock-ledger.xlsx'), [COATS_SETTINGS, COATS_MOVEMENTS], [
    {
      name: 'Stock Ledger',
      rows: [['My own stock notes'], ['Counted by', 'Maria'], ['Coats in the back room', 3]],
    },
  ]);

  // Memo text that looks like formulas, in a CSV folder and in a workbook.
  const memoMovements = table('Movements', ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice', 'Memo'], [
    { Date: '2026-03-02', Type: 'Receipt', Item: 'COAT', Qty: '10', Doc: '=HYPERLINK("http://example.com")', UnitCost: '100', Memo: '=SUM(1,2)' },
    { Date: '2026-03-03', Type: 'Receipt', Item: 'COAT', Qty: '5', Doc: '+R-2', UnitCost: '110', Memo: '+44 20 7946 0000' },
    { Date: '2026-03-04', Type: 'Sale', Item: 'COAT', Qty: '3', Doc: '-INV-3', UnitPrice: '250', Memo: '@mention the buyer' },
    { Date: '2026-03-05', Type: 'Sale', Item: 'COAT', Qty: '1', Doc: 'INV-4', UnitPrice: '250', Memo: '\tTabbed, "quoted"\r\nsecond line' },
  ]);
  await writeCsvFolder(path.join(fixtures, 'memo-formula-csv'), [memoMovements]);
}

main().catch((err: unknown) => {
  process.stderr.write(`make-samples: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
