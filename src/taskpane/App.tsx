/** The task pane: a tab per panel (one row at any width), Fluent UI v9 themed to match Office. */
import * as React from 'react';
import { FluentProvider, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { ComparisonPanel } from './ComparisonPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { MigrationPanel } from './MigrationPanel';
import { Nav } from './Nav';
import { RunPanel } from './RunPanel';
import { SettingsPanel } from './SettingsPanel';
import { StartPanel } from './StartPanel';
import type { PaneTheme } from './theme';
import { formatCount } from './format';
import { errorView } from './runView';
import { useStore } from './store';

export { PANELS, type PanelId } from './panels';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, minWidth: 0, overflowX: 'hidden' },
  header: { display: 'flex', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0` },
  main: { minWidth: 0 },
});

function ErrorCount({ controller }: { readonly controller: PaneController }): React.ReactElement | null {
  const state = useStore(controller.run.state);
  const n = state.run === undefined ? 0 : errorView(state.run.diagnostics).errors;
  return n === 0 ? null : <span aria-label={`${formatCount(n)} errors`}> ({formatCount(n)})</span>;
}

export function App({ controller, theme }: { readonly controller: PaneController; readonly theme: PaneTheme }): React.ReactElement {
  const c = useStyles();
  const panel = useStore(controller.panel);
  const run = useStore(controller.run.state);
  const previous = React.useRef(run.phase);
  React.useEffect(() => {
    // Leave the Start panel for the Run panel's results once a run finishes (not on every render).
    if (previous.current !== run.phase && (run.phase === 'done' || run.phase === 'blocked') && panel === 'start') controller.go('run');
    previous.current = run.phase;
  }, [run.phase, panel, controller]);
  return (
    <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme} className={c.root} data-theme={theme}>
      <header className={c.header}>
        <Text as="h1" size={500} weight="semibold">
          Perpetua
        </Text>
        <Text size={200}>perpetual inventory</Text>
      </header>
      <Nav panel={panel} onSelect={(p) => controller.go(p)} badge={(p) => (p === 'diagnostics' ? <ErrorCount controller={controller} /> : null)} />
      <main role="tabpanel" aria-labelledby={`tab-${panel}`} className={c.main} data-testid={`panel-${panel}`}>
        {panel === 'start' ? <StartPanel controller={controller} /> : null}
        {panel === 'run' ? <RunPanel controller={controller} /> : null}
        {panel === 'diagnostics' ? <DiagnosticsPanel controller={controller} /> : null}
        {panel === 'compare' ? <ComparisonPanel controller={controller} /> : null}
        {panel === 'migrate' ? <MigrationPanel controller={controller} /> : null}
        {panel === 'settings' ? <SettingsPanel controller={controller} /> : null}
      </main>
    </FluentProvider>
  );
}
