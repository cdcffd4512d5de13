/**
 * The stock ledger as columns: one slot per field per row, the layers each issue consumed in a
 * second set of columns (row i's layers are [layerEnd(i - 1), layerEnd(i))). The walk appends; reports
 * read a field at a time (`qtyAfterAt(i)`), or a whole row as a LedgerRow made on demand (`row(i)`,
 * for..of), which is what the sheet renderers do while a host writes them.
 *
 * Memory: about 120 bytes a row with its layer, against well over 400 as objects; the numbers sit in
 * typed arrays the garbage collector never scans.
 */
import { CodeColumn, FixedColumn, NumberColumn, RefColumn, SparseColumn } from '../columns';
import type { Fixed } from '../num';
import type { SourceRef } from '../types';
import type { ConsumedLayer, LedgerRow } from './types';

export class LedgerTable implements Iterable<LedgerRow> {
  private readonly seq = new NumberColumn();
  private readonly date = new NumberColumn();
  private readonly source = new RefColumn<SourceRef>();
  private readonly type = new CodeColumn<string>();
  private readonly item = new CodeColumn<string>();
  private readonly location = new CodeColumn<string>();
  private readonly doc = new RefColumn<string | undefined>();
  private readonly qtyIn = new FixedColumn();
  private readonly qtyOut = new FixedColumn();
  private readonly qtyAfter = new FixedColumn();
  private readonly valueIn = new FixedColumn();
  private readonly valueOut = new FixedColumn();
  private readonly valueAfter = new FixedColumn();
  private readonly layerEnd = new NumberColumn();
  private readonly note = new SparseColumn<string>();
  private readonly provisional = new SparseColumn<true>();
  private readonly batch = new SparseColumn<string>();
  // Consumed layers.
  private readonly lReceipt = new NumberColumn();
  private readonly lDate = new NumberColumn();
  private readonly lDoc = new RefColumn<string | undefined>();
  private readonly lQty = new FixedColumn();
  private readonly lValue = new FixedColumn();
  private readonly lBatch = new SparseColumn<string>();

  get length(): number {
    return this.seq.length;
  }

  /** Room for `rows` rows and `layers` consumed layers before any column grows. */
  reserve(rows: number, layers: number): this {
    this.seq.reserve(rows);
    this.date.reserve(rows);
    this.source.reserve(rows);
    this.type.reserve(rows);
    this.item.reserve(rows);
    this.location.reserve(rows);
    this.doc.reserve(rows);
    this.qtyIn.reserve(rows);
    this.qtyOut.reserve(rows);
    this.qtyAfter.reserve(rows);
    this.valueIn.reserve(rows);
    this.valueOut.reserve(rows);
    this.valueAfter.reserve(rows);
    this.layerEnd.reserve(rows);
    this.lReceipt.reserve(layers);
    this.lDate.reserve(layers);
    this.lDoc.reserve(layers);
    this.lQty.reserve(layers);
    this.lValue.reserve(layers);
    return this;
  }


  /** Append a row (the walk's call: no row object is made). */
  add(
    seq: number,
    source: SourceRef,
    date: number,
    type: string,
    item: string,
    location: string,
    doc: string | undefined,
    qtyIn: Fixed,
    qtyOut: Fixed,
    qtyAfter: Fixed,
    valueIn: Fixed,
    valueOut: Fixed,
    valueAfter: Fixed,
    layers: readonly ConsumedLayer[] | undefined,
    note: string | undefined,
    provisional: boolean,
    batch: string | undefined,
  ): void {
    const i = this.seq.length;
    this.seq.push(seq);
    this.date.push(date);
    this.source.push(source);
    this.type.push(type);
    this.item.push(item);
    this.location.push(location);
    this.doc.push(doc);
    this.qtyIn.push(qtyIn);
    this.qtyOut.push(qtyOut);
    this.qtyAfter.push(qtyAfter);
    this.valueIn.push(valueIn);
    this.valueOut.push(valueOut);
    this.valueAfter.push(valueAfter);
    if (layers !== undefined) for (const l of layers) this.addLayer(l);
    this.layerEnd.push(this.lReceipt.length);
    if (note !== undefined) this.note.set(i, note);
    if (provisional) this.provisional.set(i, true);
    if (batch !== undefined) this.batch.set(i, batch);
  }

