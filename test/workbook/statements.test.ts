/**
 * The demo workbook's statements, read as an accountant would: a closing-balance Trial Balance
 * whose two sides agree, a P&L whose Gross profit is the summary's gross margin, a Balance Sheet
 * whose assets equal liabilities and equity, a Stock Balance that ties to the stock accounts, and
 * no total anywhere inside a table body.
 */
import path from 'node:path';
import { readXlsx } from '../../src/cli/xlsxRead';
import { valueWorkbook, type WorkbookRun } from '../../src/workbook/run';
import { INPUT_TABLES } from '../../src/workbook/read';
import { isFormulaCell, type BelowRow, type SheetModel, type SheetTable } from '../../src/workbook/sheet';
import { periodTitle, grouped, code } from '../../src/workbook/render/common';

let run: WorkbookRun;

beforeAll(async () => {
  const read = await readXlsx(path.join(__dirname, '../../samples/demo.xlsx'));
  read.book.zip.close();
  run = valueWorkbook(read.tables);
});

const sheet = (key: string): SheetModel => {
  const found = run.sheets.find((s) => s.key === key);
  if (found === undefined) throw new Error(`no sheet ${key}`);
  return found;
};
const table = (key: string, i = 0): SheetTable => sheet(key).tables[i] as SheetTable;
const column = (t: SheetTable, header: string): number => t.columns.findIndex((c) => c.header === header);
const cents = (x: unknown): number => (typeof x === 'number' ? Math.round(x * 100) : 0);
const sumCents = (t: SheetTable, header: string): number => t.rows.reduce((s, r) => s + cents(r[column(t, header)]), 0);
const line = (t: SheetTable, label: string): BelowRow => {
  const found = t.below?.find((b) => b.cells[0] === label);
  if (found === undefined) throw new Error(`no line ${label}`);
  return found;
};
const valueAt = (b: BelowRow, c: number): number => {
  const cell = b.cells[c];
  return isFormulaCell(cell) ? Number(cell.value) : Number(cell);
};

describe('Trial Balance: closing balances on their side', () => {
  test('Debit total = Credit total; every account shown moved; names, not roles', () => {
    const tb = table('trial-balance');
    expect(tb.columns.map((c) => c.header)).toEqual(['Account', 'Name', 'Type', 'Debit', 'Credit', 'Debits Posted', 'Credits Posted']);
    expect(sumCents(tb, 'Debit')).toBe(sumCents(tb, 'Credit'));
    expect(sumCents(tb, 'Debits Posted')).toBe(Math.round(Number(run.summary.totals.debits) * 100));
    for (const r of tb.rows) {
      expect(cents(r[5]) + cents(r[6])).toBeGreaterThan(0);
      // A balance is on one side only.
      expect(r[3] === null || r[4] === null).toBe(true);
    }
    expect(tb.rows.flat()).not.toContain('GoodsDeliveredNotInvoiced');
    expect(tb.totals?.[3]).toEqual({ sum: true });
  });
});

describe('Profit and Loss', () => {
  test('Gross profit equals the summary gross margin; a column per period and a Total', () => {
    const pl = table('profit-and-loss');
    const headers = pl.columns.map((c) => c.header);
    expect(headers[headers.length - 1]).toBe('Total');
    expect(headers.slice(3, -1)).toEqual(run.summary.periods.map((p) => periodTitle(p.period)));
    const total = headers.length - 1;
    const gross = line(pl, 'Gross profit');
    expect(Math.round(valueAt(gross, total) * 100)).toBe(Math.round(Number(run.summary.totals.grossMargin) * 100));
    expect(Math.round(valueAt(line(pl, 'Revenue'), total) * 100)).toBe(Math.round(Number(run.summary.totals.revenue) * 100));
    expect(Math.round(valueAt(line(pl, 'Cost of goods sold'), total) * 100)).toBe(Math.round(Number(run.summary.totals.cogs) * 100));
    expect(line(pl, 'Gross margin %').format).toBe('percent');
    const grossCell = gross.cells[total];
    expect(isFormulaCell(grossCell) && grossCell.formula).toBe('{below:0}-{below:1}');
    // The net result is revenue minus every cost line in the body.
    const netCents = pl.rows.reduce((s, r) => s + (r[0] === 'Revenue' || r[0] === 'Other income' ? 1 : -1) * cents(r[total]), 0);
    expect(Math.round(valueAt(line(pl, 'Net result'), total) * 100)).toBe(netCents);
  });
});

describe('Balance Sheet', () => {
  test('Total assets = Total liabilities and equity at every period end', () => {
    const bs = table('balance-sheet');
    for (let c = 3; c < bs.columns.length; c++) {
      expect(valueAt(line(bs, 'Total assets'), c)).toBeCloseTo(valueAt(line(bs, 'Total liabilities and equity'), c), 9);
      expect(valueAt(line(bs, 'Difference (zero when balanced)'), c)).toBe(0);
    }
  });
});

describe('Journal and Stock Balance totals', () => {
  test('the journal has a totals row; the stock balance ties to the stock accounts', () => {
    expect(table('journal').totals?.[6]).toEqual({ sum: true });
    const sb = table('stock-balance');
    expect(sb.totals?.[column(sb, 'Value')]).toEqual({ sum: true });
    expect(valueAt(line(sb, 'Difference: table Value - stock accounts'), column(sb, 'Value'))).toBe(0);
    expect(Math.round(valueAt(line(sb, 'Stock accounts total'), column(sb, 'Value')) * 100)).toBe(Math.round(Number(run.summary.totals.inventoryValue) * 100));
  });
});

describe('every generated table is pivot-safe', () => {
  test('no body row is a total, check or net line; strings are never formulas', () => {
    for (const s of run.sheets) {
      for (const t of s.tables) {
        for (const r of t.rows) {
          for (const cell of r) {
            if (typeof cell === 'string') expect(/^(total|check|net result)\b/i.test(cell)).toBe(false);
            expect(typeof cell === 'object' && cell !== null).toBe(false);
          }
        }
      }
    }
  });

  test('only reports with rows exist; no sheet name reads as an input table', () => {
    const key = (n: string): string => n.toLowerCase().replace(/[\s_]+/g, '');
    for (const s of run.sheets) {
      expect(s.tables.some((t) => t.rows.length > 0)).toBe(true);
      expect(INPUT_TABLES.map(key)).not.toContain(key(s.sheetName));
    }
    expect(run.sheets.map((s) => s.sheetName)).toContain('Landed Cost Allocation');
    const listed = run.sheets.find((s) => s.key === 'diagnostics')?.tables.find((t) => t.name === 'PP_EmptyReports')?.rows.map((r) => r[0]);
    expect(listed ?? []).toEqual(run.emptyReports.map((e) => e.sheetName));
  });
});

describe('display helpers', () => {
  test('period labels, thousands separators, codes', () => {
    expect(['2026-01', '2026-Q1', '2026', 'FY2027', 'FY2027-Q2', 'All'].map(periodTitle)).toEqual(['Jan 2026', 'Q1 2026', 'FY 2026', 'FY 2027', 'Q2 FY 2027', 'All']);
    expect(['93108.44', '-1234567', '12', '0.5'].map(grouped)).toEqual(['93,108.44', '-1,234,567', '12', '0.5']);
    expect(['1400', '0100', '1e3', 'A-1', '1234567890123456'].map((c) => code(c))).toEqual([1400, '0100', '1e3', 'A-1', '1234567890123456']);
  });
});
