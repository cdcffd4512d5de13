/**
 * manifest.xml against itself and against the build: every resid defined, every URL under
 * https://localhost:3000/ and naming a file the webpack build emits (or an icon in assets/), the INV
 * namespace, one long-lived shared runtime used by the task pane, the ribbon and the functions.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DOMParser, type Element } from '@xmldom/xmldom';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const BASE = 'https://localhost:3000/';

const xml = fs.readFileSync(MANIFEST, 'utf8');
const doc = new DOMParser().parseFromString(xml, 'text/xml');

function elements(): Element[] {
  const out: Element[] = [];
  const walk = (node: Element): void => {
    out.push(node);
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === 1) walk(child as Element);
    }
  };
  if (doc.documentElement !== null) walk(doc.documentElement);
  return out;
}

const all = elements();
const named = (local: string): Element[] => all.filter((e) => e.localName === local);
const typed = (local: string, type: string): Element[] => named(local).filter((e) => e.getAttribute('xsi:type') === type);

/** id -> DefaultValue of every resource (bt:Image, bt:Url, bt:String). */
const resources = new Map(
  all.filter((e) => e.namespaceURI === 'http://schemas.microsoft.com/office/officeappbasictypes/1.0' && e.hasAttribute('id')).map((e) => [e.getAttribute('id') ?? '', e.getAttribute('DefaultValue') ?? '']),
);

function residOf(parent: Element, child: string): string | undefined {
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === child) return (c as Element).getAttribute('resid') ?? undefined;
  }
  return undefined;
}

interface BuildPlugin {
  readonly constructor: { readonly name: string };
  readonly userOptions?: { filename?: string; chunks?: string[] };
  readonly options?: { output?: string; input?: string };
  readonly patterns?: Array<{ from: string; to: string }>;
}

