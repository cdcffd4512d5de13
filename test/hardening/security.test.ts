/**
 * Security checks that can be made without a browser: what the task pane's Content-Security-Policy
 * allows, that no source evaluates code or injects workbook text as HTML, and that the engine and the
 * custom functions make no network calls at run time.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx|js)$/.test(name) ? [full] : [];
  });
}

function csp(): Map<string, string[]> {
  const html = readFileSync(join(root, 'src/taskpane/taskpane.html'), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  return new Map(
    content
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== undefined && d[0] !== '')
      .map((d) => [d[0] as string, d.slice(1)]),
  );
}

test('the task pane CSP allows scripts only from the add-in and the office.js CDN, and never eval', () => {
  const policy = csp();
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('worker-src')).toEqual(["'self'"]);
  for (const [, sources] of policy) {
    expect(sources).not.toContain("'unsafe-eval'");
    expect(sources).not.toContain('*');
  }
  expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
});

test('no source evaluates code or sets HTML from data', () => {
  const offenders: string[] = [];
  for (const f of files(join(root, 'src'))) {
    const text = readFileSync(f, 'utf8');
    if (/\beval\s*\(|new\s+Function\s*\(|dangerouslySetInnerHTML|\.innerHTML\s*=|document\.write\s*\(/.test(text)) offenders.push(f);
  }
  expect(offenders).toEqual([]);
});

test('the engine, the workbook layer and the custom functions make no network calls', () => {
  const offenders: string[] = [];
  for (const dir of ['src/engine', 'src/workbook', 'src/functions']) {
    for (const f of files(join(root, dir))) {
      const text = readFileSync(f, 'utf8');
      if (/\bfetch\s*\(|XMLHttpRequest|WebSocket|navigator\.sendBeacon|EventSource|importScripts\s*\(|require\(['"](http|https|net|tls|dgram)['"]\)|from ['"](http|https|net|tls|dgram|node:http|node:https|node:net)['"]/.test(text)) offenders.push(f);
    }
  }
  expect(offenders).toEqual([]);
});

test('src/engine imports nothing but decimal.js and its own files', () => {
  const bad: string[] = [];
  for (const f of files(join(root, 'src/engine'))) {
    const text = readFileSync(f, 'utf8');
    // Import and export statements (a multi-line import has no ';' before its `from`), bare imports,
    // dynamic imports and requires; not the word "from" inside a string.
    const specs = [
      ...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g),
    ];
    for (const m of specs) {
      const spec = m[1] as string;
      if (!spec.startsWith('.') && spec !== 'decimal.js') bad.push(`${f}: ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
