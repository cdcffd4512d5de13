/** Sheet-model tables read back by column header, so expected rows say which figure is which. */
import type { SheetTable } from '../../src/workbook/sheet';

export type LabelledRow = Record<string, unknown>;

/** Each row of the table as { header: cell }. */
export function labelled(table: SheetTable | undefined): LabelledRow[] {
  if (table === undefined) return [];
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.header, row[i]])));
}
