/**
 * The worksheet reader's cell path (attributes and plain values read from the scanner's bytes)
 * against saxes' events on random sheets, plain and odd: the same cells, the same dates, the same
 * errors. And the decimal reader against Number().
 */
import fc from 'fast-check';
import { saxParse } from '../../src/cli/saxRead';
import { XmlScanner } from '../../src/cli/xmlScan';
import { cellCollector } from '../../src/cli/cellCollector';
import { numberOf } from '../../src/cli/rawAttrs';
import type { SheetNeeds } from '../../src/cli/sheetCells';

const CTX = (): { sharedStrings: string[]; dateStyles: boolean[]; date1904: boolean; budget: { cells: number } } => ({
  sharedStrings: ['Item', 'Qty', 'a & b'],
  dateStyles: [false, false, true, false],
  date1904: false,
  budget: { cells: 200 },
});

const NEEDS: readonly SheetNeeds[] = [
  { windows: [{ top: 1, left: 1, bottom: 1_048_576, right: 16_384 }], asSheet: false },
  { windows: [], asSheet: true },
  { windows: [{ top: 2, left: 2, bottom: 4, right: 3 }], asSheet: false },
];

type Outcome = { readonly cells: unknown } | { readonly error: string } | 'refused';

function bySaxes(xml: Buffer, needs: SheetNeeds): Outcome {
  const c = cellCollector('S', needs, CTX());
  try {
    saxParse('s.xml', xml, c.handlers);
    return { cells: c.done() };
  } catch (err) {
    const m = (err as Error).message;
    return m.includes('not well-formed') || m.includes('DTD') ? 'refused' : { error: m };
  }
}

function byCellPath(xml: Buffer, needs: SheetNeeds, cuts: readonly number[]): Outcome {
  const c = cellCollector('S', needs, CTX());
  const s = new XmlScanner(c.handlers);
  const at = [...new Set(cuts.map((k) => k % (xml.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  try {
    for (const to of [...at, xml.length]) {
      // A fresh copy per chunk, as an inflating stream hands them over.
      if (!s.feed(Buffer.from(xml.subarray(from, to)))) return 'refused';
      from = to;
    }
    return s.end() ? { cells: c.done() } : 'refused';
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const REFS = ['A1', 'B2', 'c3', 'AB7', 'XFD1', 'XFE1', 'AAAA1', '1', '', '_1', 'A', 'Zz9', 'a1b'];
const STYLES = ['0', '2', '3', '02', '', '1e0', 'x', ' 2', '999999999', '1234567890'];
const TYPES = ['n', 's', 'str', 'inlineStr', 'b', 'e', 'd', 'S', 'x'];
const VALUES = ['0', '1', '2', '-0', '007', '835.82', '-12.5', '1.', '.5', ' 5 ', '1e3', '123456789012345', '1234567890123456', '0.1234567890123', 'NaN', 'true', '#N/A', '2026-03-02', 'a &amp; b', '&#49;2', '', 'x_x0041_', 'é'];
const ROWS = ['1', '2', '3', '007', '1.0', '0', 'x', '', '1048577', '2.5'];

const attr = (k: string, vals: readonly string[]): fc.Arbitrary<string> => fc.option(fc.constantFrom(...vals), { nil: undefined }).map((v) => (v === undefined ? '' : ` ${k}="${v}"`));

const value = fc.oneof(
  fc.constantFrom(...VALUES).map((v) => `<v>${v}</v>`),
  fc.tuple(fc.constantFrom(...VALUES), fc.constantFrom(...VALUES)).map(([a, b]) => `<v>${a}</v><v>${b}</v>`),
  fc.tuple(fc.constantFrom(...VALUES), fc.constantFrom(...VALUES)).map(([a, b]) => `<v>${a}<x/>${b}</v>`),
  fc.constantFrom(...VALUES).map((v) => `<is><t>${v}</t><rPh><t>ignored</t></rPh></is>`),
  fc.constant('<f>SUM(A1)</f><v>3</v>'),
  fc.constant(''),
);

const cell = fc.tuple(attr('r', REFS), attr('s', STYLES), attr('t', TYPES), value, fc.boolean()).map(([r, s, t, v, extra]) => `<c${r}${s}${t}${extra ? ' cm="1"' : ''}>${v}</c>`);
const row = fc.tuple(attr('r', ROWS), fc.array(cell, { maxLength: 5 })).map(([r, cells]) => `<row${r} spans="1:3">${cells.join('')}</row>`);
const sheet = fc.array(row, { maxLength: 6 }).map((rows) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="urn:x"><sheetData>${rows.join('')}</sheetData></worksheet>`);

describe('the worksheet cell path', () => {
  test('reads what saxes reads: the same cells, dates and errors, cut anywhere', () => {
    let fast = 0;
    fc.assert(
      fc.property(sheet, fc.nat(NEEDS.length - 1), fc.array(fc.nat(), { maxLength: 6 }), (s, n, cuts) => {
        const xml = Buffer.from(s, 'utf8');
        const needs = NEEDS[n] as SheetNeeds;
        const got = byCellPath(xml, needs, cuts);
        if (got === 'refused') return;
        fast++;
        expect(got).toEqual(bySaxes(xml, needs));
      }),
      { numRuns: 3000, seed: 15 },
    );
    // Nearly all of these sheets are in the scanner's subset (é and references go to the string path).
    expect(fast).toBeGreaterThan(2900);
  });

  test('a plain sheet keeps numbers, shared strings, dates and inline text', () => {
    const xml = Buffer.from(
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" s="2"><v>46083</v></c><c s="3"><v>-12.5</v></c><c r="D2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
    );
    const got = byCellPath(xml, NEEDS[0] as SheetNeeds, []);
    expect(got).toEqual({ cells: { rowNumbers: [1, 2], rows: [{ vals: ['Item', 'Qty'] }, { vals: [new Date(Date.UTC(2026, 2, 2)), -12.5, undefined, 'x'] }] } });
  });
});

describe('numberOf', () => {
  test('equals Number() on every plain decimal it reads, and declines the rest', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 0, maxLength: 17 }), fc.option(fc.string({ unit: fc.constantFrom('0', '3', '7', '9'), maxLength: 17 })))
      .map(([neg, whole, frac]) => `${neg ? '-' : ''}${whole}${frac === null ? '' : `.${frac}`}`);
    const any = fc.oneof(decimal, fc.string({ unit: fc.constantFrom('0', '1', '.', '-', 'e', ' ', '+'), maxLength: 8 }));
    fc.assert(
      fc.property(any, (s) => {
        const b = Buffer.from(s, 'latin1');
        const v = numberOf(b, 0, b.length);
        if (v !== undefined) expect(Object.is(v, Number(s))).toBe(true);
        const digits = s.replace(/[^0-9]/g, '').length;
        if (/^-?\d+(\.\d+)?$/.test(s) && digits <= 15) expect(v).not.toBeUndefined();
      }),
      { numRuns: 20000, seed: 16 },
    );
  });
});
