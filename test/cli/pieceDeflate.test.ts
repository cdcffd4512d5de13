/**
 * A part deflated piece by piece in the thread pool (pieceDeflate.ts) is one valid raw deflate
 * stream of the whole text, with the whole text's CRC and size, reads back through the package
 * reader, and never lets more than the window's bound of XML wait for compression.
 */
import * as zlib from 'zlib';
import fc from 'fast-check';
import { DeflateWindow, deflatePieces } from '../../src/cli/pieceDeflate';
import { zipEntries } from '../../src/cli/zipWrite';
import { openZip } from '../../src/cli/zipRead';

describe('deflatePieces', () => {
  it('inflates to the pieces joined, with their CRC and byte size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant(''), fc.constant('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(500))), { maxLength: 12 }), async (pieces) => {
        const whole = Buffer.from(pieces.join(''), 'utf8');
        const e = await (await deflatePieces('xl/worksheets/sheet1.xml', pieces)).entry;
        expect(e.stored.method).toBe(8);
        expect(e.stored.uncompressedSize).toBe(whole.byteLength);
        expect(e.stored.crc32).toBe(zlib.crc32(whole) >>> 0);
        expect(zlib.inflateRawSync(e.stored.compressed).equals(whole)).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a package holding such parts opens and reads back the text', async () => {
    const window = new DeflateWindow(1 << 16);
    const pieces = Array.from({ length: 5 }, (_, i) => `<row r="${i + 1}">${'<c><v>7</v></c>'.repeat(20_000)}</row>`);
    const other = Array.from({ length: 3 }, (_, i) => `<x>${String(i).repeat(70_000)}</x>`);
    const a = await deflatePieces('a.xml', pieces, window);
    const b = await deflatePieces('c.xml', other, window);
    const zip = zipEntries([await a.entry, { name: 'b.txt', data: [Buffer.from('plain')] }, await b.entry]);
    const z = await openZip(zip);
    for (const [name, text] of [['a.xml', pieces.join('')], ['b.txt', 'plain'], ['c.xml', other.join('')]] as const) {
      const part = z.get(name);
      expect(part).toBeDefined();
      expect((await z.read(part as NonNullable<typeof part>)).toString('utf8')).toBe(text);
    }
  });

  it('makes the next piece only while at most the bound of XML waits for compression', async () => {
    const bound = 1 << 20;
    const window = new DeflateWindow(bound);
    const piece = '<row><c><v>1</v></c></row>'.repeat(12_000); // 312,000 bytes
    let worst = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 40; i++) {
        worst = Math.max(worst, window.waitingBytes);
        yield piece;
      }
    }
    const part = await deflatePieces('big.xml', pieces(), window);
    const e = await part.entry;
    expect(e.stored.uncompressedSize).toBe(piece.length * 40);
    // The window is full at times (the producer is faster than nothing) but never past its bound.
    expect(worst).toBeGreaterThan(bound - piece.length);
    expect(worst).toBeLessThanOrEqual(bound);
  });

  it('a failing piece fails the part, not the process', async () => {
    function* pieces(): Generator<string> {
      yield 'fine';
      throw new Error('the model broke');
    }
    await expect(deflatePieces('x.xml', pieces())).rejects.toThrow('the model broke');
  });
});
