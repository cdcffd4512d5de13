/**
 * A fast path for the big parts (worksheets, shared strings): a scanner over the inflated bytes that
 * hands the same events as saxRead.ts (open with attributes, close, text) for the plain XML that
 * Excel and the usual libraries write, several times quicker than saxes' character-by-character
 * state machine. It accepts only a strict subset of well-formed XML:
 *
 *     <?xml version="1.0" encoding="UTF-8" standalone="yes"?>      (only at the start)
 *     <worksheet xmlns="..."><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>a &amp; b</t>
 *
 * ASCII names, attribute values of printable ASCII without `&`, text with the predefined entities
 * and character references, UTF-8. Anything else (a comment, a CDATA section, a processing
 * instruction, a DOCTYPE, a mismatched or unclosed tag, a duplicate attribute, a control character,
 * a second root, a token longer than MAX_TOKEN) makes it stop and answer false: nothing it has
 * reported may be kept, and the caller parses the part again with saxes, which refuses a DTD and
 * anything not well formed with its own messages. So every guard of saxRead.ts stays in force, and
 * the scanner never needs to judge a hostile document: it only recognises plain ones.
 */
import type { Readable } from 'stream';
import { failure, local, type SaxHandlers } from './saxRead';
import { RawAttrs } from './rawAttrs';

/**
 * Handlers that may also take tags and text as bytes (the worksheet reader's cell path). When
 * `openRaw` is given it is called instead of `open`, with the attributes as positions (a RawAttrs
 * reused from tag to tag, valid during the call). When `rawText` is given it is called instead of
 * `text` for text that is printable ASCII, tabs and line feeds only, with no reference and no
 * carriage return (so its latin1 reading is its text): `buf[start..end)`. The scanner never writes
 * into a buffer it has read, so a handler may keep that view to read it later in the same part,
 * provided the chunks fed to the scanner are not changed afterwards (an inflating stream's are not).
 */
export interface ScanHandlers extends SaxHandlers {
  readonly openRaw?: (name: string, attrs: RawAttrs) => void;
  readonly rawText?: (buf: Buffer, start: number, end: number) => void;
}

/** The longest tag or text the scanner carries across chunks (a cell's text is at most 32,767 characters). */
const MAX_TOKEN = 1 << 20;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;
const EQ = 0x3d;

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

const INCOMPLETE = -1;
const REFUSED = -2;

function space(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

/** Letters, digits, `_`, `-`, `.`, `:` (a first character is checked apart). */
function nameChar(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d || b === 0x2e || b === 0x3a;
}

function nameStart(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f;
}

const DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])(?:UTF|utf)-8\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\5)?[ \t\r\n]*\?>$/;
const ENTITY = /&(?:#x([0-9A-Fa-f]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function xmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** The next `<` from `i` on, or -1: short runs (cell values) by a loop, long ones by indexOf. */
function nextLt(buf: Buffer, i: number): number {
  const stop = Math.min(buf.length, i + 32);
  for (let k = i; k < stop; k++) if (buf[k] === LT) return k;
  return stop === buf.length ? -1 : buf.indexOf(LT, stop);
}

/** Text with its references replaced; undefined when one is not a predefined entity or a legal character. */
function unescape(s: string): string | undefined {
  let bad = false;
  let refs = 0;
  const out = s.replace(ENTITY, (_, hex?: string, dec?: string, name?: string) => {
    refs++;
    if (name !== undefined) return PREDEFINED[name] ?? '';
    const c = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    if (!xmlChar(c)) bad = true;
    return bad ? '' : String.fromCodePoint(c);
  });
  if (bad) return undefined;
  // Every `&` must have begun a reference.
  let amps = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) amps++;
  return amps === refs ? out : undefined;
}

/** Scans chunk after chunk; `feed` and `end` answer false once the document leaves the subset. */
export class XmlScanner {
  private carry: Buffer | undefined;
  private readonly stack: string[] = [];
  /** The local names of the open elements (for close events, made once per start tag). */
  private readonly locals: string[] = [];
  private started = false;
  private rootSeen = false;
  private readonly names = new Map<number, string>();
  /** The attributes of the current tag, when the handlers take them as positions. */
  private readonly raw: RawAttrs | undefined;

  constructor(private readonly h: ScanHandlers) {
    this.raw = h.openRaw === undefined ? undefined : new RawAttrs();
  }

