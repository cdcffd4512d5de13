/** Small shared pieces of the pane's UI. */
import * as React from 'react';
import { Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Notice } from './controller';
import { formatCount } from './format';
import type { ErrorView } from './runView';

export const useShared = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS, alignItems: 'end' },
  stack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  small: { fontSize: tokens.fontSizeBase200 },
  /** A table that always fits the pane: fixed layout, cells wrap; wider detail lives in the sheet. */
  fitTable: { tableLayout: 'fixed', width: '100%', minWidth: 0 },
  next: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  /**
   * A row of a list that selects a place in the workbook (a diagnostic, a back-dated row): a
   * full-width subtle button whose lines wrap inside the pane; `rowSelected` marks the chosen one.
   */
  rowButton: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'left',
    height: 'auto',
    width: '100%',
    minWidth: 0,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    fontWeight: tokens.fontWeightRegular,
    overflowWrap: 'anywhere',
  },
  rowSelected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
});

export function Notices({ notices }: { readonly notices: readonly Notice[] }): React.ReactElement | null {
  if (notices.length === 0) return null;
  return (
    <div role="status" aria-live="polite">
      {notices.map((n, i) => (
        <MessageBar key={i} intent={n.intent} style={{ marginBottom: 4 }}>
          <MessageBarBody>{n.text}</MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}

/** An empty panel always says what to do next, and offers the button that does it. */
export function EmptyState({ next, action }: { readonly next: string; readonly action?: { readonly label: string; readonly onClick: () => void } }): React.ReactElement {
  const s = useShared();
  return (
    <div className={s.next} data-testid="next-step">
      <Text>{next}</Text>
      {action === undefined ? null : <Button onClick={action.onClick}>{action.label}</Button>}
    </div>
  );
}

/** "N rows skipped" in words, for a run written although some rows had errors. */
export function skippedWords(errors: ErrorView): string {
  return errors.rows > 0 ? `${formatCount(errors.rows)} row${errors.rows === 1 ? '' : 's'} skipped` : `${formatCount(errors.errors)} error${errors.errors === 1 ? '' : 's'}`;
}

/** Shown on every panel that reports figures from a run that had errors. */
export function IncompleteNote({ errors }: { readonly errors: ErrorView }): React.ReactElement | null {
  if (errors.errors === 0) return null;
  return (
    <MessageBar intent="warning" data-testid="incomplete">
      <MessageBarBody>Incomplete: {skippedWords(errors)} because of errors (see Diagnostics). These figures leave them out.</MessageBarBody>
    </MessageBar>
  );
}
