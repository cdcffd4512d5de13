/**
 * The add-in's ownership record as Office stores it in a package: an add-in's settings are saved
 * in its web extension part (xl/webextensions/webextension1.xml, reached from the package
 * relationships through xl/webextensions/taskpanes.xml), one property per setting, the value
 * JSON-encoded. The record is itself JSON, so it is stored as a JSON string:
 *
 *   <we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" ...>
 *     <we:properties>
 *       <we:property name="Perpetua.Ownership"
 *         value="&quot;{\&quot;version\&quot;:1,\&quot;sheets\&quot;:[...],\&quot;pending\&quot;:[]}&quot;"/>
 *     </we:properties> ...
 *
 * readAddInOwnership finds every such property (parsed with saxes like every part: a DTD is
 * refused); a part that is not well formed, or a value that is not a record, counts as an empty
 * record and that part is never edited. withOwnershipValue rewrites only the value attribute of
 * that one property, every other byte of the part kept, so the add-in sees what the CLI made.
 */
import { EMPTY_OWNERSHIP, OWNERSHIP_SETTING, addInPageKey, cliPageKey, mergeOwnership, parseOwnership } from '../workbook/ownership';
import type { OwnershipRecord } from '../workbook/ownership';
import { DtdRefused, saxParse } from './saxRead';
import { readRels, relKind } from './workbookParts';
import { attrOf, xmlAttr } from './xml';
import type { ZipIn } from './zipRead';

/** How a part stored the value: as a JSON string holding the record (Office), or the record itself. */
export type ValueForm = 'string' | 'object';

export interface AddInSettingPart {
  readonly part: string;
  readonly form: ValueForm;
}

export interface AddInOwnership {
  /** The add-in's record with the CLI's page keys (cliPageKey); empty when there is none. */
  readonly record: OwnershipRecord;
  /** The parts that hold the property, to be updated when the CLI writes. */
  readonly parts: readonly AddInSettingPart[];
}

/** The record a property value holds (empty when it holds none), and how it was encoded. */
export function decodeOwnershipValue(raw: string): { record: OwnershipRecord; form: ValueForm } {
  let outer: unknown;
  try {
    outer = JSON.parse(raw);
  } catch {
    return { record: EMPTY_OWNERSHIP, form: 'string' };
  }
  const record = typeof outer === 'string' ? parseOwnership(outer) : parseOwnership(raw);
  const form: ValueForm = typeof outer === 'string' ? 'string' : 'object';
  return { record: { ...record, sheets: record.sheets.map((s) => ({ ...s, key: cliPageKey(s.key) })) }, form };
}

/** The property value for a record with the CLI's page keys (the add-in's keys written). */
export function encodeOwnershipValue(record: OwnershipRecord, form: ValueForm): string {
  const json = JSON.stringify({ ...record, sheets: record.sheets.map((s) => ({ key: addInPageKey(s.key), sheetName: s.sheetName, tables: s.tables })) });
  return form === 'string' ? JSON.stringify(json) : json;
}

const EXTENSION_PART = /(^|\/)webextensions\/webextension[^/]*\.xml$/i;

/** The web extension parts: those the task panes name, then any other by its usual name. */
async function extensionParts(zip: ZipIn): Promise<string[]> {
  const found: string[] = [];
  const add = (name: string): void => {
    const stored = zip.get(name);
    if (stored !== undefined && !found.some((f) => f.toLowerCase() === stored.name.toLowerCase())) found.push(stored.name);
  };
  for (const r of await readRels(zip, '')) {
    if (relKind(r.type) !== 'webextensiontaskpanes' || r.target === undefined || zip.get(r.target) === undefined) continue;
    for (const w of await readRels(zip, r.target)) if (relKind(w.type) === 'webextension' && w.target !== undefined) add(w.target);
  }
  for (const p of zip.parts) if (EXTENSION_PART.test(p.name)) add(p.name);
  return found;
}

/** The first ownership property's value in a part; undefined when there is none or the part is damaged. */
function propertyValue(partName: string, data: Buffer): string | undefined {
  let value: string | undefined;
  try {
    saxParse(partName, data, {
      open: (name, a) => {
        if (name === 'property' && value === undefined && a['name'] === OWNERSHIP_SETTING) value = a['value'] ?? '';
      },
    });
  } catch (err) {
    if (err instanceof DtdRefused) throw err;
    return undefined;
  }
  return value;
}

/** The add-in's record from every web extension part that holds one (merged, the first part first). */
export async function readAddInOwnership(zip: ZipIn): Promise<AddInOwnership> {
  let record = EMPTY_OWNERSHIP;
  const parts: AddInSettingPart[] = [];
  for (const name of await extensionParts(zip)) {
    const stored = zip.get(name);
    if (stored === undefined) continue;
    const raw = propertyValue(stored.name, await zip.read(stored));
    if (raw === undefined) continue;
    const decoded = decodeOwnershipValue(raw);
    record = mergeOwnership(record, decoded.record);
    parts.push({ part: stored.name, form: decoded.form });
  }
  return { record, parts };
}

/** Start tags of property elements; comments, CDATA and processing instructions are matched too, so that they are skipped. */
const PROPERTY_TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(?:[\w.-]+:)?property\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*("[^"]*"|'[^']*')/g;

/**
 * The part's text with the ownership property's value set to `value` (the first such property,
 * as read); undefined when the part has none. Only that attribute changes (written in double
 * quotes); a property without a value attribute gets one.
 */
export function withOwnershipValue(xml: string, value: string): string | undefined {
  let done = false;
  const out = xml.replace(PROPERTY_TAG, (tag) => {
    if (done || tag.startsWith('<!') || tag.startsWith('<?')) return tag;
    const nameEnd = /^<[\w.:-]+/.exec(tag)?.[0].length ?? 0;
    const attrs = tag.slice(nameEnd);
    if (!hasName(attrs)) return tag;
    done = true;
    const encoded = `value="${xmlAttr(value)}"`;
    let replaced = false;
    const edited = attrs.replace(ATTRIBUTE, (a, key: string) => {
      if (key !== 'value') return a;
      replaced = true;
      return encoded;
    });
    if (replaced) return tag.slice(0, nameEnd) + edited;
    const close = /\s*\/?>$/.exec(edited)?.[0] ?? '>';
    return `${tag.slice(0, nameEnd)}${edited.slice(0, edited.length - close.length)} ${encoded}${close}`;
  });
  return done ? out : undefined;
}

/** Whether the attributes (scanned in order, so never inside another's value) name the setting. */
function hasName(attrs: string): boolean {
  for (const m of attrs.matchAll(ATTRIBUTE)) if (m[1] === 'name') return attrOf(` ${m[0]}`, 'name') === OWNERSHIP_SETTING;
  return false;
}
