/**
 * Periodic versus perpetual, told as an accountant would tell a client: a few sentences per period
 * (compareStory.ts), one table of cost of goods sold both ways, and a chart of both margins. Every
 * other figure (opening, purchases, closing, the per-invoice margins) is on the generated sheet.
 */
import * as React from 'react';
import { Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { difference, formatMoney } from './format';
import { comparisonStory, shortPeriodName } from './compareStory';
import { MarginChart } from './MarginChart';
import { comparisonView, errorView } from './runView';
import { useStore } from './store';
import { EmptyState, IncompleteNote, useShared } from './ui';

/** Header text of a number column sits over the numbers. */
const RIGHT = { style: { justifyContent: 'flex-end', textAlign: 'right' } } as const;

const useStyles = makeStyles({
  story: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', paddingLeft: '2px', paddingRight: '2px' },
  head: { textAlign: 'right', paddingLeft: '2px', paddingRight: '2px' },
});

export function ComparisonPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const c = useStyles();
  const state = useStore(controller.run.state);
  const run = state.run;
  const title = (
    <Subtitle2 as="h2" id="cmp-title">
      Periodic vs perpetual
    </Subtitle2>
  );
  if (run === undefined || state.phase === 'blocked') {
    return (
      <section className={s.panel} aria-labelledby="cmp-title">
        {title}
        <EmptyState next="Value the workbook first: open Run and press Run. Both margins, and why they differ, appear here." action={{ label: 'Go to Run', onClick: () => controller.go('run') }} />
      </section>
    );
  }
  const view = comparisonView(run);
  const cur = view.currency;
  const incomplete = errorView(run.diagnostics);
  return (
    <section className={s.panel} aria-labelledby="cmp-title">
      {title}
      <IncompleteNote errors={incomplete} />
      {view.periods.length === 0 ? (
        <EmptyState next="This run has no periods to compare: add Sale or Shipment rows to Movements, then run again." />
      ) : (
        <>
          <div className={s.stack} data-testid="explanation">
            {comparisonStory(view).map((line, i) => (
              <Text key={i} className={c.story}>
                {line}
              </Text>
            ))}
            <Text className={c.story}>Per-invoice margins exist only on the perpetual side; periodic knows one margin per period, after the count.</Text>
          </div>
          <MarginChart periods={view.periods} currency={cur} />
          <Table size="extra-small" aria-label="Cost of goods sold by period, both ways" className={s.fitTable}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '22%' }}>Period</TableHeaderCell>
                <TableHeaderCell className={c.head} button={RIGHT}>
                  Perpetual COGS
                </TableHeaderCell>
                <TableHeaderCell className={c.head} button={RIGHT}>
                  Periodic COGS
                </TableHeaderCell>
                <TableHeaderCell className={c.head} button={RIGHT}>
                  Difference
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.periods.map((p) => (
                <TableRow key={p.period}>
                  <TableCell>{shortPeriodName(p.period)}</TableCell>
                  <TableCell className={c.num}>{formatMoney(p.perpetualCogs)}</TableCell>
                  <TableCell className={c.num}>{formatMoney(p.periodicCogs)}</TableCell>
                  <TableCell className={c.num}>{formatMoney(difference(p.periodicCogs, p.perpetualCogs))}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Text size={200} className={s.muted}>
            Amounts in {cur}. Difference = periodic − perpetual.
          </Text>
        </>
      )}
      {view.sheetName !== undefined && state.written?.sheets.some((w) => w.key === 'periodic-vs-perpetual') === true ? (
        <Button onClick={() => void controller.openSheet(state.written?.sheets.find((w) => w.key === 'periodic-vs-perpetual')?.sheetName ?? view.sheetName ?? '')}>
          Open the full comparison sheet
        </Button>
      ) : view.sheetName !== undefined ? (
        <Text size={200} className={s.muted}>
          Every figure, and the margin of each invoice, goes to the “{view.sheetName}” sheet when the run is written.
        </Text>
      ) : null}
    </section>
  );
}
