/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeHost, demoTables, renderPane } from './helpers';

jest.mock('../../src/taskpane/createWorker', () => {
  const { InProcessWorker } = jest.requireActual('./inProcessWorker');
  return { createEngineWorker: () => new InProcessWorker() };
});

describe('Start panel', () => {
  test('an empty workbook: every table missing, Movements flagged as the one needed', async () => {
    renderPane(new FakeHost());
    await screen.findByText(/Movements is the one table Perpetua needs/);
    const row = screen.getByTestId('table-Movements');
    expect(within(row).getByText('missing')).toBeTruthy();
  });

  test('row counts of the tables that exist, and the defaults that apply for the rest', async () => {
    renderPane(new FakeHost(demoTables('coats')));
    await screen.findByText(/Ready to run: 3 movements\./);
    expect(within(screen.getByTestId('table-Movements')).getByText('3')).toBeTruthy();
    expect(within(screen.getByTestId('table-Settings')).getByText('9')).toBeTruthy();
    expect(screen.getByText(/Not present \(defaults apply\): Locations, Accounts, Kits, LandedCosts\./)).toBeTruthy();
  });

  test('Create template tables asks the host, reports what it wrote, and looks again', async () => {
    const host = new FakeHost({ Movements: [['Date', 'Type', 'Item', 'Qty']] });
    renderPane(host);
    await screen.findByText(/Ready to run: 0 movements/);
    fireEvent.click(screen.getByRole('button', { name: 'Create template tables' }));
    await screen.findByText('Templates: wrote Settings, Items, Locations, Accounts, Kits, LandedCosts.');
    expect(host.calls.filter((c) => c === 'createTemplates')).toHaveLength(1);
    await waitFor(() => expect(within(screen.getByTestId('table-Kits')).queryByText('missing')).toBeNull());
  });

  test('each demo button loads its demo', async () => {
    const host = new FakeHost();
    renderPane(host);
    await screen.findByText(/Movements is the one table/);
    fireEvent.click(screen.getByRole('button', { name: /Load demo: Winter coats/ }));
    await screen.findByText(/Winter-coats demo: wrote Settings, Movements, Items\./);
    fireEvent.click(screen.getByRole('button', { name: /Load demo: Shop/ }));
    await screen.findByText(/Shop demo: wrote/);
    expect(host.calls).toEqual(expect.arrayContaining(['loadDemo:coats', 'loadDemo:shop']));
    await screen.findByText(/Ready to run: 14 movements\./);
  });

  test('a host failure is shown, and the buttons come back', async () => {
    const host = new FakeHost();
    host.createTemplates = () => Promise.reject(new Error('The workbook is read-only'));
    renderPane(host);
    fireEvent.click(screen.getByRole('button', { name: 'Create template tables' }));
    await screen.findByText('Templates failed: The workbook is read-only');
    expect((screen.getByRole('button', { name: 'Create template tables' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
