/**
 * Charts for the .xlsx writer. exceljs cannot write charts, so the saved file is opened again as a
 * zip (jszip, which exceljs itself uses) and each ChartSpec is added as DrawingML:
 *
 *     xl/charts/chartN.xml                 the chart (line or clustered column) over sheet ranges
 *     xl/drawings/drawingN.xml (+ _rels)   anchors the chart to the right of its table
 *     xl/worksheets/_rels/sheetK.xml.rels  sheet -> drawing relationship
 *     xl/worksheets/sheetK.xml             <drawing r:id="..."/>
 *     [Content_Types].xml                  overrides for the new parts
 *
 * Series point at the table's cells (so the chart follows edits) and carry cached values (so a
 * viewer that does not recalculate still draws it).
 */
import JSZip from 'jszip';
import type { ChartSpec, OutputCell, SheetTable } from '../workbook/sheet';
import { columnLetters, xmlEscape, xmlUnescape } from './xml';

/** Where a table landed on its sheet (1-based). */
export interface PlacedTable {
  readonly headerRow: number;
  readonly firstColumn: number;
  readonly rowCount: number;
}

export interface PlacedChart {
  readonly sheetName: string;
  readonly spec: ChartSpec;
  readonly table: SheetTable;
  readonly placed: PlacedTable;
}

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_DRAWING = `${NS_REL}/drawing`;
const REL_CHART = `${NS_REL}/chart`;
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';

function sheetRef(sheetName: string): string {
  return `'${sheetName.replace(/'/g, "''")}'`;
}

function absRange(sheetName: string, col: number, top: number, bottom: number): string {
  const c = columnLetters(col);
  return `${sheetRef(sheetName)}!$${c}$${top}${bottom === top ? '' : `:$${c}$${bottom}`}`;
}

function cacheText(v: OutputCell | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

function chartXml(chart: PlacedChart): string {
  const { spec, table, placed, sheetName } = chart;
  const first = placed.headerRow + 1;
  const last = placed.headerRow + Math.max(1, table.rows.length);
  const n = table.rows.length;
  const catCol = placed.firstColumn + spec.categoryColumn;
  const cats = table.rows
    .map((r, i) => `<c:pt idx="${i}"><c:v>${xmlEscape(cacheText(r[spec.categoryColumn]))}</c:v></c:pt>`)
    .join('');
  const line = spec.kind === 'line';
  const series = spec.seriesColumns
    .map((col, s) => {
      const header = table.columns[col]?.header ?? `Series ${s + 1}`;
      const pts = table.rows
        .map((r, i) => {
          const v = r[col];
          return typeof v === 'number' && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : '';
        })
        .join('');
      const c = placed.firstColumn + col;
      return (
        `<c:ser><c:idx val="${s}"/><c:order val="${s}"/>` +
        `<c:tx><c:strRef><c:f>${xmlEscape(absRange(sheetName, c, placed.headerRow, placed.headerRow))}</c:f>` +
        `<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${xmlEscape(header)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        (line ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '<c:invertIfNegative val="0"/>') +
        `<c:cat><c:strRef><c:f>${xmlEscape(absRange(sheetName, catCol, first, last))}</c:f>` +
        `<c:strCache><c:ptCount val="${n}"/>${cats}</c:strCache></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xmlEscape(absRange(sheetName, c, first, last))}</c:f>` +
        `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${n}"/>${pts}</c:numCache></c:numRef></c:val>` +
        (line ? '<c:smooth val="0"/>' : '') +
        '</c:ser>'
      );
    })
    .join('');
  const axes = '<c:axId val="500100"/><c:axId val="500200"/>';
  const plot = line
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`
    : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="150"/>${axes}</c:barChart>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    `xmlns:r="${NS_REL}">` +
    '<c:roundedCorners val="0"/><c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlEscape(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    plot +
    '<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="low"/>' +
    '<c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>' +
    '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    '<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    '<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="500100"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

const CHART_COLS = 9;
const CHART_ROWS = 18;

function anchorXml(chart: PlacedChart, index: number, relId: string): string {
  const { placed, table } = chart;
  // Zero-based anchor cells: right of the table, one column gap; charts stack downwards.
  const col = placed.firstColumn - 1 + table.columns.length + 1;
  const row = placed.headerRow - 1 + index * (CHART_ROWS + 1);
  const point = (c: number, r: number): string =>
    `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    '<xdr:twoCellAnchor editAs="oneCell">' +
    `<xdr:from>${point(col, row)}</xdr:from><xdr:to>${point(col + CHART_COLS, row + CHART_ROWS)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 2}" name="${xmlEscape(chart.spec.title || `Chart ${index + 1}`)}"/>` +
    '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${relId}"/>` +
    '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

function relationshipsXml(rels: ReadonlyArray<{ id: string; type: string; target: string }>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlEscape(r.target)}"/>`).join('') +
    '</Relationships>'
  );
}

