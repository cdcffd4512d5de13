/**
 * The task pane end to end: the real React app and officeHost.ts in headless Chromium, over the
 * in-memory Excel behind global `Excel`/`Office` shims. Each step is checked in the UI and in the
 * workbook (read back from the page), and saved as a screenshot under docs/screenshots/.
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium); without it the suite fails and says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildHarness, launchChromium, SCREENSHOTS, serve, type Served } from './support';
import type { SeedRequest } from './harness/seeds';

jest.setTimeout(300_000);

let dir = '';
let served: Served | undefined;
let browser: BrowserContext | undefined;

beforeAll(async () => {
  dir = await buildHarness();
  served = await serve(dir);
  browser = (await launchChromium()).browser;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

/** Page errors and CSP violations of the current test, checked after each test. */
const pageErrors: string[] = [];
afterEach(() => {
  const seen = pageErrors.splice(0);
  expect(seen).toEqual([]);
});

async function open(seed: SeedRequest): Promise<Page> {
  if (browser === undefined || served === undefined) throw new Error('setup failed');
  const page = await browser.newPage();
  const errors = pageErrors;
  page.on('pageerror', (e) => errors.push(e.message));
  // A Content-Security-Policy violation is reported on the console; treat it as a failure.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.addInitScript((s) => {
    window.__PERPETUA_SEED__ = s;
  }, seed);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Perpetua' }).waitFor();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

