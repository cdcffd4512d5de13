/** Start: which input tables the workbook has, and one-click templates and demos. */
import * as React from 'react';
import { Badge, Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { DEMO_TITLES } from './demoData';
import { useStore } from './store';
import { EmptyState, Notices, useShared } from './ui';
import { formatCount } from './format';

export function StartPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const wb = useStore(controller.workbook);
  React.useEffect(() => {
    void controller.refresh();
  }, [controller]);
  const tables = wb.status?.tables ?? [];
  const movements = tables.find((t) => t.name === 'Movements');
  const missing = tables.filter((t) => !t.present).map((t) => t.name);
  return (
    <section className={s.panel} aria-labelledby="start-title">
      <Subtitle2 as="h2" id="start-title">
        Workbook tables
      </Subtitle2>
      {wb.status === undefined ? (
        <Text className={s.muted}>Looking at the workbook…</Text>
      ) : (
        <>
          <Table size="extra-small" aria-label="Input tables found in this workbook">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Table</TableHeaderCell>
                <TableHeaderCell>Rows</TableHeaderCell>
                <TableHeaderCell>Found as</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tables.map((t) => (
                <TableRow key={t.name} data-testid={`table-${t.name}`}>
                  <TableCell>{t.name}</TableCell>
                  <TableCell>{t.present ? formatCount(t.rows) : '—'}</TableCell>
                  <TableCell>
                    {t.present ? (
                      <Badge appearance="tint" color="success">
                        {t.source === 'table' ? 'table' : 'sheet'}
                      </Badge>
                    ) : (
                      <Badge appearance="outline" color={t.name === 'Movements' ? 'danger' : 'informative'}>
                        missing
                      </Badge>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Text className={s.small}>
            {movements?.present === true
              ? `Ready to run: ${formatCount(movements.rows)} movements.`
              : 'Movements is the one table Perpetua needs. Create the templates or load a demo to start.'}
            {missing.length > 0 && movements?.present === true ? ` Not present (defaults apply): ${missing.join(', ')}.` : ''}
          </Text>
          {movements?.present === true ? (
            <EmptyState
              next={
                wb.setUp === 'templates'
                  ? 'Next: replace the example rows in Movements with your own (one row per receipt, bill, sale or count: Date, Type, Item, Qty), then open Run and press Run.'
                  : wb.setUp === 'demo'
                    ? 'Next: open Run and press Run to value the demo.'
                    : 'Next: open Run and press Run.'
              }
              action={{ label: 'Go to Run', onClick: () => controller.go('run') }}
            />
          ) : null}
        </>
      )}
      <div className={s.stack}>
        <Button appearance="primary" disabled={wb.busy} onClick={() => void controller.createTemplates()}>
          Create template tables
        </Button>
        <Button disabled={wb.busy} onClick={() => void controller.loadDemo('coats')}>
          Load demo: {DEMO_TITLES.coats}
        </Button>
        <Button disabled={wb.busy} onClick={() => void controller.loadDemo('shop')}>
          Load demo: {DEMO_TITLES.shop}
        </Button>
        <Button appearance="subtle" disabled={wb.busy} onClick={() => void controller.refresh()}>
          Check again
        </Button>
      </div>
      <Notices notices={wb.notices} />
    </section>
  );
}
