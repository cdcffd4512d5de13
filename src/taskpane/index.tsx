/**
 * Task-pane entry: waits for Office, builds the Office.js host and the controller, renders the app.
 * The same file runs in the e2e page, where global `Excel`/`Office` are backed by the in-memory
 * Excel (test/e2e/harness).
 */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { officeRun } from '../excel/office';
import { App } from './App';
import { PaneController } from './controller';
import { createOfficeHost } from './officeHost';
import { officeListValidator } from './officeValidation';
import { themeFromOffice } from './theme';

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

function start(): void {
  const container = document.getElementById('root');
  if (container === null) return;
  const validator = officeListValidator();
  const host = createOfficeHost({ run: officeRun, ...(validator === undefined ? {} : { addListValidation: validator }) });
  const controller = new PaneController(host);
  const theme = themeFromOffice(Office.context?.officeTheme, prefersDark());
  createRoot(container).render(<App controller={controller} theme={theme} />);
}

if (typeof Office === 'undefined') {
  const container = document.getElementById('root');
  if (container !== null) container.textContent = 'Perpetua runs inside Excel: open it from the Home tab.';
} else {
  void Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) start();
  });
}
