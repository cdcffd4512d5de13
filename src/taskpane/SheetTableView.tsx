/**
 * A generated sheet's table in the pane, cut to the columns that matter at 320 px (money first);
 * the whole table is on the sheet. Fixed layout, so it never scrolls sideways: long text wraps.
 */
import * as React from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { ColumnFormat, OutputCell, SheetTable } from '../workbook/sheet';
import { isoFromSerial } from '../workbook/cells';
import { formatCount } from './format';
import { useShared } from './ui';

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });
const QTY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Display text of a model cell; the cell already holds the rounded value Excel will show. */
export function cellText(cell: OutputCell | undefined, format: ColumnFormat): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (typeof cell === 'string') return cell;
  switch (format) {
    case 'date':
      return isoFromSerial(cell);
    case 'money':
    case 'rate':
      return MONEY.format(cell);
    case 'percent':
      return `${QTY.format(Math.round(cell * 1000) / 10)}%`;
    case 'qty':
    case 'integer':
      return QTY.format(cell);
    case 'text':
    case 'code':
      return String(cell);
  }
}

export interface ShownColumn {
  /** The sheet column's header. */
  readonly header: string;
  /** What the pane calls it, when shorter. */
  readonly label?: string;
  /** Share of the width, e.g. '24%'. */
  readonly width?: string;
}

export function SheetTableView({ table, columns, maxRows = 100 }: { readonly table: SheetTable; readonly columns: readonly ShownColumn[]; readonly maxRows?: number }): React.ReactElement {
  const s = useShared();
  const shown = table.rows.slice(0, maxRows);
  const picked = columns
    .map((c) => ({ ...c, index: table.columns.findIndex((t) => t.header === c.header) }))
    .filter((c) => c.index >= 0)
    .map((c) => ({ ...c, format: table.columns[c.index]?.format ?? 'text' }));
  const numeric = (f: ColumnFormat): boolean => f !== 'text' && f !== 'date';
  return (
    <div className={s.stack}>
      {table.title === undefined ? null : (
        <Text weight="semibold" as="h3">
          {table.title}
        </Text>
      )}
      <Table size="extra-small" aria-label={table.title ?? table.name} data-testid={`sheet-table-${table.name}`} className={s.fitTable}>
        <TableHeader>
          <TableRow>
            {picked.map((c) => (
              <TableHeaderCell
                key={c.header}
                style={{ ...(c.width === undefined ? {} : { width: c.width }), paddingLeft: 2, paddingRight: 2 }}
                button={numeric(c.format) ? { style: { justifyContent: 'flex-end', textAlign: 'right' } } : {}}
              >
                {c.label ?? c.header}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((row, r) => (
            <TableRow key={r}>
              {picked.map((c) => (
                <TableCell
                  key={c.header}
                  style={numeric(c.format) ? { textAlign: 'right', fontVariantNumeric: 'tabular-nums', paddingLeft: 2, paddingRight: 2 } : { paddingLeft: 2, paddingRight: 2, overflowWrap: 'anywhere' }}
                >
                  {cellText(row[c.index], c.format)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {table.rows.length > shown.length ? (
        <Text size={200} className={s.muted}>
          Showing {formatCount(shown.length)} of {formatCount(table.rows.length)} rows; the sheet has them all.
        </Text>
      ) : null}
      {table.rows.length === 0 ? (
        <Text size={200} className={s.muted}>
          No rows.
        </Text>
      ) : null}
    </div>
  );
}
