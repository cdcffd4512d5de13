/**
 * The task pane end to end: the real React app and officeHost.ts in headless Chromium, over the
 * in-memory Excel behind global `Excel`/`Office` shims. Each step is checked in the UI and in the
 * workbook (read back from the page), and saved as a screenshot under test-output/screenshots/
 * (`npm run screenshots` writes them to docs/screenshots/ instead). Every panel, on an empty
 * workbook, the shop demo and a workbook with a bad row, light and dark, at 320 x 800 and
 * 450 x 900, must fit the pane: no sideways scroll anywhere.
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium); without it the suite fails and says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildHarness, findOverflow, launchChromium, SCREENSHOTS, serve, type Served } from './support';
import type { SeedRequest } from './harness/seeds';
import { PANELS } from '../../src/taskpane/panels';

const SIZES = [
  { width: 320, height: 800 },
  { width: 450, height: 900 },
] as const;

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

/** Opens a panel from its tab, or from the "More" menu when the tab did not fit the bar. */
async function tab(page: Page, name: string): Promise<void> {
  const t = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  if (await t.isVisible()) {
    await t.click();
  } else {
    await page.getByRole('button', { name: /^More panels/ }).click();
    await page.getByRole('menuitem', { name: new RegExp(`^${name}`) }).click();
  }
  await page.locator(`[role=tabpanel][aria-labelledby="tab-${PANELS.find((p) => p.label === name)?.id ?? ''}"]`).waitFor();
}

/** Nothing overflows the pane at the page's current size. */
async function fits(page: Page, where: string): Promise<void> {
  // After a resize the tab bar re-measures on its ResizeObserver's next callback: give it a moment.
  let overflow = await page.evaluate(findOverflow);
  for (let i = 0; i < 15 && overflow.length > 0; i += 1) {
    await page.waitForTimeout(100);
    overflow = await page.evaluate(findOverflow);
  }
  expect({ where, overflow }).toEqual({ where, overflow: [] });
}

async function runAndWait(page: Page): Promise<void> {
  await tab(page, 'Run');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('[data-testid="card-journal"], [data-testid="blocked"]').first().waitFor({ timeout: 60_000 });
}

