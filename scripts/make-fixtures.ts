/**
 * Generates the package fixtures of the CLI tests (test/fixtures/package/): workbooks holding the
 * parts a user's real workbook has and Perpetua must copy untouched.
 *
 *     node -r ts-node/register/transpile-only scripts/make-fixtures.ts
 *
 *   macro.xlsm          the coats movements (SPEC section 10) in a macro-enabled workbook: the
 *                       workbook part has the macroEnabled content type and a vbaProject.bin
 *                       part (a small binary blob standing in for a VBA project).
 *   pivot-chart.xlsx    the same movements plus: a PivotTable (sum of Qty by Type) with its pivot
 *                       cache definition and records, a slicer on Type (slicer cache + slicer
 *                       part, the slicer's defined name), a line chart of Qty with its drawing on
 *                       a "Chart" sheet, and a custom XML part.
 *
 * The parts are written here as SpreadsheetML text, the way Excel lays them out.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { buildPackage } from '../src/cli/packageBuild';
import type { NewSheet } from '../src/cli/packageBuild';
import { chartXml, drawingXml } from '../src/cli/charts';
import { zipEntries } from '../src/cli/zipWrite';

const OUT = path.resolve(__dirname, '..', 'test', 'fixtures', 'package');
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function d(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const MOVEMENTS: NewSheet = {
  name: 'Movements',
  table: 'Movements',
  rows: [
    ['Date', 'Type', 'Item', 'Qty', 'Doc', 'UnitCost', 'UnitPrice', 'Order'],
    [d('2026-03-02'), 'Receipt', 'COAT', 10, 'R-001', 100, null, 'PO-001'],
    [d('2026-03-05'), 'Bill', 'COAT', 10, 'B-001', 100, null, 'PO-001'],
    [d('2026-03-10'), 'Sale', 'COAT', 2, 'INV-001', null, 250, null],
  ],
};
const SETTINGS: NewSheet = { name: 'Settings', table: 'Settings', rows: [['Setting', 'Value'], ['Company', 'Winter Coats Ltd'], ['Method', 'FIFO']] };

type Parts = Map<string, Buffer>;

function edit(parts: Parts, name: string, f: (xml: string) => string): void {
  const old = parts.get(name);
  if (old === undefined) throw new Error(`no part ${name}`);
  parts.set(name, Buffer.from(f(old.toString('utf8')), 'utf8'));
}

function addOverride(parts: Parts, part: string, type: string): void {
  edit(parts, '[Content_Types].xml', (x) => x.replace('</Types>', `<Override PartName="/${part}" ContentType="${type}"/></Types>`));
}

function addWorkbookRel(parts: Parts, id: string, type: string, target: string): void {
  edit(parts, 'xl/_rels/workbook.xml.rels', (x) => x.replace('</Relationships>', `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`));
}

async function write(file: string, parts: Parts): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, zipEntries([...parts].map(([name, data]) => ({ name, data: [data] }))));
}

/** A small binary blob standing in for a VBA project (an OLE compound file header, then bytes). */
function vbaBlob(): Buffer {
  const b = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  for (let i = 8; i < b.length; i++) b[i] = (i * 37 + 11) & 0xff;
  return b;
}

