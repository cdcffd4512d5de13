/**
 * Hostile and messy .xlsx inputs (issue 17, items 1 and 3's missing part and odd sheet names),
 * generated on the fly: the reader's work follows the cells present, never what a dimension,
 * merge, table ref, validation or cell address claims; Excel's limits, zip bombs and DTDs end in
 * one clear message naming the sheet or part. Each case must also be quick.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { buildPackage } from '../../src/cli/packageBuild';
import * as zlib from 'zlib';
import { zipEntries } from '../../src/cli/zipWrite';
import type { StoredEntry } from '../../src/cli/zipWrite';
import type { Summary } from '../../src/workbook/summaryTypes';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-hostile-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const GOOD_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>Type</t></is></c>' +
  '<c r="C1" t="inlineStr"><is><t>Item</t></is></c><c r="D1" t="inlineStr"><is><t>Qty</t></is></c><c r="E1" t="inlineStr"><is><t>UnitCost</t></is></c></row>' +
  '<row r="2"><c r="A2"><v>46083</v></c><c r="B2" t="inlineStr"><is><t>Receipt</t></is></c><c r="C2" t="inlineStr"><is><t>COAT</t></is></c><c r="D2"><v>10</v></c><c r="E2"><v>100</v></c></row>' +
  '<row r="3"><c r="A3"><v>46084</v></c><c r="B3" t="inlineStr"><is><t>Receipt</t></is></c><c r="C3" t="inlineStr"><is><t>COAT</t></is></c><c r="D3"><v>5</v></c><c r="E3"><v>110</v></c></row>' +
  '<row r="4"><c r="A4"><v>46085</v></c><c r="B4" t="inlineStr"><is><t>Sale</t></is></c><c r="C4" t="inlineStr"><is><t>COAT</t></is></c><c r="D4"><v>2</v></c></row>';

/** A workbook whose Movements sheet XML is `sheetData` plus `after` (merges, validations...). */
async function workbook(name: string, sheetData: string, opts: { after?: string; prolog?: string; sheetName?: string; tableRef?: string; edit?: (parts: Map<string, Buffer>) => void; stored?: StoredEntry[] } = {}): Promise<string> {
  const sheetName = opts.sheetName ?? 'Movements';
  const parts = buildPackage([{ name: sheetName, rows: [['placeholder']], ...(opts.tableRef === undefined ? {} : { table: 'Movements' }) }]);
  const rels = opts.tableRef === undefined ? '' : '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>';
  parts.set(
    'xl/worksheets/sheet1.xml',
    Buffer.from(
      (opts.prolog ?? '<?xml version="1.0" encoding="UTF-8"?>') +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<dimension ref="A1:XFD1048576"/><sheetData>${sheetData}</sheetData>${opts.after ?? ''}${rels}</worksheet>`,
      'utf8',
    ),
  );
  if (opts.tableRef !== undefined) {
    const t = (parts.get('xl/tables/table1.xml') ?? Buffer.alloc(0)).toString('utf8');
    parts.set('xl/tables/table1.xml', Buffer.from(t.replace(/ref="[^"]*"/g, `ref="${opts.tableRef}"`).replace(/<tableColumns[\s\S]*<\/tableColumns>/, '<tableColumns count="5"><tableColumn id="1" name="Date"/><tableColumn id="2" name="Type"/><tableColumn id="3" name="Item"/><tableColumn id="4" name="Qty"/><tableColumn id="5" name="UnitCost"/></tableColumns>')));
  }
  opts.edit?.(parts);
  const file = path.join(dir, `${name}.xlsx`);
  await fs.writeFile(file, zipEntries([...[...parts].map(([n, data]) => ({ name: n, data: [data] })), ...(opts.stored ?? [])]));
  return file;
}

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly ms: number;
  readonly summary?: Summary;
}

async function value(file: string, out = true): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const t0 = Date.now();
  const args = ['value', file, '--json', '-', ...(out ? ['--out', path.join(dir, `out-${path.basename(file)}`)] : [])];
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const ms = Date.now() - t0;
  return code === 0 ? { code, stderr, ms, summary: JSON.parse(stdout) as Summary } : { code, stderr, ms };
}

function expectValued(r: Run): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.summary?.totals.inventoryValue).toBe('1350.00'); // 10 @ 100 + 5 @ 110 - 2 @ 100 (FIFO)
  expect(r.ms).toBeLessThan(10_000);
}

describe('claims cost nothing: only present cells count', () => {
  test('a lone blank-looking cell at XFD1048576 next to three good rows', async () => {
    expectValued(await value(await workbook('lone-xfd', `${GOOD_ROWS}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>`)));
  });
  test('a merged cell over the whole sheet', async () => {
    expectValued(await value(await workbook('merge', GOOD_ROWS, { after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' })));
  });
  test('a table ref over A1:I1048576 and one over the whole sheet', async () => {
    expectValued(await value(await workbook('table-ref', GOOD_ROWS, { tableRef: 'A1:I1048576' })));
    expectValued(await value(await workbook('table-all', GOOD_ROWS, { tableRef: 'A1:XFD1048576' })));
  });
  test('data validation over the whole sheet', async () => {
    const dv = '<dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations>';
    expectValued(await value(await workbook('validation', GOOD_ROWS, { after: dv })));
  });
  test('whitespace in row 1,048,576', async () => {
    expectValued(await value(await workbook('ws-last-row', `${GOOD_ROWS}<row r="1048576"><c r="A1048576" t="inlineStr"><is><t xml:space="preserve">   </t></is></c></row>`)));
  });
  test('16,384 filled columns in every row', async () => {
    const fill = (r: number): string => {
      let cells = '';
      for (let c = 6; c <= 16_384; c++) cells += r === 1 ? `<c t="inlineStr"><is><t>X${c}</t></is></c>` : `<c><v>${c}</v></c>`;
      return cells.replace('<c', `<c r="F${r}"`);
    };
    const rows = GOOD_ROWS.split('</row>')
      .filter((x) => x !== '')
      .map((row, i) => `${row}${fill(i + 1)}</row>`)
      .join('');
    const r = await value(await workbook('wide', rows), false);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe("beyond Excel's limits: an error naming the sheet", () => {
  test('a row numbered 99,999,999', async () => {
    const r = await value(await workbook('row-99m', `${GOOD_ROWS}<row r="99999999"><c r="A99999999"><v>1</v></c></row>`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sheet "Movements": row 99,999,999 is beyond Excel's last row/);
  });
  test('a cell beyond column XFD', async () => {
    const r = await value(await workbook('col-xfe', `${GOOD_ROWS}<row r="5"><c r="XFE5"><v>1</v></c></row>`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sheet "Movements": cell XFE5 is beyond Excel's last column/);
  });
});

describe('the package itself', () => {
  test('a worksheet part that is missing', async () => {
    const file = await workbook('missing-part', GOOD_ROWS, { edit: (p) => p.delete('xl/worksheets/sheet1.xml') });
    const r = await value(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sheet "Movements": its part xl\/worksheets\/sheet1\.xml is missing/);
  });
  test('a sheet named ../../tmp/x is just a name (its table is read)', async () => {
    expectValued(await value(await workbook('odd-name', GOOD_ROWS, { sheetName: '../../tmp/x', tableRef: 'A1:E4' })));
  });
  test('a DTD with entity expansion (billion laughs) is refused', async () => {
    const prolog = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const r = await value(await workbook('laughs', GOOD_ROWS.replace('COAT', '&lol2;'), { prolog }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/part xl\/worksheets\/sheet1\.xml declares a DTD/);
  });
  test('an external entity is refused', async () => {
    const prolog = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
    const r = await value(await workbook('xxe', GOOD_ROWS.replace('COAT', '&x;'), { prolog }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/declares a DTD/);
  });
  test('a zip bomb (a part claiming over 1,000 times its compressed size) is refused unread', async () => {
    const zeros = Buffer.alloc(64 * 1024 ** 2);
    const bomb: StoredEntry = {
      name: 'xl/bomb.bin',
      stored: { method: 8, crc32: zlib.crc32(zeros), uncompressedSize: zeros.byteLength, compressed: zlib.deflateRawSync(zeros, { level: 9 }) },
    };
    const file = await workbook('bomb', GOOD_ROWS, { stored: [bomb] });
    const r = await value(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/part xl\/bomb\.bin claims to unpack 64 MB .*zip bomb/);
  });
  test('a part inflating past its declared size stops at the declared size', async () => {
    const file = await workbook('liar', GOOD_ROWS);
    const bytes = await fs.readFile(file);
    // Make the sheet's declared size (central directory and local header) too small by one byte.
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
      const central = bytes.readUInt32LE(at - 46) === 0x02014b50;
      const sizeAt = central ? at - 46 + 24 : at - 30 + 22;
      bytes.writeUInt32LE(bytes.readUInt32LE(sizeAt) - 1, sizeAt);
    }
    await fs.writeFile(file, bytes);
    const r = await value(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sheet1\.xml/);
  });
  test('not a zip at all', async () => {
    const file = path.join(dir, 'text.xlsx');
    await fs.writeFile(file, 'Date,Type\n');
    const r = await value(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a zip package/);
  });
});
