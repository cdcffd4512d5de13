/**
 * The fast scanner (xmlScan.ts) against saxes (saxRead.ts) on random documents, plain and hostile:
 * whatever it accepts, saxes parses to the very same events; whatever saxes refuses (a DTD, a
 * mismatched tag, a bad reference, a control character), it refuses too; and plain sheets, however
 * they are cut into chunks, take the fast path. A sheet it hands back to saxes reads the same cells,
 * counted once against the cell budget.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { saxParse, type SaxHandlers } from '../../src/cli/saxRead';
import { XmlScanner } from '../../src/cli/xmlScan';
import { openZip } from '../../src/cli/zipRead';
import { readSheetCells, MAX_CELLS } from '../../src/cli/sheetRead';
import { buildPackage } from '../../src/cli/packageBuild';
import { writeParts } from '../support/xlsxParts';

type Event = readonly [string, string, Record<string, string>?];

/** Handlers recording events; text only inside the root, adjacent pieces merged. */
function recorder(): { readonly h: SaxHandlers; readonly events: Event[] } {
  const events: Event[] = [];
  let depth = 0;
  const h: SaxHandlers = {
    open: (name, attrs) => {
      depth++;
      events.push(['open', name, { ...attrs }]);
    },
    close: (name) => {
      depth--;
      events.push(['close', name]);
    },
    text: (t) => {
      if (depth === 0 || t === '') return;
      const last = events[events.length - 1];
      if (last?.[0] === 'text') events[events.length - 1] = ['text', last[1] + t];
      else events.push(['text', t]);
    },
  };
  return { h, events };
}

function bySaxes(data: Buffer): Event[] | 'refused' {
  const r = recorder();
  try {
    saxParse('x.xml', data, r.h);
    return r.events;
  } catch {
    return 'refused';
  }
}

function byScanner(data: Buffer, cuts: readonly number[]): Event[] | 'refused' {
  const r = recorder();
  const s = new XmlScanner(r.h);
  const at = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, data.length]) {
    if (!s.feed(data.subarray(from, to))) return 'refused';
    from = to;
  }
  return s.end() ? r.events : 'refused';
}

const PLAIN_TEXT = ['835.82', 'Inventory', 'a &amp; b', '&lt;&gt;&quot;&apos;', '&#x41;&#66;', 'é中😀', ' lead', 'x\r\ny', '_x0001_', '\t', ''];
const HOSTILE_TEXT = ['&bogus;', '&', '&#0;', '&#xFFFE;', ']]>', '\u0001', '\uFFFF', '<!-- c -->', '<![CDATA[x]]>', '<?pi x?>', '<', '\uD800'];
const NAMES = ['c', 'v', 'row', 'is', 't', 'x:c', 'rPh', 'sheetData', 'a.b', '_q'];
const HOSTILE_NAMES = ['1a', 'a:', 'a:b:c', 'é', ':a'];
const VALUES = ['A1', '3', 'inlineStr', '', 'a>b', "it's", 'say "hi"'];
const HOSTILE_VALUES = ['a<b', 'a&amp;b', 'a\tb', 'é'];

