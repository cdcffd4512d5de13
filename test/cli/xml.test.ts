/**
 * Every string written into XML is well formed and reads back as itself (issue 17 item 2):
 * Excel's _xHHHH_ escapes for characters XML 1.0 forbids, _x005F_ for a literal "_xHHHH_".
 */
import fc from 'fast-check';
import { DOMParser } from '@xmldom/xmldom';
import { decodeExcelText, excelEscape, xmlAttr, xmlText } from '../../src/cli/xml';
import { saxParse } from '../../src/cli/saxRead';

/** Text as a strict parser reads it from <t>...</t>, then Excel's escapes undone. */
function roundTrip(s: string): string {
  let text = '';
  let problems = 0;
  // xmldom is the strict well-formedness check; the text is read with saxes, which follows XML 1.0's
  // line-end rules (xmldom also folds U+2028 / U+0085 into a line feed, as XML 1.1 does).
  // Warnings are not faults: xmldom warns on U+FFFD (a legal character) as a possible decoding slip.
  new DOMParser({ onError: (level: string) => (problems += level === 'warning' ? 0 : 1) }).parseFromString(`<t>${xmlText(s)}</t>`, 'text/xml');
  if (problems > 0) throw new Error(`not well formed: ${JSON.stringify(s)}`);
  saxParse('test', Buffer.from(`<t>${xmlText(s)}</t>`, 'utf8'), { text: (t) => (text += t) });
  return decodeExcelText(text);
}

test('examples: forbidden characters, CR and literal escapes', () => {
  expect(excelEscape('a\u0001b')).toBe('a_x0001_b');
  expect(excelEscape('_x0041_')).toBe('_x005F_x0041_');
  expect(excelEscape('a\rb')).toBe('a_x000D_b');
  expect(excelEscape('\uFFFE')).toBe('_xFFFE_');
  expect(xmlText('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  expect(decodeExcelText('_x005F_x0041_')).toBe('_x0041_');
  expect(xmlAttr('a\u0000b\tc')).toBe('ab&#9;c');
});

test('any string, however hostile, is well formed in XML and reads back unchanged', () => {
  const hostile = fc.constantFrom('\u0000', '\u0001', '\u000b', '\u000c', '\u001a', '\u007f', '\uFFFE', '\uFFFF', '\r', '\n', '\t', '_x', '_x0041_', '_x005F_', '&', '<', ']]>', '\uD800', '\uDC00', '\uFFFD', '😀');
  const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), hostile);
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const s = pieces.join('');
      expect(roundTrip(s)).toBe(s);
    }),
    { numRuns: 300 },
  );
}, 30_000);
