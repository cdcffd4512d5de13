/**
 * A minimal zip writer for .xlsx packages, over Node's native zlib. jszip's JavaScript deflate
 * took 12 s for the 330 MB of XML of a 100,000-movement run; native deflate at level 1 takes
 * about half a second and, on XML this repetitive, compresses nearly as well.
 *
 * Parts copied from the input package are written as they were stored (compressed bytes and CRC
 * unchanged), so they are byte for byte the user's and cost no recompression. Generated sheets come
 * already compressed, piece by piece in the thread pool (pieceDeflate.ts).
 *
 * Writes plain zip (no zip64): every part and the whole file must stay under 4 GiB and 65,535
 * entries, which an .xlsx does long before Excel's own limits bite; beyond that it throws.
 */
import * as zlib from 'zlib';

export interface ZipEntry {
  readonly name: string;
  /** The uncompressed bytes, possibly in several chunks (a large sheet is built in pieces). */
  readonly data: readonly Uint8Array[];
}

/** A part copied as stored in another zip: its compressed bytes and CRC, unchanged. */
export interface StoredEntry {
  readonly name: string;
  readonly stored: {
    readonly method: number;
    readonly crc32: number;
    readonly uncompressedSize: number;
    readonly compressed: Buffer;
  };
}

const LIMIT = 0xffffffff;
// 1980-01-01 00:00 in DOS format: a fixed stamp keeps the output reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Parts above this size are deflated at level 1 (fast), smaller ones at level 6. */
const BIG_PART = 1 << 20;

/** The zip file of `entries`. */
export function zipEntries(entries: ReadonlyArray<ZipEntry | StoredEntry>): Buffer {
  if (entries.length > 0xffff) throw new Error(`too many parts for a zip file: ${entries.length}`);
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let crc = 0;
    let size = 0;
    let compressed: Uint8Array;
    let method = 8;
    if ('stored' in entry) {
      ({ crc32: crc, uncompressedSize: size, compressed, method } = entry.stored);
    } else {
      for (const part of entry.data) {
        crc = zlib.crc32(part, crc);
        size += part.byteLength;
      }
      const whole = entry.data.length === 1 ? (entry.data[0] ?? new Uint8Array(0)) : Buffer.concat(entry.data);
      compressed = zlib.deflateRawSync(whole, { level: size > BIG_PART ? 1 : 6 });
    }
    if (size > LIMIT || compressed.byteLength > LIMIT || offset > LIMIT) throw new Error(`${entry.name} is too large for a zip file`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8); // 8 deflate, 0 stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    local.writeUInt16LE(0, 28);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // version made by
    dir.writeUInt16LE(20, 6); // version needed
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(compressed.byteLength, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.byteLength, 28);
    // extra length, comment length, disk number, internal and external attributes: all 0
    dir.writeUInt32LE(offset, 42);

    chunks.push(local, name, compressed);
    central.push(dir, name);
    offset += local.byteLength + name.byteLength + compressed.byteLength;
  }
  const centralSize = central.reduce((n, b) => n + b.byteLength, 0);
  if (offset > LIMIT || centralSize > LIMIT) throw new Error('the workbook is too large for a zip file');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
