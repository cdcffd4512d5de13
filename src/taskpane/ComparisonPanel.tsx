/**
 * Periodic versus perpetual: both gross margins per period as a bar chart (inline SVG, drawn here),
 * the figures as a table, and the difference explained in plain words, sized for a projector.
 */
import * as React from 'react';
import { Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { SummaryPeriod } from '../workbook/summaryTypes';
import type { PaneController } from './controller';
import { difference, formatMoney, isNegativeAmount, isZeroAmount, toPlotNumber } from './format';
import { SheetTableView, cellText } from './SheetTableView';
import type { SheetModel } from '../workbook/sheet';
import { useStore } from './store';
import { useShared, WIDE } from './ui';

const useStyles = makeStyles({
  big: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  legend: { display: 'flex', columnGap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  swatch: { display: 'inline-block', width: '12px', height: '12px', marginRight: '4px', verticalAlign: 'middle' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

const PERPETUAL_COLOR = tokens.colorBrandBackground;
const PERIODIC_COLOR = tokens.colorPaletteMarigoldBackground3;

export interface ChartBar {
  readonly period: string;
  readonly perpetual: number;
  readonly periodic: number;
}

/** Bar geometry: y of zero and the scale, covering negative margins too. */
export function chartScale(bars: readonly ChartBar[], height: number): { zeroY: number; perUnit: number } {
  const values = bars.flatMap((b) => [b.perpetual, b.periodic]);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  return { zeroY: (max / span) * height, perUnit: height / span };
}

export function MarginChart({ periods }: { readonly periods: readonly SummaryPeriod[] }): React.ReactElement {
  const bars: ChartBar[] = periods.map((p) => ({ period: p.period, perpetual: toPlotNumber(p.perpetual.grossMargin), periodic: toPlotNumber(p.periodic.grossMargin) }));
  const plotHeight = 150;
  const top = 10;
  const group = 56;
  const barWidth = 20;
  const left = 8;
  const width = Math.max(280, left * 2 + bars.length * group);
  const { zeroY, perUnit } = chartScale(bars, plotHeight);
  const rect = (value: number, x: number, fill: string, label: string): React.ReactElement => {
    const h = Math.abs(value) * perUnit;
    const y = value >= 0 ? top + zeroY - h : top + zeroY;
    return (
      <rect x={x} y={y} width={barWidth} height={Math.max(h, 1)} fill={fill}>
        <title>{label}</title>
      </rect>
    );
  };
  return (
    <svg
      role="img"
      aria-label={`Gross margin by period, perpetual versus periodic: ${periods.map((p) => `${p.period} perpetual ${p.perpetual.grossMargin}, periodic ${p.periodic.grossMargin}`).join('; ')}`}
      viewBox={`0 0 ${width} ${plotHeight + top + 34}`}
      width="100%"
      data-testid="margin-chart"
    >
      <line x1={0} x2={width} y1={top + zeroY} y2={top + zeroY} stroke={tokens.colorNeutralStroke1} strokeWidth={1} />
      {bars.map((b, i) => {
        const x = left + i * group + 6;
        return (
          <g key={b.period}>
            {rect(b.perpetual, x, PERPETUAL_COLOR, `${b.period} perpetual margin ${periods[i]?.perpetual.grossMargin ?? ''}`)}
            {rect(b.periodic, x + barWidth + 2, PERIODIC_COLOR, `${b.period} periodic margin ${periods[i]?.periodic.grossMargin ?? ''}`)}
            <text x={x + barWidth} y={plotHeight + top + 16} textAnchor="middle" fontSize={11} fill={tokens.colorNeutralForeground1}>
              {b.period}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The engine's split of the difference for a period, from the Periodic vs Perpetual sheet. */
export function differenceParts(sheet: SheetModel | undefined, period: string): string | undefined {
  const table = sheet?.tables.find((t) => t.columns.some((c) => c.header === 'Shrinkage'));
  if (table === undefined) return undefined;
  const at = (header: string): number => table.columns.findIndex((c) => c.header === header);
  const row = table.rows.find((r) => r[at('Period')] === period);
  if (row === undefined) return undefined;
  const parts: Array<[string, string]> = [
    ['Shrinkage', 'shrinkage (units the count found missing)'],
    ['Method Effect', 'method (periodic versus perpetual pricing)'],
    ['Timing', 'timing (shipped, not yet invoiced)'],
    ['Other', 'other'],
  ];
  const said = parts
    .map(([header, words]) => ({ words, value: row[at(header)] }))
    .filter((p): p is { words: string; value: number } => typeof p.value === 'number' && p.value !== 0)
    .map((p) => `${p.words} ${cellText(p.value, 'money')}`);
  return said.length === 0 ? undefined : `Of that: ${said.join('; ')}.`;
}

/** The plain-words explanation for one period. */
export function explainPeriod(p: SummaryPeriod, currency: string): string {
  const diff = difference(p.periodic.cogs, p.perpetual.cogs);
  if (isZeroAmount(diff)) {
    return `${p.period}: both give the same cost of goods sold (${formatMoney(p.perpetual.cogs, currency)}). Perpetual knew it on each invoice; periodic only after the count at period end.`;
  }
  const higher = isNegativeAmount(diff) ? 'lower' : 'higher';
  const amount = formatMoney(isNegativeAmount(diff) ? diff.slice(1) : diff, currency);
  return `${p.period}: periodic cost of goods sold is ${amount} ${higher} than perpetual (${formatMoney(p.periodic.cogs, currency)} against ${formatMoney(p.perpetual.cogs, currency)}).`;
}

export function ComparisonPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const c = useStyles();
  const state = useStore(controller.run.state);
  const summary = state.run?.summary;
  const sheet = state.run?.sheets.find((m) => m.key.includes('periodic'));
  if (summary === undefined) {
    return (
      <section className={s.panel} aria-labelledby="cmp-title">
        <Subtitle2 as="h2" id="cmp-title">
          Periodic vs perpetual
        </Subtitle2>
        <Text>Run a valuation first.</Text>
      </section>
    );
  }
  const cur = summary.baseCurrency;
  return (
    <section className={s.panel} aria-labelledby="cmp-title">
      <Subtitle2 as="h2" id="cmp-title">
        Periodic vs perpetual
      </Subtitle2>
      {summary.periods.length === 0 ? (
        <Text>This run has no periods to compare.</Text>
      ) : (
        <>
          <div className={c.legend} aria-hidden="true">
            <Text size={200}>
              <span className={c.swatch} style={{ background: PERPETUAL_COLOR }} />
              Perpetual margin
            </Text>
            <Text size={200}>
              <span className={c.swatch} style={{ background: PERIODIC_COLOR }} />
              Periodic margin
            </Text>
          </div>
          <MarginChart periods={summary.periods} />
          <div className={s.scrollX}>
            <Table size="extra-small" aria-label="Periodic and perpetual figures by period" style={WIDE}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Period</TableHeaderCell>
                  <TableHeaderCell>Revenue</TableHeaderCell>
                  <TableHeaderCell>COGS perpetual</TableHeaderCell>
                  <TableHeaderCell>COGS periodic</TableHeaderCell>
                  <TableHeaderCell>Difference</TableHeaderCell>
                  <TableHeaderCell>Margin perpetual</TableHeaderCell>
                  <TableHeaderCell>Margin periodic</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {summary.periods.map((p) => (
                  <TableRow key={p.period}>
                    <TableCell>{p.period}</TableCell>
                    <TableCell className={c.num}>{formatMoney(p.revenue)}</TableCell>
                    <TableCell className={c.num}>{formatMoney(p.perpetual.cogs)}</TableCell>
                    <TableCell className={c.num}>{formatMoney(p.periodic.cogs)}</TableCell>
                    <TableCell className={c.num}>{formatMoney(difference(p.periodic.cogs, p.perpetual.cogs))}</TableCell>
                    <TableCell className={c.num}>{formatMoney(p.perpetual.grossMargin)}</TableCell>
                    <TableCell className={c.num}>{formatMoney(p.periodic.grossMargin)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={s.stack} data-testid="explanation">
            {summary.periods.map((p) => (
              <Text key={p.period} className={c.big}>
                {explainPeriod(p, cur)} {differenceParts(sheet, p.period) ?? ''}
              </Text>
            ))}
          </div>
        </>
      )}
      <div className={s.stack}>
        <Text className={c.big} weight="semibold" as="h3">
          Why the two differ
        </Text>
        <Text className={c.big}>
          <b>Timing.</b> Perpetual costs each sale the moment it ships, so every invoice shows its own margin. Periodic works cost of goods sold out once, at
          period end: opening stock + purchases − closing stock. Until the count, it does not know.
        </Text>
        <Text className={c.big}>
          <b>Shrinkage.</b> Stock that goes missing is simply not in the periodic count, so it lands in cost of goods sold. Perpetual books it separately, as
          a stock adjustment you can see.
        </Text>
        <Text className={c.big}>
          <b>Method.</b> Periodic prices the closing stock by the periodic form of the method (FIFO, LIFO or the period’s weighted average); perpetual LIFO and
          moving average price each sale when it happens, so their costs can differ.
        </Text>
        <Text className={c.big}>
          <b>Per-invoice margins exist only on the perpetual side.</b>
        </Text>
      </div>
      {sheet !== undefined ? (
        <div className={s.stack}>
          {(sheet.notes ?? []).map((n, i) => (
            <Text key={i} className={c.big}>
              {n}
            </Text>
          ))}
          {sheet.tables.map((t) => (
            <SheetTableView key={t.name} table={t} maxRows={24} />
          ))}
          <Text size={200}>The full comparison, with its chart, is on the “{sheet.sheetName}” sheet.</Text>
        </div>
      ) : null}
    </section>
  );
}
