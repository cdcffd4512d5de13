/**
 * docProps/app.xml after --out added or removed sheets: the extended properties list the
 * workbook's parts by kind, a count per kind in HeadingPairs and the names, in that order, in
 * TitlesOfParts. Excel writes:
 *
 *   <HeadingPairs><vt:vector size="4" baseType="variant">
 *     <vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant>
 *     <vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>
 *   </vt:vector></HeadingPairs>
 *   <TitlesOfParts><vt:vector size="3" baseType="lpstr">
 *     <vt:lpstr>Settings</vt:lpstr><vt:lpstr>Movements</vt:lpstr><vt:lpstr>Prices</vt:lpstr>
 *   </vt:vector></TitlesOfParts>
 *
 * withWorksheetTitles replaces the "Worksheets" count and its run of names (other kinds, named
 * ranges, and every other element stay byte for byte; a "Worksheets" pair is put first when the
 * workbook had no worksheet). Excel localises the label, so a pair under another label whose run
 * is the workbook's worksheets before the edit is the one edited. A part without both lists (as packageBuild writes it), not well formed, or whose
 * counts do not add up to its titles is left as it is: there is nothing sound to edit. A DTD is
 * refused, as in every part the CLI reads.
 */
import { DtdRefused, saxParse } from './saxRead';
import { decodeExcelText, xmlText, xmlUnescape } from './xml';

interface Found {
  readonly start: number;
  readonly end: number;
}

const P = '(?:[\\w.-]+:)?';

/** The inner text of the first <tag>...</tag> (any prefix), with where it sits. */
function block(xml: string, tag: string, from = 0, to = xml.length): (Found & { inner: string; open: string }) | undefined {
  const re = new RegExp(`<(${P})${tag}\\b([^>]*)>([\\s\\S]*?)</\\1${tag}>`, 'g');
  re.lastIndex = from;
  const m = re.exec(xml);
  if (m === null || m.index + m[0].length > to) return undefined;
  const open = m[0].slice(0, m[0].length - (m[3] ?? '').length - `</${m[1] ?? ''}${tag}>`.length);
  const start = m.index + open.length;
  return { start, end: start + (m[3] ?? '').length, inner: m[3] ?? '', open };
}

function textOf(inner: string): string {
  return decodeExcelText(xmlUnescape(inner)).trim();
}

/** Whether the part parses strictly; a DTD is refused (thrown). */
function wellFormed(partName: string, data: Buffer): boolean {
  try {
    saxParse(partName, data, {});
    return true;
  } catch (err) {
    if (err instanceof DtdRefused) throw err;
    return false;
  }
}

/**
 * The part with its worksheet titles set to `worksheets` (in order), given the worksheets the
 * workbook had before the edit (`before`); undefined when left as it is.
 */
