/**
 * A generated sheet's part, deflated piece by piece while its XML is still being made, off the
 * main thread. Each piece (a few thousand rows) goes to zlib's asynchronous deflate, which runs in
 * libuv's thread pool: on a machine with two cores one piece is compressed while the main thread
 * makes the next. A sheet's XML never exists whole:
 *
 *     pieces "<?xml..<row r=1>..", "<row r=5001>..", ..., "..</worksheet>"
 *       -> deflate(piece 1, sync flush) + deflate(piece 2, sync flush) + ... + deflate(last, finish)
 *
 * Each piece is its own raw deflate stream ended by a sync flush (a byte-aligned end of block that
 * is not the final block) and the last one is finished, so the pieces' outputs concatenated are one
 * valid raw deflate stream of the whole text. The CRC and size run over the pieces in order.
 *
 * Memory stays bounded: a `DeflateWindow` shared by every sheet of a package lets at most
 * `maxPendingBytes` of XML wait for compression; past that the producer waits for the oldest piece.
 */
import * as zlib from 'zlib';
import type { StoredEntry } from './zipWrite';

const LIMIT = 0xffffffff;

/** The XML waiting to be compressed, over all the parts being deflated; bounded. */
export class DeflateWindow {
  private readonly queue: Array<{ readonly done: Promise<unknown>; readonly bytes: number }> = [];
  private pendingBytes = 0;

  constructor(private readonly maxPendingBytes = 6 << 20) {}

  /** Bytes of XML handed to zlib and not yet known to be compressed. */
  get waitingBytes(): number {
    return this.pendingBytes;
  }

  /** Registers a piece being compressed; resolves once the XML waiting is back under the bound. */
  async admit(done: Promise<unknown>, bytes: number): Promise<void> {
    this.queue.push({ done, bytes });
    this.pendingBytes += bytes;
    while (this.pendingBytes > this.maxPendingBytes && this.queue.length > 1) {
      const oldest = this.queue.shift();
      if (oldest === undefined) break;
      // A failure is reported by the part's own promise; here it only frees the window.
      await oldest.done.catch(() => undefined);
      this.pendingBytes -= oldest.bytes;
    }
  }
}

function deflatePiece(data: Buffer, last: boolean): Promise<Buffer> {
  // One pass in the thread pool: an output buffer large enough for the piece's compressed bytes
  // (XML deflates to well under a quarter), so no round trip to the main thread mid-piece.
  const chunkSize = Math.max(64 << 10, (data.byteLength >>> 2) + 4096);
  const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(data, { level: 1, chunkSize, finishFlush }, (err, out) => (err === null ? resolve(out) : reject(err)));
  });
}

/** A part whose pieces have all been handed to zlib; `entry` resolves once they are compressed. */
export interface DeflatingPart {
  readonly name: string;
  readonly entry: Promise<StoredEntry>;
}

/**
 * Compresses part `name`, whose text is `pieces` concatenated, in the thread pool as the pieces are
 * made (text pieces as UTF-8, byte pieces as they are). Resolves as soon as the last piece is handed over (so the caller can go on making the next
 * part while the pool finishes this one); the part's zip entry is `entry`. Pass one `window` to
 * every part of a package so the bound on waiting XML is global.
 */
export async function deflatePieces(name: string, pieces: Iterable<string | Uint8Array>, window = new DeflateWindow()): Promise<DeflatingPart> {
  const parts: Array<Promise<Buffer>> = [];
  let crc = 0;
  let size = 0;
  let pending: Buffer | undefined;
  const send = async (data: Buffer, last: boolean): Promise<void> => {
    crc = zlib.crc32(data, crc);
    size += data.byteLength;
    if (size > LIMIT) throw new Error(`${name} is too large for a zip file`);
    const done = deflatePiece(data, last);
    // Handled here so a piece failing while others are made is not an unhandled rejection; the
    // failure itself comes out of `entry`.
    done.catch(() => undefined);
    parts.push(done);
    await window.admit(done, data.byteLength);
  };
  for (const piece of pieces) {
    // One piece behind, so the last one is known when it is compressed.
    if (pending !== undefined) await send(pending, false);
    pending = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  }
  await send(pending ?? Buffer.alloc(0), true);
  const entry = Promise.all(parts).then((out): StoredEntry => {
    const compressed = out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
    return { name, stored: { method: 8, crc32: crc >>> 0, uncompressedSize: size, compressed } };
  });
  entry.catch(() => undefined);
  return { name, entry };
}
