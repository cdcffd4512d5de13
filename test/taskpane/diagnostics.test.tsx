/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeHost, openTab, renderPane } from './helpers';

jest.mock('../../src/taskpane/createWorker', () => {
  const { InProcessWorker } = jest.requireActual('./inProcessWorker');
  return { createEngineWorker: () => new InProcessWorker() };
});

const BAD = {
  Movements: [
    ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice'],
    ['2026-03-02', 'Receipt', 'COAT', 10, 'R-001', 100, null],
    ['2026-03-10', 'Sale', 'COAT', 'two', 'INV-001', null, 250],
    ['2026-03-11', 'Sale', 'COAT', 1, 'INV-002', null, 250],
    ['2026-03-12', 'Teleport', 'COAT', 1, 'X-1', null, null],
  ],
};

async function runThenOpenDiagnostics(host: FakeHost): Promise<void> {
  renderPane(host, 'run');
  fireEvent.click(screen.getByRole('button', { name: 'Run' }));
  await screen.findByText(/^Done:|^Nothing was written/);
  await openTab(/^Diagnostics/);
}

describe('Diagnostics panel', () => {
  test('grouped by severity and code, with the hint, and the skipped movements named', async () => {
    const host = new FakeHost(BAD);
    await runThenOpenDiagnostics(host);
    expect(screen.getByRole('tab', { name: /Diagnostics/ }).textContent).toMatch(/\(2\)/);
    await screen.findByText('Errors');
    // Headed in words; the stable code follows.
    expect(screen.getByRole('heading', { name: 'Qty is not a number (1) QTY_NOT_NUMBER' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Unknown type (1) UNKNOWN_TYPE' })).toBeTruthy();
    // Nothing is written for a run with errors, as the CLI does.
    expect(host.calls).not.toContain('writeSheets');
    expect(screen.getByTestId('skipped').textContent).toMatch(/Movements rows 3, 5 /);
    expect(screen.getAllByText(/^Fix: /).length).toBeGreaterThanOrEqual(2);
  });

  test('clicking a diagnostic asks the host to select its cell and shows the address', async () => {
    const host = new FakeHost(BAD);
    await runThenOpenDiagnostics(host);
    fireEvent.click(await screen.findByRole('button', { name: /^Movements, row 3, column Qty/ }));
    await screen.findByText('Selected Movements!D3');
    expect(host.selected[0]).toMatchObject({ code: 'QTY_NOT_NUMBER', table: 'Movements', row: 3, column: 'Qty' });
  });

  test('a clean run says so', async () => {
    const host = new FakeHost({ Movements: [BAD.Movements[0] ?? [], BAD.Movements[1] ?? []] });
    await runThenOpenDiagnostics(host);
    await waitFor(() => expect(screen.queryByText('Errors')).toBeNull());
    expect(screen.queryByTestId('skipped')).toBeNull();
  });

  test('before any run, it says what to do', () => {
    renderPane(new FakeHost(), 'diagnostics');
    expect(screen.getByTestId('next-step').textContent).toMatch(/^Nothing checked yet: open Run and press Run\./);
    fireEvent.click(screen.getByRole('button', { name: 'Go to Run' }));
    expect(screen.getByRole('heading', { name: 'Value the workbook' })).toBeTruthy();
  });
});
