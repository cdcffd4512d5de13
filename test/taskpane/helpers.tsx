/**
 * A fake PerpetuaHost (records calls, holds tables as cell grids) and a render helper. Test files
 * mock ../../src/taskpane/createWorker with InProcessWorker, so panels see the real engine's numbers.
 */
import * as React from 'react';
import { fireEvent, render, screen, type RenderResult } from '@testing-library/react';
import type { CellGrid, SheetModel, TableSource } from '../../src/workbook/sheet';
import { App, type PanelId } from '../../src/taskpane/App';
import { PaneController } from '../../src/taskpane/controller';
import { DEMOS } from '../../src/taskpane/demoData';
import { demoTables } from './demoTables';
import type { EngineStarter } from '../../src/taskpane/runController';
import type {
  CellPlace,
  DemoName,
  HostWriteOptions,
  HostWriteResult,
  PerpetuaHost,
  SettingsEdit,
  SettingsTable,
  SetupResult,
  WorkbookStatus,
} from '../../src/taskpane/host';
import { INPUT_TABLE_NAMES } from '../../src/taskpane/host';

// jsdom has no ResizeObserver (Fluent's MessageBar measures itself); nothing here needs resizing.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) Object.defineProperty(window, 'ResizeObserver', { value: NoResizeObserver, configurable: true, writable: true });

export { demoTables };

export class FakeHost implements PerpetuaHost {
  tables: Record<string, CellGrid>;
  readonly calls: string[] = [];
  readonly written: SheetModel[][] = [];
  readonly selected: CellPlace[] = [];
  readonly activated: string[] = [];
  readonly settingsEdits: SettingsEdit[] = [];
  /** Rows per progress report while "writing". */
  writeChunk = 1_000_000;
  /** Awaited between write chunks (lets a test cancel mid-write). */
  betweenChunks: () => Promise<void> = () => Promise.resolve();

  constructor(tables: Record<string, CellGrid> = {}) {
    this.tables = { ...tables };
  }

  async detectTables(): Promise<WorkbookStatus> {
    this.calls.push('detectTables');
    return {
      tables: INPUT_TABLE_NAMES.map((name) => {
        const grid = this.tables[name];
        return grid === undefined ? { name, present: false, rows: 0 } : { name, present: true, source: 'table' as const, sheetName: name, rows: grid.length - 1 };
      }),
    };
  }

  async createTemplates(): Promise<SetupResult> {
    this.calls.push('createTemplates');
    const written = INPUT_TABLE_NAMES.filter((n) => this.tables[n] === undefined);
    for (const n of written) this.tables[n] = [['Header']];
    return { written, kept: INPUT_TABLE_NAMES.filter((n) => !written.includes(n)), notes: [] };
  }

  async loadDemo(demo: DemoName): Promise<SetupResult> {
    this.calls.push(`loadDemo:${demo}`);
    Object.assign(this.tables, demoTables(demo));
    return { written: DEMOS[demo].map((t) => t.name), kept: [], notes: [] };
  }

  async readTables(): Promise<TableSource> {
    this.calls.push('readTables');
    return this.tables;
  }

  async writeSheets(sheets: readonly SheetModel[], options: HostWriteOptions = {}): Promise<HostWriteResult> {
    this.calls.push('writeSheets');
    const total = sheets.reduce((n, s) => n + s.tables.reduce((m, t) => m + t.rows.length, 0), 0);
    let done = 0;
    const finished: HostWriteResult['sheets'][number][] = [];
    for (const s of sheets) {
      const rows = s.tables.reduce((m, t) => m + t.rows.length, 0);
      for (let r = 0; r < Math.max(rows, 1); r += this.writeChunk) {
        if (options.isCancelled?.() === true) return { status: 'cancelled', sheets: finished, renames: [] };
        await this.betweenChunks();
        done += Math.min(this.writeChunk, rows - r);
        options.onProgress?.({ sheetName: s.sheetName, rowsWritten: Math.max(done, 0), totalRows: total });
      }
      finished.push({ key: s.key, sheetName: s.sheetName, rows });
    }
    this.written.push([...sheets]);
    return { status: 'done', sheets: finished, renames: [] };
  }

  async selectCell(place: CellPlace): Promise<string | undefined> {
    this.selected.push(place);
    if (place.table === undefined || place.row === undefined) return undefined;
    const header = this.tables[place.table]?.[0] ?? [];
    const letter = (i: number): string => String.fromCharCode(65 + Math.max(0, i));
    // No column: the whole row of the table, as officeHost selects it.
    if (place.column === undefined) return `${place.table}!A${place.row}:${letter(header.length - 1)}${place.row}`;
    return `${place.table}!${letter(header.findIndex((h) => h === place.column))}${place.row}`;
  }

  async activateSheet(sheetName: string): Promise<void> {
    this.activated.push(sheetName);
  }

  async readSettings(): Promise<SettingsTable> {
    const grid = this.tables.Settings;
    if (grid === undefined) return { exists: false, rows: [] };
    return {
      exists: true,
      source: 'table',
      rows: grid.slice(1).map((r) => ({ key: String(r[0]), value: r[1] === undefined || r[1] === null || typeof r[1] === 'object' ? null : r[1] })),
    };
  }

  async writeSettings(edit: SettingsEdit): Promise<void> {
    this.settingsEdits.push(edit);
    const grid = (this.tables.Settings ?? [['Setting', 'Value']]).map((r) => [...r]);
    for (const [key, value] of Object.entries(edit)) {
      const row = grid.find((r) => r[0] === key);
      if (row !== undefined) row[1] = value;
      else grid.push([key, value]);
    }
    this.tables.Settings = grid;
  }

  async writeMigration(sheet: SheetModel, options: HostWriteOptions = {}): Promise<HostWriteResult> {
    this.calls.push('writeMigration');
    return this.writeSheets([sheet], options);
  }
}

export function renderPane(host: PerpetuaHost, panel: PanelId = 'start', engine?: EngineStarter): RenderResult & { controller: PaneController } {
  const controller = engine === undefined ? new PaneController(host, undefined, panel) : new PaneController(host, engine, panel);
  const result = render(<App controller={controller} theme="light" />);
  return { ...result, controller };
}

/**
 * Opens a panel by its tab, or through the "More" menu when the tab overflowed the bar (in jsdom
 * nothing has a width, so only the first tabs and the open one stay in the bar).
 */
export async function openTab(name: RegExp): Promise<void> {
  const tab = screen.queryByRole('tab', { name });
  if (tab !== null) {
    fireEvent.click(tab);
    return;
  }
  fireEvent.click(screen.getByRole('button', { name: /^More panels/ }));
  fireEvent.click(await screen.findByRole('menuitem', { name }));
}
