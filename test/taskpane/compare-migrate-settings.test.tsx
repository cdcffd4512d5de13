/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeHost, demoTables, openTab, renderPane } from './helpers';
import { chartScale } from '../../src/taskpane/MarginChart';

jest.mock('../../src/taskpane/createWorker', () => {
  const { InProcessWorker } = jest.requireActual('./inProcessWorker');
  return { createEngineWorker: () => new InProcessWorker() };
});

async function runDemo(host: FakeHost): Promise<void> {
  await openTab(/^Run/);
  await waitFor(() => expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('FIFO'));
  fireEvent.click(screen.getByRole('button', { name: 'Run' }));
  await screen.findByText('balanced ✓');
  expect(host.written).toHaveLength(1);
}

describe('Periodic vs perpetual panel', () => {
  test('shop demo: a bar per margin per period, the figures, and the difference explained', async () => {
    const host = new FakeHost(demoTables('shop'));
    renderPane(host);
    await runDemo(host);
    await openTab(/^Compare/);
    const chart = await screen.findByTestId('margin-chart');
    // Two periods (March, April) x two margins, the periodic ones hatched.
    expect(chart.querySelectorAll('rect[data-series]')).toHaveLength(4);
    expect(chart.getAttribute('aria-label')).toContain('2026-03 perpetual 868.00, periodic 856.00');
    expect(chart.querySelectorAll('[data-gridline]').length).toBeGreaterThan(2);
    expect(within(chart).getByText('Mar 2026')).toBeTruthy();
    expect(within(chart).getByText('868.00')).toBeTruthy();
    // One table: cost of goods sold both ways, and the difference.
    expect(screen.getAllByRole('table')).toHaveLength(1);
    const table = screen.getByRole('table', { name: 'Cost of goods sold by period, both ways' });
    const march = within(table).getByText('Mar 2026').closest('tr');
    expect(march?.textContent).toBe('Mar 2026592.00604.0012.00');
    const explanation = screen.getByTestId('explanation').textContent ?? '';
    expect(explanation).toContain('Periodic COGS is 12.00 higher in March 2026: 1 SCARF missing at the count (shrinkage 12.00). Periodic margin 856.00 against perpetual 868.00 USD.');
    // April: the scarves' periodic weighted average differs from their moving average (method).
    expect(explanation).toMatch(/Periodic COGS is [\d,.]+ lower in April 2026: closing stock priced for the period as a whole rather than sale by sale \(method -[\d,.]+\)\./);
    expect(explanation).not.toMatch(/CogsTiming|Method Effect|@/);
    expect(explanation).toContain('Per-invoice margins exist only on the perpetual side');
    fireEvent.click(screen.getByRole('button', { name: 'Open the full comparison sheet' }));
    await waitFor(() => expect(host.activated).toEqual(['Periodic vs Perpetual']));
  });

  test('chart scale keeps negative margins below the zero line', () => {
    const { zeroY, perUnit } = chartScale(
      [
        { period: 'a', perpetual: 300, periodic: 200 },
        { period: 'b', perpetual: -100, periodic: 0 },
      ],
      100,
    );
    expect(zeroY).toBe(75);
    expect(perUnit).toBe(0.25);
  });
});

describe('Migration wizard', () => {
  test('preview to the cut-over date shows readiness and entries, then writes the Migration sheet only', async () => {
    const host = new FakeHost(demoTables('shop'));
    const before = JSON.stringify(host.tables);
    renderPane(host, 'migrate');
    fireEvent.change(screen.getByLabelText('Cut-over date'), { target: { value: '2026-03-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('migration-preview');
    expect(within(preview).getByText(/at cut-over 2026-03-31/)).toBeTruthy();
    expect(within(preview).getByTestId('sheet-table-PP_MigrationChecklist')).toBeTruthy();
    expect(within(preview).getByTestId('sheet-table-PP_MigrationJournal')).toBeTruthy();
    // The checklist leads.
    const tables = within(preview).getAllByRole('table').map((t) => t.getAttribute('data-testid'));
    expect(tables[0]).toBe('sheet-table-PP_MigrationChecklist');
    expect(host.calls).not.toContain('writeSheets');
    fireEvent.click(screen.getByRole('button', { name: 'Write the Migration sheet' }));
    await screen.findByText(/^Wrote Migration\./);
    expect(host.written.map((w) => w.map((s) => s.key))).toEqual([['migration']]);
    // The cut-over date was given to this run only: the Settings table is unchanged.
    expect(JSON.stringify(host.tables)).toBe(before);
  });

  test('no date, no preview', () => {
    renderPane(new FakeHost(demoTables('coats')), 'migrate');
    expect((screen.getByRole('button', { name: 'Preview' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Settings panel', () => {
  test('edits with the reader’s validation and writes the seven Value cells', async () => {
    const host = new FakeHost(demoTables('coats'));
    renderPane(host, 'settings');
    const method = (await screen.findByLabelText('Costing method')) as HTMLSelectElement;
    expect(method.value).toBe('FIFO');
    fireEvent.change(method, { target: { value: 'LIFO' } });
    const precision = screen.getByLabelText('Money decimals');
    fireEvent.change(precision, { target: { value: '9' } });
    expect(screen.getByText('Precision takes a whole number of decimals from 0 to 6.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(precision, { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved to the Settings table.');
    expect(host.settingsEdits).toEqual([
      { Method: 'LIFO', TaxMethod: null, NegativeStock: 'Block', CostPool: 'Location', CogsTiming: 'Shipment', Period: 'Month', Precision: 3 },
    ]);
  });

  test('no Settings table: says saving creates one', async () => {
    renderPane(new FakeHost({ Movements: [['Date', 'Type', 'Item', 'Qty']] }), 'settings');
    await screen.findByText('This workbook has no Settings table: saving creates one.');
    expect(screen.getByText('Costing method is required.')).toBeTruthy();
  });

  test('a host refusal is shown', async () => {
    const host = new FakeHost(demoTables('coats'));
    host.writeSettings = () => Promise.reject(new Error('Your Settings table has no row for Precision.'));
    renderPane(host, 'settings');
    await screen.findByLabelText('Costing method');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Your Settings table has no row for Precision.');
  });
});
