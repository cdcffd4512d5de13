/**
 * Migration wizard: 1 cut-over date, 2 preview (readiness checklist and entries, from the engine's
 * Migration sheet model, rendered as it is), 3 write the Migration sheet only. The cut-over date
 * is applied to this preview run only; the Settings table is not changed.
 */
import * as React from 'react';
import { Button, Field, Input, ProgressBar, Subtitle2, Text } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { formatCount } from './format';
import { SheetTableView } from './SheetTableView';
import { useStore } from './store';
import { Notices, useShared } from './ui';

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
      {m.model !== undefined && (m.phase === 'preview' || m.phase === 'writing' || m.phase === 'written') ? (
        <div className={s.stack} data-testid="migration-preview">
          {(m.model.notes ?? []).map((n, i) => (
            <Text key={i}>{n}</Text>
          ))}
          {/* Readiness first, then the entries: checklist tables lead, the rest keep the sheet's order. */}
          {[...m.model.tables.filter((t) => /checklist/i.test(t.name)), ...m.model.tables.filter((t) => !/checklist/i.test(t.name))].map((t) => (
            <SheetTableView key={t.name} table={t} maxRows={50} />
          ))}
          <Button appearance="primary" disabled={m.phase !== 'preview'} onClick={() => void controller.writeMigration()}>
            Write the Migration sheet
          </Button>
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
