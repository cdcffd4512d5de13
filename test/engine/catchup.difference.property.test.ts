/**
 * The catch-up's journal differences (closing/difference.ts addJournal), which sum under the
 * journal's integer codes, against the plain reading of the rule, line by line: every line dated on
 * or before ClosedThrough adds its amount to (its item, or SEP + its entry's first item; account;
 * location), and every entry joins the items it touches. Random journals with item-less lines,
 * entries without any item, missing locations, amounts past 2^53 (bigint) and dates both sides of
 * the close.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import type { Fixed } from '../../src/engine/num';
import { JournalTable } from '../../src/engine/journal';
import { addJournal, allDifferences, type Differences } from '../../src/engine/closing/difference';
import { ItemGroups } from '../../src/engine/closing/groups';

interface Line {
  readonly account: string;
  readonly amount: Fixed;
  readonly item: string | undefined;
  readonly location: string | undefined;
}
interface Entry {
  readonly date: number;
  readonly lines: readonly Line[];
}

const lineArb: fc.Arbitrary<Line> = fc.record({
  account: fc.constantFrom('1400', '5000', '4000', '9999'),
  amount: fc.oneof(fc.integer({ min: -100000, max: 100000 }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n })).map((a): Fixed => (typeof a === 'bigint' ? N.norm(a) : a)),
  item: fc.constantFrom<string | undefined>('A', 'B', 'KIT', undefined),
  location: fc.constantFrom<string | undefined>('Main', 'North', undefined),
});
const entryArb: fc.Arbitrary<Entry> = fc.record({ date: fc.integer({ min: 1, max: 10 }), lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }) });

function tableOf(entries: readonly Entry[]): JournalTable {
  const t = new JournalTable();
  entries.forEach((e, n) => {
    t.beginEntry(n + 1, e.date, 'Test', undefined, '', { table: 'Movements', row: n + 2 }, undefined);
    for (const l of e.lines) t.addLine(l.account, l.amount, l.item, l.location);
  });
  return t;
}

/** The rule read plainly: one key string per line. */
function reference(entries: readonly Entry[], ct: number, groups: ItemGroups, into: Map<string, { closed: Fixed; recomputed: Fixed; attributedTo: string }>, side: 'closed' | 'recomputed'): void {
  for (const e of entries) {
    const first = e.lines.find((l) => l.item !== undefined)?.item;
    for (const l of e.lines) if (l.item !== undefined && first !== undefined && l.item !== first) groups.union(first, l.item);
    if (e.date > ct) continue;
    for (const l of e.lines) {
      const key = [l.item ?? '\u0001' + (first ?? ''), l.account, l.location ?? ''].join('|');
      const d = into.get(key) ?? { closed: 0, recomputed: 0, attributedTo: l.item ?? first ?? '' };
      if (side === 'closed') d.closed = N.add(d.closed, l.amount);
      else d.recomputed = N.add(d.recomputed, l.amount);
      into.set(key, d);
    }
  }
}

test('catch-up differences: summing under integer codes equals the line-by-line rule', () => {
  fc.assert(
    fc.property(fc.array(entryArb, { maxLength: 30 }), fc.array(entryArb, { maxLength: 30 }), fc.integer({ min: 0, max: 11 }), (closed, full, ct) => {
      const groups = new ItemGroups();
      const diffs: Differences = new Map();
      addJournal(tableOf(closed), ct, 'closed', groups, diffs);
      addJournal(tableOf(full), ct, 'recomputed', groups, diffs);
      const refGroups = new ItemGroups();
      const ref = new Map<string, { closed: Fixed; recomputed: Fixed; attributedTo: string }>();
      reference(closed, ct, refGroups, ref, 'closed');
      reference(full, ct, refGroups, ref, 'recomputed');
      const got = new Map<string, { closed: string; recomputed: string; attributedTo: string }>();
      for (const d of allDifferences(diffs)) {
        const key = [d.item ?? '\u0001' + (d.attributedTo), d.account, d.location ?? ''].join('|');
        got.set(key, { closed: String(d.closed), recomputed: String(d.recomputed), attributedTo: d.attributedTo });
      }
      const want = new Map([...ref].map(([k, v]) => [k, { closed: String(v.closed), recomputed: String(v.recomputed), attributedTo: v.attributedTo }] as const));
      expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
      for (const it of ['A', 'B', 'KIT']) expect(groups.find(it)).toBe(refGroups.find(it));
    }),
    { seed: 16, numRuns: 300 },
  );
});

test('catch-up differences: a journal with more locations than the keys have room for sums them all', () => {
  const entries: Entry[] = [];
  for (let n = 0; n < 4200; n++) {
    const location = 'L' + (n % 4150);
    entries.push({ date: 1 + (n % 3), lines: [{ account: '1400', amount: n + 1, item: 'A', location }, { account: '5000', amount: -(n + 1), item: undefined, location }] });
  }
  const groups = new ItemGroups();
  const diffs: Differences = new Map();
  addJournal(tableOf(entries), 2, 'closed', groups, diffs);
  const ref = new Map<string, { closed: Fixed; recomputed: Fixed; attributedTo: string }>();
  reference(entries, 2, new ItemGroups(), ref, 'closed');
  const got = [...allDifferences(diffs)].map((d) => [[d.item ?? '\u0001' + d.attributedTo, d.account, d.location ?? ''].join('|'), String(d.closed)] as const);
  expect(new Map(got.sort())).toEqual(new Map([...ref].map(([k, v]) => [k, String(v.closed)] as const).sort()));
});
