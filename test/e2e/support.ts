/**
 * Builds the e2e page with webpack's Node API (inline config: ES2020 modules through
 * tsconfig.webpack.json so Fluent tree-shakes; the worker is bundled from its
 * `new Worker(new URL(...))`), serves it over http on 127.0.0.1, and launches headless Chromium.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import webpack from 'webpack';
import { chromium, type BrowserContext } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/** The Content-Security-Policy of src/taskpane/taskpane.html. */
export function taskpaneCsp(): string {
  const html = fs.readFileSync(path.join(ROOT, 'src/taskpane/taskpane.html'), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (match === null || match[1] === undefined) throw new Error('src/taskpane/taskpane.html has no Content-Security-Policy');
  return match[1];
}

export async function buildHarness(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'perpetua-e2e-'));
  const compiler = webpack({
    mode: 'production',
    devtool: false,
    context: ROOT,
    entry: { harness: './test/e2e/harness/harness.ts' },
    output: { path: out, filename: '[name].js', publicPath: '/' },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { configFile: path.join(ROOT, 'tsconfig.webpack.json'), transpileOnly: true } },
        },
      ],
    },
    performance: { hints: false },
    optimization: { minimize: false },
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    compiler.run((error, result) => {
      if (error !== null && error !== undefined) reject(error);
      else if (result === undefined) reject(new Error('webpack returned no stats'));
      else resolve(result);
    });
  });
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(`Harness build failed:\n${stats.toString({ all: false, errors: true })}`);
  // The harness page runs under the add-in's own Content-Security-Policy, so a violation (eval, a
  // blocked worker or style) shows up here as it would in Excel.
  fs.writeFileSync(
    path.join(out, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      `<meta http-equiv="Content-Security-Policy" content="${taskpaneCsp()}">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Perpetua</title>' +
      '<style>body{margin:0}</style></head><body><div id="root"></div><script src="/harness.js"></script></body></html>',
  );
  return out;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function serve(dir: string): Promise<Served> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const file = path.join(dir, name === '/' ? 'index.html' : name);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A persistent context on a fresh profile directory (Playwright's way to pass --user-data-dir). */
export async function launchChromium(): Promise<{ browser: BrowserContext; profile: string }> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The task-pane e2e tests need it: run \`apt-get update && apt-get install -y chromium\` (CI must do this step).`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'perpetua-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 320, height: 900 },
  });
  return { browser, profile };
}

/**
 * Where the e2e run saves its screenshots: test-output/screenshots (git-ignored), so `npm test`
 * leaves the tree clean. `npm run screenshots` (scripts/screenshots.js) points this at
 * docs/screenshots to refresh the committed ones on purpose.
 */
export const SCREENSHOTS = path.resolve(ROOT, process.env.PERPETUA_SCREENSHOTS ?? path.join('test-output', 'screenshots'));

/** What the page must satisfy at every width: nothing wider than the pane, no sideways scroller. */
export interface Overflow {
  readonly what: string;
  readonly right: number;
  readonly width: number;
}

/**
 * Runs in the page: the document does not scroll sideways, and no visible element inside the pane
 * (header, tabs, panel) reaches past its right edge or scrolls sideways itself.
 */
export function findOverflow(): Overflow[] {
  const doc = document.scrollingElement ?? document.documentElement;
  const width = doc.clientWidth;
  const out: Overflow[] = [];
  if (doc.scrollWidth > doc.clientWidth) out.push({ what: 'document', right: doc.scrollWidth, width });
  const name = (el: Element): string => {
    const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.id;
    const text = (el.textContent ?? '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''} "${text}"`;
  };
  for (const el of Array.from(document.querySelectorAll('[data-theme] *'))) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5) out.push({ what: name(el), right: Math.round(box.right), width });
    const style = getComputedStyle(el);
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      out.push({ what: `scroller ${name(el)}`, right: el.scrollWidth, width: el.clientWidth });
    }
  }
  return out.slice(0, 8);
}
