/**
 * Workbooks the e2e page can start from (chosen by the test through window.__PERPETUA_SEED__).
 * Browser-safe: bundled into the harness page.
 */
import type { MemorySeed } from '../../../src/excel/memory';
import type { InputCell } from '../../../src/workbook/sheet';
import { DEMOS, templateGrid } from '../../../src/taskpane/demoData';
import { closedWorkbook } from '../../support/closedWorkbook';

export type SeedName = 'empty' | 'bad' | 'large' | 'shop' | 'closed';

export interface SeedRequest {
  readonly name: SeedName;
  /** Movements to generate for 'large'. */
  readonly movements?: number;
  readonly theme?: 'light' | 'dark';
}

const HEADER = ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice'];

/** Two coats received, then a Qty typed as a word: QTY_NOT_NUMBER on Movements row 3, column Qty (D3). */
function badSeed(): MemorySeed {
  return {
    tables: {
      Movements: [
        HEADER,
        ['2026-03-02', 'Receipt', 'COAT', 10, 'R-001', 100, null],
        ['2026-03-10', 'Sale', 'COAT', 'two', 'INV-001', null, 250],
        ['2026-03-11', 'Sale', 'COAT', 1, 'INV-002', null, 250],
      ],
    },
  };
}

/**
 * February closed (ClosedThrough 2026-02-28), with two receipts entered in March but dated in
 * February (Movements rows 6 and 7): the Run panel lists them under its catch-up line.
 */
function closedSeed(): MemorySeed {
  return {
    tables: closedWorkbook({
      firstDoc: 'R-0216-WINTER-COATS',
      movements: [['2026-02-20', 'Receipt', 'WINTER-COAT-LONG-NAVY-XXL', 4, 90, null, 'R-LATE-WITH-A-LONG-DOCUMENT-NUMBER-0001', '2026-03-04']],
    }),
  };
}

/**
 * n movements over 50 items through 2026: each item is received in lots of 40 and sold in 1-7s,
 * never below zero, so every row is valid and the Stock Ledger has n rows.
 */
export function largeMovements(n: number): InputCell[][] {
  const rows: InputCell[][] = [HEADER];
  const stock = new Array<number>(50).fill(0);
  const start = 46023; // 2026-01-01
  for (let i = 0; i < n; i += 1) {
    const item = i % 50;
    const date = start + Math.floor((i / n) * 360);
    const qty = 1 + ((i * 7) % 7);
    if ((stock[item] ?? 0) < qty) {
      rows.push([date, 'Receipt', `ITEM-${item}`, 40, `R-${i}`, 10 + (i % 13), null]);
      stock[item] = (stock[item] ?? 0) + 40;
    } else {
      rows.push([date, 'Sale', `ITEM-${item}`, qty, `INV-${i}`, null, 25]);
      stock[item] = (stock[item] ?? 0) - qty;
    }
  }
  return rows;
}

export function seedFor(request: SeedRequest): MemorySeed {
  switch (request.name) {
    case 'empty':
      return {};
    case 'bad':
      return badSeed();
    case 'closed':
      return closedSeed();
    case 'shop':
      // The shop demo already in the workbook, as if loaded from the Start panel earlier.
      return { tables: Object.fromEntries(DEMOS.shop.map((t) => [t.name, templateGrid(t)])) };
    case 'large':
      // Filled by shims.ts through the workbook model: createMemoryExcel's seeding spreads every row
      // into Math.max(...), which overflows the stack at 200,000 rows.
      return {};
  }
}
