/**
 * Body rows (cellXml.ts) carry a cell reference only after a gap, and still read back, through the
 * CLI's own reader and a strict XML parser, as exactly the cells written, each in its column.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { BodyRows } from '../../src/cli/cellXml';
import { ByteSink } from '../../src/cli/byteSink';
import { buildPackage } from '../../src/cli/packageBuild';
import { columnLetters } from '../../src/cli/xml';
import type { OutputCell } from '../../src/workbook/sheet';
import { sheetGrid, writeParts, xmlProblems } from '../support/xlsxParts';

const LETTERS = Array.from({ length: 12 }, (_, i) => columnLetters(i + 1));

describe('body rows', () => {
  test('a reference only on the cell after a gap; repeated text written the same', () => {
    const rows = new BodyRows(LETTERS, [7, 3, 9, 3, 9]);
    expect(rows.row(5, [45659, 'Inventory', null, 'a & b', 12.5])).toBe(
      '<row r="5"><c s="7"><v>45659</v></c><c s="3" t="inlineStr"><is><t>Inventory</t></is></c>' +
        '<c r="D5" s="3" t="inlineStr"><is><t>a &amp; b</t></is></c><c s="9"><v>12.5</v></c></row>',
    );
    expect(rows.row(6, [null, 'Inventory', true, ' x', Number.NaN])).toBe(
      '<row r="6"><c r="B6" s="3" t="inlineStr"><is><t>Inventory</t></is></c><c s="9" t="b"><v>1</v></c>' +
        '<c s="3" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c></row>',
    );
    expect(rows.row(7, [])).toBe('<row r="7"></row>');
  });

  test('rows written straight into the buffer come out the same whatever room the sink starts with', () => {
    // Long texts (kept and not), numbers past the fast path and gaps, into a sink of 8 bytes that
    // must grow at every reserve, against one that never grows.
    const text = fc.oneof(fc.constantFrom('Inventory', 'a & b', '_x0041_'), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: fc.constantFrom('a', 'é', '&'), minLength: 500, maxLength: 3000 }));
    const cell: fc.Arbitrary<OutputCell> = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true }), fc.integer(), text);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: LETTERS.length + 2 }), { maxLength: 30 }), fc.nat(4), (rows, takeEvery) => {
        const styles = LETTERS.map((_, i) => i * 1000);
        const small = new ByteSink(8);
        const big = new ByteSink(1 << 20);
        const a = new BodyRows(LETTERS, styles);
        const b = new BodyRows(LETTERS, styles);
        const chunks: Buffer[] = [];
        rows.forEach((r, i) => {
          a.write(small, 1_048_570 + (i % 7), r);
          b.write(big, 1_048_570 + (i % 7), r);
          if (takeEvery > 0 && i % takeEvery === 0) chunks.push(small.take());
        });
        chunks.push(small.take());
        expect(Buffer.concat(chunks).toString('utf8')).toBe(big.take().toString('utf8'));
      }),
      { numRuns: 500, seed: 16 },
    );
  });

  test('any cells read back in their columns, with their values, from well-formed XML', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-cells-'));
    try {
      const cell: fc.Arbitrary<OutputCell> = fc.oneof(
        fc.constant(null),
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom('Inventory', 'Goods received', '\u00a0nbsp', 'ideo\u3000', 'a_b', 'a\u0001b', '_x0041_', 'a\rb', ' lead', 'trail\t', '<&>"', '\uD800', 'é中😀'),
        fc.string({ minLength: 1, unit: 'binary' }),
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(cell, { maxLength: LETTERS.length }), { minLength: 1, maxLength: 8 }), async (rows) => {
          const body = new BodyRows(LETTERS, LETTERS.map((_, i) => i % 2)); // 0 plain, 1 bold: no date format
          const xml =
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
            rows.map((r, i) => body.row(i + 2, r)).join('') +
            '</sheetData></worksheet>';
          const parts = buildPackage([{ name: 'S', rows: [['h']] }]);
          parts.set('xl/worksheets/sheet1.xml', Buffer.from(xml, 'utf8'));
          expect(xmlProblems(parts)).toEqual([]);
          const file = path.join(dir, `t${run++}.xlsx`);
          await writeParts(file, parts);
          const grid = await sheetGrid(file, 'S');
          rows.forEach((r, i) => {
            const back = grid[i + 1] ?? [];
            for (let c = 0; c < LETTERS.length; c++) {
              const want = r[c] ?? null;
              // An empty text cell reads as blank, as Excel shows it.
              expect([i, c, back[c] ?? null]).toEqual([i, c, want === '' ? null : want]);
            }
          });
        }),
        { numRuns: 60, seed: 15 },
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
