/** The task pane: a tab per panel, Fluent UI v9 themed to match Office (light or dark). */
import * as React from 'react';
import { FluentProvider, Tab, TabList, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { ComparisonPanel } from './ComparisonPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { MigrationPanel } from './MigrationPanel';
import { RunPanel } from './RunPanel';
import { SettingsPanel } from './SettingsPanel';
import { StartPanel } from './StartPanel';
import type { PaneTheme } from './theme';
import { useStore } from './store';

export const PANELS = [
  { id: 'start', label: 'Start' },
  { id: 'run', label: 'Run' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'compare', label: 'Compare' },
  { id: 'migrate', label: 'Migrate' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PanelId = (typeof PANELS)[number]['id'];

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  header: { display: 'flex', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0` },
  tabs: { flexWrap: 'wrap', paddingLeft: tokens.spacingHorizontalXS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
});

function ErrorCount({ controller }: { readonly controller: PaneController }): React.ReactElement | null {
  const state = useStore(controller.run.state);
  const n = state.run?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  return n === 0 ? null : <span aria-label={`${n} errors`}> ({n})</span>;
}

export function App({ controller, theme, initialPanel = 'start' }: { readonly controller: PaneController; readonly theme: PaneTheme; readonly initialPanel?: PanelId }): React.ReactElement {
  const c = useStyles();
  const [panel, setPanel] = React.useState<PanelId>(initialPanel);
  const run = useStore(controller.run.state);
  const previous = React.useRef(run.phase);
  React.useEffect(() => {
    // Leave the Start panel for the Run panel's results once a run finishes (not on every render).
    if (previous.current !== run.phase && run.phase === 'done' && panel === 'start') setPanel('run');
    previous.current = run.phase;
  }, [run.phase, panel]);
  return (
    <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme} className={c.root} data-theme={theme}>
      <header className={c.header}>
        <Text as="h1" size={500} weight="semibold">
          Perpetua
        </Text>
        <Text size={200}>perpetual inventory</Text>
      </header>
      <TabList className={c.tabs} size="small" selectedValue={panel} onTabSelect={(_, d) => setPanel(d.value as PanelId)} aria-label="Perpetua panels">
        {PANELS.map((p) => (
          <Tab key={p.id} value={p.id} id={`tab-${p.id}`}>
            {p.label}
            {p.id === 'diagnostics' ? <ErrorCount controller={controller} /> : null}
          </Tab>
        ))}
      </TabList>
      <main role="tabpanel" aria-labelledby={`tab-${panel}`}>
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
