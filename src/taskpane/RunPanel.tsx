/** Run: pickers, Run/Cancel with progress, then the summary cards and links to the sheets. */
import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Card,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { METHODS, PERIODS, type Method, type PeriodKind } from '../engine/types';
import type { CatchUpCause } from '../workbook/render/catchup';
import type { PaneController } from './controller';
import type { RunProgress, RunState } from './runController';
import { formatCount, formatMoney, marginPercent, sameAmount } from './format';
import { useStore } from './store';
import { errorView, totalsView } from './runView';
import { EmptyState, Notices, skippedWords, useShared } from './ui';

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
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(128px, 1fr))', gap: tokens.spacingHorizontalS },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  links: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
  /** The three pickers: same height, each exactly its grid cell wide (2 per row at 320 px, 3 at 450). */
  pickers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(124px, 1fr))', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS, alignItems: 'start' },
  field: { minWidth: 0 },
  control: { width: '100%', minWidth: 0, maxWidth: '100%', boxSizing: 'border-box' },
  inner: { width: '100%', minWidth: 0 },
  causes: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  causesHeader: { minWidth: 0, overflowWrap: 'anywhere' },
});

/** More rows than this are left to the Catch-up sheet (the list is for finding a few rows). */
const MAX_CAUSES_LISTED = 200;

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
  const t = totalsView(run);
  const cur = t.currency;
  const errors = errorView(run.diagnostics);
  const incomplete = errors.errors > 0;
  const tag = incomplete ? ` · incomplete, ${skippedWords(errors)}` : '';
  const balanced = sameAmount(t.debits, t.credits);
  const pct = marginPercent(t.grossMargin, t.revenue);
  const cards: Array<{ label: string; value: string; sub: string }> = [
    { label: 'Inventory value', value: formatMoney(t.inventoryValue), sub: cur },
    { label: 'Cost of goods sold', value: formatMoney(t.cogs), sub: cur },
    { label: 'Revenue', value: formatMoney(t.revenue), sub: cur },
    { label: 'Gross margin', value: formatMoney(t.grossMargin), sub: pct === undefined ? cur : `${cur} · ${pct}` },
  ];
  const journal = incomplete ? (balanced ? 'balanced, incomplete' : 'NOT balanced ✗') : balanced ? 'balanced ✓' : 'NOT balanced ✗';
  return (
    <div className={c.cards} aria-label="Run summary" role="group">
      {cards.map((card) => (
        <Card key={card.label} size="small" data-testid={`card-${card.label}`}>
          <Text size={200}>{card.label}</Text>
          <Text className={c.value}>{card.value}</Text>
          <Text size={100}>
            {card.sub}
            {incomplete ? <span className={c.warn}>{tag}</span> : null}
          </Text>
        </Card>
      ))}
      <Card size="small" data-testid="card-journal">
        <Text size={200}>Journal</Text>
        <Text className={mergeClasses(c.value, incomplete ? c.warn : balanced ? c.ok : c.bad)}>{journal}</Text>
        <Text size={100}>
          Dr {formatMoney(t.debits)} / Cr {formatMoney(t.credits)}
          {incomplete ? <span className={c.warn}>{tag}</span> : null}
        </Text>
      </Card>
    </div>
  );
}

/** The refusal after a run with error rows, and the user's way past it, in plain words. */
function Blocked({ controller, state }: { readonly controller: PaneController; readonly state: RunState }): React.ReactElement | null {
  const s = useShared();
  if (state.run === undefined) return null;
  const errors = errorView(state.run.diagnostics);
  const rows = errors.rows > 0 ? `${formatCount(errors.rows)} row${errors.rows === 1 ? '' : 's'}` : `${formatCount(errors.errors)} error${errors.errors === 1 ? '' : 's'}`;
  const anyway = errors.rows > 0 ? `Write anyway, skipping ${rows}` : `Write anyway, with ${rows}`;
  return (
    <div className={s.stack} data-testid="blocked">
      <MessageBar intent="error">
        <MessageBarBody>
          Nothing was written: {rows} {errors.rows === 1 || (errors.rows === 0 && errors.errors === 1) ? 'has' : 'have'} errors, and a valuation that leaves them out would be
          incomplete (the command line refuses the same input). Fix them, then run again.
        </MessageBarBody>
      </MessageBar>
      <div className={s.row}>
        <Button appearance="primary" onClick={() => controller.go('diagnostics')}>
          Show the errors
        </Button>
        <Button onClick={() => void controller.writeAnyway()}>{anyway}</Button>
      </div>
    </div>
  );
}

/** "Receipt · COAT · R0, dated 2026-02-15, entered 2026-03-03". */
export function causeWords(c: CatchUpCause): string {
  const what = [c.type, c.item, c.doc].filter((x): x is string => x !== undefined && x !== '').join(' · ');
  const when = [c.date === undefined ? undefined : `dated ${c.date}`, c.entered === undefined ? undefined : `entered ${c.entered}`].filter((x): x is string => x !== undefined).join(', ');
  return [what, when].filter((x) => x !== '').join(', ');
}

