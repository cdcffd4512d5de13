/**
 * Migration wizard: 1 cut-over date, 2 preview (readiness checklist and entries, from the engine's
 * Migration sheet model, rendered as it is), 3 write the Migration sheet only. The cut-over date
 * is applied to this preview run only; the Settings table is not changed.
 */
import * as React from 'react';
import { Button, Field, Input, ProgressBar, Subtitle2, Text } from '@fluentui/react-components';
import type { PaneController } from './controller';
import type { SheetTable } from '../workbook/sheet';
import { formatCount, groupNumbersInText } from './format';
import { errorView, type ErrorView } from './runView';
import { SheetTableView, type ShownColumn } from './SheetTableView';
import { useStore } from './store';
import { EmptyState, IncompleteNote, Notices, useShared } from './ui';

const CHECKLIST: readonly ShownColumn[] = [
  { header: 'Check', width: '34%' },
  { header: 'Subject', width: '44%' },
  { header: 'Status', width: '22%' },
];

const JOURNAL: readonly ShownColumn[] = [
  { header: 'Date', width: '27%' },
  { header: 'Account', width: '21%' },
  { header: 'Debit', width: '26%' },
  { header: 'Credit', width: '26%' },
];

function pick(tables: readonly SheetTable[], name: RegExp): readonly SheetTable[] {
  return tables.filter((t) => name.test(t.name));
}

/** Writing a preview whose run had errors is the user's choice, said in words. */
function writeLabel(errors: ErrorView | undefined): string {
  if (errors === undefined || errors.errors === 0) return 'Write the Migration sheet';
  return errors.rows > 0 ? `Write anyway, skipping ${formatCount(errors.rows)} row${errors.rows === 1 ? '' : 's'}` : 'Write anyway, with errors';
}

export function MigrationPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const m = useStore(controller.migration);
  const busy = m.phase === 'previewing' || m.phase === 'writing';
  return (
    <section className={s.panel} aria-labelledby="mig-title">
      <Subtitle2 as="h2" id="mig-title">
        Move to perpetual inventory
      </Subtitle2>
      <Text size={200}>
        Step 1: the date the business switches from periodic to perpetual. Step 2: check readiness and the opening entries. Step 3: write them to the Migration
        sheet (your own ledger is not touched).
      </Text>
      <div className={s.row}>
        <Field label="Cut-over date" style={{ flex: 1, minWidth: 140 }}>
          <Input type="date" value={m.cutOver} disabled={busy} onChange={(_, d) => controller.setCutOver(d.value)} />
        </Field>
        <Button appearance="primary" disabled={busy || m.cutOver === ''} onClick={() => void controller.previewMigration()}>
          Preview
        </Button>
        {busy ? <Button onClick={() => controller.cancelMigration()}>Cancel</Button> : null}
      </div>
      {busy ? (
        <Field label={m.phase === 'writing' ? `Writing ${m.progress?.stage ?? 'Migration'}: ${formatCount(m.progress?.done ?? 0)} rows` : 'Valuing to the cut-over date…'}>
          <ProgressBar aria-label="Migration progress" />
        </Field>
      ) : null}
      {m.phase === 'failed' ? <Notices notices={[{ intent: 'error', text: m.error ?? 'The preview failed.' }]} /> : null}
      {m.phase === 'cancelled' ? <Notices notices={[{ intent: 'warning', text: 'Cancelled; nothing was written.' }]} /> : null}
      {m.phase === 'idle' && m.model === undefined ? <EmptyState next="Pick the cut-over date (usually the last day of a closed period), then press Preview. Nothing is written until you choose to." /> : null}
      {m.model !== undefined && (m.phase === 'preview' || m.phase === 'writing' || m.phase === 'written') ? (
        <div className={s.stack} data-testid="migration-preview">
          {m.run === undefined ? null : <IncompleteNote errors={errorView(m.run.diagnostics)} />}
          {(m.model.notes ?? []).map((n, i) => (
            <Text key={i}>{groupNumbersInText(n)}</Text>
          ))}
          {/* Readiness first, then the journal, money first; the other tables are on the sheet. */}
          {pick(m.model.tables, /checklist/i).map((t) => (
            <SheetTableView key={t.name} table={t} columns={CHECKLIST} maxRows={50} />
          ))}
          {pick(m.model.tables, /journal/i).map((t) => (
            <SheetTableView key={t.name} table={t} columns={JOURNAL} maxRows={50} />
          ))}
          <Text size={200} className={s.muted}>
            The Migration sheet holds every column: entry names, memos, stock per location and goods received not billed.
          </Text>
          {m.phase === 'written' && m.written !== undefined ? (
            <Button onClick={() => void controller.openSheet(m.written?.sheets[0]?.sheetName ?? 'Migration')}>Open the Migration sheet</Button>
          ) : (
            <Button appearance="primary" disabled={m.phase !== 'preview'} onClick={() => void controller.writeMigration()}>
              {writeLabel(m.run === undefined ? undefined : errorView(m.run.diagnostics))}
            </Button>
          )}
        </div>
      ) : null}
      {m.phase === 'written' && m.written !== undefined ? (
        <Notices
          notices={[
            {
              intent: 'success',
              text: `Wrote ${m.written.sheets.map((w) => w.sheetName).join(', ')}. Post these entries in your ledger on ${m.cutOver} to switch to perpetual.`,
            },
          ]}
        />
      ) : null}
    </section>
  );
}
