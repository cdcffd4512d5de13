/**
 * Installs global `Excel` and `Office` backed by the in-memory Excel, before the task pane's
 * index.tsx runs (imported first by harness.ts), so officeHost.ts and src/excel/office.ts run
 * unmodified. Exposes the workbook on window.__perpetua for the test to read back.
 */
import { createMemoryExcel, describeWorkbook, snapshotValues } from '../../../src/excel/memory';
import type { XlContext } from '../../../src/excel/port';
import { largeMovements, seedFor, type SeedRequest } from './seeds';

declare global {
  interface Window {
    __PERPETUA_SEED__?: SeedRequest;
    __perpetua?: {
      readonly values: () => ReturnType<typeof snapshotValues>;
      readonly describe: () => ReturnType<typeof describeWorkbook>;
      readonly sheetNames: () => string[];
      readonly activeSheet: () => string | undefined;
      readonly selection: () => string | undefined;
      readonly setting: (key: string) => unknown;
      readonly tableNames: () => string[];
    };
  }
}

const request: SeedRequest = window.__PERPETUA_SEED__ ?? { name: 'empty' };
const excel = createMemoryExcel(seedFor(request));
const book = excel.book;
if (request.name === 'large') {
  const rows = largeMovements(request.movements ?? 200_000);
  const sheet = book.addSheet('Movements');
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') sheet.setValue(r, c, cell);
    }),
  );
  const table = book.addTable(sheet, { row: 0, column: 0, rowCount: rows.length, columnCount: rows[0]?.length ?? 1 }, true);
  table.name = 'Movements';
  book.activeSheet = sheet;
}

/**
 * Real Excel answers each sync() after a round trip, during which the page paints and handles
 * clicks (the progress bar, Cancel). The in-memory sync resolves in a microtask, which would keep
 * the page frozen for a whole write; so each sync here first yields one macrotask.
 */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
// A posted message is a macrotask that, unlike setTimeout, headless Chromium never throttles.
const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
Object.defineProperty(globalThis, 'Excel', {
  configurable: true,
  value: {
    run: <T>(batch: (context: XlContext) => Promise<T>): Promise<T> =>
      excel.run((context) =>
        batch({
          workbook: context.workbook,
          sync: async () => {
            await macrotask();
            await context.sync();
          },
        }),
      ),
  },
});

const dark = request.theme === 'dark';
Object.defineProperty(globalThis, 'Office', {
  configurable: true,
  value: {
    HostType: { Excel: 'Excel' },
    onReady: (callback?: (info: { host: string; platform: string }) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      callback?.(info);
      return Promise.resolve(info);
    },
    context: {
      officeTheme: dark
        ? { bodyBackgroundColor: '#262626', bodyForegroundColor: '#ffffff', controlBackgroundColor: '#333333', controlForegroundColor: '#ffffff' }
        : { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000', controlBackgroundColor: '#ffffff', controlForegroundColor: '#000000' },
      // The in-memory Excel implements the port (ExcelApi 1.7); it has no data validation (1.8).
      requirements: { isSetSupported: (name: string, version?: string) => name === 'ExcelApi' && Number(version ?? '1.1') <= 1.7 },
    },
  },
});

window.__perpetua = {
  values: () => snapshotValues(book),
  describe: () => describeWorkbook(book),
  sheetNames: () => book.sheets.map((s) => s.name),
  activeSheet: () => book.activeSheet?.name,
  selection: () => (book.selection === undefined ? undefined : book.addressOf(book.selection.sheet, book.selection.box)),
  setting: (key: string) => book.settings.get(key),
  tableNames: () => book.tables.map((t) => t.name),
};
