/** The pane's words: Compare's sentences, diagnostic headings, separators inside sentences. */
import { periodName, periodStory, reasons } from '../../src/taskpane/compareStory';
import { diagnosticTitle } from '../../src/taskpane/diagnosticTitles';
import { groupNumbersInText } from '../../src/taskpane/format';
import { axisTicks } from '../../src/taskpane/MarginChart';
import type { PeriodView } from '../../src/taskpane/runView';

const MARCH: PeriodView = {
  period: '2026-03',
  revenue: '1460.00',
  perpetualCogs: '592.00',
  periodicCogs: '604.00',
  perpetualMargin: '868.00',
  periodicMargin: '856.00',
  parts: { shrinkage: 12, method: 0, timing: 0, other: 0 },
  missing: [{ item: 'SCARF', location: 'Store', qty: 1 }],
};

describe('Compare, in words', () => {
  test('shrinkage at the count, said as an accountant would', () => {
    expect(periodStory(MARCH, 'USD')).toBe('Periodic COGS is 12.00 higher in March 2026: 1 SCARF missing at the count (shrinkage 12.00). Periodic margin 856.00 against perpetual 868.00 USD.');
  });

  test('lower, with thousands separators and every cause named', () => {
    const p: PeriodView = { ...MARCH, periodicCogs: '1000.00', perpetualCogs: '2500.50', parts: { shrinkage: 0, method: -1480.5, timing: -20, other: 0 }, missing: [] };
    expect(periodStory(p, 'USD')).toBe(
      'Periodic COGS is 1,500.50 lower in March 2026: closing stock priced for the period as a whole rather than sale by sale (method -1,480.50); goods shipped but not yet invoiced at period end (timing -20.00). Periodic margin 856.00 against perpetual 868.00 USD.',
    );
  });

  test('equal COGS: perpetual knew it on every invoice', () => {
    expect(periodStory({ ...MARCH, periodicCogs: '592.00' }, 'USD')).toBe('In March 2026 both give the same COGS, 592.00 USD: perpetual knew it on every invoice, periodic only after the count.');
  });

  test('several items missing, and a count that found more', () => {
    const missing = [
      { item: 'SCARF', location: 'Store', qty: 1 },
      { item: 'HAT', location: 'Store', qty: 2 },
      { item: 'SCARF', location: 'Warehouse', qty: 1 },
    ];
    expect(reasons({ shrinkage: 40, method: 0, timing: 0, other: 0 }, missing, 2)).toEqual(['2 SCARF and 2 HAT missing at the counts (shrinkage 40.00)']);
    expect(reasons({ shrinkage: -5, method: 0, timing: 0, other: 1 }, [], 2)).toEqual(['the count found more than the books (shrinkage -5.00)', 'internal use, revaluations or rounding (other 1.00)']);
  });

  test('period names', () => {
    expect(periodName('2026-12')).toBe('December 2026');
    expect(periodName('FY2027-Q2')).toBe('Q2 FY2027');
    expect(periodName('2026')).toBe('2026');
    expect(periodName('All')).toBe('the whole period');
  });
});

test('chart axis: round steps that cover the values and zero', () => {
  expect(axisTicks(856, 1140)).toEqual([0, 500, 1000, 1500]);
  expect(axisTicks(-120, 300)).toEqual([-200, 0, 200, 400]);
  const ticks = axisTicks(0, 0.07);
  expect(ticks[0]).toBe(0);
  expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(0.07);
});

test('diagnostic headings in words', () => {
  expect(diagnosticTitle('QTY_NOT_NUMBER')).toBe('Qty is not a number');
  expect(diagnosticTitle('UNITCOST_NOT_NUMBER')).toBe('UnitCost is not a number');
  expect(diagnosticTitle('MISSING_UNIT_COST')).toBe('Missing unit cost');
  expect(diagnosticTitle('UNKNOWN_ITEM')).toBe('Unknown item');
  expect(diagnosticTitle('BAD_DATE')).toBe('Not a date');
  expect(diagnosticTitle('SOMETHING_NEW')).toBe('Something new');
});

test('separators in sentences: decimal figures only, not years, dates or documents', () => {
  expect(groupNumbersInText('Debits 5096.00, credits 5096.00 (balanced).')).toBe('Debits 5,096.00, credits 5,096.00 (balanced).');
  expect(groupNumbersInText('at cut-over 2026-03-31, INV-1001, row 12345, -1234567.5 in 2026')).toBe('at cut-over 2026-03-31, INV-1001, row 12345, -1,234,567.5 in 2026');
});
