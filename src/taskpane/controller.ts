/**
 * Everything the task pane does, outside React. Each area has a store the panels subscribe to and
 * methods the panels call; the host does the Excel work and the engine runs in its worker.
 */
import type { Diagnostic, Method, PeriodKind } from '../engine/types';
import { isoFromSerial, serialFromIso } from '../workbook/cells';
import type { SheetModel } from '../workbook/sheet';
import type { CatchUpCause } from '../workbook/render/catchup';
import type { PaneRun } from './engineProtocol';
import type { DemoName, HostWriteResult, PerpetuaHost, SettingsTable, WorkbookStatus } from './host';
import { RunController, type EngineStarter, type RunProgress } from './runController';
import { draftFrom, editFrom, effectiveSettings, validateDraft, withSetting, type EditableSetting, type SettingsDraft } from './settingsModel';
import { createStore, type Store } from './store';
import { startEngine } from './engineClient';
import type { PanelId } from './panels';

export interface Notice {
  readonly intent: 'success' | 'warning' | 'error' | 'info';
  readonly text: string;
}

export interface WorkbookState {
  readonly status?: WorkbookStatus;
  /** What the user last set up from the Start panel (for the next-step hint). */
  readonly setUp?: 'templates' | 'demo';
  readonly busy: boolean;
  readonly notices: readonly Notice[];
}

export interface SettingsState {
  readonly table?: SettingsTable;
  readonly draft?: SettingsDraft;
  readonly problems: Readonly<Partial<Record<EditableSetting['key'], string>>>;
  readonly saving: boolean;
  readonly notice?: Notice;
}

export interface SelectionState {
  readonly diagnostic?: Diagnostic;
  readonly address?: string;
  readonly notice?: Notice;
}

/** The back-dated row the user last selected from the Run panel's catch-up list. */
export interface RowSelectionState {
  readonly cause?: CatchUpCause;
  readonly address?: string;
  readonly notice?: Notice;
}

export interface MigrationState {
  readonly cutOver: string;
  readonly phase: 'idle' | 'previewing' | 'preview' | 'writing' | 'written' | 'cancelled' | 'failed';
  readonly model?: SheetModel;
  readonly run?: PaneRun;
  readonly written?: HostWriteResult;
  readonly progress?: RunProgress;
  readonly error?: string;
}

