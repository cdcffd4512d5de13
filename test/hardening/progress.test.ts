/**
 * The task pane promises progress at least every 250 ms on a 200,000-movement run. Timing is not
 * tested (the bench measures); what is tested is that every stage reports often, by rows, and that a
 * true from onProgress cancels.
 */
import { movementsGrid } from '../../bench/generate';
import { CancelledError } from '../../src/engine/pipeline';
import { valueWorkbook } from '../../src/workbook/run';

test('a 20,000-movement run reports from every stage, at most 16,384 rows apart', () => {
  const grid = movementsGrid(20_000, 50, 2, 3);
  const reports: { stage: string; done: number; total: number }[] = [];
  valueWorkbook({ Movements: grid }, { onProgress: (stage, done, total) => void reports.push({ stage, done, total }) });
  const stages = [...new Set(reports.map((r) => r.stage))];
  expect(stages).toEqual(expect.arrayContaining(['read', 'value', 'compare', 'render']));
  const value = reports.filter((r) => r.stage === 'value').map((r) => r.done);
  expect(value.length).toBeGreaterThanOrEqual(4);
  for (let i = 1; i < value.length; i++) expect((value[i] as number) - (value[i - 1] as number)).toBeLessThanOrEqual(4096);
  const render = reports.filter((r) => r.stage === 'render');
  expect(render.length).toBeGreaterThan(3);
  expect(render[render.length - 1]?.done).toBe(render[render.length - 1]?.total);
});

test('returning true from onProgress cancels the run', () => {
  const grid = movementsGrid(20_000, 50, 2, 3);
  expect(() => valueWorkbook({ Movements: grid }, { onProgress: (stage, done) => stage === 'value' && done > 8000 })).toThrow(CancelledError);
});
