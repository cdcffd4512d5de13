/**
 * The attributes of one start tag as positions in the scanner's buffer (xmlScan.ts), for handlers
 * that read a few attributes of very many tags (a worksheet's `<c r="H328" s="9" t="s">`): no
 * object and no string per attribute unless asked for. A RawAttrs is reused from tag to tag and is
 * valid only during the `openRaw` call that receives it.
 *
 *     <c r="H328" s="9">   index('s') -> 1, digits(1) -> 9, text(0) -> "H328", letterColumn(0) -> 8
 *
 * Values are printable ASCII without `&` or `<` (the scanner leaves anything else to saxes), so a
 * value's latin1 text is its text. numberOf reads a plain decimal straight from the bytes.
 */

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Powers of ten that are exact doubles (10^0 .. 10^22). */
const EXACT_TENS: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number `Number(text)` gives for a plain decimal in `buf[a..b)` (an optional `-`, 1 to 15
 * digits in all, an optional `.` with at least one digit after it), else undefined. With at most
 * 15 digits the digits form an integer m below 2^53 and 10^k is exact, so m / 10^k is one correctly
 * rounded division: the double nearest the decimal, which is what Number() returns.
 */
export function numberOf(buf: Uint8Array, a: number, b: number): number | undefined {
  let i = a;
  const negative = i < b && buf[i] === 0x2d;
  if (negative) i++;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (; i < b; i++) {
    const c = buf[i] as number;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      m = m * 10 + (c - DIGIT_0);
      digits++;
    } else if (c === 0x2e && point < 0) point = digits;
    else return undefined;
  }
  if (digits === 0 || digits > 15 || point === 0 || point === digits) return undefined;
  const k = point < 0 ? 0 : digits - point;
  const v = k === 0 ? m : m / (EXACT_TENS[k] as number);
  return negative ? -v : v;
}

export class RawAttrs {
  /** The buffer the positions point into. */
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  private readonly keys: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Starts a new tag over `buf`. */
  reset(buf: Buffer): void {
    this.buf = buf;
    this.count = 0;
  }

  /** Adds an attribute; false when the tag already has one of that name (not well formed). */
  add(key: string, start: number, end: number): boolean {
    for (let i = 0; i < this.count; i++) if (this.keys[i] === key) return false;
    this.keys[this.count] = key;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
    return true;
  }

  /** The position of attribute `key`, or -1. */
  index(key: string): number {
    for (let i = 0; i < this.count; i++) if (this.keys[i] === key) return i;
    return -1;
  }

  /** Value i as a string. */
  text(i: number): string {
    return this.buf.toString('latin1', this.starts[i], this.ends[i]);
  }

  /** Value i read as 1 to 9 decimal digits, else -1 (then ask for its text). */
  digits(i: number): number {
    const a = this.starts[i] as number;
    const b = this.ends[i] as number;
    if (b <= a || b - a > 9) return -1;
    let n = 0;
    for (let k = a; k < b; k++) {
      const c = this.buf[k] as number;
      if (c < DIGIT_0 || c > DIGIT_9) return -1;
      n = n * 10 + (c - DIGIT_0);
    }
    return n;
  }

  /**
   * The column of a cell reference in value i, read as sheetRead's refColumn reads it: the leading
   * characters above '9' as letters (A = 1); 0 when one of 1 to 3 of them is not a letter; -1 when
   * there are none or more than three (then ask for its text).
   */
  letterColumn(i: number): number {
    const a = this.starts[i] as number;
    const b = this.ends[i] as number;
    let j = a;
    while (j < b && (this.buf[j] as number) > DIGIT_9) j++;
    if (j === a || j - a > 3) return -1;
    let n = 0;
    for (let k = a; k < j; k++) {
      const c = (this.buf[k] as number) | 0x20;
      if (c < 0x61 || c > 0x7a) return 0;
      n = n * 26 + (c - 0x60);
    }
    return n;
  }

  /** Whether value i is exactly `ascii`. */
  equals(i: number, ascii: string): boolean {
    const a = this.starts[i] as number;
    if ((this.ends[i] as number) - a !== ascii.length) return false;
    for (let k = 0; k < ascii.length; k++) if (this.buf[a + k] !== ascii.charCodeAt(k)) return false;
    return true;
  }

  /** All attributes as a record (what saxes hands over). */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.count; i++) out[this.keys[i] as string] = this.text(i);
    return out;
  }
}
