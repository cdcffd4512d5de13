#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from src/cli by `npm run build:cli` (run automatically by
// `npm ci`/`npm install` through the `prepare` script).
//
// A run allocates millions of short-lived strings and cells; V8's default young generation (16 MB
// semi-spaces) promotes most of them and then spends a third of the run in full collections. The
// size can only be set when Node starts, so the launcher starts the CLI once more with 64 MB
// semi-spaces (100,000 movements, every sheet out: about 13 s -> 9 s, less memory), unless the
// user already chose a size (NODE_OPTIONS or node flags) or PERPETUA_NO_RESPAWN is set. The child
// shares standard input, output and error; a signal sent to the launcher is passed on, and the
// launcher ends as the child did (same exit code, or the same signal).
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'build', 'node', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('perpetua: the CLI is not built yet; run `npm run build:cli` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}

const SEMI_SPACE = '--max-semi-space-size=64';

function runHere() {
  require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

function sizeChosen() {
  const chosen = (a) => a.startsWith('--max-semi-space-size') || a.startsWith('--semi-space-growth-factor');
  return process.execArgv.some(chosen) || (process.env.NODE_OPTIONS || '').split(/\s+/).some(chosen);
}

if (process.env.PERPETUA_NO_RESPAWN !== undefined || sizeChosen()) {
  runHere();
} else {
  const { spawn } = require('child_process');
  const child = spawn(process.execPath, [...process.execArgv, SEMI_SPACE, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PERPETUA_NO_RESPAWN: '1' },
  });
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => [s, forward(s)]);
  for (const [s, h] of handlers) process.on(s, h);
  let started = false;
  child.on('spawn', () => { started = true; });
  child.on('error', () => {
    // The child could not start (no permission to run node again): run in this process instead.
    if (started) return;
    for (const [s, h] of handlers) process.removeListener(s, h);
    runHere();
  });
  child.on('exit', (code, signal) => {
    for (const [s, h] of handlers) process.removeListener(s, h);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code === null ? 1 : code;
  });
}
