import { DEMOS, templateGrid } from '../../src/taskpane/demoData';
import type { DemoName } from '../../src/taskpane/host';
import type { CellGrid } from '../../src/workbook/sheet';

/** A demo's tables as the cell grids a host would read (ISO dates stay text: the reader takes them). */
export function demoTables(demo: DemoName): Record<string, CellGrid> {
  return Object.fromEntries(DEMOS[demo].map((t) => [t.name, templateGrid(t)]));
}
