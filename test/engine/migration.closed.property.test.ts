/**
 * Migration under ClosedThrough over random back-dated streams (fast-check, fixed seed):
 *   - cut-over on or before ClosedThrough: the entries equal those of a run on the rows known at the
 *     close (entered by ClosedThrough), and `closedPeriods.difference` is the recomputation's entries
 *     less those, account by account (summing to zero);
 *   - cut-over after ClosedThrough: the entries equal the full recomputation's;
 *   - every entry balances, and after the migration each stock account holds what the books as
 *     posted (closed periods closed, catch-up included) hold on it at the cut-over.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { serial } from '../helpers/dates';
import { runWithCatchUp } from '../../src/engine/catchup';
import { knownAtClose } from '../../src/engine/closing/split';
import { buildMigration, type Migration } from '../../src/engine/migration';
import { runEngine, stockAccounts } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Account, type Inputs, type Location, type Movement } from '../../src/engine/types';
import { DEFAULT_CHART } from '../../src/engine/chart';

const accounts: Account[] = [...DEFAULT_CHART, { code: '1410', name: 'Stock - North', type: 'Asset' }];
const locations: Location[] = [
  { code: 'NORTH', kind: 'Normal', stockAccount: '1410' },
  { code: 'N-BIN', kind: 'Normal', parent: 'NORTH' },
  { code: 'SOUTH', kind: 'Normal' },
];

const START = serial('2026-01-01');
const CT = serial('2026-01-31');

const op = fc.record({
  kind: fc.constantFrom('Opening', 'Receipt', 'Receipt', 'Bill', 'Sale', 'Sale', 'Count'),
  loc: fc.constantFrom('NORTH', 'N-BIN', 'SOUTH'),
  item: fc.constantFrom('A', 'B'),
  qty: fc.integer({ min: 1, max: 20 }),
  cents: fc.integer({ min: 1, max: 9999 }),
  day: fc.integer({ min: 0, max: 59 }),
  // Entered this many days after the close (a back-dated row when dated on or before it).
  late: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 2 }),
});

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function inputsOf(ops: readonly Op[], closedThrough: number | undefined): Inputs {
  const movements: Movement[] = ops.map((o, i) => {
    const date = START + o.day;
    const entered = o.late === null ? {} : { entered: Math.max(date, CT + o.late) };
    const base = { seq: i, source: { table: 'Movements', row: i + 2 }, date, item: o.item, location: o.loc, doc: `D${i % 5}`, order: `PO${i % 3}`, ...entered };
    if (o.kind === 'Opening' || o.kind === 'Receipt') return { ...base, type: o.kind, qty: o.qty, unitCost: o.cents / 100 };
    if (o.kind === 'Bill') return { ...base, type: 'Bill', qty: o.qty, amount: (o.qty * o.cents) / 100 };
    if (o.kind === 'Count') return { ...base, type: 'Count', qty: o.qty % 5 };
    return { ...base, type: 'Sale', qty: 1 + (o.qty % 4), unitPrice: 50 };
  });
  const settings = { ...DEFAULT_SETTINGS, negativeStock: 'Allow' as const, ...(closedThrough === undefined ? {} : { closedThrough }) };
  return { settings, accounts, locations, items: [], kits: [], movements, landedCosts: [] };
}

const text = (m: Migration): string[] => m.journal.map((l) => `${l.entry} ${l.date} ${l.account} ${String(l.debit)} ${String(l.credit)} ${l.memo}`);

function netByAccount(m: Migration): Map<string, N.Fixed> {
  const out = new Map<string, N.Fixed>();
  for (const l of m.journal) out.set(l.account, N.add(out.get(l.account) ?? 0, N.sub(l.debit, l.credit)));
  return out;
}

describe('Migration with closed periods: properties', () => {
  test('closed cut-over = the rows known at the close; open cut-over = the recomputation; entries balance; stock accounts end at the books', () => {
    // How often the interesting cases came up (so the property is not vacuous).
    const seen = { closedWithLate: 0, changed: 0, openWithLate: 0 };
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 59 }), (ops, cutDay) => {
        const cut = START + cutDay;
        const books = runWithCatchUp(inputsOf(ops, CT));
        const m = buildMigration(books, cut);
        const recomputed = buildMigration(runEngine(inputsOf(ops, undefined)), cut);

        if (cut <= CT) {
          const known = buildMigration(runEngine(knownAtClose(inputsOf(ops, undefined), CT)), cut);
          expect(text(m)).toEqual(text(known));
          const late = books.prepared.inputs.movements.filter((x) => x.date <= cut && (x.entered ?? x.date) > CT);
          if (late.length === 0) expect(m.closedPeriods).toBeUndefined();
          else {
            seen.closedWithLate += 1;
            if ((m.closedPeriods?.difference.length ?? 0) > 0) seen.changed += 1;
            expect(m.closedPeriods?.lateRows).toEqual(late.map((x) => x.source));
            // The difference is the recomputation's entries less these, per account.
            const a = netByAccount(recomputed);
            const b = netByAccount(m);
            const want = [...new Set([...a.keys(), ...b.keys()])]
              .sort()
              .map((k) => [k, String(N.sub(a.get(k) ?? 0, b.get(k) ?? 0))])
              .filter(([, v]) => v !== '0');
            expect(m.closedPeriods?.difference.map((x) => [x.account, String(x.difference)])).toEqual(want);
            expect((m.closedPeriods?.difference ?? []).reduce<N.Fixed>((s, x) => N.add(s, x.difference), 0)).toBe(0);
          }
        } else {
          expect(m.closedPeriods).toBeUndefined();
          expect(text(m)).toEqual(text(recomputed));
          if ((books.catchUp?.backdated.length ?? 0) > 0) seen.openWithLate += 1;
        }

        // Every entry balances.
        expect(m.debits).toBe(m.credits);
        const byEntry = new Map<number, N.Fixed>();
        for (const l of m.journal) byEntry.set(l.entry, N.add(byEntry.get(l.entry) ?? 0, N.sub(l.debit, l.credit)));
        for (const v of byEntry.values()) expect(v).toBe(0);

        // After the migration a stock account holds what the books as posted hold on it at the
        // cut-over: the Opening rows the entries count as carried, plus entry (1).
        const posted = books.journal.lines.toArray().filter((l) => l.date <= cut);
        for (const account of stockAccounts(m.asOf.prepared)) {
          let carried: N.Fixed = 0;
          for (const l of m.asOf.journal.lines.toArray()) if (l.account === account && l.kind === 'Opening') carried = N.add(carried, l.amount);
          for (const l of m.journal) if (l.account === account) carried = N.add(carried, N.sub(l.debit, l.credit));
          const onBooks = posted.filter((l) => l.account === account).reduce<N.Fixed>((s, l) => N.add(s, l.amount), 0);
          expect(carried).toBe(onBooks);
        }
      }),
      { numRuns: 200, seed: 20261203 },
    );
    expect(seen.closedWithLate).toBeGreaterThan(20);
    expect(seen.changed).toBeGreaterThan(10);
    expect(seen.openWithLate).toBeGreaterThan(20);
  });
});
