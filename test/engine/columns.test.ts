/**
 * The columnar result tables hold exactly what was put in: amounts past 2^53 (kept aside as bigint),
 * codes of repeated values, entry grouping, and the rows made on demand.
 */
import fc from 'fast-check';
import { CodeColumn, FixedBySeq, FixedColumn, IntColumn, NumberColumn, RefColumn } from '../../src/engine/columns';
import { expectedSize } from '../../src/engine/valuation/walk';
import type { Movement } from '../../src/engine/types';
import { JournalLine, JournalTable, type EntryHeader } from '../../src/engine/journal';
import type { Fixed } from '../../src/engine/num';
import { LedgerTable } from '../../src/engine/valuation/ledgerTable';
import type { LedgerRow } from '../../src/engine/valuation/types';

const fixed: fc.Arbitrary<Fixed> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)),
);

test('FixedColumn keeps numbers and bigints past 2^53, also when a slot is overwritten', () => {
  fc.assert(
    fc.property(fc.array(fixed, { maxLength: 3000 }), fc.array(fc.tuple(fc.nat(), fixed), { maxLength: 50 }), (xs, writes) => {
      const c = new FixedColumn();
      for (const x of xs) c.push(x);
      const expected = [...xs];
      for (const [at, x] of writes) {
        if (xs.length === 0) break;
        const i = at % xs.length;
        c.set(i, x);
        expected[i] = x;
      }
      expect(Array.from({ length: c.length }, (_, i) => c.get(i))).toEqual(expected);
    }),
  );
});

test('CodeColumn and IntColumn give back what was pushed, past their first growth', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('1400', '2150', '5000', undefined), { maxLength: 5000 }), (xs) => {
      const c = new CodeColumn<string | undefined>();
      const n = new IntColumn();
      xs.forEach((x, i) => {
        c.push(x);
        n.push(i - 2500);
      });
      expect(Array.from({ length: c.length }, (_, i) => c.get(i))).toEqual(xs);
      expect(Array.from({ length: n.length }, (_, i) => n.get(i))).toEqual(xs.map((_, i) => i - 2500));
    }),
  );
  const n = new IntColumn();
  n.extend(3000, -1);
  expect([n.length, n.get(0), n.get(2999)]).toEqual([3000, -1, -1]);
});

const header = (entry: number): EntryHeader => ({ entry, date: 46000 + entry, kind: entry % 2 === 0 ? 'Receipt' : 'Shipment', doc: entry % 3 === 0 ? undefined : `D${entry}`, memo: `m${entry}`, source: { table: 'Movements', row: entry + 1 }, linkedTo: entry % 4 === 0 ? entry - 1 : undefined });

test('every column keeps its values past the size where growth turns from doubling to half again (2^20 slots)', () => {
  const n = (1 << 20) * 2 + 12_345;
  const f = new FixedColumn();
  f.reserve(1000);
  const num = new NumberColumn();
  const int = new IntColumn();
  const code = new CodeColumn<string>();
  const ref = new RefColumn<string>();
  const bySeq = new FixedBySeq(10);
  const big = 2n ** 70n;
  for (let i = 0; i < n; i++) {
    f.push(i === n - 1 ? big : i * 3);
    num.push(i * 7);
    int.push(i - 5);
    code.push(i % 3 === 0 ? 'a' : 'b');
    if (i % 64 === 0) ref.push(`r${i}`);
    if (i % 1000 === 0) bySeq.set(i, i + 1);
  }
  expect([f.length, num.length, int.length, code.length]).toEqual([n, n, n, n]);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (f.get(i) !== (i === n - 1 ? big : i * 3) || num.get(i) !== i * 7 || int.get(i) !== i - 5 || code.get(i) !== (i % 3 === 0 ? 'a' : 'b')) bad++;
    if (i % 64 === 0 && ref.get(i >> 6) !== `r${i}`) bad++;
    if (bySeq.get(i) !== (i % 1000 === 0 ? i + 1 : undefined)) bad++;
  }
  expect(bad).toBe(0);
});

