/**
 * The structure of a SpreadsheetML package as the reader and the package editor need it, found
 * the way Office finds it: the package relationships name the workbook part, the workbook's
 * relationships name each sheet's part, a sheet's relationships name its table parts. A sheet's
 * *name* is never used to build a path (a sheet called "../../tmp/x" is just a name).
 *
 *   _rels/.rels -> xl/workbook.xml -> xl/_rels/workbook.xml.rels -> xl/worksheets/sheet1.xml
 *                                   -> xl/worksheets/_rels/sheet1.xml.rels -> xl/tables/table1.xml
 *
 * Errors (PackageError): no workbook part, a sheet whose part is missing, a relationship target
 * outside the package.
 */
import type { StoredPart, ZipIn } from './zipRead';
import { PackageError } from './zipRead';
import { saxParse } from './saxRead';

export const REL_OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
export const REL_WORKSHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
export const REL_TABLE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table';
export const REL_SHARED_STRINGS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings';
export const REL_STYLES = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles';
export const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
export const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
export const REL_CALC_CHAIN = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain';

/** Relationship types compare on their last segment: strict OOXML uses other namespaces. */
export function relKind(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

export interface Relationship {
  readonly id: string;
  readonly type: string;
  /** Part name the target resolves to (no leading slash); undefined for an external target. */
  readonly target?: string;
}

/** "xl/worksheets/sheet1.xml" -> "xl/worksheets/_rels/sheet1.xml.rels"; "" -> "_rels/.rels". */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that holds the relationship (RFC 3986 style). */
export function resolveTarget(sourcePart: string, target: string): string {
  const path = target.split('#')[0] ?? '';
  const base = path.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (base.length === 0) throw new PackageError(`relationship target ${target} of ${sourcePart || 'the package'} points outside the package`);
      base.pop();
    } else {
      base.push(decodeURIComponentSafe(seg));
    }
  }
  return base.join('/');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A part's relationships; none when it has no .rels part. */
export async function readRels(zip: ZipIn, sourcePart: string): Promise<Relationship[]> {
  const relsPart = zip.get(relsPathOf(sourcePart));
  if (relsPart === undefined) return [];
  const data = await zip.read(relsPart);
  const rels: Relationship[] = [];
  saxParse(relsPart.name, data, {
    open: (name, a) => {
      if (name !== 'Relationship') return;
      const id = a['Id'] ?? '';
      const type = a['Type'] ?? '';
      const target = a['Target'] ?? '';
      const external = (a['TargetMode'] ?? '').toLowerCase() === 'external';
      rels.push(external ? { id, type } : { id, type, target: resolveTarget(sourcePart, target) });
    },
  });
  return rels;
}

export interface SheetEntry {
  readonly name: string;
  readonly sheetId: string;
  readonly relId: string;
  readonly state: string;
  /** The part the relationship names (worksheet, chartsheet, dialog sheet). */
  readonly part: string;
  readonly kind: string;
}

export interface WorkbookInfo {
  readonly workbookPart: string;
  readonly sheets: readonly SheetEntry[];
  readonly rels: readonly Relationship[];
  readonly date1904: boolean;
  /** Defined names (lower case): a new table name must not take one. */
  readonly definedNames: ReadonlySet<string>;
}

/** Reads the workbook part's sheet list; every listed sheet must have its part in the package. */
export async function readWorkbookInfo(zip: ZipIn): Promise<WorkbookInfo> {
  const root = await readRels(zip, '');
  const office = root.find((r) => relKind(r.type) === 'officeDocument' && r.target !== undefined);
  const workbookPart = office?.target ?? 'xl/workbook.xml';
  const stored: StoredPart | undefined = zip.get(workbookPart);
  if (stored === undefined) throw new PackageError(`the package has no workbook part (${workbookPart})`, 'Is this an Excel workbook? Save it from Excel as .xlsx.');
  const rels = await readRels(zip, stored.name);
  const byId = new Map(rels.map((r) => [r.id, r]));

  const raw: Array<{ name: string; sheetId: string; relId: string; state: string }> = [];
  let date1904 = false;
  const definedNames = new Set<string>();
  saxParse(stored.name, await zip.read(stored), {
    open: (name, a) => {
      if (name === 'sheet') {
        raw.push({ name: a['name'] ?? '', sheetId: a['sheetId'] ?? '', relId: a['r:id'] ?? relIdAttr(a), state: a['state'] ?? 'visible' });
      } else if (name === 'workbookPr') {
        const v = (a['date1904'] ?? '').toLowerCase();
        date1904 = v === '1' || v === 'true';
      } else if (name === 'definedName') {
        definedNames.add((a['name'] ?? '').toLowerCase());
      }
    },
  });
  const sheets: SheetEntry[] = raw.map((s) => {
    const rel = byId.get(s.relId);
    if (rel === undefined || rel.target === undefined) {
      throw new PackageError(`sheet "${s.name}" has no part in the workbook's relationships`, 'The file is damaged; open it in Excel and save it again.');
    }
    if (zip.get(rel.target) === undefined) {
      throw new PackageError(`sheet "${s.name}": its part ${rel.target} is missing from the package`, 'The file is damaged; open it in Excel and save it again.');
    }
    return { ...s, part: rel.target, kind: relKind(rel.type) };
  });
  return { workbookPart: stored.name, sheets, rels, date1904, definedNames };
}

/** The relationship id attribute under any prefix (r:id is usual, but the prefix is free). */
function relIdAttr(a: Readonly<Record<string, string>>): string {
  for (const [k, v] of Object.entries(a)) if (k.endsWith(':id')) return v;
  return '';
}

export interface TablePartInfo {
  readonly part: string;
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly ref: string;
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
}

/** The table parts (ListObjects) of one worksheet, from its relationships. */
export async function readSheetTables(zip: ZipIn, sheetPart: string): Promise<{ rels: Relationship[]; tables: TablePartInfo[] }> {
  const rels = await readRels(zip, sheetPart);
  const tables: TablePartInfo[] = [];
  for (const r of rels) {
    if (relKind(r.type) !== 'table' || r.target === undefined) continue;
    const part = zip.get(r.target);
    if (part === undefined) continue;
    let info: TablePartInfo | undefined;
    saxParse(part.name, await zip.read(part), {
      open: (name, a) => {
        if (name !== 'table' || info !== undefined) return;
        info = {
          part: part.name,
          id: Number(a['id'] ?? 0),
          name: a['name'] ?? a['displayName'] ?? '',
          displayName: a['displayName'] ?? a['name'] ?? '',
          ref: a['ref'] ?? '',
          headerRowCount: Number(a['headerRowCount'] ?? 1),
          totalsRowCount: Number(a['totalsRowCount'] ?? 0),
        };
      },
    });
    if (info !== undefined) tables.push(info);
  }
  return { rels, tables };
}
