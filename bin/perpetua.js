#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from src/cli by `npm run build:cli` (run automatically by
// `npm ci`/`npm install` through the `prepare` script).
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'build', 'node', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('perpetua: the CLI is not built yet; run `npm run build:cli` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
