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
 * integers and values with at most six decimals take a path that makes no string (numberFast).
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

  /**
   * The buffer to write into directly, from `length` on, with room for at least `n` more bytes
   * (the hot loop of cellXml.ts writes a row so, without a call per piece). Valid until the next
   * call on the sink; `commit` the new length after writing.
   */
  reserve(n: number): Buffer {
    this.room(n);
    return this.buf;
  }

  /** The length after bytes were written into reserve()'s buffer. */
  commit(len: number): void {
    this.len = len;
  }

  /** The bytes written since the last take, as a Buffer of their own; the sink starts afresh. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(Math.max(this.initial, this.len + (this.len >>> 3)));
    this.len = 0;
    return out;
  }
}

/** Below this, doubles lie at most 2^-22 apart, closer than 10^-FAST_DECIMALS. */
const FAST_LIMIT = 2 ** 31;
/** The most decimals the fast path writes. */
const FAST_DECIMALS = 6;
const TENS: readonly number[] = Array.from({ length: FAST_DECIMALS + 1 }, (_, k) => 10 ** k);

/**
 * Writes v without making a string when it is an integer or has at most six decimals and is small
 * enough (|v| < 2^31) for its shortest such text to be the one String(v) writes. There the doubles
 * lie at most 2^-22 apart, closer than 10^-6, so at most one text of k <= 6 decimals reads back as
 * v; the fewest decimals k for which one does is the shortest text that reads back as v, which
 * is what String(v) writes (no exponent: String only uses one below 10^-6). That text's digits
 * are m = round(v * 10^k): m / 10^k, one correctly rounded division (m < 2^53, 10^k exact), is
 * exactly what reading the text gives. Anything else returns false (the caller writes String(v)).
 */
export function numberFast(sink: ByteSink, v: number): boolean {
  const at = numberInto(sink.reserve(MAX_FAST_BYTES), sink.length, v);
  if (at < 0) return false;
  sink.commit(at);
  return true;
}

/** The most bytes numberInto writes: "-2147483647.999999". */
export const MAX_FAST_BYTES = 18;

/** `v`'s digits into buf at `at` (v a non-negative integer below 2^31); returns the end. */
export function digitsInto(buf: Uint8Array, at: number, v: number): number {
  let k = 0;
  let x = v | 0;
  do {
    const q = (x / 10) | 0;
    DIGITS[k++] = 48 + x - q * 10;
    x = q;
  } while (x > 0);
  while (k > 0) buf[at++] = DIGITS[--k] as number;
  return at;
}

/**
 * numberFast's text written into buf at `at` (room for MAX_FAST_BYTES assumed): the end, or -1
 * (nothing written) when v has more than six decimals or is not below 2^31.
 */
export function numberInto(buf: Uint8Array, at: number, v: number): number {
  const a = v < 0 ? -v : v;
  if (a >= FAST_LIMIT) return -1;
  let k = 0;
  let m = a;
  if (Math.floor(a) !== a) {
    for (k = 1; ; k++) {
      if (k > FAST_DECIMALS) return -1;
      const ten = TENS[k] as number;
      m = Math.round(a * ten);
      if (m / ten === a) break;
    }
  }
  if (v < 0) buf[at++] = 45;
  if (k === 0) return digitsInto(buf, at, a);
  const ten = TENS[k] as number;
  const whole = Math.floor(m / ten);
  at = digitsInto(buf, at, whole);
  buf[at++] = 46;
  // The k decimals, leading zeros kept (the last is not 0: k is the fewest that read back).
  let frac = m - whole * ten;
  for (let d = k - 1; d >= 0; d--) {
    const q = Math.floor(frac / 10);
    buf[at + d] = 48 + (frac - q * 10);
    frac = q;
  }
  return at + k;
}