export interface RunChoices {
  readonly method: Method | '';
  readonly period: PeriodKind | '';
  /** ISO date, or '' for every movement. */
  readonly asOf: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PaneController {
  readonly workbook: Store<WorkbookState> = createStore<WorkbookState>({ busy: false, notices: [] });
  readonly settings: Store<SettingsState> = createStore<SettingsState>({ problems: {}, saving: false });
  readonly selection: Store<SelectionState> = createStore<SelectionState>({});
  readonly rowSelection: Store<RowSelectionState> = createStore<RowSelectionState>({});
  readonly migration: Store<MigrationState> = createStore<MigrationState>({ cutOver: '', phase: 'idle' });
  readonly choices: Store<RunChoices> = createStore<RunChoices>({ method: '', period: '', asOf: '' });
  /** The open panel. */
  readonly panel: Store<PanelId>;
  readonly run: RunController;
  private readonly preview: RunController;
  private migrationCancelled = false;

  constructor(
    readonly host: PerpetuaHost,
    engine: EngineStarter = startEngine,
    initialPanel: PanelId = 'start',
  ) {
    this.panel = createStore<PanelId>(initialPanel);
    this.run = new RunController(host, engine);
    this.preview = new RunController(host, engine);
    this.preview.state.subscribe(() => {
      const p = this.preview.state.get();
      if (p.phase === 'reading' || p.phase === 'valuing') this.migration.update((m) => ({ ...m, ...(p.progress === undefined ? {} : { progress: p.progress }) }));
    });
  }

  go(panel: PanelId): void {
    this.panel.set(panel);
  }

  // ---- Start panel ------------------------------------------------------------------------

  async refresh(): Promise<void> {
    try {
      const status = await this.host.detectTables();
      this.workbook.update((w) => ({ ...w, status }));
    } catch (error) {
      this.workbook.update((w) => ({ ...w, notices: [{ intent: 'error', text: `Could not look at the workbook: ${message(error)}` }] }));
    }
  }

  private async setUp(what: string, kind: 'templates' | 'demo', action: () => ReturnType<PerpetuaHost['createTemplates']>): Promise<void> {
    if (this.workbook.get().busy) return;
    this.workbook.update((w) => ({ ...w, busy: true, notices: [] }));
    try {
      const result = await action();
      const notices: Notice[] = [];
      if (result.written.length > 0) notices.push({ intent: 'success', text: `${what}: wrote ${result.written.join(', ')}.` });
      else notices.push({ intent: 'info', text: `${what}: nothing to write.` });
      for (const n of result.notes) notices.push({ intent: 'warning', text: n });
      this.workbook.update((w) => ({ ...w, notices, setUp: kind }));
      await this.refresh();
      await this.loadSettings();
    } catch (error) {
      this.workbook.update((w) => ({ ...w, notices: [{ intent: 'error', text: `${what} failed: ${message(error)}` }] }));
    } finally {
      this.workbook.update((w) => ({ ...w, busy: false }));
    }
  }

  createTemplates(): Promise<void> {
    return this.setUp('Templates', 'templates', () => this.host.createTemplates());
  }

  loadDemo(demo: DemoName): Promise<void> {
    return this.setUp(demo === 'coats' ? 'Winter-coats demo' : 'Shop demo', 'demo', () => this.host.loadDemo(demo));
  }

  // ---- Settings (editor, and the Run panel's defaults) --------------------------------------

  async loadSettings(): Promise<void> {
    try {
      const table = await this.host.readSettings();
      const draft = draftFrom(table.rows);
      this.settings.set({ table, draft, problems: validateDraft(draft), saving: false });
      const effective = effectiveSettings(table.rows);
      this.choices.update((c) => ({ ...c, method: effective.method, period: effective.period }));
      if (effective.cutOverDate !== undefined && this.migration.get().cutOver === '') {
        const iso = isoFromSerial(effective.cutOverDate);
        this.migration.update((m) => ({ ...m, cutOver: iso }));
      }
    } catch (error) {
      this.settings.update((s) => ({ ...s, notice: { intent: 'error', text: `Could not read Settings: ${message(error)}` } }));
    }
  }

  editSetting(key: EditableSetting['key'], value: string): void {
    this.settings.update((s) => {
      if (s.draft === undefined) return s;
      const draft = { ...s.draft, [key]: value };
      const { notice: _dropped, ...rest } = s;
      return { ...rest, draft, problems: validateDraft(draft) };
    });
  }

  async saveSettings(): Promise<void> {
    const s = this.settings.get();
    if (s.draft === undefined || s.saving) return;
    const problems = validateDraft(s.draft);
    if (Object.keys(problems).length > 0) {
      this.settings.set({ ...s, problems, notice: { intent: 'error', text: 'Fix the highlighted settings first.' } });
      return;
    }
    this.settings.set({ ...s, saving: true });
    try {
      await this.host.writeSettings(editFrom(s.draft));
      await this.loadSettings();
      this.settings.update((x) => ({ ...x, notice: { intent: 'success', text: 'Settings saved to the Settings table.' } }));
      await this.refresh();
    } catch (error) {
      this.settings.update((x) => ({ ...x, saving: false, notice: { intent: 'error', text: message(error) } }));
    }
  }

  // ---- Run -----------------------------------------------------------------------------------

  setChoice(change: Partial<RunChoices>): void {
    this.choices.update((c) => ({ ...c, ...change }));
  }

  async startRun(): Promise<void> {
    const c = this.choices.get();
    const asOf = c.asOf === '' ? undefined : serialFromIso(c.asOf);
    this.selection.set({});
    this.rowSelection.set({});
    await this.run.start({
      ...(c.method === '' ? {} : { method: c.method }),
      ...(c.period === '' ? {} : { period: c.period }),
      ...(asOf === undefined ? {} : { asOf }),
    });
    await this.refresh();
  }

  /** After a run refused to write because of error rows: write it anyway, those rows skipped. */
  async writeAnyway(): Promise<void> {
    await this.run.writeAnyway();
    await this.refresh();
  }

  cancelRun(): void {
    this.run.cancel();
  }

  async openSheet(sheetName: string): Promise<void> {
    try {
      await this.host.activateSheet(sheetName);
    } catch (error) {
      this.selection.set({ notice: { intent: 'error', text: `Could not open ${sheetName}: ${message(error)}` } });
    }
  }

  // ---- Diagnostics ---------------------------------------------------------------------------

  async select(diagnostic: Diagnostic): Promise<void> {
    try {
      const address = await this.host.selectCell(diagnostic);
      this.selection.set(address === undefined ? { diagnostic, notice: { intent: 'info', text: 'This diagnostic is about the workbook as a whole, not one cell.' } } : { diagnostic, address });
    } catch (error) {
      this.selection.set({ diagnostic, notice: { intent: 'error', text: `Could not select the cell: ${message(error)}` } });
    }
  }

  /** A row the catch-up names: selects that row of its input table. */
  async selectRow(cause: CatchUpCause): Promise<void> {
    try {
      const address = await this.host.selectCell({ table: cause.table, row: cause.row });
      this.rowSelection.set(address === undefined ? { cause, notice: { intent: 'warning', text: `${cause.table} row ${cause.row} is not in the workbook any more (run again).` } } : { cause, address });
    } catch (error) {
      this.rowSelection.set({ cause, notice: { intent: 'error', text: `Could not select the row: ${message(error)}` } });
    }
  }

  // ---- Migration -------------------------------------------------------------------------------

  setCutOver(iso: string): void {
    this.migration.set({ cutOver: iso, phase: 'idle' });
  }

  async previewMigration(): Promise<void> {
    const { cutOver } = this.migration.get();
    const serial = serialFromIso(cutOver);
    if (serial === undefined) {
      this.migration.set({ cutOver, phase: 'failed', error: 'Choose a cut-over date first.' });
      return;
    }
    this.migration.set({ cutOver, phase: 'previewing' });
    const state = await this.preview.start({ asOf: serial, write: false, transformTables: (t) => withSetting(t, 'CutOverDate', cutOver) });
    if (state.phase !== 'done' || state.run === undefined) {
      this.migration.set({ cutOver, phase: state.phase === 'cancelled' ? 'cancelled' : 'failed', ...(state.error === undefined ? {} : { error: state.error }) });
      return;
    }
    const model = state.run.sheets.find((s) => s.key === 'migration');
    if (model === undefined) {
      this.migration.set({ cutOver, phase: 'failed', run: state.run, error: 'This version of the engine produced no Migration sheet.' });
      return;
    }
    this.migration.set({ cutOver, phase: 'preview', run: state.run, model });
  }

  async writeMigration(): Promise<void> {
    const m = this.migration.get();
    if (m.phase !== 'preview' || m.model === undefined) return;
    this.migrationCancelled = false;
    this.migration.set({ ...m, phase: 'writing' });
    try {
      const written = await this.host.writeMigration(m.model, {
        onProgress: (p) => this.migration.update((x) => ({ ...x, progress: { stage: p.sheetName, done: p.rowsWritten, total: p.totalRows } })),
        isCancelled: () => this.migrationCancelled,
      });
      this.migration.update((x) => ({ ...x, phase: written.status === 'done' ? 'written' : 'cancelled', written }));
    } catch (error) {
      this.migration.update((x) => ({ ...x, phase: 'failed', error: message(error) }));
    }
  }

  cancelMigration(): void {
    this.migrationCancelled = true;
    this.preview.cancel();
  }
}

