/**
 * The journal as columns. An entry's header (number, date, kind, doc, memo, source, linked movement)
 * is stored once in the entry columns; each line stores its entry's index, account, amount, item and
 * location. Lines of one entry are contiguous: entry e's lines are [lineEnd(e - 1), lineEnd(e)).
 *
 * The poster appends; reports read a field at a time (`amountAt(i)`, `accountAt(i)`, `dateAt(i)`), or
 * whole lines made on demand (`line(i)`, for..of, `toArray()`), which is what the sheet renderers do
 * while a host writes them. A for..of hands the lines of one entry one shared header object, so code
 * that groups lines by header keeps working.
 *
 * Memory: about 40 bytes a line and 48 an entry (plus its memo), against about 64 a line and 80 an
 * entry as objects; amounts and dates sit in typed arrays the garbage collector never scans.
 *
 *   const j = new JournalTable();
 *   j.beginEntry(1, 46030, 'Receipt', 'R-1', 'Goods received', { table: 'Movements', row: 2 }, undefined);
 *   j.addLine('1400', 10000, 'COAT', 'Main'); j.addLine('2150', -10000, 'COAT', 'Main');
 *   j.length === 2; j.line(1).entry === 1
 */
import { CodeColumn, FixedColumn, IntColumn, NumberColumn, RefColumn, SparseColumn } from './columns';
import type { Fixed } from './num';
import type { SourceRef } from './types';

export interface EntryHeader {
  /** Entry number, 1-based, in posting order. */
  readonly entry: number;
  readonly date: number;
  readonly kind: string;
  readonly doc: string | undefined;
  readonly memo: string;
  readonly source: SourceRef;
  /** seq of a linked movement (a true-up points at the issue it settles). */
  readonly linkedTo: number | undefined;
}

export class JournalLine {
  constructor(
    readonly header: EntryHeader,
    readonly account: string,
    /** Signed at posting precision (scale p): positive debit, negative credit. */
    readonly amount: Fixed,
    readonly item: string | undefined,
    readonly location: string | undefined,
  ) {}
  get entry(): number {
    return this.header.entry;
  }
  get date(): number {
    return this.header.date;
  }
  get kind(): string {
    return this.header.kind;
  }
  get doc(): string | undefined {
    return this.header.doc;
  }
  get memo(): string {
    return this.header.memo;
  }
  get source(): SourceRef {
    return this.header.source;
  }
  get linkedTo(): number | undefined {
    return this.header.linkedTo;
  }
}

export class JournalTable implements Iterable<JournalLine> {
  // Entries.
  private readonly eNo = new NumberColumn();
  private readonly eDate = new NumberColumn();
  private readonly eKind = new CodeColumn<string>();
  private readonly eDoc = new RefColumn<string | undefined>();
  private readonly eMemo = new RefColumn<string>();
  private readonly eSource = new RefColumn<SourceRef>();
  private readonly eLinked = new SparseColumn<number>();
  private readonly eLineEnd = new NumberColumn();
  // Lines.
  private readonly lEntry = new IntColumn();
  private readonly lAccount = new CodeColumn<string>();
  private readonly lAmount = new FixedColumn();
  private readonly lItem = new CodeColumn<string | undefined>();
  private readonly lLocation = new CodeColumn<string | undefined>();

  /** Room for `lines` lines and `entries` entries before any column grows. */
  reserve(lines: number, entries: number): this {
    this.eNo.reserve(entries);
    this.eDate.reserve(entries);
    this.eKind.reserve(entries);
    this.eDoc.reserve(entries);
    this.eMemo.reserve(entries);
    this.eSource.reserve(entries);
    this.eLineEnd.reserve(entries);
    this.lEntry.reserve(lines);
    this.lAccount.reserve(lines);
    this.lAmount.reserve(lines);
    this.lItem.reserve(lines);
    this.lLocation.reserve(lines);
    return this;
  }

  /** Number of lines. */
  get length(): number {
    return this.lEntry.length;
  }
  /** Number of entries with at least one line. */
  get entries(): number {
    return this.eNo.length;
  }

  /** Start an entry; the lines added next belong to it. */
  beginEntry(entry: number, date: number, kind: string, doc: string | undefined, memo: string, source: SourceRef, linkedTo: number | undefined): void {
    const e = this.eNo.length;
    this.eNo.push(entry);
    this.eDate.push(date);
    this.eKind.push(kind);
    this.eDoc.push(doc);
    this.eMemo.push(memo);
    this.eSource.push(source);
    if (linkedTo !== undefined) this.eLinked.set(e, linkedTo);
    this.eLineEnd.push(this.lEntry.length);
  }

  /** A line of the entry begun last. */
  addLine(account: string, amount: Fixed, item: string | undefined, location: string | undefined): void {
    const e = this.eNo.length - 1;
    this.lEntry.push(e);
    this.lAccount.push(account);
    this.lAmount.push(amount);
    this.lItem.push(item);
    this.lLocation.push(location);
    this.eLineEnd.set(e, this.lEntry.length);
  }

