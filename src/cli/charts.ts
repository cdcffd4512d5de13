/**
 * Charts of generated sheets as DrawingML parts (the package editor, packageEdit.ts, places them):
 *
 *     xl/charts/chartN.xml                 the chart (line or clustered column) over sheet ranges
 *     xl/drawings/drawingN.xml (+ _rels)   anchors the sheet's charts to the right of their table
 *
 * Series point at the table's cells (so the chart follows edits) and carry cached values (so a
 * viewer that does not recalculate still draws it).
 */
import type { ChartSpec, OutputCell, SheetTable } from '../workbook/sheet';
import { columnLetters, xmlAttr, xmlEscape } from './xml';

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
export const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';

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

export function chartXml(chart: PlacedChart): string {
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
        `<c:tx><c:strRef><c:f>${xmlAttr(absRange(sheetName, c, placed.headerRow, placed.headerRow))}</c:f>` +
        `<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${xmlEscape(header)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        (line ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '<c:invertIfNegative val="0"/>') +
        `<c:cat><c:strRef><c:f>${xmlAttr(absRange(sheetName, catCol, first, last))}</c:f>` +
        `<c:strCache><c:ptCount val="${n}"/>${cats}</c:strCache></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xmlAttr(absRange(sheetName, c, first, last))}</c:f>` +
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

export function relationshipsXml(rels: ReadonlyArray<{ id: string; type: string; target: string }>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlAttr(r.target)}"/>`).join('') +
    '</Relationships>'
  );
}

/** The drawing part anchoring `charts` (one sheet's), chart i related as `relIds[i]`. */
export function drawingXml(charts: readonly PlacedChart[], relIds: readonly string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
    charts.map((c, i) => anchorXml(c, i, relIds[i] ?? `rId${i + 1}`)).join('') +
    '</xdr:wsDr>'
  );
}
