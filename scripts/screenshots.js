#!/usr/bin/env node
/**
 * `npm run screenshots`: runs the task-pane e2e suite with its screenshots going to
 * docs/screenshots (instead of the ignored test-output/screenshots that `npm test` uses), to
 * refresh the committed ones on purpose. Review them with `git diff --stat docs/screenshots`.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, 'test/e2e', '--silent'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PERPETUA_SCREENSHOTS: path.join('docs', 'screenshots') },
});
process.exitCode = result.status ?? 1;