  private addLayer(l: ConsumedLayer): void {
    const k = this.lReceipt.length;
    this.lReceipt.push(l.receipt);
    this.lDate.push(l.date);
    this.lDoc.push(l.doc);
    this.lQty.push(l.qty);
    this.lValue.push(l.value);
    if (l.batch !== undefined) this.lBatch.set(k, l.batch);
  }

  /** Append a row given as an object (catch-up composition, tests). */
  append(r: LedgerRow): void {
    this.add(r.seq, r.source, r.date, r.type, r.item, r.location, r.doc, r.qtyIn, r.qtyOut, r.qtyAfter, r.valueIn, r.valueOut, r.valueAfter, r.layers, r.note, r.provisional, r.batch);
  }

  static of(rows: Iterable<LedgerRow>): LedgerTable {
    const t = new LedgerTable();
    for (const r of rows) t.append(r);
    return t;
  }

  seqAt(i: number): number {
    return this.seq.get(i);
  }
  dateAt(i: number): number {
    return this.date.get(i);
  }
  sourceAt(i: number): SourceRef {
    return this.source.get(i);
  }
  typeAt(i: number): string {
    return this.type.get(i);
  }
  /** Row i's item as a code: equal codes, equal items (an index for per-item arrays). */
  itemCodeAt(i: number): number {
    return this.item.codeAt(i);
  }
  itemAt(i: number): string {
    return this.item.get(i);
  }
  locationAt(i: number): string {
    return this.location.get(i);
  }
  docAt(i: number): string | undefined {
    return this.doc.get(i);
  }
  qtyInAt(i: number): Fixed {
    return this.qtyIn.get(i);
  }
  qtyOutAt(i: number): Fixed {
    return this.qtyOut.get(i);
  }
  qtyAfterAt(i: number): Fixed {
    return this.qtyAfter.get(i);
  }
  valueInAt(i: number): Fixed {
    return this.valueIn.get(i);
  }
  valueOutAt(i: number): Fixed {
    return this.valueOut.get(i);
  }
  valueAfterAt(i: number): Fixed {
    return this.valueAfter.get(i);
  }
  noteAt(i: number): string | undefined {
    return this.note.get(i);
  }
  setNote(i: number, note: string): void {
    this.note.set(i, note);
  }
  /** A row's type and note rewritten (a shrinkage found by a count reads as the Count). */
  retag(i: number, type: string, note: string): void {
    this.type.set(i, type);
    this.note.set(i, note);
  }
  provisionalAt(i: number): boolean {
    return this.provisional.get(i) === true;
  }
  batchAt(i: number): string | undefined {
    return this.batch.get(i);
  }
  layerCountAt(i: number): number {
    return this.layerEnd.get(i) - (i === 0 ? 0 : this.layerEnd.get(i - 1));
  }

  /** The layers row i consumed (undefined when none), made on demand. */
  layersAt(i: number): ConsumedLayer[] | undefined {
    const from = i === 0 ? 0 : this.layerEnd.get(i - 1);
    const to = this.layerEnd.get(i);
    if (to === from) return undefined;
    const out: ConsumedLayer[] = new Array<ConsumedLayer>(to - from);
    for (let k = from; k < to; k++) {
      out[k - from] = { receipt: this.lReceipt.get(k), doc: this.lDoc.get(k), date: this.lDate.get(k), qty: this.lQty.get(k), value: this.lValue.get(k), batch: this.lBatch.get(k) };
    }
    return out;
  }

  row(i: number): LedgerRow {
    return {
      seq: this.seq.get(i),
      source: this.source.get(i),
      date: this.date.get(i),
      type: this.type.get(i),
      item: this.item.get(i),
      location: this.location.get(i),
      doc: this.doc.get(i),
      qtyIn: this.qtyIn.get(i),
      qtyOut: this.qtyOut.get(i),
      qtyAfter: this.qtyAfter.get(i),
      valueIn: this.valueIn.get(i),
      valueOut: this.valueOut.get(i),
      valueAfter: this.valueAfter.get(i),
      layers: this.layersAt(i),
      note: this.note.get(i),
      provisional: this.provisional.get(i) === true,
      batch: this.batch.get(i),
    };
  }

  *[Symbol.iterator](): Iterator<LedgerRow> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.row(i);
  }

  /** Every row as an object (tests and small tools; a report reads columns or iterates). */
  toArray(): LedgerRow[] {
    return [...this];
  }
}