export function withWorksheetTitles(partName: string, data: Buffer, before: readonly string[], worksheets: readonly string[]): Buffer | undefined {
  if (data[0] === 0xff && data[1] === 0xfe) return undefined; // UTF-16: Office writes UTF-8; not edited
  if (!wellFormed(partName, data)) return undefined;
  const xml = data.toString('utf8');
  const pairsBlock = block(xml, 'HeadingPairs');
  const titlesBlock = block(xml, 'TitlesOfParts');
  if (pairsBlock === undefined || titlesBlock === undefined) return undefined;
  const pairsVector = block(xml, 'vector', pairsBlock.start, pairsBlock.end);
  const titlesVector = block(xml, 'vector', titlesBlock.start, titlesBlock.end);
  if (pairsVector === undefined || titlesVector === undefined) return undefined;

  // Heading pairs: (label, count) from consecutive variants.
  const variants = [...pairsVector.inner.matchAll(new RegExp(`<(${P})variant\\b[^>]*>([\\s\\S]*?)</\\1variant>`, 'g'))];
  if (variants.length % 2 !== 0) return undefined;
  const pairs: Array<{ label: string; count: number; countAt: Found }> = [];
  for (let i = 0; i < variants.length; i += 2) {
    const label = new RegExp(`<(${P})lpstr\\b[^>]*>([\\s\\S]*?)</\\1lpstr>`).exec(variants[i]?.[2] ?? '')?.[2];
    const second = variants[i + 1];
    const count = second === undefined ? null : new RegExp(`(<${P}i4\\b[^>]*>)\\s*(\\d+)\\s*<`).exec(second[2] ?? '');
    if (label === undefined || second === undefined || count === null) return undefined;
    const innerStart = pairsVector.start + (second.index ?? 0) + second[0].indexOf('>') + 1 + (count.index ?? 0) + (count[1] ?? '').length;
    pairs.push({ label: textOf(label), count: Number(count[2]), countAt: { start: innerStart, end: innerStart + count[0].length - (count[1] ?? '').length - 1 } });
  }
  const titles = [...titlesVector.inner.matchAll(new RegExp(`<(${P})lpstr\\b[^>]*?(?:/>|>([\\s\\S]*?)</\\1lpstr>)`, 'g'))];
  if (pairs.reduce((n, p) => n + p.count, 0) !== titles.length) return undefined;
  const vt = /<([\w.-]+:)?vector\b/.exec(titlesVector.open)?.[1] ?? '';

  // The worksheets' pair: "Worksheets", or (Excel localises the label: "Arbeitsblätter") the pair
  // whose titles are the workbook's worksheets before the edit. None: added only if there were no
  // worksheets, else the part is not understood and left alone.
  const offsetOf = (i: number): number => pairs.slice(0, i).reduce((n, p) => n + p.count, 0);
  const runOf = (i: number): string[] => titles.slice(offsetOf(i), offsetOf(i) + (pairs[i]?.count ?? 0)).map((t) => textOf(t[2] ?? ''));
  let at = pairs.findIndex((p) => p.label.toLowerCase() === 'worksheets');
  if (at < 0) at = pairs.findIndex((_, i) => sameList(runOf(i), before));
  if (at < 0 && before.length > 0) return undefined;
  const pair = pairs[at];
  const offset = at < 0 ? 0 : offsetOf(at);
  const count = pair?.count ?? 0;
  if (pair !== undefined && sameList(runOf(at), worksheets)) return data;
  if (pair === undefined && worksheets.length === 0) return data;

  // Edits, from the end of the text backwards so earlier offsets hold.
  const edits: Array<Found & { text: string }> = [];
  const titleAt = (i: number): number => titlesVector.start + (titles[i]?.index ?? 0);
  const runStart = count > 0 ? titleAt(offset) : offset < titles.length ? titleAt(offset) : titles.length > 0 ? titleAt(titles.length - 1) + (titles[titles.length - 1]?.[0].length ?? 0) : titlesVector.start;
  const runEnd = count > 0 ? titleAt(offset + count - 1) + (titles[offset + count - 1]?.[0].length ?? 0) : runStart;
  edits.push({ start: runStart, end: runEnd, text: worksheets.map((w) => `<${vt}lpstr>${xmlText(w)}</${vt}lpstr>`).join('') });
  const total = titles.length - count + worksheets.length;
  edits.push(sizeEdit(xml, titlesBlock.start, titlesVector.start, total));
  if (pair !== undefined) {
    edits.push({ ...pair.countAt, text: String(worksheets.length) });
  } else {
    const label = `<${vt}variant><${vt}lpstr>Worksheets</${vt}lpstr></${vt}variant><${vt}variant><${vt}i4>${worksheets.length}</${vt}i4></${vt}variant>`;
    const first = variants[0];
    const where = first === undefined ? pairsVector.start : pairsVector.start + (first.index ?? 0);
    edits.push({ start: where, end: where, text: label });
    edits.push(sizeEdit(xml, pairsBlock.start, pairsVector.start, variants.length + 2));
  }
  edits.sort((a, b) => b.start - a.start);
  let out = xml;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return Buffer.from(out, 'utf8');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The edit of a vector's size="N" attribute (the vector's start tag sits in [from, innerStart)). */
function sizeEdit(xml: string, from: number, innerStart: number, size: number): Found & { text: string } {
  const tag = xml.slice(from, innerStart);
  const m = /\ssize\s*=\s*(["'])\d*\1/.exec(tag.slice(tag.lastIndexOf('<')));
  const tagStart = from + tag.lastIndexOf('<');
  if (m === null) {
    const close = innerStart - 1;
    return { start: close, end: close, text: ` size="${size}"` };
  }
  return { start: tagStart + m.index, end: tagStart + m.index + m[0].length, text: ` size="${size}"` };
}
