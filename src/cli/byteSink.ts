/**
 * A growing byte buffer the sheet writer fills in place (cellXml.ts, sheetXml.ts): a big sheet's
 * body is millions of small pieces (`<c s="9"><v>`, `835.82`, `</v></c>`), and concatenating them
 * as strings made millions of short-lived strings and a flattening copy per chunk. Here constant
 * pieces are encoded once (`bytesOf`) and copied, numbers are written digit by digit, and each
 * chunk is handed on as one Buffer (`take`), never reused, so zlib may keep it while the next
 * chunk is written.
 *
 *     sink.bytes(OPEN); sink.number(835.82); sink.bytes(CLOSE)   -> <c s="9"><v>835.82</v></c>
 *
 * Numbers come out exactly as `String(v)` writes them (the shortest text that reads back as v);
 * integers and values with at most two decimals take a path that makes no string (numberFast).
 */

/** UTF-8 bytes of a constant piece of XML. */
export function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

const DIGITS = new Uint8Array(20);

export class ByteSink {
  private buf: Buffer;
  private len = 0;

  constructor(private readonly initial = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Bytes written since the last take. */
  get length(): number {
    return this.len;
  }

  private room(n: number): void {
    if (this.len + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    let at = this.len;
    if (at + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    // Most pieces are a few bytes long: a loop beats set()'s call overhead there.
    if (n < 24) for (let i = 0; i < n; i++) buf[at++] = b[i] as number;
    else {
      buf.set(b, at);
      at += n;
    }
    this.len = at;
  }

  /** Any text, as UTF-8 (ASCII copied directly; anything else through Buffer.write). */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = at + buf.write(s.slice(i), at, 'utf8');
        return;
      }
      buf[at++] = c;
    }
    this.len = at;
  }

  /** A non-negative safe integer's decimal digits. */
  digits(v: number): void {
    let k = 0;
    if (v < 0x7fffffff) {
      let x = v | 0;
      do {
        const q = (x / 10) | 0;
        DIGITS[k++] = 48 + x - q * 10;
        x = q;
      } while (x > 0);
    } else {
      do {
        const q = Math.floor(v / 10);
        DIGITS[k++] = 48 + (v - q * 10);
        v = q;
      } while (v > 0);
    }
    this.room(k);
    const buf = this.buf;
    let at = this.len;
    while (k > 0) buf[at++] = DIGITS[--k] as number;
    this.len = at;
  }

  /** A finite number as String(v) writes it. */
  number(v: number): void {
    if (!numberFast(this, v)) this.text(String(v));
  }

  /** The bytes written since the last take, as a Buffer of their own; the sink starts afresh. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(Math.max(this.initial, this.len + (this.len >>> 3)));
    this.len = 0;
    return out;
  }

  /** Internal to numberFast: one byte. */
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  /** Internal to numberFast: digits of a non-negative integer, at least `width` of them. */
  padded(v: number, width: number): void {
    if (width === 2 && v < 10) this.byte(48);
    this.digits(v);
  }
}

/** Below this, doubles lie under 2^-21 apart, far closer than 0.01. */
const FAST_LIMIT = 2 ** 31;

/**
 * Writes v without making a string when it is an integer or has at most two decimals and is small
 * enough (|v| < 2^31) for its two-decimal text to be the shortest one that reads back as v:
 * there the doubles are far closer together than 0.01, so that text is the only one of up to two
 * decimals within half a unit in the last place, which is what String(v) writes. Anything else
 * returns false (the caller writes String(v)).
 */
export function numberFast(sink: ByteSink, v: number): boolean {
  const a = v < 0 ? -v : v;
  if (a >= FAST_LIMIT) return false;
  const cents = Math.round(a * 100);
  if (cents / 100 !== a) return false;
  if (v < 0) sink.byte(45);
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  sink.padded(whole, 1);
  if (frac === 0) return true;
  sink.byte(46);
  if (frac % 10 === 0) sink.padded(frac / 10, 1);
  else sink.padded(frac, 2);
  return true;
}
