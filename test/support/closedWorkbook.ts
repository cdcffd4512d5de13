/**
 * The closed-period workbook the catch-up tests share (engine, workbook, task pane, e2e page): February
 * closed (ClosedThrough 2026-02-28) after two receipts and a sale (10 @ 100, 10 @ 125, 15 sold: FIFO
 * COGS 1,625), a March sale, and a receipt of 10 @ 80 dated 15 February but entered on 3 March
 * (Movements row 6), which the books catch up on 1 March.
 *
 *   | Date       | Type    | Item | Qty | UnitCost | UnitPrice | Doc  | Entered    |
 *   | 2026-02-16 | Receipt | COAT | 10  | 100      |           | R1   |            |
 *   | 2026-02-17 | Receipt | COAT | 10  | 125      |           | R2   |            |
 *   | 2026-02-18 | Sale    | COAT | 15  |          | 250       | INV1 |            |
 *   | 2026-03-05 | Sale    | COAT | 10  |          | 250       | INV2 | 2026-03-05 |
 *   | 2026-02-15 | Receipt | COAT | 10  | 80       |           | R0   | 2026-03-03 |
 *
 * Plain data only (no imports at run time), so the e2e harness page can bundle it.
 */
import type { InputCell } from '../../src/workbook/sheet';

export const CLOSED_THROUGH = '2026-02-28';

export interface ClosedWorkbookOptions {
  /** More Settings rows after ClosedThrough (e.g. ['TaxMethod', 'LIFO']). */
  readonly settings?: ReadonlyArray<readonly [string, InputCell]>;
  /** More Movements rows after the five (Date, Type, Item, Qty, UnitCost, UnitPrice, Doc, Entered). */
  readonly movements?: ReadonlyArray<readonly InputCell[]>;
  /** The Doc of the first receipt (default R1). */
  readonly firstDoc?: string;
}

/** Settings and Movements of the closed-period workbook, fresh arrays each call. */
export function closedWorkbook(options: ClosedWorkbookOptions = {}): { Settings: InputCell[][]; Movements: InputCell[][] } {
  return {
    Settings: [['Setting', 'Value'], ['ClosedThrough', CLOSED_THROUGH], ...(options.settings ?? []).map((r) => [...r])],
    Movements: [
      ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Doc', 'Entered'],
      ['2026-02-16', 'Receipt', 'COAT', 10, 100, null, options.firstDoc ?? 'R1', null],
      ['2026-02-17', 'Receipt', 'COAT', 10, 125, null, 'R2', null],
      ['2026-02-18', 'Sale', 'COAT', 15, null, 250, 'INV1', null],
      ['2026-03-05', 'Sale', 'COAT', 10, null, 250, 'INV2', '2026-03-05'],
      ['2026-02-15', 'Receipt', 'COAT', 10, 80, null, 'R0', '2026-03-03'],
      ...(options.movements ?? []).map((r) => [...r]),
    ],
  };
}
