/**
 * A part deflated piece by piece (zipWrite.ts deflatePieces) is one valid raw deflate stream of the
 * whole text, with the whole text's CRC and size, and reads back through the package reader.
 */
import * as zlib from 'zlib';
import fc from 'fast-check';
import { deflatePieces, zipEntries } from '../../src/cli/zipWrite';
import { openZip } from '../../src/cli/zipRead';

describe('deflatePieces', () => {
  it('inflates to the pieces joined, with their CRC and byte size', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant(''), fc.constant('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(500))), { maxLength: 12 }), (pieces) => {
        const whole = Buffer.from(pieces.join(''), 'utf8');
        const e = deflatePieces('xl/worksheets/sheet1.xml', pieces);
        expect(e.stored.method).toBe(8);
        expect(e.stored.uncompressedSize).toBe(whole.byteLength);
        expect(e.stored.crc32).toBe(zlib.crc32(whole) >>> 0);
        expect(zlib.inflateRawSync(e.stored.compressed).equals(whole)).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a package holding such a part opens and reads back the text', async () => {
    const pieces = Array.from({ length: 5 }, (_, i) => `<row r="${i + 1}">${'<c><v>7</v></c>'.repeat(20_000)}</row>`);
    const zip = zipEntries([deflatePieces('a.xml', pieces), { name: 'b.txt', data: [Buffer.from('plain')] }]);
    const z = await openZip(zip);
    const part = z.get('a.xml');
    expect(part).toBeDefined();
    expect((await z.read(part as NonNullable<typeof part>)).toString('utf8')).toBe(pieces.join(''));
  });
});
