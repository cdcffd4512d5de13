/**
 * The Settings editor's model: which settings it edits, their allowed values, and validation by the
 * workbook reader itself (readSettings), so the editor accepts exactly what a run accepts.
 */
import { METHODS, PERIODS, type Diagnostic, type Settings } from '../engine/types';
import { readSettings } from '../workbook/readTables';
import type { CellGrid, InputCell, TableSource } from '../workbook/sheet';
import { headerKey } from '../workbook/cells';
import type { SettingCell, SettingsRow } from './host';

export interface EditableSetting {
  readonly key: 'Method' | 'TaxMethod' | 'NegativeStock' | 'CostPool' | 'CogsTiming' | 'Period' | 'Precision';
  readonly label: string;
  /** Choices for a drop-down; absent for a number. '' means "none". */
  readonly choices?: readonly string[];
  readonly help: string;
}

export const EDITABLE_SETTINGS: readonly EditableSetting[] = [
  { key: 'Method', label: 'Costing method', choices: METHODS, help: 'How issues are costed: FIFO, LIFO, moving average, standard, last cost or specific batch.' },
  { key: 'TaxMethod', label: 'Tax (memorandum) method', choices: ['', ...METHODS], help: 'A second valuation reported beside the book, posting nothing. Blank for none.' },
  { key: 'NegativeStock', label: 'Negative stock', choices: ['Block', 'Allow'], help: 'Block rejects an issue that would take stock below zero; Allow issues at the last known rate and trues it up later.' },
  { key: 'CostPool', label: 'Cost pool', choices: ['Location', 'Company'], help: 'Value each location separately, or the whole company as one pool.' },
  { key: 'CogsTiming', label: 'COGS timing', choices: ['Shipment', 'Invoice'], help: 'Recognise cost of goods sold when goods ship, or when they are invoiced.' },
  { key: 'Period', label: 'Reporting period', choices: PERIODS, help: 'Month, quarter, year, or all dates as one period.' },
  { key: 'Precision', label: 'Money decimals', help: 'Decimals money is rounded to when posted: a whole number from 0 to 6.' },
];

export type SettingsDraft = Readonly<Record<EditableSetting['key'], string>>;

/** The draft the editor starts from: the table's values, else blank (the default applies). */
export function draftFrom(rows: readonly SettingsRow[]): SettingsDraft {
  const find = (key: string): string => {
    const row = rows.find((r) => headerKey(r.key) === headerKey(key));
    return row === undefined || row.value === null ? '' : String(row.value);
  };
  const draft: Record<string, string> = {};
  for (const s of EDITABLE_SETTINGS) draft[s.key] = find(s.key);
  return draft as SettingsDraft;
}

/** Problems per key, using the reader's own rules; empty when the draft can be saved. */
export function validateDraft(draft: SettingsDraft): Readonly<Partial<Record<EditableSetting['key'], string>>> {
  const problems: Partial<Record<EditableSetting['key'], string>> = {};
  for (const s of EDITABLE_SETTINGS) {
    const value = draft[s.key].trim();
    if (value === '') {
      if (s.key !== 'TaxMethod') problems[s.key] = `${s.label} is required.`;
      continue;
    }
    const out: Diagnostic[] = [];
    readSettings([['Setting', 'Value'], [s.key, value]], out);
    const bad = out.find((d) => d.severity === 'error');
    if (bad !== undefined) problems[s.key] = bad.hint ?? bad.message;
  }
  return problems;
}

/** The cells the editor writes: Precision as a number, the rest as text. */
export function editFrom(draft: SettingsDraft): Record<string, SettingCell> {
  const edit: Record<string, SettingCell> = {};
  for (const s of EDITABLE_SETTINGS) {
    const v = draft[s.key].trim();
    edit[s.key] = v === '' ? null : s.key === 'Precision' ? Number(v) : v;
  }
  return edit;
}

/** Settings as a run will see them (defaults applied), from the table's rows. */
export function effectiveSettings(rows: readonly SettingsRow[]): Settings {
  const grid: InputCell[][] = [['Setting', 'Value'], ...rows.map((r) => [r.key, r.value])];
  return readSettings(grid, []);
}

/**
 * The tables with one setting replaced or added, for a run only (the migration preview's cut-over
 * date): the user's table is not written.
 */
export function withSetting(tables: TableSource, key: string, value: InputCell): TableSource {
  const grid: CellGrid = tables.Settings ?? [['Setting', 'Value']];
  const header = grid[0] ?? ['Setting', 'Value'];
  const keyAt = header.findIndex((h) => typeof h === 'string' && headerKey(h) === 'setting');
  const valueAt = header.findIndex((h) => typeof h === 'string' && headerKey(h) === 'value');
  if (keyAt < 0 || valueAt < 0) return { ...tables, Settings: [['Setting', 'Value'], [key, value]] };
  const width = Math.max(header.length, keyAt + 1, valueAt + 1);
  const rows = grid.slice(1).filter((row) => !(typeof row[keyAt] === 'string' && headerKey(String(row[keyAt])) === headerKey(key)));
  const added: InputCell[] = Array.from({ length: width }, () => null);
  added[keyAt] = key;
  added[valueAt] = value;
  return { ...tables, Settings: [header, ...rows, added] };
}
