/** Diagnostics of the last run, grouped by severity and code; a click selects the offending cell. */
import * as React from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Diagnostic, Severity } from '../engine/types';
import type { PaneController } from './controller';
import { useStore } from './store';
import { diagnosticTitle } from './diagnosticTitles';
import { formatCount } from './format';
import { errorView } from './runView';
import { EmptyState, Notices, useShared } from './ui';

const SEVERITIES: ReadonlyArray<{ severity: Severity; title: string; color: 'danger' | 'warning' | 'informative' }> = [
  { severity: 'error', title: 'Errors', color: 'danger' },
  { severity: 'warning', title: 'Warnings', color: 'warning' },
  { severity: 'info', title: 'Notes', color: 'informative' },
];

const useStyles = makeStyles({
  hint: { color: tokens.colorNeutralForeground3 },
  group: { display: 'block', overflowWrap: 'anywhere' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
});

export function where(d: Diagnostic): string {
  if (d.table === undefined) return 'Workbook';
  const parts = [d.table];
  if (d.row !== undefined) parts.push(`row ${d.row}`);
  if (d.column !== undefined) parts.push(`column ${d.column}`);
  return parts.join(', ');
}

/** Movements rows with an error: the run skipped those movements. */
export function skippedMovementRows(diagnostics: readonly Diagnostic[]): readonly number[] {
  return errorView(diagnostics).movementRows;
}

function groupByCode(list: readonly Diagnostic[]): Array<[string, Diagnostic[]]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of list) groups.set(d.code, [...(groups.get(d.code) ?? []), d]);
  return [...groups];
}

export function DiagnosticsPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const c = useStyles();
  const state = useStore(controller.run.state);
  const selection = useStore(controller.selection);
  const diagnostics = state.run?.diagnostics;
  if (diagnostics === undefined) {
    return (
      <section className={s.panel} aria-labelledby="diag-title">
        <Subtitle2 as="h2" id="diag-title">
          Diagnostics
        </Subtitle2>
        <EmptyState next="Nothing checked yet: open Run and press Run. Every problem in your tables then appears here, and a click selects its cell." action={{ label: 'Go to Run', onClick: () => controller.go('run') }} />
      </section>
    );
  }
  const skipped = skippedMovementRows(diagnostics);
  return (
    <section className={s.panel} aria-labelledby="diag-title">
      <Subtitle2 as="h2" id="diag-title">
        Diagnostics
      </Subtitle2>
      {diagnostics.length === 0 ? <EmptyState next="No diagnostics: every row was read and valued. Next: look at the Compare panel, or open the generated sheets from Run." action={{ label: 'Go to Compare', onClick: () => controller.go('compare') }} /> : null}
      {skipped.length > 0 ? (
        <Text data-testid="skipped">
          Skipped movements: Movements row{skipped.length === 1 ? '' : 's'} {skipped.map(formatCount).join(', ')} (each has an error below; nothing was posted for them). Fix them, then run again.
        </Text>
      ) : diagnostics.length > 0 ? (
        <Text>No movement was skipped.</Text>
      ) : null}
      {selection.address !== undefined ? (
        <Text role="status" data-testid="selected-address">
          Selected {selection.address}
        </Text>
      ) : null}
      <Notices notices={selection.notice === undefined ? [] : [selection.notice]} />
      <Accordion multiple collapsible defaultOpenItems={SEVERITIES.map((x) => x.severity)}>
        {SEVERITIES.map(({ severity, title, color }) => {
          const list = diagnostics.filter((d) => d.severity === severity);
          if (list.length === 0) return null;
          return (
            <AccordionItem key={severity} value={severity}>
              <AccordionHeader>
                {title}&nbsp;
                <Badge color={color} appearance="filled">
                  {formatCount(list.length)}
                </Badge>
              </AccordionHeader>
              <AccordionPanel>
                {groupByCode(list).map(([code, items]) => (
                  <div key={code} style={{ marginBottom: 8 }}>
                    <Text weight="semibold" as="h3" size={300} className={c.group}>
                      {diagnosticTitle(code)} ({formatCount(items.length)}) <span className={c.code}>{code}</span>
                    </Text>
                    <ul className={c.list}>
                      {items.map((d, i) => (
                        <li key={i}>
                          <Button
                            appearance="subtle"
                            className={mergeClasses(s.rowButton, selection.diagnostic === d && s.rowSelected)}
                            aria-label={`${where(d)}: ${d.message}. Select the cell.`}
                            onClick={() => void controller.select(d)}
                          >
                            <Text size={200} weight="semibold">
                              {where(d)}
                            </Text>
                            <Text size={200}>{d.message}</Text>
                            {d.hint === undefined ? null : (
                              <Text size={200} className={c.hint}>
                                Fix: {d.hint}
                              </Text>
                            )}
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </AccordionPanel>
            </AccordionItem>
          );
        })}
      </Accordion>
    </section>
  );
}
