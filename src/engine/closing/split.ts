/**
 * Which rows the closed periods knew. With ClosedThrough = CT, a movement was known at the close when
 * its Entered date (default: its Date) is on or before CT. The closed run values the known rows dated
 * on or before CT: rows dated later cannot change a figure at or before CT (SPEC section 4, the
 * independence rule), so leaving them out keeps the closed run as short as the closed history.
 *
 *   CT = 28 Feb.  Receipt dated 15 Feb, Entered 3 Mar  -> back-dated (not in the closed run)
 *                 Sale dated 20 Feb, no Entered        -> known, in the closed run
 *                 Sale dated 2 Mar, Entered 25 Feb     -> open period (not in the closed run)
 *
 * LandedCosts have no Entered column: a landed cost is known from its Date.
 */
import type { Inputs, Movement } from '../types';

export interface CloseSplit {
  readonly closedThrough: number;
  /** The day after ClosedThrough: where catch-up entries are dated. */
  readonly firstOpenDay: number;
  /** Entered after ClosedThrough but dated on or before it, in table order. */
  readonly backdated: readonly Movement[];
  /** The closed run's inputs: the known rows (and landed costs) dated on or before ClosedThrough. */
  readonly known: Inputs;
}

export function enteredOf(m: Movement): number {
  return m.entered ?? m.date;
}

export function splitAtClose(inputs: Inputs, closedThrough: number): CloseSplit {
  const backdated: Movement[] = [];
  const known: Movement[] = [];
  for (const m of inputs.movements) {
    if (m.date > closedThrough) continue;
    if (enteredOf(m) > closedThrough) backdated.push(m);
    else known.push(m);
  }
  const landedCosts = inputs.landedCosts.filter((l) => l.date <= closedThrough);
  return { closedThrough, firstOpenDay: closedThrough + 1, backdated, known: { ...inputs, movements: known, landedCosts } };
}

/** The rows entered by ClosedThrough, whatever their date: what a run at the close would have seen. */
export function knownAtClose(inputs: Inputs, closedThrough: number): Inputs {
  return { ...inputs, movements: inputs.movements.filter((m) => enteredOf(m) <= closedThrough) };
}