function doc(hostile: boolean): fc.Arbitrary<string> {
  // Hostile pieces now and then, so that many hostile documents are still well formed.
  const pick = <T>(plain: readonly T[], bad: readonly T[]): fc.Arbitrary<T> =>
    hostile ? fc.oneof({ arbitrary: fc.constantFrom(...plain), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 }) : fc.constantFrom(...plain);
  const chars = fc.string({ unit: fc.constantFrom('a', '1', ' ', '.', '>', '\n'), maxLength: 6 });
  const text = fc.oneof(pick(PLAIN_TEXT, HOSTILE_TEXT), hostile ? fc.oneof(chars, fc.string({ unit: 'binary', maxLength: 4 })) : chars);
  const attr = fc.tuple(pick(['r', 's', 't', 'x:y'], ['r r']), pick(VALUES, HOSTILE_VALUES), fc.constantFrom('"', "'"), fc.constantFrom('', ' ', '\n'));
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.tuple(pick(NAMES, HOSTILE_NAMES), fc.array(attr, { maxLength: 3 }), fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(([name, attrs, kids, empty]) => {
        // Hostile values escape a quote (a reference: the scanner leaves it to saxes); plain ones take the other quote.
        const quoted = (v: string, q: string): string => (hostile ? `${q}${v.replace(q, q === '"' ? '&quot;' : '&apos;')}${q}` : v.includes(q) ? `${q === '"' ? "'" : '"'}${v}${q === '"' ? "'" : '"'}` : `${q}${v}${q}`);
        const a = attrs.map(([k, v, q, sp]) => ` ${k}${sp}=${sp}${quoted(v, q)}`).join('');
        return empty && kids.length === 0 ? `<${name}${a}/>` : `<${name}${a}>${kids.join('')}</${name}>`;
      }),
    ),
  }));
  const prolog = pick(['', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', '\uFEFF<?xml version="1.0"?>', '\n'], ['<!DOCTYPE r [<!ENTITY a "b">]>', '<?xml version="1.0" encoding="ISO-8859-1"?>', 'junk', '<!-- c -->', '\uFEFF\uFEFF']);
  const after = pick(['', '\n', ' '], ['<x/>', 'junk', '<!-- c -->']);
  return fc.tuple(prolog, fc.array(node, { maxLength: 5 }), after).map(([p, kids, a]) => `${p}<worksheet xmlns="urn:x">${kids.join('')}</worksheet>${a}`);
}

/** A hostile document, sometimes cut short or with one byte changed. */
const mutated = fc.tuple(doc(true), fc.nat(), fc.nat(255), fc.constantFrom('keep', 'cut', 'poke')).map(([s, at, byte, how]) => {
  const b = Buffer.from(s, 'utf8');
  if (how === 'cut') return b.subarray(0, at % (b.length + 1));
  if (how === 'poke') b[at % b.length] = byte;
  return b;
});

describe('the sheet scanner', () => {
  test('accepts only what saxes parses, and then reports the same events', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutated, fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
        const want = bySaxes(data);
        const got = byScanner(data, cuts);
        if (got === 'refused') return;
        accepted++;
        expect(got).toEqual(want);
      }),
      { numRuns: 4000, seed: 21 },
    );
    // The property is not vacuous: a good share of the hostile documents still pass the scanner.
    expect(accepted).toBeGreaterThan(200);
  });

  test('plain documents always take the fast path, cut anywhere', () => {
    fc.assert(
      fc.property(doc(false), fc.array(fc.nat(), { maxLength: 8 }), (s, cuts) => {
        const data = Buffer.from(s, 'utf8');
        expect(byScanner(data, cuts)).toEqual(bySaxes(data));
      }),
      { numRuns: 2000, seed: 22 },
    );
  });

  test('refuses a DTD, a comment, a second root and an unclosed root', () => {
    for (const s of ['<!DOCTYPE a><a/>', '<a><!-- x --></a>', '<a/><b/>', '<a><b></b>', '<a></b>', '<a x="1" x="2"/>', '']) {
      expect([s, byScanner(Buffer.from(s), [])]).toEqual([s, 'refused']);
    }
  });

  test('a sheet the scanner hands to saxes reads the same cells, counted once', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-scan-'));
    try {
      const rows = [['Item', 'Qty'], ['A', 1], ['B', 2.5]];
      const plain = buildPackage([{ name: 'S', rows }]);
      const sheet = (plain.get('xl/worksheets/sheet1.xml') as Buffer).toString('utf8');
      const commented = new Map(plain).set('xl/worksheets/sheet1.xml', Buffer.from(sheet.replace('</worksheet>', '<!-- saved by hand --></worksheet>')));
      const read = async (parts: ReadonlyMap<string, Buffer>, name: string): Promise<unknown> => {
        const file = path.join(dir, name);
        await writeParts(file, parts);
        const zip = await openZip(await fs.readFile(file));
        // Exactly the six cells allowed: a pass counted twice would hit the limit.
        const ctx = { sharedStrings: [], dateStyles: [], date1904: false, budget: { cells: 6 } };
        const cells = await readSheetCells(zip, 'xl/worksheets/sheet1.xml', 'S', { windows: [{ top: 1, left: 1, bottom: 9, right: 9 }], asSheet: false }, ctx);
        zip.close();
        return { rows: cells.rows.map((r) => r.vals), left: ctx.budget.cells };
      };
      const want = await read(plain, 'plain.xlsx');
      expect(want).toEqual({ rows: [['Item', 'Qty'], ['A', 1], ['B', 2.5]], left: 0 });
      expect(await read(commented, 'commented.xlsx')).toEqual(want);
      expect(MAX_CELLS).toBeGreaterThan(6);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
