/**
 * Stage 3, post: turn exact entry drafts into a journal rounded to the posting precision, with no
 * residue anywhere.
 *
 * The rule (docs/rounding.md): each stock pool (and each receipt's Stock Received Not Billed) keeps
 * its exact running value; every posting to it is round(running after) - round(running before),
 * half away from zero. So the ledger balance of a pool is always round(exact pool value): zero when the
 * pool is empty, and equal to the stock ledger's (rounded) value at every moment. Other legs are
 * rounded on their own; the entry's designated plug leg (e.g. COGS on a shipment) takes whatever makes
 * the entry balance, and an entry without one balances against the Rounding account.
 *
 *   pool value 10.005 then 0: postings 10.01 and -10.01, never 10.01 and -10.00.
 */
import * as N from './num';
import type { Fixed } from './num';
import type { Scales } from './prepare';
import type { SourceRef } from './types';
import type { EntryDraft } from './value';

export interface JournalLine {
  /** Entry number, 1-based, in posting order. */
  readonly entry: number;
  readonly date: number;
  readonly kind: string;
  readonly doc: string | undefined;
  readonly account: string;
  /** Signed at posting precision (scale p): positive debit, negative credit. */
  readonly amount: Fixed;
  readonly item: string | undefined;
  readonly location: string | undefined;
  readonly memo: string;
  readonly source: SourceRef;
  readonly linkedTo: number | undefined;
}

export interface Journal {
  readonly lines: readonly JournalLine[];
  readonly entryCount: number;
  /** Exact running value of each cumulative-rounding key (value scale) at the end. */
  readonly running: ReadonlyMap<string, Fixed>;
}

export function post(drafts: readonly EntryDraft[], scales: Scales, roundingAccount: string): Journal {
  const { v, p } = scales;
  const running = new Map<string, Fixed>();
  const lines: JournalLine[] = [];
  let entryNo = 0;
  const round = (x: Fixed): Fixed => N.rescale(x, v, p);
  for (const d of drafts) {
    entryNo++;
    const amounts: Fixed[] = new Array<Fixed>(d.legs.length);
    let total: Fixed = 0;
    let plugIndex = -1;
    for (let i = 0; i < d.legs.length; i++) {
      const leg = d.legs[i] as EntryDraft['legs'][number];
      if (leg.plug === true && plugIndex < 0) {
        plugIndex = i;
        continue;
      }
      let posted: Fixed;
      if (leg.pool !== undefined) {
        const before = running.get(leg.pool) ?? 0;
        const after = N.add(before, leg.amount);
        running.set(leg.pool, after);
        posted = N.sub(round(after), round(before));
      } else {
        posted = round(leg.amount);
      }
      amounts[i] = posted;
      total = N.add(total, posted);
    }
    const extra: { account: string; amount: Fixed }[] = [];
    if (plugIndex >= 0) amounts[plugIndex] = N.neg(total);
    else if (!N.isZero(total)) extra.push({ account: roundingAccount, amount: N.neg(total) });
    for (let i = 0; i < d.legs.length; i++) {
      const amount = amounts[i] as Fixed;
      if (N.isZero(amount)) continue;
      const leg = d.legs[i] as EntryDraft['legs'][number];
      lines.push({
        entry: entryNo,
        date: d.date,
        kind: d.kind,
        doc: d.doc,
        account: leg.account,
        amount,
        item: leg.item,
        location: leg.location,
        memo: d.memo,
        source: d.source,
        linkedTo: d.linkedTo,
      });
    }
    for (const e of extra) {
      lines.push({ entry: entryNo, date: d.date, kind: d.kind, doc: d.doc, account: e.account, amount: e.amount, item: undefined, location: undefined, memo: d.memo + ' (rounding)', source: d.source, linkedTo: d.linkedTo });
    }
  }
  return { lines, entryCount: entryNo, running };
}