/**
 * The back-dated rows behind the catch-up line, collapsed under it; a click selects the row of the
 * input table in Excel (the same host call as a diagnostic's cell, with no column: the whole row).
 */
function CatchUpCauses({ controller, causes }: { readonly controller: PaneController; readonly causes: readonly CatchUpCause[] }): React.ReactElement {
  const c = useStyles();
  const s = useShared();
  const selection = useStore(controller.rowSelection);
  const shown = causes.slice(0, MAX_CAUSES_LISTED);
  const n = causes.length;
  return (
    <Accordion collapsible data-testid="catch-up-causes">
      <AccordionItem value="causes">
        <AccordionHeader size="small" className={c.causesHeader}>
          {n === 1 ? 'The row that changed closed periods' : `The ${formatCount(n)} rows that changed closed periods`}
        </AccordionHeader>
        <AccordionPanel>
          <div className={s.stack}>
            <Text size={200} className={s.muted}>
              Click a row to select it in its table.
            </Text>
            {selection.address !== undefined ? (
              <Text role="status" size={200} data-testid="selected-row">
                Selected {selection.address}
              </Text>
            ) : null}
            <Notices notices={selection.notice === undefined ? [] : [selection.notice]} />
            <ul className={c.causes}>
              {shown.map((cause) => {
                const where = `${cause.table} row ${formatCount(cause.row)}`;
                const words = causeWords(cause);
                const isSelected = selection.cause !== undefined && selection.cause.table === cause.table && selection.cause.row === cause.row;
                return (
                  <li key={`${cause.table}:${cause.row}`}>
                    <Button appearance="subtle" className={mergeClasses(s.rowButton, isSelected && s.rowSelected)} aria-label={`${where}: ${words}. Select the row.`} onClick={() => void controller.selectRow(cause)}>
                      <Text size={200} weight="semibold">
                        {where}
                      </Text>
                      {words === '' ? null : <Text size={200}>{words}</Text>}
                    </Button>
                  </li>
                );
              })}
            </ul>
            {n > shown.length ? (
              <Text size={200} className={s.muted}>
                {formatCount(n - shown.length)} more on the Catch-up sheet.
              </Text>
            ) : null}
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
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
  const counted = run === undefined ? undefined : errorView(run.diagnostics);
  const errors = counted?.errors ?? 0;
  const warnings = counted?.warnings ?? 0;
  return (
    <section className={s.panel} aria-labelledby="run-title">
      <Subtitle2 as="h2" id="run-title">
        Value the workbook
      </Subtitle2>
      <div className={c.pickers}>
        <Field label="Method" className={c.field}>
          <Select className={c.control} select={{ className: c.inner }} value={choices.method} disabled={busy} onChange={(_, d) => controller.setChoice({ method: d.value as Method | '' })}>
            <option value="">Per item</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Period" className={c.field}>
          <Select className={c.control} select={{ className: c.inner }} value={choices.period} disabled={busy} onChange={(_, d) => controller.setChoice({ period: d.value as PeriodKind | '' })}>
            <option value="">From Settings</option>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="As of" className={c.field}>
          <Input className={c.control} input={{ className: c.inner }} type="date" value={choices.asOf} disabled={busy} onChange={(_, d) => controller.setChoice({ asOf: d.value })} />
        </Field>
      </div>
      <Text size={200} className={s.muted}>
        Method and period start from your Settings table; leave As of blank to value every movement.
      </Text>
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
                  ? `Cancelled while writing. ${formatCount(state.written?.sheets.length ?? 0)} sheet(s) were written completely; the sheet in progress was discarded and the sheets from the previous run are unchanged.`
                  : 'Cancelled before anything was written; the workbook is unchanged.',
            },
          ]}
        />
      ) : null}
      {state.phase === 'failed' ? <Notices notices={[{ intent: 'error', text: `The run failed: ${state.error ?? 'unknown error'}` }]} /> : null}
      {state.phase === 'idle' ? <EmptyState next="Press Run to value every movement. The journal, stock ledger and statements are written as new sheets; your tables are not changed." /> : null}
      {state.phase === 'blocked' ? <Blocked controller={controller} state={state} /> : null}
      {state.phase === 'done' && run !== undefined ? (
        <Notices
          notices={[
            errors > 0
              ? { intent: 'warning', text: `Written with errors: ${formatCount(state.written?.sheets.length ?? 0)} sheets, incomplete (${skippedWords(errorView(run.diagnostics))}; see Diagnostics).` }
              : { intent: 'success', text: `Done: ${formatCount(state.written?.sheets.length ?? 0)} sheets written. ${formatCount(warnings)} warning(s).` },
            // Closed periods (SPEC 4a): what back-dated rows changed, caught up on the first open day.
            ...(run.catchUpMessage === undefined ? [] : [{ intent: 'info' as const, text: `${run.catchUpMessage} (see the Catch-up sheet).` }]),
          ]}
        />
      ) : null}
      {state.phase === 'done' && run?.catchUpCauses !== undefined && run.catchUpCauses.length > 0 ? <CatchUpCauses controller={controller} causes={run.catchUpCauses} /> : null}
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