  private beginHeader(h: EntryHeader, entry = h.entry): void {
    this.beginEntry(entry, h.date, h.kind, h.doc, h.memo, h.source, h.linkedTo);
  }

  /** Append lines given as objects; a new entry starts wherever the header changes. */
  appendLines(lines: Iterable<JournalLine>): void {
    let last: EntryHeader | undefined;
    for (const l of lines) {
      if (l.header !== last) {
        last = l.header;
        this.beginHeader(last);
      }
      this.addLine(l.account, l.amount, l.item, l.location);
    }
  }

  /** Append entry e of `from` (all its lines) under entry number `entry`. */
  appendEntryOf(from: JournalTable, e: number, entry: number): void {
    this.beginEntry(entry, from.eDate.get(e), from.eKind.get(e), from.eDoc.get(e), from.eMemo.get(e), from.eSource.get(e), from.eLinked.get(e));
    const end = from.eLineEnd.get(e);
    for (let i = from.firstLineOf(e); i < end; i++) this.addLine(from.lAccount.get(i), from.lAmount.get(i), from.lItem.get(i), from.lLocation.get(i));
  }

  static of(lines: Iterable<JournalLine>): JournalTable {
    const t = new JournalTable();
    t.appendLines(lines);
    return t;
  }

  // Entry fields, by entry index (0-based position in this table).
  entryNumberOf(e: number): number {
    return this.eNo.get(e);
  }
  entryDateOf(e: number): number {
    return this.eDate.get(e);
  }
  firstLineOf(e: number): number {
    return e === 0 ? 0 : this.eLineEnd.get(e - 1);
  }
  lineEndOf(e: number): number {
    return this.eLineEnd.get(e);
  }
  headerOf(e: number): EntryHeader {
    return { entry: this.eNo.get(e), date: this.eDate.get(e), kind: this.eKind.get(e), doc: this.eDoc.get(e), memo: this.eMemo.get(e), source: this.eSource.get(e), linkedTo: this.eLinked.get(e) };
  }

  // Line fields, by line index.
  entryIndexAt(i: number): number {
    return this.lEntry.get(i);
  }
  entryAt(i: number): number {
    return this.eNo.get(this.lEntry.get(i));
  }
  dateAt(i: number): number {
    return this.eDate.get(this.lEntry.get(i));
  }
  kindAt(i: number): string {
    return this.eKind.get(this.lEntry.get(i));
  }
  docAt(i: number): string | undefined {
    return this.eDoc.get(this.lEntry.get(i));
  }
  memoAt(i: number): string {
    return this.eMemo.get(this.lEntry.get(i));
  }
  sourceAt(i: number): SourceRef {
    return this.eSource.get(this.lEntry.get(i));
  }
  linkedToAt(i: number): number | undefined {
    return this.eLinked.get(this.lEntry.get(i));
  }
  accountAt(i: number): string {
    return this.lAccount.get(i);
  }
  amountAt(i: number): Fixed {
    return this.lAmount.get(i);
  }
  itemAt(i: number): string | undefined {
    return this.lItem.get(i);
  }
  locationAt(i: number): string | undefined {
    return this.lLocation.get(i);
  }
  /** Line i's account as a code into `accountCodes()` (sum per account in an array, no map). */
  accountCodeAt(i: number): number {
    return this.lAccount.codeAt(i);
  }
  accountCodes(): readonly string[] {
    return this.lAccount.distinct();
  }
  /** Line i's item as a code into `itemCodes()`; `itemCodeOf` finds an item's code (undefined: no line). */
  itemCodeAt(i: number): number {
    return this.lItem.codeAt(i);
  }
  itemCodes(): readonly (string | undefined)[] {
    return this.lItem.distinct();
  }
  itemCodeOf(item: string): number | undefined {
    return this.lItem.codeFor(item);
  }

  /** Line i as an object, with a header of its own. */
  line(i: number): JournalLine {
    return new JournalLine(this.headerOf(this.lEntry.get(i)), this.lAccount.get(i), this.lAmount.get(i), this.lItem.get(i), this.lLocation.get(i));
  }

  /** The last line, or undefined for an empty journal. */
  last(): JournalLine | undefined {
    return this.length === 0 ? undefined : this.line(this.length - 1);
  }

  *[Symbol.iterator](): Iterator<JournalLine> {
    const n = this.length;
    let e = -1;
    let header: EntryHeader | undefined;
    for (let i = 0; i < n; i++) {
      const ei = this.lEntry.get(i);
      if (ei !== e || header === undefined) {
        e = ei;
        header = this.headerOf(ei);
      }
      yield new JournalLine(header, this.lAccount.get(i), this.lAmount.get(i), this.lItem.get(i), this.lLocation.get(i));
    }
  }

  /** Every line as an object (tests and small tools; a report reads columns or iterates). */
  toArray(): JournalLine[] {
    return [...this];
  }
}