async function macroWorkbook(): Promise<void> {
  const parts = buildPackage([SETTINGS, MOVEMENTS], 'Perpetua fixtures');
  edit(parts, '[Content_Types].xml', (x) =>
    x
      .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
      .replace('<Default Extension="xml"', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"'),
  );
  parts.set('xl/vbaProject.bin', vbaBlob());
  addWorkbookRel(parts, 'rIdVba', 'http://schemas.microsoft.com/office/2006/relationships/vbaProject', 'vbaProject.bin');
  await write(path.join(OUT, 'macro.xlsm'), parts);
}

function pivotCacheDefinition(): string {
  const s = (items: readonly string[]): string => `<sharedItems count="${items.length}">${items.map((v) => `<s v="${v}"/>`).join('')}</sharedItems>`;
  const num = (min: number, max: number, blank = false): string =>
    `<sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="${min}" maxValue="${max}"${blank ? ' containsBlank="1"' : ''}/>`;
  return (
    DECL +
    `<pivotCacheDefinition xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" r:id="rId1" refreshOnLoad="1" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="3">` +
    '<cacheSource type="worksheet"><worksheetSource name="Movements"/></cacheSource><cacheFields count="8">' +
    '<cacheField name="Date" numFmtId="164"><sharedItems containsSemiMixedTypes="0" containsNonDate="0" containsDate="1" containsString="0" minDate="2026-03-02T00:00:00" maxDate="2026-03-10T00:00:00"/></cacheField>' +
    `<cacheField name="Type" numFmtId="0">${s(['Receipt', 'Bill', 'Sale'])}</cacheField>` +
    `<cacheField name="Item" numFmtId="0">${s(['COAT'])}</cacheField>` +
    `<cacheField name="Qty" numFmtId="0">${num(2, 10)}</cacheField>` +
    `<cacheField name="Doc" numFmtId="0">${s(['R-001', 'B-001', 'INV-001'])}</cacheField>` +
    `<cacheField name="UnitCost" numFmtId="0">${num(100, 100, true)}</cacheField>` +
    `<cacheField name="UnitPrice" numFmtId="0">${num(250, 250, true)}</cacheField>` +
    '<cacheField name="Order" numFmtId="0"><sharedItems containsBlank="1" count="2"><s v="PO-001"/><m/></sharedItems></cacheField>' +
    '</cacheFields></pivotCacheDefinition>'
  );
}

function pivotCacheRecords(): string {
  return (
    DECL +
    `<pivotCacheRecords xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" count="3">` +
    '<r><d v="2026-03-02T00:00:00"/><x v="0"/><x v="0"/><n v="10"/><x v="0"/><n v="100"/><m/><x v="0"/></r>' +
    '<r><d v="2026-03-05T00:00:00"/><x v="1"/><x v="0"/><n v="10"/><x v="1"/><n v="100"/><m/><x v="0"/></r>' +
    '<r><d v="2026-03-10T00:00:00"/><x v="2"/><x v="0"/><n v="2"/><x v="2"/><m/><n v="250"/><x v="1"/></r>' +
    '</pivotCacheRecords>'
  );
}

function pivotTable(): string {
  const plain = '<pivotField showAll="0"/>';
  return (
    DECL +
    `<pivotTableDefinition xmlns="${NS_MAIN}" name="PivotTable1" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" ` +
    'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" ' +
    'useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">' +
    '<location ref="A3:B7" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>' +
    '<pivotFields count="8">' +
    plain +
    '<pivotField axis="axisRow" showAll="0"><items count="4"><item x="1"/><item x="0"/><item x="2"/><item t="default"/></items></pivotField>' +
    plain +
    '<pivotField dataField="1" showAll="0"/>' +
    plain.repeat(4) +
    '</pivotFields><rowFields count="1"><field x="1"/></rowFields>' +
    '<rowItems count="4"><i><x/></i><i><x v="1"/></i><i><x v="2"/></i><i t="grand"><x/></i></rowItems>' +
    '<colItems count="1"><i/></colItems>' +
    '<dataFields count="1"><dataField name="Sum of Qty" fld="3" baseField="0" baseItem="0"/></dataFields>' +
    '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>' +
    '</pivotTableDefinition>'
  );
}

async function pivotChartWorkbook(): Promise<void> {
  const pivotSheet: NewSheet = {
    name: 'Pivot',
    rows: [['Sum of Qty by Type'], [], ['Row Labels', 'Sum of Qty'], ['Bill', 10], ['Receipt', 10], ['Sale', 2], ['Grand Total', 22]],
  };
  const chartSheet: NewSheet = { name: 'Chart', rows: [['Qty of each movement']] };
  const parts = buildPackage([SETTINGS, MOVEMENTS, pivotSheet, chartSheet], 'Perpetua fixtures');
  // Sheets 3 (Pivot) and 4 (Chart) of buildPackage; the styles relationship is rId5.

  // The PivotTable, its cache (definition + records) and the slicer on Type.
  parts.set('xl/pivotCache/pivotCacheDefinition1.xml', Buffer.from(pivotCacheDefinition()));
  parts.set('xl/pivotCache/pivotCacheRecords1.xml', Buffer.from(pivotCacheRecords()));
  parts.set(
    'xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels',
    Buffer.from(DECL + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>`),
  );
  parts.set('xl/pivotTables/pivotTable1.xml', Buffer.from(pivotTable()));
  parts.set(
    'xl/pivotTables/_rels/pivotTable1.xml.rels',
    Buffer.from(DECL + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>`),
  );
  parts.set(
    'xl/slicers/slicer1.xml',
    Buffer.from(DECL + `<slicers xmlns="${NS_X14}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x" xmlns:x="${NS_MAIN}"><slicer name="Type" cache="Slicer_Type" caption="Type" rowHeight="241300"/></slicers>`),
  );
  parts.set(
    'xl/slicerCaches/slicerCache1.xml',
    Buffer.from(
      DECL +
        `<slicerCacheDefinition xmlns="${NS_X14}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x" xmlns:x="${NS_MAIN}" name="Slicer_Type" sourceName="Type">` +
        '<pivotTables><pivotTable tabId="3" name="PivotTable1"/></pivotTables>' +
        '<data><tabular pivotCacheId="1"><items count="3"><i x="1" s="1"/><i x="0" s="1"/><i x="2" s="1"/></items></tabular></data></slicerCacheDefinition>',
    ),
  );
  parts.set(
    'xl/worksheets/_rels/sheet3.xml.rels',
    Buffer.from(
      DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${NS_REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2007/relationships/slicer" Target="../slicers/slicer1.xml"/>' +
        '</Relationships>',
    ),
  );
  edit(parts, 'xl/worksheets/sheet3.xml', (x) =>
    x.replace(
      '</worksheet>',
      `<extLst><ext uri="{A8765BA9-456A-4dab-B4F3-ACF838C121DE}" xmlns:x14="${NS_X14}"><x14:slicerList><x14:slicer r:id="rId2"/></x14:slicerList></ext></extLst></worksheet>`,
    ),
  );

  // The chart: Qty of each movement, on the Chart sheet, through its drawing.
  const movementsTable = {
    name: 'Movements',
    columns: [
      { header: 'Doc', format: 'text' as const },
      { header: 'Qty', format: 'qty' as const },
    ],
    rows: [
      ['R-001', 10],
      ['B-001', 10],
      ['INV-001', 2],
    ],
  };
  // Doc is column E and Qty column D of Movements; a chart over E (categories) and D (values).
  const placed = { sheetName: 'Movements', spec: { kind: 'line' as const, title: 'Qty by movement', table: 0, categoryColumn: 0, seriesColumns: [1] }, table: movementsTable, placed: { headerRow: 1, firstColumn: 4, rowCount: 3 } };
  const chart = chartXml(placed).replace(/\$E\$/g, '$X$').replace(/\$D\$/g, '$E$').replace(/\$X\$/g, '$D$');
  parts.set('xl/charts/chart1.xml', Buffer.from(chart));
  parts.set('xl/drawings/drawing1.xml', Buffer.from(drawingXml([{ ...placed, placed: { headerRow: 2, firstColumn: -1, rowCount: 3 } }], ['rId1'])));
  parts.set(
    'xl/drawings/_rels/drawing1.xml.rels',
    Buffer.from(DECL + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/chart" Target="../charts/chart1.xml"/></Relationships>`),
  );
  parts.set(
    'xl/worksheets/_rels/sheet4.xml.rels',
    Buffer.from(DECL + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`),
  );
  edit(parts, 'xl/worksheets/sheet4.xml', (x) => x.replace('</worksheet>', '<drawing r:id="rId1"/></worksheet>'));

  // A custom XML part (as SharePoint and document-management systems add them).
  parts.set('customXml/item1.xml', Buffer.from(DECL + '<ledger xmlns="urn:example:perpetua-fixture"><owner>Winter Coats Ltd</owner></ledger>'));

  addWorkbookRel(parts, 'rIdPivot', `${NS_REL}/pivotCacheDefinition`, 'pivotCache/pivotCacheDefinition1.xml');
  addWorkbookRel(parts, 'rIdSlicer', 'http://schemas.microsoft.com/office/2007/relationships/slicerCache', 'slicerCaches/slicerCache1.xml');
  addWorkbookRel(parts, 'rIdCustom', `${NS_REL}/customXml`, '../customXml/item1.xml');
  edit(parts, 'xl/workbook.xml', (x) =>
    x
      .replace('</sheets>', '</sheets><definedNames><definedName name="Slicer_Type">#N/A</definedName></definedNames>')
      .replace(
        '</workbook>',
        '<pivotCaches><pivotCache cacheId="1" r:id="rIdPivot"/></pivotCaches>' +
          `<extLst><ext uri="{BBE1A952-AA13-448e-AADC-164F8A28A991}" xmlns:x14="${NS_X14}"><x14:slicerCaches><x14:slicerCache r:id="rIdSlicer"/></x14:slicerCaches></ext></extLst></workbook>`,
      ),
  );
  const ct = 'application/vnd.openxmlformats-officedocument';
  addOverride(parts, 'xl/pivotCache/pivotCacheDefinition1.xml', `${ct}.spreadsheetml.pivotCacheDefinition+xml`);
  addOverride(parts, 'xl/pivotCache/pivotCacheRecords1.xml', `${ct}.spreadsheetml.pivotCacheRecords+xml`);
  addOverride(parts, 'xl/pivotTables/pivotTable1.xml', `${ct}.spreadsheetml.pivotTable+xml`);
  addOverride(parts, 'xl/slicers/slicer1.xml', 'application/vnd.ms-excel.slicer+xml');
  addOverride(parts, 'xl/slicerCaches/slicerCache1.xml', 'application/vnd.ms-excel.slicerCache+xml');
  addOverride(parts, 'xl/charts/chart1.xml', `${ct}.drawingml.chart+xml`);
  addOverride(parts, 'xl/drawings/drawing1.xml', `${ct}.drawing+xml`);
  await write(path.join(OUT, 'pivot-chart.xlsx'), parts);
}

async function main(): Promise<void> {
  await macroWorkbook();
  await pivotChartWorkbook();
}

main().catch((err: unknown) => {
  process.stderr.write(`make-fixtures: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
