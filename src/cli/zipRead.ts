/**
 * Reading an .xlsx/.xlsm package (a zip) without trusting what it claims, over yauzl.
 *
 * The central directory is read once into an index of parts (name -> entry); nothing is inflated
 * until asked for. A part is either streamed (sheets, shared strings: inflated chunk by chunk
 * into a SAX parser), read whole when it is small (workbook.xml, rels, table parts), or copied
 * raw - its compressed bytes and CRC unchanged - into the output package.
 *
 * Limits, each a PackageError with a hint (never a hang or a crash):
 *   - at most MAX_ENTRIES parts, no two parts with the same name (OPC names ignore case);
 *   - the parts' declared uncompressed sizes add up to at most MAX_TOTAL_BYTES, and a part larger
 *     than RATIO_FLOOR_BYTES may not claim more than MAX_RATIO times its compressed size (zip
 *     bombs). yauzl's validateEntrySizes stops a part whose inflated data runs past its declared
 *     size, so the declared sizes are a bound, not a promise;
 *   - only stored and deflated parts, none encrypted; names must be relative and free of "..".
 */
import * as yauzl from 'yauzl';
import type { Readable } from 'stream';

export const MAX_ENTRIES = 65_535;
export const MAX_TOTAL_BYTES = 2 * 1024 ** 3;
export const MAX_RATIO = 1_000;
export const RATIO_FLOOR_BYTES = 8 * 1024 ** 2;
/** Parts read whole (workbook.xml, rels, content types, table parts, styles) stay under this. */
export const MAX_SMALL_PART = 64 * 1024 ** 2;

/** A problem with the package itself; `hint` says what the user can do. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** One part as stored: enough to copy it raw. */
export interface StoredPart {
  readonly name: string;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

export interface ZipIn {
  /** Parts in the order the central directory lists them. */
  readonly parts: readonly StoredPart[];
  /** The part of that name, ignoring letter case (OPC part names are case-insensitive). */
  get(name: string): StoredPart | undefined;
  /** The inflated bytes of a part, streamed. */
  stream(part: StoredPart): Promise<Readable>;
  /** The whole inflated part, refused above `limit` bytes. */
  read(part: StoredPart, limit?: number): Promise<Buffer>;
  /** The compressed bytes as stored (method 0 or 8), for a byte-for-byte copy. */
  raw(part: StoredPart): Promise<Buffer>;
  close(): void;
}

function mb(n: number): string {
  return `${Math.round(n / 1024 ** 2).toLocaleString('en-US')} MB`;
}

function collect(stream: Readable, limit: number, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        stream.destroy();
        reject(new PackageError(`part ${name} is larger than ${mb(limit)}`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (err: Error) => reject(new PackageError(`part ${name} cannot be read: ${err.message}`)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Opens a package held in memory and indexes its parts, checking the limits above. */
export async function openZip(data: Buffer): Promise<ZipIn> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new PackageError(`not a zip package (${err instanceof Error ? err.message : String(err)})`, 'Save the file from Excel as an .xlsx (or .xlsm) workbook.');
  }
  if (zip.entryCount > MAX_ENTRIES) {
    zip.close();
    throw new PackageError(`the package lists ${zip.entryCount.toLocaleString('en-US')} parts; at most ${MAX_ENTRIES.toLocaleString('en-US')} are read`);
  }
  const entries = new Map<string, yauzl.Entry>();
  const byKey = new Map<string, StoredPart>();
  const parts: StoredPart[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue; // a folder entry
      const key = name.toLowerCase();
      if (entries.has(key)) throw new PackageError(`the package holds two parts named ${name}`, 'The file is damaged; save it again from Excel.');
      if (entry.isEncrypted()) throw new PackageError(`part ${name} is encrypted`, 'Remove the password protection in Excel and save again.');
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new PackageError(`part ${name} uses compression method ${entry.compressionMethod}; only stored and deflated parts are read`);
      }
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_BYTES) {
        throw new PackageError(`the package unpacks to more than ${mb(MAX_TOTAL_BYTES)}`, 'This looks like a zip bomb; a real workbook within Excel\'s limits is far smaller.');
      }
      if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw new PackageError(
          `part ${name} claims to unpack ${mb(entry.uncompressedSize)} from ${entry.compressedSize.toLocaleString('en-US')} bytes (ratio over ${MAX_RATIO}:1)`,
          'This looks like a zip bomb; the file is not read.',
        );
      }
      const part: StoredPart = {
        name,
        method: entry.compressionMethod,
        crc32: entry.crc32,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
      };
      entries.set(key, entry);
      byKey.set(key, part);
      parts.push(part);
    }
  } catch (err) {
    zip.close();
    if (err instanceof PackageError) throw err;
    throw new PackageError(`the zip directory cannot be read (${err instanceof Error ? err.message : String(err)})`, 'The file is damaged or not a workbook.');
  }

  const entryOf = (part: StoredPart): yauzl.Entry => {
    const e = entries.get(part.name.toLowerCase());
    if (e === undefined) throw new PackageError(`part ${part.name} is not in the package`);
    return e;
  };
  const open = async (part: StoredPart, decode: boolean): Promise<Readable> => {
    try {
      return await zip.openReadStreamPromise(entryOf(part), decode ? {} : { decodeFileData: false });
    } catch (err) {
      throw new PackageError(`part ${part.name} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return {
    parts,
    get: (name) => byKey.get(name.toLowerCase()),
    stream: (part) => open(part, true),
    read: async (part, limit = MAX_SMALL_PART) => {
      if (part.uncompressedSize > limit) throw new PackageError(`part ${part.name} is larger than ${mb(limit)}`);
      return collect(await open(part, true), limit, part.name);
    },
    raw: async (part) => collect(await open(part, false), part.compressedSize, part.name),
    close: () => zip.close(),
  };
}
