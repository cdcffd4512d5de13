/** A generated sheet's table rendered as-is (column formats honoured), for previews. */
import * as React from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { ColumnFormat, OutputCell, SheetTable } from '../workbook/sheet';
import { isoFromSerial } from '../workbook/cells';
import { useShared, WIDE } from './ui';

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
      return String(cell);
  }
}

export function SheetTableView({ table, maxRows = 100 }: { readonly table: SheetTable; readonly maxRows?: number }): React.ReactElement {
  const s = useShared();
  const shown = table.rows.slice(0, maxRows);
  return (
    <div className={s.stack}>
      {table.title === undefined ? null : (
        <Text weight="semibold" as="h3">
          {table.title}
        </Text>
      )}
      <div className={s.scrollX}>
        <Table size="extra-small" aria-label={table.title ?? table.name} data-testid={`sheet-table-${table.name}`} style={WIDE}>
          <TableHeader>
            <TableRow>
              {table.columns.map((c) => (
                <TableHeaderCell key={c.header}>{c.header}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row, r) => (
              <TableRow key={r}>
                {table.columns.map((c, i) => (
                  <TableCell key={c.header} style={c.format === 'text' || c.format === 'date' ? undefined : { textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                    {cellText(row[i], c.format)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {table.rows.length > shown.length ? (
        <Text size={200} className={s.muted}>
          Showing {shown.length} of {table.rows.length} rows.
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