describe('task pane over the in-memory Excel', () => {
  test('templates, winter-coats demo, run, summary, sheets, comparison, settings, migration', async () => {
    const page = await open({ name: 'empty' });
    await page.getByText('Movements is the one table Perpetua needs').waitFor();
    await fits(page, 'start, empty');
    await shot(page, '01-start-empty.png');

    // Templates: every input table, with headers and example rows, and nothing else touched.
    await page.getByRole('button', { name: 'Create template tables' }).click();
    await page.getByText(/Templates: wrote Settings, Movements, Items, Locations, Accounts, Kits, LandedCosts/).waitFor();
    await page.getByText('Ready to run: 2 movements.').waitFor();
    // The next step is said, not left to guess.
    await page.getByText(/^Next: replace the example rows in Movements with your own/).waitFor();
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
    await page.getByText(/^Done: \d+ sheets written\. 0 warning\(s\)\./).waitFor();
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
    await page.getByText('In March 2026 both give the same COGS, 200.00 USD: perpetual knew it on every invoice, periodic only after the count.').waitFor();
    await fits(page, 'compare, coats');
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
    // Money first: the journal's Debit and Credit are in the pane, not past its edge.
    const journal = page.getByTestId('sheet-table-PP_MigrationJournal');
    await expect(journal.getByRole('columnheader').allInnerTexts()).resolves.toEqual(['Date', 'Account', 'Debit', 'Credit']);
    await fits(page, 'migration preview, coats');
    await shot(page, '07-migration-preview.png');
    const before = await values(page);
    await page.getByRole('button', { name: 'Write the Migration sheet' }).click();
    await page.getByText(/^Wrote Migration/).waitFor();
    await page.getByRole('button', { name: 'Open the Migration sheet' }).click();
    await page.waitForFunction(() => window.__perpetua?.activeSheet() === 'Migration');
    const after = await values(page);
    expect(Object.keys(after).filter((k) => !(k in before))).toEqual(['Migration']);
    for (const [name, grid] of Object.entries(before)) if (name !== 'Migration') expect(after[name]).toEqual(grid);
    await shot(page, '08-migration-written.png');
    await page.close();
  });

  test('bad rows: nothing written unless the user chooses; a diagnostic click selects the cell', async () => {
    const page = await open({ name: 'bad' });
    const before = (await page.evaluate(() => window.__perpetua?.sheetNames())) ?? [];
    await runAndWait(page);
    // As the CLI: an input with errors writes nothing.
    await page.getByText(/^Nothing was written: 1 row has errors/).waitFor();
    expect(await page.evaluate(() => window.__perpetua?.sheetNames())).toEqual(before);
    await page.getByRole('button', { name: 'Show the errors' }).click();
    await page.getByTestId('skipped').getByText(/Movements row 3 /).waitFor();
    // Headed in words, the code after.
    await page.getByRole('heading', { name: /^Qty is not a number \(1\) QTY_NOT_NUMBER$/ }).waitFor();
    await page.getByRole('button', { name: /^Movements, row 3, column Qty/ }).click();
    await page.getByText('Selected Movements!D3').waitFor();
    expect(await page.evaluate(() => window.__perpetua?.selection())).toBe('Movements!D3');
    expect(await page.evaluate(() => window.__perpetua?.activeSheet())).toBe('Movements');
    await shot(page, '09-diagnostics.png');

    // The user's choice, in plain words; then every card says "incomplete" and nothing is ticked.
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Write anyway, skipping 1 row' }).click();
    await page.getByText(/^Written with errors: \d+ sheets, incomplete \(1 row skipped/).waitFor({ timeout: 60_000 });
    const cards = page.getByRole('group', { name: 'Run summary' }).locator('[data-testid^="card-"]');
    const texts = await cards.allInnerTexts();
    expect(texts.length).toBe(5);
    for (const t of texts) expect(t).toContain('incomplete');
    expect(texts.join(' ')).not.toContain('✓');
    expect(((await page.evaluate(() => window.__perpetua?.sheetNames())) ?? []).length).toBeGreaterThan(before.length);
    await fits(page, 'run written anyway, bad');
    await shot(page, '09b-written-anyway.png');
    await page.close();
  });

  test('closed periods: the rows behind the catch-up are listed and a click selects the row in its table', async () => {
    const page = await open({ name: 'closed' });
    await runAndWait(page);
    await page.getByText(/^2 back-dated rows changed closed periods: [\d,.]+ caught up on 1 Mar/).waitFor({ timeout: 60_000 });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const header = page.getByRole('button', { name: 'The 2 rows that changed closed periods' });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await page.getByRole('button', { name: /^Movements row 7: Receipt · WINTER-COAT-LONG-NAVY-XXL/ }).click();
      await page.getByTestId('selected-row').getByText('Selected Movements!A7:H7').waitFor();
      // Let the accordion finish opening (it clips its panel while it animates).
      await page.waitForTimeout(600);
      expect(await page.evaluate(() => window.__perpetua?.selection())).toBe('Movements!A7:H7');
      expect(await page.evaluate(() => window.__perpetua?.activeSheet())).toBe('Movements');
      await fits(page, `run catch-up rows ${size.width}`);
      await shot(page, `14-catch-up-rows-${size.width}.png`);
    }
    await page.getByRole('button', { name: /^Movements row 6: Receipt · COAT · R0, dated 2026-02-15, entered 2026-03-03/ }).click();
    await page.getByText('Selected Movements!A6:H6').waitFor();
    await page.close();
  });

  test('cancelling a 60,000-movement run leaves the workbook consistent', async () => {
    const page = await open({ name: 'large', movements: 60_000 });
    await page.getByText('Ready to run: 60,000 movements.').waitFor({ timeout: 60_000 });
    // Compared as JSON text: a deep toEqual over 1.4 million cells takes minutes.
    const describe = (): Promise<string> => page.evaluate(() => JSON.stringify(window.__perpetua?.describe()));
    const before = await describe();
    const beforeSheets = (JSON.parse(before) as { sheets: Array<{ name: string }> }).sheets.map((s) => s.name);
    // At 450 px, where the pickers used to stick out of the pane while a run was written.
    await page.setViewportSize({ width: 450, height: 900 });
    await tab(page, 'Run');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Cancel while the tables are read or the worker values them.
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
    await fits(page, 'run panel while writing, 450');
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

  test('dark Office theme follows Office', async () => {
    const page = await open({ name: 'empty', theme: 'dark' });
    const background = await page.evaluate(() => {
      const el = document.querySelector('[data-theme]');
      return el === null ? '' : getComputedStyle(el).backgroundColor;
    });
    expect(background).toBe('rgb(41, 41, 41)');
    await page.close();
  });

  test('first paint of the shop demo', async () => {
    const page = await open({ name: 'shop' });
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    fs.mkdirSync(path.join(SCREENSHOTS, '..'), { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, '..', 'first-paint.json'), JSON.stringify({ firstContentfulPaintMs: Math.round(paint) }) + '\n');
    expect(paint).toBeGreaterThan(0);
    // The pane painted. Its time (target 1 s) is a figure, recorded in test-output/first-paint.json
    // and reported, never a pass/fail bound: the machine may be shared.
    await page.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`every panel fits at 320 and 450 px, ${theme}: empty workbook, shop demo, bad rows`, async () => {
      for (const seed of ['empty', 'shop', 'bad'] as const) {
        const page = await open({ name: seed, theme });
        await page.getByText(/^Ready to run|^Movements is the one table/).waitFor();
        if (seed !== 'empty') await runAndWait(page);
        if (seed === 'shop') {
          await tab(page, 'Migrate');
          await page.getByLabel('Cut-over date').fill('2026-03-31');
          await page.getByRole('button', { name: 'Preview' }).click();
          await page.getByRole('button', { name: 'Write the Migration sheet' }).waitFor({ timeout: 60_000 });
          await tab(page, 'Compare');
          // Said as an accountant would, with no engine words.
          const story = await page.getByTestId('explanation').innerText();
          expect(story).toContain('Periodic COGS is 12.00 higher in March 2026: 1 SCARF missing at the count (shrinkage 12.00).');
          expect(story).not.toMatch(/CogsTiming|Method Effect|@|book \d/);
          const chart = page.getByTestId('margin-chart');
          expect(await chart.locator('[data-gridline]').count()).toBeGreaterThan(2);
          expect(await chart.getByTestId('chart-legend').textContent()).toBe('Perpetual marginPeriodic margin');
          expect(await page.getByRole('table').count()).toBe(1);
        }
        for (const size of SIZES) {
          await page.setViewportSize(size);
          // The tab bar stays one row high.
          const bar = await page.getByRole('tablist').boundingBox();
          expect(bar?.height ?? 0).toBeLessThan(40);
          for (const p of PANELS) {
            await tab(page, p.label);
            if (p.id === 'start') await page.getByText(/^Ready to run|^Movements is the one table/).waitFor();
            if (seed === 'empty' && p.id !== 'start' && p.id !== 'settings') await page.getByTestId('next-step').first().waitFor();
            await fits(page, `${seed} ${p.id} ${size.width} ${theme}`);
            await shot(page, `${seed}-${p.id}-${size.width}-${theme}.png`);
          }
        }
        await page.close();
      }
    });
  }
});
