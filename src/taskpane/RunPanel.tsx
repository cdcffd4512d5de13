/** Run: pickers, Run/Cancel with progress, then the summary cards and links to the sheets. */
import * as React from 'react';
import { Button, Card, Field, Input, Link, ProgressBar, Select, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { METHODS, PERIODS, type Method, type PeriodKind } from '../engine/types';
import type { PaneController } from './controller';
import type { RunProgress, RunState } from './runController';
import { formatCount, formatMoney, marginPercent, sameAmount } from './format';
import { useStore } from './store';
import { Notices, useShared } from './ui';

const STAGES: Readonly<Record<string, string>> = {
  read: 'Checking the tables',
  prepare: 'Preparing items, locations and accounts',
  value: 'Valuing movements',
  post: 'Posting journals',
  report: 'Totalling accounts',
  tax: 'Valuing the tax book',
  render: 'Building the sheets',
};

const useStyles = makeStyles({
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))', gap: tokens.spacingHorizontalS },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  links: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
});

export function progressLabel(phase: RunState['phase'], p: RunProgress | undefined): string {
  if (p === undefined) return '';
  if (phase === 'writing') return p.total > 0 ? `Writing ${p.stage}: ${formatCount(p.done)} of ${formatCount(p.total)} rows` : `Writing ${p.stage}`;
  const name = STAGES[p.stage] ?? p.stage;
  return p.total > 1 ? `${name}: ${formatCount(p.done)} of ${formatCount(p.total)}` : name;
}

function fraction(p: RunProgress | undefined): number | undefined {
  if (p === undefined || p.total <= 1) return undefined;
  return Math.min(1, Math.max(0, p.done / p.total));
}

function SummaryCards({ state }: { readonly state: RunState }): React.ReactElement | null {
  const c = useStyles();
  const run = state.run;
  if (run === undefined) return null;
  const t = run.summary.totals;
  const cur = run.summary.baseCurrency;
  const balanced = sameAmount(t.debits, t.credits);
  const pct = marginPercent(t.grossMargin, t.revenue);
  const cards: Array<{ label: string; value: string; sub?: string }> = [
    { label: 'Inventory value', value: formatMoney(t.inventoryValue), sub: cur },
    { label: 'Cost of goods sold', value: formatMoney(t.cogs), sub: cur },
    { label: 'Revenue', value: formatMoney(t.revenue), sub: cur },
    { label: 'Gross margin', value: formatMoney(t.grossMargin), ...(pct === undefined ? { sub: cur } : { sub: `${cur} · ${pct}` }) },
  ];
  return (
    <div className={c.cards} aria-label="Run summary" role="group">
      {cards.map((card) => (
        <Card key={card.label} size="small" data-testid={`card-${card.label}`}>
          <Text size={200}>{card.label}</Text>
          <Text className={c.value}>{card.value}</Text>
          {card.sub === undefined ? null : <Text size={100}>{card.sub}</Text>}
        </Card>
      ))}
      <Card size="small" data-testid="card-journal">
        <Text size={200}>Journal</Text>
        <Text className={mergeClasses(c.value, balanced ? c.ok : c.bad)}>{balanced ? 'balanced ✓' : 'NOT balanced ✗'}</Text>
        <Text size={100}>
          Dr {formatMoney(t.debits)} / Cr {formatMoney(t.credits)}
        </Text>
      </Card>
    </div>
  );
}

function RunProgressBar({ state }: { readonly state: RunState }): React.ReactElement {
  const f = fraction(state.progress);
  const label = progressLabel(state.phase, state.progress);
  return (
    <Field label={label}>
      {f === undefined ? <ProgressBar aria-label={label} /> : <ProgressBar aria-label={label} value={f} />}
    </Field>
  );
}

export function RunPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const c = useStyles();
  const state = useStore(controller.run.state);
  const choices = useStore(controller.choices);
  React.useEffect(() => {
    // Defaults for the pickers come from the Settings table.
    if (!controller.run.busy) void controller.loadSettings();
  }, [controller]);
  const busy = state.phase === 'reading' || state.phase === 'valuing' || state.phase === 'writing';
  const run = state.run;
  const errors = run?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = run?.diagnostics.filter((d) => d.severity === 'warning').length ?? 0;
  return (
    <section className={s.panel} aria-labelledby="run-title">
      <Subtitle2 as="h2" id="run-title">
        Value the workbook
      </Subtitle2>
      <div className={s.row}>
        <Field label="Method" style={{ minWidth: 120, flex: 1 }}>
          <Select value={choices.method} disabled={busy} onChange={(_, d) => controller.setChoice({ method: d.value as Method | '' })}>
            <option value="">Per item (Settings)</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Period" style={{ minWidth: 100, flex: 1 }}>
          <Select value={choices.period} disabled={busy} onChange={(_, d) => controller.setChoice({ period: d.value as PeriodKind | '' })}>
            <option value="">From Settings</option>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="As of" hint="Blank: every movement" style={{ minWidth: 140, flex: 1 }}>
          <Input type="date" value={choices.asOf} disabled={busy} onChange={(_, d) => controller.setChoice({ asOf: d.value })} />
        </Field>
      </div>
      <div className={s.row}>
        <Button appearance="primary" disabled={busy} onClick={() => void controller.startRun()}>
          Run
        </Button>
        <Button disabled={!busy} onClick={() => controller.cancelRun()}>
          Cancel
        </Button>
      </div>
      {busy ? <RunProgressBar state={state} /> : null}
      {state.phase === 'cancelled' ? (
        <Notices
          notices={[
            {
              intent: 'warning',
              text:
                state.cancelledDuring === 'writing'
                  ? `Cancelled while writing. ${state.written?.sheets.length ?? 0} sheet(s) were written completely; the sheet in progress was discarded and the sheets from the previous run are unchanged.`
                  : 'Cancelled before anything was written; the workbook is unchanged.',
            },
          ]}
        />
      ) : null}
      {state.phase === 'failed' ? <Notices notices={[{ intent: 'error', text: `The run failed: ${state.error ?? 'unknown error'}` }]} /> : null}
      {state.phase === 'done' && run !== undefined ? (
        <Notices
          notices={[
            {
              intent: errors > 0 ? 'warning' : 'success',
              text: `Done: ${state.written?.sheets.length ?? 0} sheets written. ${errors} error(s), ${warnings} warning(s)${errors > 0 ? ' — see Diagnostics; rows with errors were skipped.' : '.'}`,
            },
          ]}
        />
      ) : null}
      {state.phase === 'done' ? <SummaryCards state={state} /> : null}
      {state.written !== undefined && state.written.sheets.length > 0 ? (
        <nav aria-label="Generated sheets" className={c.links}>
          <Text weight="semibold">Generated sheets</Text>
          {state.written.sheets.map((sheet) => (
            <Link key={sheet.sheetName} onClick={() => void controller.openSheet(sheet.sheetName)}>
              {sheet.sheetName} ({formatCount(sheet.rows)} rows)
            </Link>
          ))}
          {state.written.renames.map((r) => (
            <Text key={r.actual} size={200} className={s.muted}>
              “{r.wanted}” is one of your sheets, so this run wrote “{r.actual}”.
            </Text>
          ))}
        </nav>
      ) : null}
    </section>
  );
}