test('the walk sizes its columns from the movement types: a row a movement and two a transfer, two entries a sale or priced return, two lines an entry, 1.5 layers an issue', () => {
  const m = (type: Movement['type'], extra: Partial<Movement> = {}): Movement => ({ seq: 0, source: { table: 'Movements', row: 2 }, date: 1, type, item: 'A', qty: 1, ...extra });
  const list: Movement[] = [m('Receipt'), m('Sale'), m('Sale'), m('Transfer', { toLocation: 'B' }), m('CustomerReturn', { unitPrice: 5 }), m('CustomerReturn'), m('Adjust')];
  const size = expectedSize(list);
  // 7 movements, 1 transfer (two rows); 2 sales and a priced return make two entries; 4 movements can issue.
  expect(size).toEqual({ ledgerRows: 8, layerRows: 6, entries: 10, lines: 20 });
});

test('JournalTable: lines read back field by field and as objects, entries grouped, renumbered on copy', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.tuple(fc.constantFrom('1400', '2150', '5000'), fixed, fc.option(fc.constantFrom('COAT', 'BOOT'), { nil: undefined })), { minLength: 1, maxLength: 4 }), { maxLength: 300 }), (entries) => {
      const lines: JournalLine[] = [];
      entries.forEach((ls, e) => {
        const h = header(e + 1);
        for (const [account, amount, item] of ls) lines.push(new JournalLine(h, account, amount, item, item === undefined ? undefined : 'Main'));
      });
      const t = JournalTable.of(lines);
      expect(t.length).toBe(lines.length);
      expect(t.entries).toBe(entries.length);
      const back = t.toArray();
      expect(back.map((l) => [l.header, l.account, l.amount, l.item, l.location])).toEqual(lines.map((l) => [l.header, l.account, l.amount, l.item, l.location]));
      // One header object per entry on iteration.
      for (let i = 1; i < back.length; i++) expect((back[i] as JournalLine).header === (back[i - 1] as JournalLine).header).toBe((lines[i] as JournalLine).header === (lines[i - 1] as JournalLine).header);
      lines.forEach((l, i) => expect([t.dateAt(i), t.entryAt(i), t.kindAt(i), t.docAt(i), t.memoAt(i), t.sourceAt(i), t.linkedToAt(i), t.amountAt(i)]).toEqual([l.date, l.entry, l.kind, l.doc, l.memo, l.source, l.linkedTo, l.amount]));
      const copy = new JournalTable();
      for (let e = 0; e < t.entries; e++) copy.appendEntryOf(t, e, 100 + e);
      expect(copy.toArray().map((l) => [l.entry - 100, l.account, l.amount])).toEqual(lines.map((l) => [l.entry - 1, l.account, l.amount]));
    }),
  );
});

test('LedgerTable: rows and their consumed layers read back as appended', () => {
  const row = (i: number, layers: number): LedgerRow => ({
    seq: i,
    source: { table: 'Movements', row: i + 2 },
    date: 46000 + i,
    type: i % 2 === 0 ? 'Receipt' : 'Shipment',
    item: `I${i % 7}`,
    location: 'Main',
    doc: i % 5 === 0 ? undefined : `D${i}`,
    qtyIn: i,
    qtyOut: 0,
    qtyAfter: 2n ** 60n + BigInt(i),
    valueIn: -i,
    valueOut: 0,
    valueAfter: i * 1000,
    layers: layers === 0 ? undefined : Array.from({ length: layers }, (_, k) => ({ receipt: k, doc: `R${k}`, date: 46000 + k, qty: k + 1, value: 2n ** 70n, batch: k === 0 ? 'B1' : undefined })),
    note: i % 3 === 0 ? `note ${i}` : undefined,
    provisional: i % 11 === 0,
    batch: i % 13 === 0 ? 'LOT' : undefined,
  });
  const rows = Array.from({ length: 2500 }, (_, i) => row(i, i % 4));
  const t = LedgerTable.of(rows);
  expect(t.toArray()).toEqual(rows);
  expect(t.layerCountAt(3)).toBe(3);
  t.retag(1, 'Count', 'shrinkage');
  expect([t.typeAt(1), t.noteAt(1), t.typeAt(3)]).toEqual(['Count', 'shrinkage', 'Shipment']);
});
