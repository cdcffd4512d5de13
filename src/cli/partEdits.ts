/**
 * The minimal edits --out makes to the package parts it does not generate (packageEdit.ts): each
 * takes the part's text and changes only the elements named, every other byte kept.
 *
 *   editWorkbookXml   <sheet> elements removed / appended (sheet-scoped names follow their sheet)
 *   editRelsXml       <Relationship> elements removed / appended
 *   editContentTypes  <Override> elements of removed or added parts
 *   editCalcChain     entries of the sheets whose content was replaced
 */
import { attrOf, xmlAttr } from './xml';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Edits the workbook part: removes the <sheet>s of `removedRelIds`, appends `added`. */
export function editWorkbookXml(xml: string, removedRelIds: ReadonlySet<string>, added: ReadonlyArray<{ name: string; relId: string; hidden: boolean }>): string {
  const prefix = /<(\w+:)?sheets\b/.exec(xml)?.[1] ?? '';
  const relPrefix = /<(?:\w+:)?sheet\s[^>]*?\s(\w+):id\s*=/.exec(xml)?.[1] ?? 'r';
  const sheetRe = new RegExp(`<${escapeRe(prefix)}sheet\\s[^>]*?/>`, 'g');
  let index = 0;
  const removedIdx: number[] = [];
  let maxId = 0;
  let out = xml.replace(sheetRe, (el) => {
    const i = index++;
    maxId = Math.max(maxId, Number(attrOf(el, 'sheetId') ?? 0));
    const rid = attrOf(el, `${relPrefix}:id`) ?? '';
    if (removedRelIds.has(rid)) {
      removedIdx.push(i);
      return '';
    }
    return el;
  });
  const remaining = index - removedIdx.length;
  if (removedIdx.length > 0) {
    // Sheet-scoped names follow their sheet's position; names of a removed sheet go with it.
    out = out.replace(new RegExp(`<${escapeRe(prefix)}definedName\\b[^>]*>[\\s\\S]*?</${escapeRe(prefix)}definedName>`, 'g'), (el) => {
      const local = attrOf(el, 'localSheetId');
      if (local === undefined) return el;
      const n = Number(local);
      if (removedIdx.includes(n)) return '';
      const shift = removedIdx.filter((i) => i < n).length;
      return shift === 0 ? el : el.replace(/localSheetId\s*=\s*["']\d+["']/, `localSheetId="${n - shift}"`);
    });
  }
  out = out.replace(/\b(activeTab|firstSheet)\s*=\s*["'](\d+)["']/g, (m, attr: string, v: string) => (Number(v) >= remaining ? `${attr}="0"` : m));
  const els = added
    .map((a, i) => `<${prefix}sheet name="${xmlAttr(a.name)}" sheetId="${maxId + i + 1}"${a.hidden ? ' state="hidden"' : ''} ${relPrefix}:id="${xmlAttr(a.relId)}"/>`)
    .join('');
  const close = `</${prefix}sheets>`;
  if (out.includes(close)) out = out.replace(close, `${els}${close}`);
  else out = out.replace(new RegExp(`<${escapeRe(prefix)}sheets\\s*/>`), `<${prefix}sheets>${els}${close}`);
  return out;
}

export function editRelsXml(xml: string, removed: ReadonlySet<string>, added: ReadonlyArray<{ id: string; type: string; target: string }>): string {
  let out = xml.replace(/<Relationship\b[^>]*?(?:\/>|>\s*<\/Relationship>)/g, (el) => (removed.has(attrOf(el, 'Id') ?? '') ? '' : el));
  const els = added.map((r) => `<Relationship Id="${xmlAttr(r.id)}" Type="${xmlAttr(r.type)}" Target="${xmlAttr(r.target)}"/>`).join('');
  out = out.includes('</Relationships>') ? out.replace('</Relationships>', `${els}</Relationships>`) : out.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${els}</Relationships>`);
  return out;
}

export function editContentTypes(xml: string, removed: ReadonlySet<string>, added: ReadonlyArray<{ part: string; type: string }>): string {
  const addedSet = new Set(added.map((a) => a.part.toLowerCase()));
  let out = xml.replace(/<Override\b[^>]*?(?:\/>|>\s*<\/Override>)/g, (el) => {
    const part = (attrOf(el, 'PartName') ?? '').replace(/^\//, '').toLowerCase();
    return removed.has(part) || addedSet.has(part) ? '' : el;
  });
  out = out.replace('</Types>', `${added.map((a) => `<Override PartName="/${xmlAttr(a.part)}" ContentType="${a.type}"/>`).join('')}</Types>`);
  return out;
}

/** Drops the calculation-chain entries of the sheets (by sheetId) whose content was replaced. */
export function editCalcChain(xml: string, sheetIds: ReadonlySet<string>): string {
  let current = '';
  return xml.replace(/<c\b[^>]*?\/>/g, (el) => {
    const i = attrOf(el, 'i');
    if (i !== undefined) current = i;
    if (sheetIds.has(current)) return '';
    return i === undefined && current !== '' ? el.replace('<c ', `<c i="${current}" `) : el;
  });
}