  feed(chunk: Buffer): boolean {
    let buf = chunk;
    if (this.carry !== undefined) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    let i = 0;
    if (!this.started) {
      i = this.prolog(buf);
      if (i === REFUSED) return false;
      if (i === INCOMPLETE) return this.keep(buf, 0);
      this.started = true;
    }
    const n = buf.length;
    while (i < n) {
      if (buf[i] === LT) {
        const end = this.tag(buf, i);
        if (end === REFUSED) return false;
        if (end === INCOMPLETE) break;
        i = end;
      } else {
        const lt = nextLt(buf, i);
        if (lt < 0) break; // the text may go on in the next chunk
        if (!this.text(buf, i, lt)) return false;
        i = lt;
      }
    }
    return this.keep(buf, i);
  }

  /** Whether the whole document was in the subset (one root, every tag closed). */
  end(): boolean {
    if (!this.started || !this.rootSeen || this.stack.length > 0) return false;
    const rest = this.carry;
    if (rest === undefined) return true;
    for (const b of rest) if (!space(b)) return false;
    return true;
  }

  private keep(buf: Buffer, from: number): boolean {
    if (from >= buf.length) return true;
    if (buf.length - from > MAX_TOKEN) return false;
    this.carry = buf.subarray(from);
    return true;
  }

  /** Where the content starts after a UTF-8 BOM and an XML declaration. */
  private prolog(buf: Buffer): number {
    if (buf.length < 3) return INCOMPLETE;
    let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    if (buf.length < i + 6) return INCOMPLETE;
    if (buf.toString('latin1', i, i + 5) !== '<?xml') return i;
    const close = buf.indexOf('?>', i);
    if (close < 0) return buf.length > 1024 ? REFUSED : INCOMPLETE;
    if (!DECL.test(buf.toString('latin1', i, close + 2))) return REFUSED;
    i = close + 2;
    return i;
  }

  /** A name's or short value's text, the short ones kept (c, v, row, is, t, r, s, "3", "b"). */
  private name(buf: Buffer, a: number, b: number): string {
    const len = b - a;
    if (len > 3) return buf.toString('latin1', a, b);
    const key = len | ((buf[a] as number) << 2) | ((len > 1 ? (buf[a + 1] as number) : 0) << 10) | ((len > 2 ? (buf[a + 2] as number) : 0) << 18);
    let s = this.names.get(key);
    if (s === undefined) {
      s = buf.toString('latin1', a, b);
      if (this.names.size < 512) this.names.set(key, s);
    }
    return s;
  }

  /** The end of a name starting at `a`; INCOMPLETE at the end of the buffer, REFUSED if not a plain name. */
  private nameEnd(buf: Buffer, a: number): number {
    const n = buf.length;
    if (a >= n) return INCOMPLETE;
    if (!nameStart(buf[a] as number)) return REFUSED;
    let j = a + 1;
    while (j < n && nameChar(buf[j] as number)) j++;
    if (j >= n) return INCOMPLETE;
    // At most one colon, between a prefix and a local name (saxes' local() reading).
    let colons = 0;
    for (let k = a + 1; k < j; k++) if (buf[k] === 0x3a) colons++;
    if (colons > 1 || (colons === 1 && buf[j - 1] === 0x3a)) return REFUSED;
    return j;
  }

  private tag(buf: Buffer, at: number): number {
    const n = buf.length;
    if (at + 1 >= n) return INCOMPLETE;
    if (buf[at + 1] === SLASH) return this.closeTag(buf, at + 2);
    let j = this.nameEnd(buf, at + 1);
    if (j < 0) return j;
    const qname = this.name(buf, at + 1, j);
    const raw = this.raw;
    raw?.reset(buf);
    // In raw mode no record is made (the shared empty one is never written to).
    const attrs: Record<string, string> = raw === undefined ? {} : NO_ATTRS;
    for (;;) {
      const before = j;
      while (j < n && space(buf[j] as number)) j++;
      if (j >= n) return INCOMPLETE;
      const b = buf[j] as number;
      if (b === GT || b === SLASH) {
        if (b === SLASH && j + 1 >= n) return INCOMPLETE;
        if (b === SLASH && buf[j + 1] !== GT) return REFUSED;
        return this.opened(qname, attrs, b === SLASH, b === SLASH ? j + 2 : j + 1);
      }
      if (j === before) return REFUSED; // attributes are separated by white space
      const e = this.nameEnd(buf, j);
      if (e < 0) return e;
      const key = this.name(buf, j, e);
      j = e;
      while (j < n && space(buf[j] as number)) j++;
      if (j >= n) return INCOMPLETE;
      if (buf[j] !== EQ) return REFUSED;
      j++;
      while (j < n && space(buf[j] as number)) j++;
      if (j >= n) return INCOMPLETE;
      const quote = buf[j] as number;
      if (quote !== 0x22 && quote !== 0x27) return REFUSED;
      const close = buf.indexOf(quote, j + 1);
      if (close < 0) return INCOMPLETE;
      for (let k = j + 1; k < close; k++) {
        const c = buf[k] as number;
        if (c < 0x20 || c >= 0x7f || c === LT || c === AMP) return REFUSED;
      }
      if (raw !== undefined) {
        if (!raw.add(key, j + 1, close)) return REFUSED;
      } else {
        if (key in attrs) return REFUSED;
        // Short values (styles, types) kept like short names: most cells make no new string.
        attrs[key] = close - j - 1 <= 3 && close > j + 1 ? this.name(buf, j + 1, close) : buf.toString('latin1', j + 1, close);
      }
      j = close + 1;
    }
  }

