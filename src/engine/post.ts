/**
 * Stage 3, post: turn exact entry drafts into a journal rounded to the posting precision, with no
 * residue anywhere. The stage keeps its own running totals (one per rounding key); the valuation
 * never sees them.
 *
 * The rule (docs/accounting.md): each stock pool (and each receipt's Stock Received Not Billed) keeps
 * its exact running value; every posting to it is round(running after) - round(running before),
 * half away from zero. So the ledger balance of a pool is always round(exact pool value): zero when the
 * pool is empty, and equal to the stock ledger's (rounded) value at every moment. Other legs are
 * rounded on their own; the entry's designated plug leg (e.g. COGS on a shipment) takes whatever makes
 * the entry balance, and an entry without one balances against the Rounding account.
 *
 *   pool value 10.005 then 0: postings 10.01 and -10.01, never 10.01 and -10.00.
 *
 * The valuation walk hands each entry to the Poster (its EntrySink) as it is made, its legs read in
 * place from the walk's leg buffer, so no draft is ever held; the journal is columns (journal.ts), an
 * entry's header stored once.
 */
import * as N from './num';
import type { Fixed } from './num';
import type { Scales } from './prepare';
import { JournalTable } from './journal';
import type { SourceRef } from './types';
import type { LegBuffer } from './valuation/legBuffer';
import type { EntrySink, RoundingKey } from './valuation/types';

export { JournalLine, JournalTable, type EntryHeader } from './journal';

export interface Journal {
  readonly lines: JournalTable;
  readonly entryCount: number;
  /** Exact running Stock Received Not Billed of each receipt, by its seq (value scale), at the end. */
  readonly receiptRunning: ReadonlyArray<Fixed | undefined>;
}

export class Poster implements EntrySink {
  /** Exact running totals: receipts' SRNB by seq (key >= 0), accumulators by -1 - key. */
  private readonly bySeq: (Fixed | undefined)[] = [];
  private readonly byAccumulator: Fixed[] = [];
  private readonly lines = new JournalTable();
  private entryNo = 0;
  private readonly amounts: Fixed[] = [];
  private readonly v: number;
  private readonly p: number;

  constructor(
    scales: Scales,
    private readonly roundingAccount: string,
  ) {
    this.v = scales.v;
    this.p = scales.p;
  }

  expect(entries: number, lines: number): void {
    this.lines.reserve(lines, entries);
  }

  private round(x: Fixed): Fixed {
    return this.v === this.p ? x : N.rescale(x, this.v, this.p);
  }

  private running(key: RoundingKey): Fixed {
    return (key >= 0 ? this.bySeq[key] : this.byAccumulator[-1 - key]) ?? 0;
  }

  private setRunning(key: RoundingKey, x: Fixed): void {
    if (key >= 0) this.bySeq[key] = x;
    else this.byAccumulator[-1 - key] = x;
  }

  /**
   * One entry: its legs are [from, to) of `b`, read in place (the walk's leg buffer). A leg of exact
   * amount 0 is no leg at all (nor the plug), and an entry of only such legs is not posted or numbered.
   */
  addLegs(b: LegBuffer, from: number, to: number, date: number, kind: string, doc: string | undefined, memo: string, source: SourceRef, linkedTo: number | undefined): void {
    const exact = b.amount;
    let any = false;
    for (let i = from; i < to && !any; i++) any = exact[i] !== 0;
    if (!any) return;
    // One scratch array for every entry (a fresh one each was 1.5 million short-lived arrays at 1M movements).
    const amounts = this.amounts;
    while (amounts.length < to - from) amounts.push(0);
    let total: Fixed = 0;
    let plugIndex = -1;
    for (let i = from; i < to; i++) {
      const amount = exact[i] as Fixed;
      if (amount === 0) {
        amounts[i - from] = 0;
        continue;
      }
      if (b.plug[i] === true && plugIndex < 0) {
        plugIndex = i;
        continue;
      }
      let posted: Fixed;
      const key = b.pool[i];
      if (key !== undefined) {
        const before = this.running(key);
        const after = N.add(before, amount);
        this.setRunning(key, after);
        posted = N.sub(this.round(after), this.round(before));
      } else {
        posted = this.round(amount);
      }
      amounts[i - from] = posted;
      total = N.add(total, posted);
    }
    if (plugIndex >= 0) amounts[plugIndex - from] = N.neg(total);
    this.entryNo++;
    let begun = false;
    for (let i = from; i < to; i++) {
      const amount = amounts[i - from] as Fixed;
      if (amount === 0) continue;
      if (!begun) {
        this.lines.beginEntry(this.entryNo, date, kind, doc, memo, source, linkedTo);
        begun = true;
      }
      this.lines.addLine(b.account[i] as string, amount, b.item[i], b.location[i]);
    }
    if (plugIndex < 0 && total !== 0) {
      // Same entry: readers group lines by entry.
      if (!begun) this.lines.beginEntry(this.entryNo, date, kind, doc, memo, source, linkedTo);
      this.lines.addLine(this.roundingAccount, N.neg(total), undefined, undefined);
    }
  }

  finish(): Journal {
    return { lines: this.lines, entryCount: this.entryNo, receiptRunning: this.bySeq };
  }
}
