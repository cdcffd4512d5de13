/**
 * Closed periods and back-dated entries (SPEC section 4a), as an accountant would check them.
 */
import * as N from '../../src/engine/num';
import { runWithCatchUp, type ClosedBooksResult } from '../../src/engine/catchup';
import { runEngine } from '../../src/engine/pipeline';
import { d, inputsOf, type Book } from './support';
import { netThrough, linesThrough, ledgerThrough, stockAt, unbalanced } from './catchup.support';

const p = (r: ClosedBooksResult, x: N.Fixed): string => N.toDecimalString(x, r.prepared.scales.p);

/** Net of an account (by role) over lines dated from..to. */
function roleNet(r: ClosedBooksResult, role: 'Inventory' | 'CostOfGoodsSold' | 'StockReceivedNotBilled', from: number, to: number): string {
  const code = r.prepared.chart.role(role);
  let s: N.Fixed = 0;
  for (const l of r.journal.lines.toArray()) if (l.account === code && l.date >= from && l.date <= to) s = N.add(s, l.amount);
  return p(r, s);
}

// The worked example of docs/accounting.md.
const WORKED: Book = {
  settings: { closedThrough: d('2026-02-28') },
  rows: [
    { date: '2026-02-16', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R1' },
    { date: '2026-02-17', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 125, doc: 'R2' },
    { date: '2026-02-18', type: 'Sale', item: 'COAT', qty: 15, unitPrice: 250, doc: 'INV1' },
    { date: '2026-03-05', type: 'Sale', item: 'COAT', qty: 10, unitPrice: 250, doc: 'INV2', entered: d('2026-03-05') },
    { date: '2026-02-15', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 80, doc: 'R0', entered: d('2026-03-03') },
  ],
};

describe('worked example: a February receipt entered in March at a lower cost', () => {
  const inputs = inputsOf(WORKED);
  const r = runWithCatchUp(inputs);
  const full = runEngine(inputs);
  const feb = [d('2026-02-01'), d('2026-02-28')] as const;
  const mar = [d('2026-03-01'), d('2026-03-31')] as const;

  test('February stays as closed: COGS 1,625, stock 625', () => {
    expect(roleNet(r, 'CostOfGoodsSold', ...feb)).toBe('1625.00');
    expect(roleNet(r, 'Inventory', ...feb)).toBe('625.00');
    // ... while the recomputation would have rewritten February to 1,300.
    const code = full.prepared.chart.role('CostOfGoodsSold');
    expect(p(r, N.sum(full.journal.lines.toArray().filter((l) => l.account === code && l.date <= feb[1]).map((l) => l.amount)))).toBe('1300.00');
  });

  test('the catch-up on 1 March posts the receipt and moves the COGS difference (325) back to Inventory', () => {
    const cu = r.catchUp;
    expect(cu?.date).toBe(d('2026-03-01'));
    const lines = r.journal.lines.toArray().filter((l) => l.kind === 'CatchUp');
    expect(lines.every((l) => l.date === d('2026-03-01'))).toBe(true);
    const by = (role: 'Inventory' | 'CostOfGoodsSold' | 'StockReceivedNotBilled'): string => p(r, N.sum(lines.filter((l) => l.account === r.prepared.chart.role(role)).map((l) => l.amount)));
    expect(by('Inventory')).toBe('1125.00');
    expect(by('StockReceivedNotBilled')).toBe('-800.00');
    expect(by('CostOfGoodsSold')).toBe('-325.00');
    expect(p(r, cu?.book.amount ?? 0)).toBe('1125.00');
    // It names the back-dated receipt (Movements row 6).
    expect(cu?.changedRows).toEqual([{ table: 'Movements', row: 6 }]);
    for (const l of cu?.book.lines ?? []) expect(l.causes).toEqual([{ table: 'Movements', row: 6 }]);
    const cogs = cu?.book.lines.find((l) => l.account === r.prepared.chart.role('CostOfGoodsSold'));
    expect(cogs && [p(r, cogs.closed), p(r, cogs.recomputed), p(r, cogs.difference)]).toEqual(['1625.00', '1300.00', '-325.00']);
    expect(unbalanced(r.journal.lines.toArray())).toEqual([]);
  });

  test("March: COGS 800 in the month (catch-up -325 + the sale's 1,125); every balance equals the recomputation", () => {
    expect(roleNet(r, 'CostOfGoodsSold', ...mar)).toBe('800.00');
    for (let day = mar[0]; day <= mar[1]; day++) expect(netThrough(r.journal.lines.toArray(), day)).toEqual(netThrough(full.journal.lines.toArray(), day));
    expect(r.accounts).toEqual(full.accounts);
    expect(stockAt(r.valuation.ledger.toArray(), mar[1])).toEqual(stockAt(full.valuation.ledger.toArray(), mar[1]));
  });

  test('the stock ledger: February as closed, a CatchUp row on 1 March of +10 units and 1,125', () => {
    const known = runEngine(inputsOf({ ...WORKED, rows: WORKED.rows.slice(0, 3) }));
    expect(ledgerThrough(r.valuation.ledger.toArray(), feb[1])).toEqual(ledgerThrough(known.valuation.ledger.toArray(), feb[1]));
    expect(linesThrough(r.journal.lines.toArray(), feb[1])).toEqual(linesThrough(known.journal.lines.toArray(), feb[1]));
    const row = r.valuation.ledger.toArray().find((x) => x.type === 'CatchUp');
    expect(row && [row.date, N.toDecimalString(row.qtyIn, r.prepared.scales.q), N.toDecimalString(N.rescale(row.valueIn, r.prepared.scales.v, 2), 2), N.toDecimalString(row.qtyAfter, r.prepared.scales.q)]).toEqual([d('2026-03-01'), '10', '1125.00', '15']);
  });
});

describe('nothing back-dated, or nothing past the close', () => {
  test('no back-dated row: the same books as without ClosedThrough, and no catch-up', () => {
    const book: Book = { ...WORKED, rows: WORKED.rows.slice(0, 4) };
    const r = runWithCatchUp(inputsOf(book));
    const plain = runEngine(inputsOf({ ...book, settings: {} }));
    expect(r.catchUp?.book.lines).toEqual([]);
    expect(r.catchUp?.closed).toBeUndefined();
    expect(linesThrough(r.journal.lines.toArray(), d('2026-12-31'))).toEqual(linesThrough(plain.journal.lines.toArray(), d('2026-12-31')));
  });

  test('--as-of inside the closed period shows the books as closed', () => {
    const r = runWithCatchUp(inputsOf(WORKED), { asOf: d('2026-02-20') });
    expect(r.catchUp).toBeUndefined();
    expect(roleNet(r, 'CostOfGoodsSold', d('2026-02-01'), d('2026-02-28'))).toBe('1625.00');
  });

  test('without ClosedThrough the run is the plain engine run', () => {
    const r = runWithCatchUp(inputsOf({ ...WORKED, settings: {} }));
    expect(r.catchUp).toBeUndefined();
    expect(roleNet(r, 'CostOfGoodsSold', d('2026-02-01'), d('2026-02-28'))).toBe('1300.00');
  });
});