  private opened(qname: string, attrs: Record<string, string>, empty: boolean, next: number): number {
    if (this.stack.length === 0) {
      if (this.rootSeen) return REFUSED; // a second root
      this.rootSeen = true;
    }
    const name = local(qname);
    if (this.raw !== undefined) this.h.openRaw?.(name, this.raw);
    else this.h.open?.(name, attrs);
    if (empty) this.h.close?.(name);
    else {
      this.stack.push(qname);
      this.locals.push(name);
    }
    return next;
  }

  private closeTag(buf: Buffer, a: number): number {
    const e = this.nameEnd(buf, a);
    if (e < 0) return e;
    let j = e;
    while (j < buf.length && space(buf[j] as number)) j++;
    if (j >= buf.length) return INCOMPLETE;
    if (buf[j] !== GT) return REFUSED;
    // The name must be the open element's, compared as bytes (no string made).
    const open = this.stack[this.stack.length - 1];
    if (open === undefined || open.length !== e - a) return REFUSED;
    for (let k = 0; k < open.length; k++) if (open.charCodeAt(k) !== buf[a + k]) return REFUSED;
    this.stack.pop();
    const name = this.locals.pop() as string;
    this.h.close?.(name);
    return j + 1;
  }

  /** Text between tags, `a` to `b`; false when it leaves the subset. */
  private text(buf: Buffer, a: number, b: number): boolean {
    const inRoot = this.stack.length > 0;
    let ascii = true;
    let refs = false;
    let cr = false;
    for (let k = a; k < b; k++) {
      const c = buf[k] as number;
      if (c < 0x20) {
        if (c === 0x0d) cr = true;
        else if (c !== 0x09 && c !== 0x0a) return false;
      } else if (c >= 0x80) ascii = false;
      else if (c === AMP) refs = true;
      else if (c === GT && k >= a + 2 && buf[k - 1] === 0x5d && buf[k - 2] === 0x5d) return false; // ]]>
      if (!inRoot && !space(c)) return false; // text outside the root element
    }
    if (!inRoot) return true;
    if (ascii && !refs && !cr && this.h.rawText !== undefined) {
      this.h.rawText(buf, a, b);
      return true;
    }
    if (this.h.text === undefined) return true;
    let s = buf.toString(ascii ? 'latin1' : 'utf8', a, b);
    if (!ascii && (s.indexOf('\uFFFE') >= 0 || s.indexOf('\uFFFF') >= 0)) return false;
    if (cr) s = s.replace(/\r\n?/g, '\n');
    if (refs) {
      const u = unescape(s);
      if (u === undefined) return false;
      s = u;
    }
    this.h.text(s);
    return true;
  }
}

/**
 * Scans a streamed part. Resolves true once it is read, false (the stream stopped) when it left the
 * subset or could not be read: parse it again with saxParseStream. Rejects on a handler's error
 * (a limit).
 */
export function scanXmlStream(partName: string, stream: Readable, h: ScanHandlers): Promise<boolean> {
  const scanner = new XmlScanner(h);
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = (result: boolean | Error): void => {
      if (settled) return;
      settled = true;
      if (result !== true) stream.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        if (!scanner.feed(chunk)) stop(false);
      } catch (err) {
        stop(failure(partName, err));
      }
    });
    // A read error is left to saxes' pass, which reads the part again and reports it.
    stream.on('error', () => stop(false));
    stream.on('end', () => stop(scanner.end()));
  });
}
