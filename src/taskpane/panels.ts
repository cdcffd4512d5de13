/** The pane's panels, in tab order. The controller's `panel` store says which one is open. */
export const PANELS = [
  { id: 'start', label: 'Start' },
  { id: 'run', label: 'Run' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'compare', label: 'Compare' },
  { id: 'migrate', label: 'Migrate' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];
