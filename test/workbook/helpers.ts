import type { Diagnostic } from '../../src/engine/types';
import { readWorkbook, type ReadResult } from '../../src/workbook/read';
import type { CellGrid, InputCell, TableSource } from '../../src/workbook/sheet';

export const MOVEMENT_HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Amount', 'Location', 'ToLocation', 'FxRate', 'Doc'] as const;

/** A Movements row by column name, so tests read like the table. */
export type MovementRow = Partial<Record<(typeof MOVEMENT_HEADER)[number], InputCell>>;

export function movements(...rows: MovementRow[]): CellGrid {
  return [[...MOVEMENT_HEADER], ...rows.map((r) => MOVEMENT_HEADER.map((c) => r[c] ?? null))];
}

export function read(tables: TableSource): ReadResult {
  return readWorkbook(tables);
}

export function codes(r: ReadResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

/** The diagnostics with that code (so a test can assert on row, column and severity). */
export function withCode(r: ReadResult, code: string): Diagnostic[] {
  return r.diagnostics.filter((d) => d.code === code);
}

export function errors(r: ReadResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}
