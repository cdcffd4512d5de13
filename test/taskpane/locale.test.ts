/** @jest-environment jsdom */
/**
 * The task pane reads text dates in the workbook's locale: the host says which (Office's content
 * language), the run controller puts it in the engine request, the worker reads the tables with it.
 */
import { handleRunRequest, type EngineRunOptions, type WorkerMessage } from '../../src/taskpane/engineProtocol';
import { RunController, type EngineStarter } from '../../src/taskpane/runController';
import { FakeHost } from './helpers';

jest.mock('../../src/taskpane/createWorker', () => {
  const { InProcessWorker } = jest.requireActual('./inProcessWorker');
  return { createEngineWorker: () => new InProcessWorker() };
});

const movements = [
  ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice'],
  ['03/02/2026', 'Receipt', 'COAT', 10, 100, ''],
  ['04/02/2026', 'Sale', 'COAT', 2, '', 250],
];

function run(locale: string | undefined): WorkerMessage | undefined {
  const messages: WorkerMessage[] = [];
  handleRunRequest({ type: 'run', tables: { Movements: movements }, options: locale === undefined ? {} : { locale } }, (m) => messages.push(m));
  return messages.at(-1);
}

test('en-GB: the rows are 3 and 4 February; COGS 200', () => {
  const last = run('en-GB');
  if (last?.type !== 'result') throw new Error(`no result: ${JSON.stringify(last)}`);
  expect(last.run.hasErrors).toBe(false);
  expect(last.run.summary.totals.cogs).toBe('200.00');
  expect(last.run.summary.periods.map((p) => p.period)).toEqual(['2026-02']);
});

test('en-US: the same rows are March 2 and April 2', () => {
  const last = run('en-US');
  if (last?.type !== 'result') throw new Error('no result');
  expect(last.run.summary.periods.map((p) => p.period)).toEqual(['2026-03', '2026-04']);
});

test('no locale: both dates are ambiguous errors naming row and column', () => {
  const last = run(undefined);
  if (last?.type !== 'result') throw new Error('no result');
  expect(last.run.diagnostics.map((d) => `${d.code} ${d.table} ${d.row} ${d.column}`)).toEqual(['BAD_DATE Movements 2 Date', 'BAD_DATE Movements 3 Date']);
});

test("the run controller sends the host's locale with the request", async () => {
  class GermanHost extends FakeHost {
    locale(): string {
      return 'de-DE';
    }
  }
  const host = new GermanHost({ Movements: movements });
  const seen: EngineRunOptions[] = [];
  const engine: EngineStarter = (_tables, options) => {
    seen.push(options);
    return { outcome: Promise.resolve({ status: 'cancelled' as const }), cancel: () => undefined };
  };
  await new RunController(host, engine).start({ write: false });
  expect(seen).toEqual([expect.objectContaining({ locale: 'de-DE' })]);
});
