/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeHost, demoTables, renderPane } from './helpers';
import { closedWorkbook } from '../support/closedWorkbook';
import type { EngineStarter } from '../../src/taskpane/runController';

jest.mock('../../src/taskpane/createWorker', () => {
  const { InProcessWorker } = jest.requireActual('./inProcessWorker');
  return { createEngineWorker: () => new InProcessWorker() };
});

describe('Run panel', () => {
  test('winter coats: runs in the worker, writes every sheet, shows the SPEC 10 figures', async () => {
    const host = new FakeHost(demoTables('coats'));
    renderPane(host, 'run');
    // Defaults come from the Settings table.
    await waitFor(() => expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('FIFO'));
    expect((screen.getByLabelText('Period') as HTMLSelectElement).value).toBe('Month');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText('balanced ✓');
    const cards = screen.getByRole('group', { name: 'Run summary' });
    expect(within(cards).getByTestId('card-Inventory value').textContent).toContain('800.00');
    expect(within(cards).getByTestId('card-Cost of goods sold').textContent).toContain('200.00');
    expect(within(cards).getByTestId('card-Revenue').textContent).toContain('500.00');
    expect(within(cards).getByTestId('card-Gross margin').textContent).toContain('300.00');
    expect(within(cards).getByTestId('card-Gross margin').textContent).toContain('60.0%');
    expect(host.written).toHaveLength(1);
    const keys = host.written[0]?.map((s) => s.key) ?? [];
    expect(keys).toEqual(expect.arrayContaining(['journal', 'stock-ledger', 'trial-balance']));
    // A link per generated sheet; clicking activates it.
    const nav = screen.getByRole('navigation', { name: 'Generated sheets' });
    fireEvent.click(within(nav).getByText(/^Journal \(/));
    await waitFor(() => expect(host.activated).toEqual(['Journal']));
  });

  test('the method picker overrides the method of every item for the run', async () => {
    const host = new FakeHost(demoTables('coats'));
    const { controller } = renderPane(host, 'run');
    await waitFor(() => expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('FIFO'));
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'AVERAGE' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText('balanced ✓');
    expect(controller.run.state.get().run?.summary.method).toBe('AVERAGE');
  });

  test('Cancel while valuing terminates the worker and writes nothing', async () => {
    const host = new FakeHost(demoTables('coats'));
    let cancelled = false;
    const never: EngineStarter = () => ({
      outcome: new Promise(() => undefined),
      cancel: () => {
        cancelled = true;
      },
    });
    renderPane(host, 'run', never);
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByRole('progressbar');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByText('Cancelled before anything was written; the workbook is unchanged.');
    expect(cancelled).toBe(true);
    expect(host.calls).not.toContain('writeSheets');
  });

  test('Cancel while writing stops between chunks and says which sheets are complete', async () => {
    const host = new FakeHost(demoTables('shop'));
    host.writeChunk = 1;
    let release: (() => void) | undefined;
    let chunks = 0;
    host.betweenChunks = () =>
      new Promise<void>((resolve) => {
        chunks += 1;
        if (chunks === 40) release = resolve;
        else resolve();
      });
    renderPane(host, 'run');
    await waitFor(() => expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('FIFO'));
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(release).toBeDefined());
    expect(screen.getByRole('progressbar').getAttribute('aria-label')).toMatch(/^Writing .+: \d+ of \d+ rows$/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await act(async () => release?.());
    const note = await screen.findByText(/^Cancelled while writing\./);
    expect(note.textContent).toMatch(/\d+ sheet\(s\) were written completely/);
    expect(host.written).toHaveLength(0);
  });

  test('error rows: nothing written until the user chooses; then every card says incomplete', async () => {
    const host = new FakeHost({
      Movements: [
        ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice'],
        ['2026-03-02', 'Receipt', 'COAT', 10, 'R-001', 100, null],
        ['2026-03-10', 'Sale', 'COAT', 'two', 'INV-001', null, 250],
        ['2026-03-11', 'Sale', 'COAT', 1, 'INV-002', null, 250],
      ],
    });
    renderPane(host, 'run');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText(/^Nothing was written: 1 row has errors/);
    expect(host.calls).not.toContain('writeSheets');
    expect(screen.queryByRole('group', { name: 'Run summary' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Write anyway, skipping 1 row' }));
    await screen.findByText(/^Written with errors: \d+ sheets, incomplete \(1 row skipped/);
    expect(host.written).toHaveLength(1);
    const cards = within(screen.getByRole('group', { name: 'Run summary' })).getAllByTestId(/^card-/);
    expect(cards).toHaveLength(5);
    for (const card of cards) expect(card.textContent).toContain('incomplete, 1 row skipped');
    expect(screen.queryByText(/✓/)).toBeNull();
  });

  test('closed periods: the rows behind the catch-up line are listed, and a click selects the row', async () => {
    // February closed with COGS 1,625; a receipt dated 15 Feb (Movements row 6) was entered on 3 Mar.
    const host = new FakeHost(closedWorkbook());
    renderPane(host, 'run');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText('1 back-dated row changed closed periods: 1,125.00 caught up on 1 Mar (see the Catch-up sheet).');
    // Collapsed under the line until asked for.
    const list = screen.getByTestId('catch-up-causes');
    expect(within(list).queryByRole('button', { name: /Select the row/ })).toBeNull();
    fireEvent.click(within(list).getByRole('button', { name: 'The row that changed closed periods' }));
    const row = await within(list).findByRole('button', { name: 'Movements row 6: Receipt · COAT · R0, dated 2026-02-15, entered 2026-03-03. Select the row.' });
    fireEvent.click(row);
    await within(list).findByText('Selected Movements!A6:H6');
    expect(host.selected).toEqual([{ table: 'Movements', row: 6 }]);
  });

  test('without back-dated rows there is no list of causing rows', async () => {
    const host = new FakeHost(demoTables('coats'));
    renderPane(host, 'run');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText('balanced ✓');
    expect(screen.queryByTestId('catch-up-causes')).toBeNull();
  });

  test('a failing host read is reported, not thrown', async () => {
    const host = new FakeHost(demoTables('coats'));
    host.readTables = () => Promise.reject(new Error('Lost connection to Excel'));
    renderPane(host, 'run');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByText('The run failed: Lost connection to Excel');
  });
});
