/**
 * A workbook valued in Excel, then by the CLI (issue 15): the add-in records the sheets it made in
 * its setting "Perpetua.Ownership", which Office saves in the package's web extension part. The
 * fixture is the demo workbook valued once, then made to look as the add-in leaves it: no
 * "_Perpetua" sheet, the record in xl/webextensions/webextension1.xml under the add-in's page
 * keys ("journal#1"), Excel's docProps/app.xml listing the sheets, and a user sheet on PP_Journal.
 * Valued again, the add-in's sheets are refreshed in place (no "(2)", no "(Perpetua)"), the user's
 * parts come back byte for byte, the property says what the CLI made, app.xml lists the sheets.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { registryFromGrid } from '../../src/cli/registry';
import { decodeOwnershipValue } from '../../src/cli/webExtension';
import type { OwnershipRecord } from '../../src/workbook/ownership';
import { readParts, sheetGrid, sheetList, writeParts, xmlProblems } from '../support/xlsxParts';

const DEMO = path.resolve(__dirname, '..', '..', 'samples', 'demo.xlsx');
const WE_PART = 'xl/webextensions/webextension1.xml';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { stdout: () => undefined, stderr: (t) => (stderr += t) });
  return { code, stderr };
}

function attrEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The web extension part as Office writes it, with `value` (raw, before XML escaping) for the record. */
function webExtensionXml(value: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{5A5D2C9E-1B0B-4C55-9C2A-5A1F1E0F8A11}">' +
    '<we:reference id="117d5f11-7f26-4f18-89dc-683772fe6210" version="1.0.0.0" store="developer" storeType="Registry"/>' +
    '<we:alternateReferences/><we:properties>' +
    '<we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/>' +
    `<we:property name="Perpetua.Ownership" value="${attrEscape(value)}"/>` +
    '<we:property name="Perpetua.Settings" value="&quot;{\\&quot;theme\\&quot;:\\&quot;dark\\&quot;}&quot;"/>' +
    '</we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>'
  );
}

/** Excel's app.xml: "Worksheets" then "Named Ranges", titles in that order. */
function appXml(sheets: readonly string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    '<HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
    `<vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant><vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length + 1}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${attrEscape(s)}</vt:lpstr>`).join('')}<vt:lpstr>Movements!Print_Area</vt:lpstr></vt:vector></TitlesOfParts>` +
    '<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><AppVersion>16.0300</AppVersion></Properties>'
  );
}

const USER_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>Debits</t></is></c><c r="B1"><f>SUM(PP_Journal[Debit])</f><v>0</v></c></row>' +
  '</sheetData></worksheet>';

/** The record the CLI left in "_Perpetua", under the add-in's page keys ("journal#1"). */
async function addInRecordOf(file: string): Promise<OwnershipRecord> {
  const { record } = registryFromGrid(await sheetGrid(file, '_Perpetua'));
  return { version: 1, sheets: record.sheets.map((s) => ({ ...s, key: /#\d+$/.test(s.key) ? s.key : `${s.key}#1` })), pending: [] };
}

type Parts = Map<string, Buffer>;

function edit(parts: Parts, name: string, f: (s: string) => string): void {
  parts.set(name, Buffer.from(f((parts.get(name) ?? Buffer.alloc(0)).toString('utf8')), 'utf8'));
}

/** The package as the add-in leaves it: no "_Perpetua", the record in the web extension part. */
async function asAddInMadeIt(from: string, to: string, value: string, weXml: (v: string) => string = webExtensionXml): Promise<void> {
  const parts = await readParts(from);
  const list = await sheetList(from);
  const registry = list.find((s) => s.name === '_Perpetua');
  if (registry === undefined) throw new Error('no _Perpetua sheet');
  const rid = /<sheet name="_Perpetua"[^>]*r:id="([^"]+)"\/>/.exec(parts.get('xl/workbook.xml')?.toString('utf8') ?? '')?.[1] ?? '';
  edit(parts, 'xl/workbook.xml', (s) => s.replace(/<sheet name="_Perpetua"[^>]*\/>/, '').replace('</sheets>', '<sheet name="My sums" sheetId="900" r:id="rIdUser"/></sheets>'));
  edit(parts, 'xl/_rels/workbook.xml.rels', (s) =>
    s.replace(new RegExp(`<Relationship Id="${rid}"[^>]*/>`), '').replace('</Relationships>', `<Relationship Id="rIdUser" Type="${NS_REL}/worksheet" Target="worksheets/mysums.xml"/></Relationships>`),
  );
  parts.delete(registry.part);
  parts.set('xl/worksheets/mysums.xml', Buffer.from(USER_SHEET, 'utf8'));
  parts.set(WE_PART, Buffer.from(weXml(value), 'utf8'));
  parts.set(
    'xl/webextensions/taskpanes.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">' +
        '<wetp:taskpane dockstate="right" visibility="0" width="350" row="0"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>',
      'utf8',
    ),
  );
  parts.set(
    'xl/webextensions/_rels/taskpanes.xml.rels',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>',
      'utf8',
    ),
  );
  edit(parts, '_rels/.rels', (s) =>
    s.replace('</Relationships>', '<Relationship Id="rIdWe" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>'),
  );
  edit(parts, '[Content_Types].xml', (s) =>
    s
      .replace(new RegExp(`<Override PartName="/${registry.part}"[^>]*/>`), '')
      .replace(
        '</Types>',
        '<Override PartName="/xl/worksheets/mysums.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>' +
          `<Override PartName="/${WE_PART}" ContentType="application/vnd.ms-office.webextension+xml"/></Types>`,
      ),
  );
  const names = list.filter((s) => s.name !== '_Perpetua').map((s) => s.name);
  parts.set('docProps/app.xml', Buffer.from(appXml([...names, 'My sums']), 'utf8'));
  await writeParts(to, parts);
}

