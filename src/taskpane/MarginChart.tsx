/**
 * Gross margin by period, periodic against perpetual: an inline SVG bar chart with a value axis,
 * gridlines, a value on each bar (when they fit), period labels and a legend. The two series differ
 * by colour and by pattern (periodic is hatched), so they read apart in grey or for colour-blind
 * readers. Floats are used for pixel geometry only; labels print the exact strings.
 */
import * as React from 'react';
import { tokens } from '@fluentui/react-components';
import { formatMoney, toPlotNumber } from './format';
import { shortPeriodName } from './compareStory';
import type { PeriodView } from './runView';

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

/** Round axis steps (1, 2 or 5 x 10^n) spanning min..max in about `count` steps, zero included. */
export function axisTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const raw = (hi - lo || 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  if ((ticks[ticks.length - 1] ?? 0) < hi) ticks.push((ticks[ticks.length - 1] ?? 0) + step);
  return ticks;
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const AXIS_NUMBER = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** The exact figure when it is short enough to sit over a bar, else a compact one (12.3K). */
function barLabel(value: number, exact: string): string {
  const text = formatMoney(exact);
  if (text.length <= 7) return text;
  const whole = WHOLE.format(value);
  return whole.length <= 7 ? whole : AXIS_NUMBER.format(value);
}

export const SERIES = {
  perpetual: { label: 'Perpetual margin', fill: tokens.colorBrandBackground },
  periodic: { label: 'Periodic margin', fill: tokens.colorPaletteMarigoldBorderActive },
} as const;

export function MarginChart({ periods, currency }: { readonly periods: readonly PeriodView[]; readonly currency: string }): React.ReactElement {
  const bars: ChartBar[] = periods.map((p) => ({ period: p.period, perpetual: toPlotNumber(p.perpetualMargin), periodic: toPlotNumber(p.periodicMargin) }));
  const ticks = axisTicks(Math.min(...bars.flatMap((b) => [b.perpetual, b.periodic])), Math.max(...bars.flatMap((b) => [b.perpetual, b.periodic])));
  const lo = ticks[0] ?? 0;
  const hi = ticks[ticks.length - 1] ?? 1;
  const width = 296;
  const left = 40;
  const right = 6;
  const top = 30;
  const plot = 150;
  const bottom = top + plot;
  const y = (v: number): number => top + ((hi - v) / (hi - lo || 1)) * plot;
  const slot = (width - left - right) / Math.max(1, bars.length);
  const barWidth = Math.min(28, (slot - 10) / 2);
  const showValues = bars.length <= 4;
  const ink = tokens.colorNeutralForeground1;
  const faint = tokens.colorNeutralStroke2;
  const bar = (value: number, text: string, x: number, series: 'perpetual' | 'periodic', label: string): React.ReactElement => {
    const y0 = y(0);
    const y1 = y(value);
    const h = Math.max(1, Math.abs(y1 - y0));
    const top_ = Math.min(y0, y1);
    return (
      <g>
        <rect x={x} y={top_} width={barWidth} height={h} style={{ fill: SERIES[series].fill }} data-series={series}>
          <title>{label}</title>
        </rect>
        {series === 'periodic' ? <rect x={x} y={top_} width={barWidth} height={h} style={{ fill: 'url(#pp-hatch)' }} pointerEvents="none" /> : null}
        {showValues ? (
          <text x={x + barWidth / 2} y={value >= 0 ? top_ - 3 : top_ + h + 10} textAnchor="middle" fontSize={9} style={{ fill: ink }}>
            {text}
          </text>
        ) : null}
      </g>
    );
  };
  return (
    <svg
      role="img"
      aria-label={`Gross margin by period, perpetual versus periodic, in ${currency}: ${periods.map((p) => `${p.period} perpetual ${p.perpetualMargin}, periodic ${p.periodicMargin}`).join('; ')}`}
      viewBox={`0 0 ${width} ${bottom + 22}`}
      width="100%"
      style={{ maxWidth: 480, display: 'block' }}
      data-testid="margin-chart"
    >
      <defs>
        <pattern id="pp-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="5" stroke="rgba(0,0,0,0.45)" strokeWidth="2" />
        </pattern>
      </defs>
      <g data-testid="chart-legend" fontSize={10}>
        <rect x={left} y={6} width={10} height={10} style={{ fill: SERIES.perpetual.fill }} />
        <text x={left + 14} y={15} style={{ fill: ink }}>
          {SERIES.perpetual.label}
        </text>
        <rect x={left + 118} y={6} width={10} height={10} style={{ fill: SERIES.periodic.fill }} />
        <rect x={left + 118} y={6} width={10} height={10} style={{ fill: 'url(#pp-hatch)' }} />
        <text x={left + 132} y={15} style={{ fill: ink }}>
          {SERIES.periodic.label}
        </text>
      </g>
      <g data-testid="chart-axis" fontSize={9}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} style={{ stroke: t === 0 ? tokens.colorNeutralStroke1 : faint }} strokeWidth={t === 0 ? 1 : 0.5} data-gridline={t} />
            <text x={left - 4} y={y(t) + 3} textAnchor="end" style={{ fill: tokens.colorNeutralForeground3 }}>
              {AXIS_NUMBER.format(t)}
            </text>
          </g>
        ))}
        <line x1={left} x2={left} y1={top} y2={bottom} style={{ stroke: tokens.colorNeutralStroke1 }} strokeWidth={1} />
      </g>
      {bars.map((b, i) => {
        const p = periods[i];
        const x = left + i * slot + (slot - 2 * barWidth - 2) / 2;
        return (
          <g key={b.period}>
            {bar(b.perpetual, barLabel(b.perpetual, p?.perpetualMargin ?? ''), x, 'perpetual', `${b.period} perpetual margin ${p?.perpetualMargin ?? ''}`)}
            {bar(b.periodic, barLabel(b.periodic, p?.periodicMargin ?? ''), x + barWidth + 2, 'periodic', `${b.period} periodic margin ${p?.periodicMargin ?? ''}`)}
            <text x={left + i * slot + slot / 2} y={bottom + 14} textAnchor="middle" fontSize={10} style={{ fill: ink }}>
              {bars.length > 6 ? b.period.slice(-2) : shortPeriodName(b.period)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
