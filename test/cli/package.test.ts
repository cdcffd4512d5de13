/**
 * --out keeps the user's package whole (issue 15): a workbook with a PivotTable, its cache, a
 * slicer, a chart and custom XML, and a macro-enabled workbook with its VBA project, are valued
 * and valued again; every part Perpetua did not generate comes back byte for byte, generated
 * sheets are refreshed in place (same part, name, table names and ids), a user's sheet with a
 * formula on PP_Journal survives, and every XML part of every output parses strictly.
 */
import { promises as fs } from 'fs';
import { execFileSync, spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { readParts, sheetGrid, writeParts, xmlProblems } from '../support/xlsxParts';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'package');
const EDITED = new Set(['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']);

async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { stdout: () => undefined, stderr: (t) => (stderr += t) });
  return { code, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-package-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function sheetNames(workbookXml: Buffer): string[] {
  return [...workbookXml.toString('utf8').matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** name -> {id, part} of every table part. */
function tables(parts: ReadonlyMap<string, Buffer>): Map<string, { id: string; part: string }> {
  const out = new Map<string, { id: string; part: string }>();
  for (const [name, data] of parts) {
    if (!/^xl\/tables\/table\d+\.xml$/.test(name)) continue;
    const xml = data.toString('utf8');
    const m = /<table\b[^>]*\bid="(\d+)"[^>]*\bname="([^"]*)"/.exec(xml);
    if (m !== null) out.set(m[2] ?? '', { id: m[1] ?? '', part: name });
  }
  return out;
}

function expectCopied(input: ReadonlyMap<string, Buffer>, output: ReadonlyMap<string, Buffer>, except: ReadonlySet<string> = EDITED): void {
  const changed: string[] = [];
  for (const [name, data] of input) {
    if (except.has(name)) continue;
    const out = output.get(name);
    if (out === undefined || !out.equals(data)) changed.push(name);
  }
  expect(changed).toEqual([]);
}

const USER_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>Debits</t></is></c><c r="B1"><f>SUM(PP_Journal[Debit])</f><v>0</v></c></row>' +
  '</sheetData></worksheet>';

/** Adds the user's own sheet "My sums" (a formula on the generated Journal table) to a package. */
async function addUserSheet(from: string, to: string): Promise<void> {
  const parts = await readParts(from);
  const edit = (name: string, f: (s: string) => string): void => {
    parts.set(name, Buffer.from(f((parts.get(name) ?? Buffer.alloc(0)).toString('utf8')), 'utf8'));
  };
  parts.set('xl/worksheets/mysums.xml', Buffer.from(USER_SHEET, 'utf8'));
  edit('xl/workbook.xml', (s) => s.replace('</sheets>', '<sheet name="My sums" sheetId="900" r:id="rIdUser"/></sheets>'));
  edit('xl/_rels/workbook.xml.rels', (s) =>
    s.replace('</Relationships>', '<Relationship Id="rIdUser" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/mysums.xml"/></Relationships>'),
  );
  edit('[Content_Types].xml', (s) =>
    s.replace('</Types>', '<Override PartName="/xl/worksheets/mysums.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
  );
  await writeParts(to, parts);
}

describe('a workbook with a PivotTable, slicer, chart and custom XML', () => {
  const input = path.join(FIXTURES, 'pivot-chart.xlsx');
  let first: string;

  test('valued: every input part copied byte for byte, the package well formed', async () => {
    first = path.join(dir, 'pivot-1.xlsx');
    expect(await cli('value', input, '--out', first)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(input);
    const after = await readParts(first);
    for (const part of [
      'xl/pivotCache/pivotCacheDefinition1.xml',
      'xl/pivotCache/pivotCacheRecords1.xml',
      'xl/pivotTables/pivotTable1.xml',
      'xl/slicers/slicer1.xml',
      'xl/slicerCaches/slicerCache1.xml',
      'xl/charts/chart1.xml',
      'xl/drawings/drawing1.xml',
      'customXml/item1.xml',
    ]) {
      expect(after.get(part)?.equals(before.get(part) ?? Buffer.alloc(0))).toBe(true);
    }
    expectCopied(before, after);
    expect(xmlProblems(after)).toEqual([]);
    const wb = after.get('xl/workbook.xml')?.toString('utf8') ?? '';
    expect(wb).toContain('<definedName name="Slicer_Type">#N/A</definedName>');
    expect(wb).toContain('<pivotCache cacheId="1" r:id="rIdPivot"/>');
    expect(wb).toContain('<x14:slicerCache r:id="rIdSlicer"/>');
    expect(sheetNames(after.get('xl/workbook.xml') ?? Buffer.alloc(0)).slice(0, 4)).toEqual(['Settings', 'Movements', 'Pivot', 'Chart']);
    expect(tables(after).has('PP_Journal')).toBe(true);
  });

  test('valued again with a user sheet on PP_Journal: refreshed in place, the user sheet byte for byte', async () => {
    const withUser = path.join(dir, 'pivot-1-user.xlsx');
    const second = path.join(dir, 'pivot-2.xlsx');
    await addUserSheet(first, withUser);
    expect(await cli('value', withUser, '--out', second)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(withUser);
    const after = await readParts(second);
    // Everything is copied except the workbook part, its rels and content types (unchanged here
    // too: no sheet added or removed) and the generated sheets' own parts.
    const generatedParts = new Set<string>();
    const t1 = tables(before);
    for (const [name, t] of t1) if (name.startsWith('PP_')) generatedParts.add(t.part);
    for (const name of before.keys()) if (/^xl\/(worksheets\/(_rels\/)?sheet([5-9]|\d\d)\.xml|charts\/chart[2-9]|drawings\/(_rels\/)?drawing[2-9])/.test(name)) generatedParts.add(name);
    expectCopied(before, after, new Set([...EDITED, ...generatedParts]));
    expect(after.get('xl/worksheets/mysums.xml')?.toString('utf8')).toBe(USER_SHEET);
    expect(sheetNames(after.get('xl/workbook.xml') ?? Buffer.alloc(0))).toEqual(sheetNames(before.get('xl/workbook.xml') ?? Buffer.alloc(0)));
    expect(sheetNames(after.get('xl/workbook.xml') ?? Buffer.alloc(0)).filter((n) => /\(\d+\)|\(Perpetua/.test(n))).toEqual([]);
    // Same table names, ids and parts, so PP_Journal[Debit] still points at the Journal.
    const t2 = tables(after);
    expect([...t2].sort()).toEqual([...t1].sort());
    expect(after.get('xl/workbook.xml')?.equals(before.get('xl/workbook.xml') ?? Buffer.alloc(0))).toBe(true);
    expect(xmlProblems(after)).toEqual([]);

    // A third run changes nothing at all.
    const third = path.join(dir, 'pivot-3.xlsx');
    expect(await cli('value', second, '--out', third)).toEqual({ code: 0, stderr: '' });
    expect((await fs.readFile(third)).equals(await fs.readFile(second))).toBe(true);
  });
});

describe('a macro-enabled workbook (.xlsm)', () => {
  const input = path.join(FIXTURES, 'macro.xlsm');

  test('stays .xlsm: content type kept, vbaProject.bin byte for byte', async () => {
    const out = path.join(dir, 'macro-valued.xlsm');
    expect(await cli('value', input, '--out', out)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(input);
    const after = await readParts(out);
    expect(after.get('xl/vbaProject.bin')?.equals(before.get('xl/vbaProject.bin') ?? Buffer.alloc(0))).toBe(true);
    expect(after.get('[Content_Types].xml')?.toString('utf8')).toContain(
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>',
    );
    expectCopied(before, after);
    expect(xmlProblems(after)).toEqual([]);
  });

  test('an .xlsx --out for an .xlsm input is a usage error (the extension would lie)', async () => {
    const r = await cli('value', input, '--out', path.join(dir, 'macro.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out must name an \.xlsm file/);
  });
});

describe('text Excel cannot hold raw', () => {
  const NASTY = ['NUL\u0000here', 'SOH\u0001', 'VT\u000b', 'SUB\u001a', 'DEL\u007f', 'nonchar\uFFFE', 'literal _x0041_ text', 'CR\rLF\nTAB\t'];

  test('escaped as _xHHHH_ in every written part, read back unchanged', async () => {
    const csv = path.join(dir, 'nasty-csv');
    await fs.mkdir(csv, { recursive: true });
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    const lines = ['Date,Type,Item,Qty,UnitCost,UnitPrice,Party,Memo', `2026-03-02,Receipt,COAT,10,100,,Supplier,${q('plain')}`];
    NASTY.forEach((s, i) => lines.push(`2026-03-0${3 + (i % 6)},Sale,COAT,1,,250,${q(`P ${s}`)},${q(s)}`));
    await fs.writeFile(path.join(csv, 'Movements.csv'), lines.join('\r\n') + '\r\n');
    const out = path.join(dir, 'nasty.xlsx');
    expect((await cli('value', csv, '--out', out)).code).toBe(0);
    expect(xmlProblems(await readParts(out))).toEqual([]);
    const movements = await sheetGrid(out, 'Movements');
    expect(movements.slice(2).map((r) => r[7])).toEqual(NASTY);
    const margins = await sheetGrid(out, 'Margins');
    const parties = margins.flat().filter((v): v is string => typeof v === 'string' && v.startsWith('P '));
    // The engine trims text fields (a trailing TAB or VT is whitespace); the rest is kept exactly.
    expect(parties.sort()).toEqual(NASTY.map((s) => `P ${s}`.trim()).sort());
  });
});

const soffice = spawnSync('which', ['soffice'], { encoding: 'utf8' }).stdout.trim();
const describeLibreOffice = soffice === '' ? describe.skip : describe;
if (soffice === '') {
  // eslint-disable-next-line no-console
  console.warn('LibreOffice (soffice) is not installed: the headless open-and-convert test is skipped. apt-get install -y libreoffice-calc-nogui');
}

describeLibreOffice('LibreOffice opens the valued workbooks', () => {
  test('headless conversion of the valued fixtures succeeds', async () => {
    const files = [path.join(dir, 'lo-pivot.xlsx'), path.join(dir, 'lo-macro.xlsm')];
    expect((await cli('value', path.join(FIXTURES, 'pivot-chart.xlsx'), '--out', files[0] as string)).code).toBe(0);
    expect((await cli('value', path.join(FIXTURES, 'macro.xlsm'), '--out', files[1] as string)).code).toBe(0);
    const outDir = path.join(dir, 'lo');
    const log = execFileSync(
      soffice,
      ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'csv', '--outdir', outDir, ...files],
      { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(log).not.toMatch(/could not be loaded|Error/);
    for (const f of files) {
      const csv = await fs.readFile(path.join(outDir, `${path.basename(f).replace(/\.xls[xm]$/, '')}.csv`), 'utf8');
      expect(csv).toMatch(/Winter Coats Ltd/); // the first sheet (Settings) as LibreOffice read it
    }
  }, 150_000);
});
