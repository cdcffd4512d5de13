import * as N from '../../src/engine/num';
import { serial } from '../helpers/dates';
import { buildMigration, type Migration } from '../../src/engine/migration';
import { runEngine, stockAccounts } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Account, type Inputs, type Location, type Movement, type Settings } from '../../src/engine/types';

type Row = Omit<Movement, 'seq' | 'source'>;
const s2 = (x: N.Fixed): string => N.toDecimalString(x, 2);

function inputs(rows: readonly Row[], opts: { settings?: Partial<Settings>; accounts?: Account[]; locations?: Location[] } = {}): Inputs {
  return {
    settings: { ...DEFAULT_SETTINGS, ...opts.settings },
    accounts: opts.accounts ?? [],
    locations: opts.locations ?? [],
    items: [],
    kits: [],
    movements: rows.map((r, i) => ({ ...r, seq: i, source: { table: 'Movements', row: i + 2 } })),
    landedCosts: [],
  };
}

// A chart without CostCenter and ExpensesIncludedInValuation roles, two stock accounts.
const accounts: Account[] = [
  { code: '1100', name: 'Receivables', type: 'Asset', role: 'Receivables' },
  { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
  { code: '1410', name: 'Stock - Warehouse', type: 'Asset' },
  { code: '1420', name: 'Stock - Store', type: 'Asset' },
  { code: '2100', name: 'Payables', type: 'Liability', role: 'Payables' },
  { code: '2150', name: 'Stock Received Not Billed', type: 'Liability', role: 'StockReceivedNotBilled' },
  { code: '3100', name: 'Opening Balance Equity', type: 'Equity', role: 'OpeningBalanceEquity' },
  { code: '4000', name: 'Sales', type: 'Income', role: 'Sales' },
  { code: '5000', name: 'Cost of Goods Sold', type: 'Expense', role: 'CostOfGoodsSold' },
  { code: '5100', name: 'Stock Adjustment', type: 'Expense', role: 'StockAdjustment' },
];
const locations: Location[] = [
  { code: 'WH', kind: 'Normal', stockAccount: '1410' },
  { code: 'WH-A', kind: 'Normal', parent: 'WH' },
  { code: 'STORE', kind: 'Normal', stockAccount: '1420' },
];
const rows: Row[] = [
  // The periodic books already carry 50 in the warehouse stock account.
  { date: serial('2026-03-01'), type: 'Opening', item: 'COAT', qty: 5, unitCost: 10, location: 'WH-A' },
  { date: serial('2026-03-02'), type: 'Receipt', item: 'COAT', qty: 10, unitCost: 10, location: 'WH-A', doc: 'R1', order: 'PO1' },
  { date: serial('2026-03-03'), type: 'Bill', item: 'COAT', qty: 10, amount: 100, doc: 'B1', order: 'PO1' },
  { date: serial('2026-03-05'), type: 'Sale', item: 'COAT', qty: 2, unitPrice: 25, location: 'WH-A', doc: 'S1' },
  // Received at the store, not yet billed.
  { date: serial('2026-03-20'), type: 'Receipt', item: 'COAT', qty: 3, unitCost: 20, location: 'STORE', doc: 'R2', order: 'PO2', party: 'Supplier' },
  // After the cut-over: ignored.
  { date: serial('2026-04-02'), type: 'Receipt', item: 'COAT', qty: 100, unitCost: 30, location: 'STORE', doc: 'R3' },
];

function balanceAfter(m: Migration, account: string): N.Fixed {
  // The engine's stock account balance at cut-over, as the periodic books would hold it (only
  // the Opening rows), plus the migration lines.
  let carried: N.Fixed = 0;
  for (const l of m.asOf.journal.lines.toArray()) if (l.account === account && l.kind === 'Opening') carried = N.add(carried, l.amount);
  for (const l of m.journal) if (l.account === account) carried = N.add(carried, N.sub(l.debit, l.credit));
  return carried;
}

describe('Migration to perpetual at a cut-over date', () => {
  const result = runEngine(inputs(rows, { accounts, locations, settings: { cutOverDate: serial('2026-03-31') } }));
  const m = buildMigration(result);

  test('stock value per location: WH-A inherits 1410 from WH; STORE has its own 1420', () => {
    expect(m.cutOver).toBe(serial('2026-03-31'));
    expect(m.stock.map((s) => [s.location, s.account, s.resolvedAt, s2(s.value), s2(s.existing)])).toEqual([
      ['WH', '1410', 'location', '0.00', '0.00'],
      ['WH-A', '1410', 'parent', '130.00', '50.00'],
      ['STORE', '1420', 'location', '60.00', '0.00'],
    ]);
  });

  test('entries: Dr 1410 80 and Dr 1420 60 out of COGS, then Dr COGS / Cr SRNB 60 for the open receipt', () => {
    expect(m.journal.map((l) => [l.entry, l.account, s2(l.debit), s2(l.credit)])).toEqual([
      [1, '1410', '80.00', '0.00'],
      [1, '5000', '0.00', '80.00'],
      [2, '1420', '60.00', '0.00'],
      [2, '5000', '0.00', '60.00'],
      [3, '5000', '60.00', '0.00'],
      [3, '2150', '0.00', '60.00'],
    ]);
    expect(m.journal.every((l) => l.date === serial('2026-03-31'))).toBe(true);
  });

  test('each entry balances and brings every stock account exactly to the stock value', () => {
    const byEntry = new Map<number, N.Fixed>();
    for (const l of m.journal) byEntry.set(l.entry, N.add(byEntry.get(l.entry) ?? 0, N.sub(l.debit, l.credit)));
    for (const v of byEntry.values()) expect(v).toBe(0);
    expect(m.debits).toBe(m.credits);
    for (const a of m.accounts) {
      let ledger: N.Fixed = 0;
      for (const l of m.asOf.journal.lines.toArray()) if (l.account === a.account) ledger = N.add(ledger, l.amount);
      expect(s2(balanceAfter(m, a.account))).toBe(s2(ledger));
      expect(s2(ledger)).toBe(s2(a.stockValue));
    }
    // Together the stock accounts hold the stock ledger's value on hand at cut-over.
    const stockSet = stockAccounts(m.asOf.prepared);
    let total: N.Fixed = 0;
    for (const l of m.asOf.journal.lines.toArray()) if (stockSet.has(l.account)) total = N.add(total, l.amount);
    expect(s2(total)).toBe('190.00');
    expect(s2(m.asOf.totals.inventoryValue)).toBe('190.00');
  });

  test('the receipts-not-billed list names the open receipt', () => {
    expect(m.receiptsNotBilled.map((r) => [r.doc, r.date, r.item, r.location, N.toDecimalString(r.qty, 0), s2(r.value), r.kind])).toEqual([
      ['R2', serial('2026-03-20'), 'COAT', 'STORE', '3', '60.00', 'Stock'],
    ]);
  });

  test('readiness: missing default roles flagged with where to fix them; every location resolved', () => {
    const byKey = new Map(m.checklist.map((c) => [`${c.check}:${c.subject}`, c]));
    expect(byKey.get('Default account:StockReceivedNotBilled')?.status).toBe('OK');
    expect(byKey.get('Default account:StockAdjustment')?.status).toBe('OK');
    expect(byKey.get('Default account:ExpensesIncludedInValuation')?.status).toBe('Missing');
    expect(byKey.get('Default account:CostCenter')?.status).toBe('Missing');
    expect(byKey.get('Default account:CostCenter')?.fix).toMatch(/Accounts table/);
    expect(byKey.get('Location stock account:WH-A')).toMatchObject({ status: 'OK' });
    expect(byKey.get('Location stock account:WH-A')?.detail).toMatch(/inherited from parent location WH/);
    expect(m.ready).toBe(false);
  });

  test('an explicit cut-over overrides the setting; without either, the last movement date', () => {
    const early = buildMigration(result, serial('2026-03-04'));
    expect(early.receiptsNotBilled).toEqual([]);
    expect(early.journal.map((l) => [l.account, s2(l.debit), s2(l.credit)])).toEqual([
      ['1410', '100.00', '0.00'],
      ['5000', '0.00', '100.00'],
    ]);
    const noSetting = buildMigration(runEngine(inputs(rows, { accounts, locations })));
    expect(noSetting.cutOver).toBe(serial('2026-04-02'));
    expect(noSetting.receiptsNotBilled.map((r) => r.doc)).toEqual(['R2', 'R3']);
  });

  test('with no Accounts table the checklist says the default chart is used; a location with an unknown account is Missing', () => {
    const plain = buildMigration(runEngine(inputs(rows.slice(0, 4).map((r) => ({ ...r, location: 'Main' })))));
    expect(plain.checklist.filter((c) => c.check === 'Default account').every((c) => c.status === 'OK' && /default chart is used/.test(c.detail))).toBe(true);
    expect(plain.ready).toBe(true);
    const bad = buildMigration(runEngine(inputs([], { accounts, locations: [...locations, { code: 'LOST', kind: 'Normal', stockAccount: '1999' }] })));
    const lost = bad.checklist.find((c) => c.subject === 'LOST');
    expect(lost).toMatchObject({ status: 'Missing' });
    expect(lost?.fix).toMatch(/Locations table/);
  });

  test('a stock account carrying more than is on hand gets the entry the other way round', () => {
    const over = buildMigration(
      runEngine(
        inputs([
          { date: serial('2026-03-01'), type: 'Opening', item: 'X', qty: 10, unitCost: 5 },
          { date: serial('2026-03-09'), type: 'Count', item: 'X', qty: 4 },
        ]),
      ),
    );
    // The books carry 50 (Opening); 4 are on hand (20): Dr COGS 30 / Cr Inventory 30.
    expect(over.journal.map((l) => [l.account, s2(l.debit), s2(l.credit)])).toEqual([
      ['1400', '0.00', '30.00'],
      ['5000', '30.00', '0.00'],
    ]);
  });
});