function sheetNames(parts: ReadonlyMap<string, Buffer>): string[] {
  return [...(parts.get('xl/workbook.xml')?.toString('utf8') ?? '').matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** name -> part of every table. */
function tableNames(parts: ReadonlyMap<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [name, data] of parts) {
    const m = /^xl\/tables\/table\d+\.xml$/.test(name) ? /<table\b[^>]*\bname="([^"]*)"/.exec(data.toString('utf8')) : null;
    if (m !== null) out.push(m[1] ?? '');
  }
  return out.sort();
}

/** The ownership property's value, as the add-in will read it (the XML parsed by xmldom-checked text). */
function propertyValue(xml: string): string {
  const m = /<we:property name="Perpetua\.Ownership" value="([^"]*)"\/>/.exec(xml);
  if (m === null) throw new Error('no ownership property');
  return (m[1] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Worksheet titles listed in app.xml (the run the "Worksheets" pair counts). */
function appTitles(xml: string): { count: number; titles: string[]; size: number } {
  const count = Number(/<vt:lpstr>Worksheets<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>(\d+)<\/vt:i4>/.exec(xml)?.[1] ?? -1);
  const titles = /<TitlesOfParts><vt:vector size="(\d+)"[^>]*>([\s\S]*?)<\/vt:vector>/.exec(xml);
  const all = [...(titles?.[2] ?? '').matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => m[1] ?? '');
  return { count, titles: all, size: Number(titles?.[1] ?? -1) };
}

let dir: string;
let first: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-addin-'));
  first = path.join(dir, 'demo-1.xlsx');
  expect(await cli('value', DEMO, '--out', first)).toEqual({ code: 0, stderr: '' });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a workbook whose generated sheets the add-in made', () => {
  test('valued by the CLI: refreshed in place, user parts byte for byte, the setting and app.xml updated', async () => {
    const record = await addInRecordOf(first);
    expect(record.sheets.map((s) => s.key)).toContain('journal#1');
    const input = path.join(dir, 'addin.xlsx');
    await asAddInMadeIt(first, input, JSON.stringify(JSON.stringify(record)));
    const out = path.join(dir, 'addin-valued.xlsx');
    expect(await cli('value', input, '--out', out)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(input);
    const after = await readParts(out);

    // The same sheets, in the same order, "_Perpetua" added at the end; no "(2)" or "(Perpetua)".
    expect(sheetNames(after)).toEqual([...sheetNames(before), '_Perpetua']);
    expect(sheetNames(after).filter((n) => /\(\d+\)|\(Perpetua/.test(n))).toEqual([]);
    expect(tableNames(after)).toEqual(tableNames(before));
    // Every generated sheet kept its part: the add-in's sheets were refreshed, not added again.
    const partsBefore = (await sheetList(input)).map((s) => s.part);
    expect((await sheetList(out)).map((s) => s.part).slice(0, partsBefore.length)).toEqual(partsBefore);

    // The user's parts byte for byte (input sheets, their tables, the user sheet, taskpanes).
    const generated = new Set(record.sheets.map((s) => s.sheetName));
    const userParts = (await sheetList(input)).filter((s) => !generated.has(s.name)).map((s) => s.part);
    for (const p of [...userParts, 'xl/webextensions/taskpanes.xml', 'xl/webextensions/_rels/taskpanes.xml.rels', 'docProps/core.xml', 'xl/tables/table1.xml']) {
      expect({ p, same: after.get(p)?.equals(before.get(p) ?? Buffer.alloc(1)) }).toEqual({ p, same: true });
    }
    expect(after.get('xl/worksheets/mysums.xml')?.toString('utf8')).toBe(USER_SHEET);
    expect(xmlProblems(after)).toEqual([]);

    // The property now holds what the CLI made, under the add-in's keys; the rest of the part as it was.
    const weBefore = before.get(WE_PART)?.toString('utf8') ?? '';
    const weAfter = after.get(WE_PART)?.toString('utf8') ?? '';
    const placeholder = (s: string): string => s.replace(/(<we:property name="Perpetua\.Ownership" value=")[^"]*"/, '$1"');
    expect(placeholder(weAfter)).toBe(placeholder(weBefore));
    const written = JSON.parse(JSON.parse(propertyValue(weAfter)) as string) as OwnershipRecord;
    expect(written).toEqual(record);

    // app.xml lists the workbook's worksheets after the edit; the named range and the rest kept.
    const app = after.get('docProps/app.xml')?.toString('utf8') ?? '';
    const listed = appTitles(app);
    expect(listed.titles).toEqual([...sheetNames(after), 'Movements!Print_Area']);
    expect(listed.count).toBe(sheetNames(after).length);
    expect(listed.size).toBe(sheetNames(after).length + 1);
    const strip = (s: string): string => s.replace(/<HeadingPairs>[\s\S]*<\/TitlesOfParts>/, '');
    expect(strip(app)).toBe(strip(before.get('docProps/app.xml')?.toString('utf8') ?? ''));
    expect(app).toContain('<vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4>');

    // And once more: both records agree, nothing changes.
    const again = path.join(dir, 'addin-valued-2.xlsx');
    expect(await cli('value', out, '--out', again)).toEqual({ code: 0, stderr: '' });
    expect((await fs.readFile(again)).equals(await fs.readFile(out))).toBe(true);
  });

  test('a sheet the record names whose first table is gone stays the user\'s', async () => {
    const record = await addInRecordOf(first);
    const margins = record.sheets.find((s) => s.sheetName === 'Margins');
    expect(margins).toBeDefined();
    const edited: OwnershipRecord = { ...record, sheets: record.sheets.map((s) => (s === margins ? { ...s, tables: ['PP_NotThere', ...s.tables] } : s)) };
    const input = path.join(dir, 'addin-gone.xlsx');
    await asAddInMadeIt(first, input, JSON.stringify(JSON.stringify(edited)));
    const out = path.join(dir, 'addin-gone-valued.xlsx');
    expect(await cli('value', input, '--out', out)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(input);
    const after = await readParts(out);
    const marginsPart = (await sheetList(input)).find((s) => s.name === 'Margins')?.part ?? '';
    expect(after.get(marginsPart)?.equals(before.get(marginsPart) ?? Buffer.alloc(1))).toBe(true);
    expect(sheetNames(after)).toContain('Margins (Perpetua)');
    expect(sheetNames(after).filter((n) => n.endsWith('(Perpetua)'))).toEqual(['Margins (Perpetua)']);
  });
});

describe('a damaged add-in setting', () => {
  test.each([
    ['not JSON', '{"version":1,"sheets":['],
    ['a JSON string that is not a record', JSON.stringify('{"version":2}')],
    ['a record of the wrong shape', JSON.stringify(JSON.stringify({ version: 1, sheets: { key: 'journal#1', sheetName: 'Journal' } }))],
  ])('%s: counted as empty, no crash, the property rewritten', async (_label, value) => {
    expect(decodeOwnershipValue(value).record).toEqual({ version: 1, sheets: [], pending: [] });
    const input = path.join(dir, 'garbled.xlsx');
    await asAddInMadeIt(first, input, value);
    const out = path.join(dir, 'garbled-valued.xlsx');
    expect(await cli('value', input, '--out', out)).toEqual({ code: 0, stderr: '' });
    const after = await readParts(out);
    expect(xmlProblems(after)).toEqual([]);
    // Nothing was known to be Perpetua's: the old sheets stay, the new ones take free names.
    expect(sheetNames(after)).toContain('Journal (Perpetua)');
    const written = decodeOwnershipValue(propertyValue(after.get(WE_PART)?.toString('utf8') ?? '')).record;
    expect(written.sheets.map((s) => s.sheetName)).toContain('Journal (Perpetua)');
  });

  test('a web extension part that is not well formed: ignored and copied as it is', async () => {
    const record = await addInRecordOf(first);
    const input = path.join(dir, 'broken-part.xlsx');
    await asAddInMadeIt(first, input, JSON.stringify(JSON.stringify(record)), (v) => webExtensionXml(v).replace('</we:properties>', '</we:propertiez>'));
    const out = path.join(dir, 'broken-part-valued.xlsx');
    expect(await cli('value', input, '--out', out)).toEqual({ code: 0, stderr: '' });
    const before = await readParts(input);
    const after = await readParts(out);
    expect(after.get(WE_PART)?.equals(before.get(WE_PART) ?? Buffer.alloc(1))).toBe(true);
    expect(sheetNames(after)).toContain('Journal (Perpetua)');
  });

  test('a web extension part with a DTD is refused like any part', async () => {
    const record = await addInRecordOf(first);
    const input = path.join(dir, 'dtd-part.xlsx');
    const dtd = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
    await asAddInMadeIt(first, input, JSON.stringify(JSON.stringify(record)), (v) => webExtensionXml(v).replace(/^<\?xml[^>]*\?>\n/, dtd));
    const r = await cli('value', input, '--out', path.join(dir, 'dtd-valued.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/part xl\/webextensions\/webextension1\.xml declares a DTD/);
  });
});