// The files the webpack build emits, read from webpack.config.js itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require(path.join(ROOT, 'webpack.config.js')) as (env: object, argv: object) => { entry: Record<string, string>; plugins: BuildPlugin[] };
const config = makeConfig({}, { mode: 'production' });
const htmlPages = config.plugins.filter((p) => p.constructor.name === 'HtmlWebpackPlugin').map((p) => p.userOptions ?? {});
const metadataPlugin = config.plugins.find((p) => p.constructor.name === 'CustomFunctionsMetadataPlugin');
const copyPatterns = config.plugins.find((p) => p.patterns !== undefined)?.patterns ?? [];
const assetFiles = fs.readdirSync(path.join(ROOT, 'assets')).filter((f) => f.endsWith('.png'));
const buildOutputs = new Set<string>([
  ...Object.keys(config.entry).map((name) => `${name}.js`),
  ...htmlPages.map((p) => p.filename ?? ''),
  metadataPlugin?.options?.output ?? '',
  ...(copyPatterns.some((p) => p.from === 'assets/*.png' && p.to === 'assets/[name][ext]') ? assetFiles.map((f) => `assets/${f}`) : []),
  ...(copyPatterns.some((p) => p.from === 'manifest.xml') ? ['manifest.xml'] : []),
]);

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  test('is well-formed XML for a TaskPaneApp with VersionOverrides 1.0', () => {
    expect(doc.documentElement?.localName).toBe('OfficeApp');
    expect(doc.documentElement?.getAttribute('xsi:type')).toBe('TaskPaneApp');
    expect(typed('VersionOverrides', 'VersionOverridesV1_0')).toHaveLength(1);
    expect(named('Id')[0]?.textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('every resid it references is defined, and resids are at most 32 characters', () => {
    const referenced = all.filter((e) => e.hasAttribute('resid')).map((e) => e.getAttribute('resid') ?? '');
    expect(referenced.length).toBeGreaterThan(10);
    for (const resid of referenced) {
      expect(resources.has(resid) ? resid : `undefined resid ${resid}`).toBe(resid);
      expect(resid.length).toBeLessThanOrEqual(32);
    }
  });

  test('every URL is under https://localhost:3000/ and names a file the build emits or an icon in assets/', () => {
    const urls = [
      ...all.map((e) => e.getAttribute('DefaultValue') ?? '').filter((v) => /^https?:/.test(v)),
      ...named('AppDomain').map((e) => `${e.textContent ?? ''}/`),
    ];
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) {
      expect(url.startsWith(BASE) ? BASE : url).toBe(BASE);
      const file = url.slice(BASE.length);
      if (file === '') continue; // the AppDomain itself
      expect(buildOutputs.has(file) ? file : `not built: ${file}`).toBe(file);
      if (file.startsWith('assets/')) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    }
  });

  test('icons exist at the sizes the manifest declares (16, 32, 80 for the ribbon; 64 high-resolution)', () => {
    for (const image of named('Image').filter((e) => e.hasAttribute('size'))) {
      const size = Number(image.getAttribute('size'));
      const url = resources.get(image.getAttribute('resid') ?? '') ?? '';
      expect(pngSize(path.join(ROOT, url.slice(BASE.length)))).toEqual({ width: size, height: size });
    }
    const high = named('HighResolutionIconUrl')[0]?.getAttribute('DefaultValue') ?? '';
    expect(pngSize(path.join(ROOT, high.slice(BASE.length)))).toEqual({ width: 64, height: 64 });
    expect(pngSize(path.join(ROOT, 'assets', 'icon-128.png'))).toEqual({ width: 128, height: 128 });
  });

  test('custom functions: namespace INV, metadata functions.json, script functions.js', () => {
    const point = typed('ExtensionPoint', 'CustomFunctions')[0];
    if (point === undefined) throw new Error('no CustomFunctions extension point');
    expect(resources.get(residOf(point, 'Namespace') ?? '')).toBe('INV');
    const metadata = named('Metadata')[0];
    const script = named('Script')[0];
    if (metadata === undefined || script === undefined) throw new Error('no Metadata/Script');
    expect(resources.get(residOf(metadata, 'SourceLocation') ?? '')).toBe(`${BASE}${metadataPlugin?.options?.output ?? '?'}`);
    expect(resources.get(residOf(script, 'SourceLocation') ?? '')).toBe(`${BASE}functions.js`);
    expect(config.entry['functions']).toBe('./src/functions/functions.ts');
    expect(metadataPlugin?.options?.input).toBe('./src/functions/functions.ts');
  });

  test('one long-lived shared runtime (taskpane.html) serves the task pane, the ribbon and the functions', () => {
    const runtimes = named('Runtime');
    expect(runtimes).toHaveLength(1);
    const runtime = runtimes[0];
    expect(runtime?.getAttribute('lifetime')).toBe('long');
    const shared = runtime?.getAttribute('resid') ?? '';
    expect(resources.get(shared)).toBe(`${BASE}taskpane.html`);
    const page = named('Page')[0];
    if (page === undefined) throw new Error('no Page');
    expect(residOf(page, 'SourceLocation')).toBe(shared);
    const showTaskpane = typed('Action', 'ShowTaskpane');
    expect(showTaskpane).toHaveLength(1);
    expect(showTaskpane.map((a) => residOf(a, 'SourceLocation'))).toEqual([shared]);
    expect(named('FunctionFile').map((f) => f.getAttribute('resid'))).toEqual([shared]);
    // ...and that page loads both bundles.
    const taskpane = htmlPages.find((p) => p.filename === 'taskpane.html');
    expect([...(taskpane?.chunks ?? [])].sort()).toEqual(['functions', 'taskpane']);
    expect(named('SourceLocation').find((s) => s.parentNode?.nodeName === 'DefaultSettings')?.getAttribute('DefaultValue')).toBe(`${BASE}taskpane.html`);
  });

  test('the ribbon button sits on the Home tab', () => {
    const tab = named('OfficeTab')[0];
    expect(tab?.getAttribute('id')).toBe('TabHome');
    expect(typed('Control', 'Button')).toHaveLength(1);
  });

  test('requirements: SharedRuntime 1.1, the ExcelApi set the adapter uses, and the CustomFunctionsRuntime the functions use', () => {
    const sets = Object.fromEntries(named('Set').map((s) => [s.getAttribute('Name'), s.getAttribute('MinVersion')]));
    const port = fs.readFileSync(path.join(ROOT, 'src', 'excel', 'port.ts'), 'utf8');
    expect(port).toContain('ExcelApi 1.7 at most');
    // What src/functions uses of the custom-functions runtime, and the set that brought it.
    const sources = fs
      .readdirSync(path.join(ROOT, 'src', 'functions'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'src', 'functions', f), 'utf8'))
      .join('\n');
    const features: [RegExp, string][] = [
      [/CustomFunctions\.associate|@customfunction/, '1.1'],
      [/CancelableInvocation|@cancelable/, '1.1'],
      [/CustomFunctions\.Error|Reflect\.get\(runtime, 'Error'\)/, '1.2'],
      [/CustomFunctions\.ErrorCode|Reflect\.get\(runtime, 'ErrorCode'\)/, '1.2'],
    ];
    const used = features.filter(([re]) => re.test(sources)).map(([, v]) => v);
    expect(used).toContain('1.2');
    const needed = used.sort().at(-1);
    expect(sets).toEqual({ SharedRuntime: '1.1', CustomFunctionsRuntime: needed, ExcelApi: '1.7' });
  });

  test('the build adds allowErrorForDataTypeAny to functions.json (the metadata plugin cannot)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(ROOT, 'webpack.config.js')) as { withMetadataOptions: (json: string) => string };
    const out = JSON.parse(built.withMetadataOptions(JSON.stringify({ functions: [{ id: 'COGS' }] }))) as Record<string, unknown>;
    expect(out).toEqual({ allowErrorForDataTypeAny: true, functions: [{ id: 'COGS' }] });
    const plugin = config.plugins.find((p) => p.constructor.name === 'FunctionsMetadataOptionsPlugin') as { output?: string } | undefined;
    expect(plugin?.output).toBe(metadataPlugin?.options?.output);
  });

  test('the engine worker is built as worker.js beside functions.js', () => {
    expect(config.entry['worker']).toBe('./src/taskpane/worker.ts');
    expect(fs.readFileSync(path.join(ROOT, 'src', 'functions', 'engineWorker.ts'), 'utf8')).toContain("WORKER_FILE = 'worker.js'");
  });

  test('office-addin-manifest parses it (and rejects a malformed copy)', () => {
    const cli = path.join(ROOT, 'node_modules', '.bin', 'office-addin-manifest');
    const out = execFileSync(cli, ['info', MANIFEST], { encoding: 'utf8', timeout: 30_000 });
    expect(out).toContain('Name: Perpetua');
    expect(out).toContain('Type: TaskPaneApp');
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'broken.xml');
    fs.writeFileSync(broken, xml.replace('</OfficeApp>', ''));
    let failed = false;
    try {
      const res = execFileSync(cli, ['info', broken], { encoding: 'utf8', timeout: 30_000, stdio: 'pipe' });
      failed = !res.includes('Name: Perpetua');
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
  });
});