function values(page: Page) {
  return page.evaluate(() => window.__perpetua?.values() ?? {});
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

describe('task pane over the in-memory Excel', () => {
  test('templates, winter-coats demo, run, summary, sheets, comparison, settings, migration', async () => {
    const page = await open({ name: 'empty' });
    await page.getByText('Movements is the one table Perpetua needs').waitFor();
    await shot(page, '01-start-empty.png');

    // Templates: every input table, with headers and example rows, and nothing else touched.
    await page.getByRole('button', { name: 'Create template tables' }).click();
    await page.getByText(/Templates: wrote Settings, Movements, Items, Locations, Accounts, Kits, LandedCosts/).waitFor();
    await page.getByText('Ready to run: 2 movements.').waitFor();
    await shot(page, '02-templates-created.png');
    const afterTemplates = await values(page);
    expect(afterTemplates.Movements?.[0]?.slice(0, 4)).toEqual(['Date', 'Type', 'Item', 'Qty']);
    expect(await page.evaluate(() => window.__perpetua?.tableNames())).toEqual(
      expect.arrayContaining(['Settings', 'Movements', 'Items', 'Locations', 'Accounts', 'Kits', 'LandedCosts']),
    );
    // The in-memory Excel has no data validation (ExcelApi 1.8): the pane says so instead of failing.
    await page.getByText(/Drop-down lists for Type, Method and Kind need Excel API 1.8/).waitFor();

    // The demo replaces the untouched templates (SPEC 10: 10 coats @ 100, bill 1,000, 2 sold @ 250).
    await page.getByRole('button', { name: /Load demo: Winter coats/ }).click();
    await page.getByText(/Winter-coats demo: wrote Settings, Movements, Items/).waitFor();
    await page.getByText('Ready to run: 3 movements.').waitFor();
    await shot(page, '03-demo-loaded.png');
    const demo = await values(page);
    expect(demo.Movements?.slice(1).map((r) => r.slice(1, 4))).toEqual([
      ['Receipt', 'COAT', 10],
      ['Bill', 'COAT', 10],
      ['Sale', 'COAT', 2],
    ]);
    expect(demo.Movements?.[1]?.[0]).toBe(46083); // 2026-03-02 as an Excel date serial

    // Run: summary cards and the generated sheets in the workbook.
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('balanced ✓').waitFor({ timeout: 60_000 });
    await page.getByText(/^Done: \d+ sheets written\. 0 error\(s\), 0 warning\(s\)\./).waitFor();
    const cards = page.getByRole('group', { name: 'Run summary' });
    await expect(cards.getByTestId('card-Inventory value').innerText()).resolves.toContain('800.00');
    await expect(cards.getByTestId('card-Cost of goods sold').innerText()).resolves.toContain('200.00');
    await expect(cards.getByTestId('card-Revenue').innerText()).resolves.toContain('500.00');
    await expect(cards.getByTestId('card-Gross margin').innerText()).resolves.toContain('300.00');
    await shot(page, '04-run-summary.png');

    const sheets = (await page.evaluate(() => window.__perpetua?.sheetNames())) ?? [];
    expect(sheets).toEqual(expect.arrayContaining(['Journal', 'Stock Ledger', 'Trial Balance', 'Balance Sheet']));
    expect(sheets.some((s) => s.includes('(incomplete)'))).toBe(false);
    const out = await values(page);
    const ledger = out['Stock Ledger'] ?? [];
    const header = ledger.findIndex((row) => row.includes('Qty after') || row.includes('Qty After'));
    expect(header).toBeGreaterThanOrEqual(0);
    const cols = ledger[header] ?? [];
    const last = ledger[ledger.length - 1] ?? [];
    const qtyAfter = cols.findIndex((h) => typeof h === 'string' && /qty after/i.test(h));
    const valueAfter = cols.findIndex((h) => typeof h === 'string' && /value after/i.test(h));
    expect(last[qtyAfter]).toBe(8);
    expect(last[valueAfter]).toBe(800);
    // Input tables are untouched by the run.
    expect(out.Movements).toEqual(demo.Movements);

    // A sheet link activates the sheet.
    await page.getByRole('navigation', { name: 'Generated sheets' }).getByText(/^Journal \(/).click();
    await page.waitForFunction(() => window.__perpetua?.activeSheet() === 'Journal');

    // Periodic vs perpetual.
    await tab(page, 'Compare');
    await page.getByText('Why the two differ').waitFor();
    await shot(page, '05-periodic-vs-perpetual.png');

    // Settings: only the Value cell changes.
    await tab(page, 'Settings');
    const method = page.getByLabel('Costing method');
    await method.waitFor();
    await method.selectOption('LIFO');
    await page.getByLabel('Money decimals').fill('9');
    await page.getByText('a whole number of decimals from 0 to 6').waitFor();
    await expect(page.getByRole('button', { name: 'Save settings' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Money decimals').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved to the Settings table.').waitFor();
    const settingsAfter = (await values(page)).Settings ?? [];
    expect(settingsAfter.find((r) => r[0] === 'Method')?.[1]).toBe('LIFO');
    expect(settingsAfter.map((r) => r[0])).toEqual((demo.Settings ?? []).map((r) => r[0]));
    expect(settingsAfter.filter((r) => r[0] !== 'Method')).toEqual((demo.Settings ?? []).filter((r) => r[0] !== 'Method'));
    await shot(page, '06-settings.png');

    // Migration: preview, then write the Migration sheet only.
    await tab(page, 'Migrate');
    await page.getByLabel('Cut-over date').fill('2026-03-31');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Write the Migration sheet' }).waitFor({ timeout: 60_000 });
    await shot(page, '07-migration-preview.png');
    const before = await values(page);
    await page.getByRole('button', { name: 'Write the Migration sheet' }).click();
    await page.getByText(/^Wrote Migration/).waitFor();
    const after = await values(page);
    expect(Object.keys(after).filter((k) => !(k in before))).toEqual(['Migration']);
    for (const [name, grid] of Object.entries(before)) if (name !== 'Migration') expect(after[name]).toEqual(grid);
    await shot(page, '08-migration-written.png');
    await page.close();
  });

  test('a diagnostic click selects the offending cell; the skipped movement is named', async () => {
    const page = await open({ name: 'bad' });
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Done:/).waitFor({ timeout: 60_000 });
    await tab(page, 'Diagnostics');
    await page.getByTestId('skipped').getByText(/Movements row 3 /).waitFor();
    await page.getByRole('button', { name: /^Movements, row 3, column Qty/ }).click();
    await page.getByText('Selected Movements!D3').waitFor();
    expect(await page.evaluate(() => window.__perpetua?.selection())).toBe('Movements!D3');
    expect(await page.evaluate(() => window.__perpetua?.activeSheet())).toBe('Movements');
    await shot(page, '09-diagnostics.png');
    await page.close();
  });

  test('cancelling a 200,000-movement run leaves the workbook consistent', async () => {
    const page = await open({ name: 'large', movements: 200_000 });
    await page.getByText('Ready to run: 200,000 movements.').waitFor({ timeout: 60_000 });
    // Compared as JSON text: a deep toEqual over 1.4 million cells takes minutes.
    const describe = (): Promise<string> => page.evaluate(() => JSON.stringify(window.__perpetua?.describe()));
    const before = await describe();
    const beforeSheets = (JSON.parse(before) as { sheets: Array<{ name: string }> }).sheets.map((s) => s.name);
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Cancel while the tables are read or the worker values them (about 2 s for 200,000 rows here).
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    await shot(page, '10-long-run-progress.png');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled before anything was written; the workbook is unchanged.').waitFor({ timeout: 30_000 });
    await shot(page, '11-long-run-cancelled.png');
    expect((await describe()) === before).toBe(true);

    // Run again and cancel while the sheets are being written: finished sheets stay complete,
    // the one in progress is discarded, no temporary sheet or pending record is left.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const label = (): Promise<string> => page.evaluate(() => document.querySelector('[role=progressbar]')?.getAttribute('aria-label') ?? '');
    await page.getByText(/^Writing .+: [\d,]+ of [\d,]+ rows/).first().waitFor({ timeout: 120_000 });
    const first = /^Writing (.+): /.exec(await label())?.[1] ?? '';
    expect(first).not.toBe('');
    // Let the first sheet finish, then cancel during a later one.
    await page.waitForFunction((name) => {
      const text = document.querySelector('[role=progressbar]')?.getAttribute('aria-label') ?? '';
      return text.startsWith('Writing ') && !text.startsWith(`Writing ${name}:`);
    }, first, { timeout: 120_000 });
    await shot(page, '12-long-run-writing.png');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = page.getByText(/^Cancelled while writing\./);
    await cancelled.waitFor({ timeout: 60_000 });
    const completed = Number(/(\d+) sheet\(s\) were written completely/.exec(await cancelled.innerText())?.[1]);
    await shot(page, '13-long-run-cancelled-while-writing.png');
    const names = (await page.evaluate(() => window.__perpetua?.sheetNames())) ?? [];
    expect(names.some((n) => n.includes('(incomplete)'))).toBe(false);
    const record = JSON.parse(String(await page.evaluate(() => window.__perpetua?.setting('Perpetua.Ownership')))) as {
      sheets: Array<{ sheetName: string; tables: string[] }>;
      pending: string[];
    };
    expect(record.pending).toEqual([]);
    const tables = (await page.evaluate(() => window.__perpetua?.tableNames())) ?? [];
    for (const owned of record.sheets) {
      expect(names).toContain(owned.sheetName);
      for (const t of owned.tables) expect(tables).toContain(t);
    }
    const existing = new Set(beforeSheets);
    expect(completed).toBeGreaterThan(0);
    expect(record.sheets.length).toBe(completed);
    expect(names.filter((n) => !existing.has(n)).sort()).toEqual(record.sheets.map((s) => s.sheetName).sort());
    const movements = (): Promise<string> => page.evaluate(() => JSON.stringify(window.__perpetua?.values().Movements));
    const movementsBefore = JSON.stringify((JSON.parse(before) as { sheets: Array<{ name: string; values: unknown }> }).sheets.find((s) => s.name === 'Movements')?.values);
    expect((await movements()) === movementsBefore).toBe(true);
    await page.close();
  });

  test('dark Office theme', async () => {
    const page = await open({ name: 'empty', theme: 'dark' });
    await page.getByText('Movements is the one table Perpetua needs').waitFor();
    const background = await page.evaluate(() => {
      const el = document.querySelector('[data-theme]');
      return el === null ? '' : getComputedStyle(el).backgroundColor;
    });
    expect(background).toBe('rgb(41, 41, 41)');
    await page.getByRole('button', { name: /Load demo: Shop/ }).click();
    await page.getByText(/Shop demo: wrote/).waitFor();
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('balanced ✓').waitFor({ timeout: 60_000 });
    await shot(page, '14-dark-run-summary.png');
    await tab(page, 'Compare');
    await page.getByText('Why the two differ').waitFor();
    await shot(page, '15-dark-compare-shop.png');
    await page.close();
  });
});
