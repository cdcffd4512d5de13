/**
 * The legs of the entries being made, as columns the walk reuses: a handler appends an entry's legs
 * and hands the range to posting, which reads them in place. No leg object and no draft object is
 * made for an entry (at a million movements that was about three million short-lived objects, a
 * large part of the collector's work).
 *
 * Ranges nest like a stack: a handler notes `mark()` before its legs, and `Walk.postLegs` (context.ts)
 * cuts the buffer back to that mark, so an entry posted while another is being built (a true-up
 * inside a receipt, say) takes its own legs from the top and leaves the outer ones in place.
 *
 *   const at = buf.mark(); buf.push('1400', 10000, 'COAT', 'Main', pool.rk, false);
 *   buf.push('2150', -10000, 'COAT', 'Main', undefined, true); // ... then post [at, buf.length)
 */
import type { Fixed } from '../num';
import type { Leg, RoundingKey } from './types';

export class LegBuffer {
  readonly account: string[] = [];
  readonly amount: Fixed[] = [];
  readonly item: (string | undefined)[] = [];
  readonly location: (string | undefined)[] = [];
  readonly pool: (RoundingKey | undefined)[] = [];
  readonly plug: boolean[] = [];
  length = 0;

  mark(): number {
    return this.length;
  }

  push(account: string, amount: Fixed, item: string | undefined, location: string | undefined, pool: RoundingKey | undefined, plug: boolean): void {
    const i = this.length++;
    this.account[i] = account;
    this.amount[i] = amount;
    this.item[i] = item;
    this.location[i] = location;
    this.pool[i] = pool;
    this.plug[i] = plug;
  }

  pushLeg(l: Leg): void {
    this.push(l.account, l.amount, l.item, l.location, l.pool, l.plug);
  }

  /** Back to `mark` (the strings stay referenced until overwritten: a few slots, never a leak). */
  cut(mark: number): void {
    this.length = mark;
  }

  /** Legs [from, to) as objects (the rare entries that are kept: true-ups). */
  legs(from: number, to: number): Leg[] {
    const out: Leg[] = [];
    for (let i = from; i < to; i++) {
      out.push({ account: this.account[i] as string, amount: this.amount[i] as Fixed, pool: this.pool[i], plug: this.plug[i] === true, item: this.item[i], location: this.location[i] });
    }
    return out;
  }
}