/** Worksheet part path (e.g. "xl/worksheets/sheet3.xml") of each sheet name, from workbook.xml and its rels. */
export async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id !== undefined && target !== undefined) {
      const t = xmlUnescape(target);
      targets.set(id, t.startsWith('/') ? t.slice(1) : `xl/${t}`);
    }
  }
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && part !== undefined) parts.set(xmlUnescape(name), part);
  }
  return parts;
}

function freeNumber(zip: JSZip, prefix: string, start: number): number {
  let n = start;
  while (zip.file(`${prefix}${n}.xml`) !== null) n++;
  return n;
}

/**
 * Adds the charts to an .xlsx package opened with jszip. For a sheet listed in `drawingRelIds`
 * the sheet XML already holds <drawing r:id="..."/> with that id (sheetXml.ts writes it), so only
 * the relationship is added; otherwise the element is inserted into the sheet part found in `zip`.
 */
export async function addCharts(
  zip: JSZip,
  charts: readonly PlacedChart[],
  drawingRelIds: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  if (charts.length === 0) return;
  const parts = await sheetParts(zip);
  let contentTypes = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  const overrides: string[] = [];

  const bySheet = new Map<string, PlacedChart[]>();
  for (const c of charts) bySheet.set(c.sheetName, [...(bySheet.get(c.sheetName) ?? []), c]);

  let chartNo = freeNumber(zip, 'xl/charts/chart', 1);
  let drawingNo = freeNumber(zip, 'xl/drawings/drawing', 1);
  for (const [sheetName, sheetCharts] of bySheet) {
    const part = parts.get(sheetName);
    if (part === undefined) throw new Error(`chart sheet "${sheetName}" not found in the saved workbook`);
    const presetRelId = drawingRelIds.get(sheetName);
    const sheetXml = presetRelId === undefined ? ((await zip.file(part)?.async('string')) ?? '') : '';
    if (sheetXml.includes('<drawing ')) throw new Error(`sheet "${sheetName}" already has a drawing`);

    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const anchors: string[] = [];
    const drawingRels: Array<{ id: string; type: string; target: string }> = [];
    sheetCharts.forEach((chart, i) => {
      chartNo = freeNumber(zip, 'xl/charts/chart', chartNo);
      const chartPath = `xl/charts/chart${chartNo}.xml`;
      zip.file(chartPath, chartXml(chart));
      overrides.push(`<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/>`);
      const relId = `rId${i + 1}`;
      drawingRels.push({ id: relId, type: REL_CHART, target: `../charts/chart${chartNo}.xml` });
      anchors.push(anchorXml(chart, i, relId));
      chartNo++;
    });
    zip.file(
      drawingPath,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
        anchors.join('') +
        '</xdr:wsDr>',
    );
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relationshipsXml(drawingRels));
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/>`);

    // Sheet -> drawing relationship, with an Id the sheet's rels do not use yet.
    const slash = part.lastIndexOf('/');
    const relsPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    const existing = (await zip.file(relsPath)?.async('string')) ?? '';
    const used = new Set([...existing.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
    let n = 1;
    while (used.has(`rId${n}`)) n++;
    const drawingRelId = presetRelId ?? `rId${n}`;
    if (used.has(drawingRelId)) throw new Error(`sheet "${sheetName}": relationship ${drawingRelId} is already used`);
    const rel = `<Relationship Id="${drawingRelId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.file(
      relsPath,
      existing === ''
        ? relationshipsXml([{ id: drawingRelId, type: REL_DRAWING, target: `../drawings/drawing${drawingNo}.xml` }])
        : existing.replace('</Relationships>', `${rel}</Relationships>`),
    );

    if (presetRelId !== undefined) {
      drawingNo++;
      continue;
    }
    // <drawing> goes before legacyDrawing / tableParts / extLst (schema order), else at the end.
    const drawingEl = `<drawing r:id="${drawingRelId}"/>`;
    const before = ['<legacyDrawing', '<legacyDrawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst']
      .map((tag) => sheetXml.indexOf(tag))
      .filter((i) => i >= 0);
    const at = before.length > 0 ? Math.min(...before) : sheetXml.lastIndexOf('</worksheet>');
    let updated = sheetXml.slice(0, at) + drawingEl + sheetXml.slice(at);
    if (!/xmlns:r="/.test(updated.slice(0, updated.indexOf('>', updated.indexOf('<worksheet'))))) {
      updated = updated.replace('<worksheet ', `<worksheet xmlns:r="${NS_REL}" `);
    }
    zip.file(part, updated);
    drawingNo++;
  }

  contentTypes = contentTypes.replace('</Types>', `${overrides.join('')}</Types>`);
  zip.file('[Content_Types].xml', contentTypes);
}
