/** Small shared pieces of the pane's UI. */
import * as React from 'react';
import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { Notice } from './controller';

export const useShared = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}` },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS, alignItems: 'end' },
  stack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  scrollX: { overflowX: 'auto', maxWidth: '100%' },
  small: { fontSize: tokens.fontSizeBase200 },
});

/** Wide tables keep their columns readable and scroll sideways in the narrow pane. */
export const WIDE: React.CSSProperties = { tableLayout: 'auto', width: 'max-content', minWidth: '100%', whiteSpace: 'nowrap' };

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
