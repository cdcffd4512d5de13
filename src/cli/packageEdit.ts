/**
 * --out: the input package with the generated sheets added or refreshed, everything else copied
 * as stored. For each part of the input:
 *
 *   copied raw (byte for byte)  the user's sheets, tables, pivot caches and tables, charts,
 *                               drawings, slicers, custom XML, vbaProject.bin, docProps/core.xml,
 *                               themes...
 *   edited, minimally           workbook.xml (<sheet> elements added/removed), its .rels
 *                               (partEdits.ts),
 *                               [Content_Types].xml (overrides of added/removed parts),
 *                               styles.xml (our cell formats appended: existing indexes unchanged),
 *                               calcChain.xml (entries of replaced sheets dropped; only if any),
 *                               docProps/app.xml (worksheet titles, when sheets come or go:
 *                               appProps.ts), the add-in's web extension part (the ownership
 *                               property's value: webExtension.ts)
 *   rewritten                   the parts of sheets Perpetua generated (registry.ts decides which)
 *
 * A generated sheet is refreshed in place: the same sheet part, <sheet> element (name, sheetId,
 * r:id) and position, the same table names and table ids, so the user's structured references
 * (=SUM(PP_Journal[Debit])), pivots and charts on it keep working. A new one is added after the
 * last sheet under a free name ("Stock Ledger (Perpetua)" when the user has a "Stock Ledger").
 * Generated sheets whose report is no longer produced are removed, with their parts.
 */
import type { SheetModel } from '../workbook/sheet';
import type { OwnedSheet, OwnershipRecord } from '../workbook/ownership';
import { INPUT_TABLES } from './csv';
import { CT_CHART, CT_DRAWING, chartXml, drawingXml } from './charts';
import type { PlacedChart } from './charts';
import { addStyles, formatCodesOf, layoutSheet, splitModel, tableXml, worksheetXml } from './sheetXml';
import { editCalcChain, editContentTypes, editRelsXml, editWorkbookXml } from './partEdits';
import type { StoredEntry, ZipEntry } from './zipWrite';
import { DeflateWindow, deflatePieces } from './pieceDeflate';
import { CT_STYLES, CT_TABLE, CT_WORKSHEET, NS_REL, XML_DECL, plainSheetXml, relationshipsXml } from './packageBuild';
import { readRels, relKind, relsPathOf } from './workbookParts';
import { REGISTRY_SHEET, ownedEntries, registryRows } from './registry';
import type { StylesMemo } from './registry';
import type { StyleIds } from './sheetXml';
import { createHash } from 'crypto';
import type { BookSheet, XlsxBook } from './xlsxRead';
import { freeSheetName, freeTableName, sanitizeTableName } from './names';
import { encodeOwnershipValue, withOwnershipValue } from './webExtension';
import { withWorksheetTitles } from './appProps';

export interface PlacedSheet {
  readonly key: string;
  readonly sheetName: string;
  readonly part: string;
  readonly tables: readonly string[];
  /** Whether it replaced a sheet of an earlier run in place. */
  readonly refreshed: boolean;
}

type OutEntry = ZipEntry | StoredEntry;

const MINIMAL_STYLES =
  XML_DECL +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '</styleSheet>';

/** The parts of a sheet that belong to it alone: its rels, tables, drawings and their charts. */
async function dependents(book: XlsxBook, sheet: BookSheet): Promise<string[]> {
  const out = [relsPathOf(sheet.part)];
  for (const r of sheet.rels) {
    if (r.target === undefined) continue;
    const kind = relKind(r.type);
    if (kind === 'table') out.push(r.target);
    if (kind !== 'drawing') continue;
    out.push(r.target, relsPathOf(r.target));
    for (const d of await readRels(book.zip, r.target)) {
      if (d.target === undefined || relKind(d.type) !== 'chart') continue;
      out.push(d.target, relsPathOf(d.target));
      for (const c of await readRels(book.zip, d.target)) if (c.target !== undefined) out.push(c.target);
    }
  }
  return out;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Free part names; the parts of a replaced sheet are handed out again first (in their order). */
class PartNames {
  private readonly taken: Set<string>;
  private readonly recycled: string[] = [];
  constructor(names: Iterable<string>) {
    this.taken = new Set([...names].map((n) => n.toLowerCase()));
  }
  recycle(names: readonly string[]): void {
    this.recycled.push(...names);
  }
  free(prefix: string, ext: string): string {
    const again = this.recycled.findIndex((n) => n.toLowerCase().startsWith(prefix.toLowerCase()) && /^\d+$/.test(n.slice(prefix.length, n.length - ext.length - 1)) && n.endsWith(`.${ext}`));
    if (again >= 0) return this.recycled.splice(again, 1)[0] as string;
    for (let n = 1; ; n++) {
      const name = `${prefix}${n}.${ext}`;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}

function freeRelId(used: Set<string>): string {
  for (let n = 1; ; n++) {
    const id = `rId${n}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** The entries of the output package: the input's parts, edited, plus the generated sheets. */
export async function packageWithSheets(book: XlsxBook, models: readonly SheetModel[], precision: number): Promise<{ entries: OutEntry[]; placed: PlacedSheet[] }> {
  const { zip, info, sheets } = book;
  const sheetByLower = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const owned = ownedEntries(book.record, sheets);
  const prevByKey = new Map<string, { entry: OwnedSheet; sheet: BookSheet }>();
  for (const e of owned) {
    const s = sheetByLower.get(e.sheetName.toLowerCase());
    if (s !== undefined && !prevByKey.has(e.key) && s.kind === 'worksheet') prevByKey.set(e.key, { entry: e, sheet: s });
  }
  const registry = sheets.find((s) => s.name === REGISTRY_SHEET && s.kind === 'worksheet');
  const reused = new Set<BookSheet>();
  for (const m of models) {
    const p = prevByKey.get(m.key);
    if (p !== undefined) reused.add(p.sheet);
  }
  const obsolete = owned
    .map((e) => sheetByLower.get(e.sheetName.toLowerCase()))
    .filter((s): s is BookSheet => s !== undefined && !reused.has(s));

  // Parts that go: everything hanging off replaced sheets, and obsolete sheets themselves.
  const removed = new Set<string>();
  const names = new PartNames(zip.parts.map((p) => p.name));
  for (const s of [...reused, ...obsolete, ...(registry === undefined ? [] : [registry])]) {
    const parts = await dependents(book, s);
    for (const p of parts) removed.add(p.toLowerCase());
    if (reused.has(s)) names.recycle(parts.filter((p) => zip.get(p) !== undefined));
  }
  for (const s of obsolete) removed.add(s.part.toLowerCase());

  // Sheet and table names.
  const takenSheets = new Set(sheets.filter((s) => !obsolete.includes(s)).map((s) => s.name.toLowerCase()));
  takenSheets.add(REGISTRY_SHEET.toLowerCase());
  const replacedSheets = new Set([...reused, ...obsolete]);
  const takenTables = new Set<string>([...info.definedNames, ...INPUT_TABLES.map((t) => t.toLowerCase())]);
  let maxTableId = 0;
  for (const s of sheets) {
    if (replacedSheets.has(s)) continue;
    for (const t of s.tables) {
      takenTables.add(t.name.toLowerCase());
      takenTables.add(t.displayName.toLowerCase());
      maxTableId = Math.max(maxTableId, t.id);
    }
  }
  const reservedIds = new Set<number>();
  for (const s of reused) for (const t of s.tables) reservedIds.add(t.id);
  maxTableId = Math.max(maxTableId, ...reservedIds);

  // Styles: ours appended to the workbook's styles part (created when there is none).
  const stylesRel = info.rels.find((r) => relKind(r.type) === 'styles' && r.target !== undefined);
  const stylesStored = stylesRel?.target === undefined ? undefined : zip.get(stylesRel.target);
  const stylesPart = stylesStored?.name ?? 'xl/styles.xml';
  const stylesBytes = stylesStored === undefined ? undefined : await zip.read(stylesStored);
  const memo = book.styles;
  // Pages: a table past Excel's row limit continues on a second sheet (the one layout decides).
  const pages = models.flatMap((m) => splitModel(m));
  const codesKnown = (ids: StyleIds): boolean => formatCodesOf(pages).every((c) => ids.byCode?.has(c) === true);
  const unchanged = stylesBytes !== undefined && memo !== undefined && memo.precision === precision && sha256(stylesBytes) === memo.sha256 && codesKnown(memo.ids);
  const styles = unchanged ? { xml: '', ids: memo.ids } : addStyles(stylesBytes === undefined ? MINIMAL_STYLES : stylesBytes.toString('utf8'), precision, pages);
  const stylesMemo: StylesMemo = { sha256: unchanged ? memo.sha256 : sha256(Buffer.from(styles.xml, 'utf8')), precision, ids: styles.ids };

  // A generated sheet's entry may still be compressing in the thread pool (pieceDeflate.ts).
  const replacedContent = new Map<string, OutEntry | Promise<OutEntry>>();
  const newEntries: Array<OutEntry | Promise<OutEntry>> = [];
  const window = new DeflateWindow();
  const addedTypes: Array<{ part: string; type: string }> = [];
  const wbRelIds = new Set(info.rels.map((r) => r.id));
  const addedWbRels: Array<{ id: string; type: string; target: string }> = [];
  const addedSheets: Array<{ name: string; relId: string; hidden: boolean }> = [];
  const workbookDir = info.workbookPart.slice(0, info.workbookPart.lastIndexOf('/') + 1);
  const relTarget = (part: string, fromDir: string): string => (part.startsWith(fromDir) ? part.slice(fromDir.length) : `/${part}`);
  const sheetRelTarget = (part: string, sheetPart: string): string => {
    const from = sheetPart.slice(0, sheetPart.lastIndexOf('/') + 1).split('/').filter((s) => s !== '');
    const to = part.split('/');
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
    return [...Array<string>(from.length - common).fill('..'), ...to.slice(common)].join('/');
  };
  const put = (name: string, data: Buffer[] | Buffer, type?: string): void => {
    putEntry({ name, data: Array.isArray(data) ? data : [data] }, type);
  };
  const putEntry = (entry: OutEntry | { readonly name: string; readonly entry: Promise<OutEntry> }, type?: string): void => {
    const name = entry.name;
    const value = 'entry' in entry ? entry.entry : entry;
    if (zip.get(name) !== undefined) replacedContent.set(name.toLowerCase(), value);
    else newEntries.push(value);
    removed.delete(name.toLowerCase());
    if (type !== undefined) addedTypes.push({ part: name, type });
  };
  const newSheetPart = (name: string, hidden: boolean): string => {
    const part = names.free(`${workbookDir}worksheets/sheet`, 'xml');
    const relId = freeRelId(wbRelIds);
    addedWbRels.push({ id: relId, type: `${NS_REL}/worksheet`, target: relTarget(part, workbookDir) });
    addedSheets.push({ name, relId, hidden });
    return part;
  };

  const placed: PlacedSheet[] = [];
  const charts: Array<{ part: string; list: PlacedChart[]; relId: string }> = [];
  for (const model of pages) {
    const prev = prevByKey.get(model.key);
    const sheetName = prev?.sheet.name ?? freeSheetName(model.sheetName, takenSheets);
    takenSheets.add(sheetName.toLowerCase());
    const part = prev?.sheet.part ?? newSheetPart(sheetName, false);
    const prevTables = prev?.entry.tables ?? [];
    let t = 0;
    const layout = layoutSheet(model, (base) => {
      const old = prevTables[t++];
      const clean = sanitizeTableName(base).toLowerCase();
      if (old !== undefined && old.toLowerCase().startsWith(clean) && !takenTables.has(old.toLowerCase())) {
        takenTables.add(old.toLowerCase());
        return old;
      }
      return freeTableName(base, takenTables);
    });
    const relIds: string[] = [];
    const rels: Array<{ id: string; type: string; target: string }> = [];
    model.tables.forEach((table, i) => {
      const at = layout.tables[i];
      if (at === undefined) return;
      const old = prev?.sheet.tables.find((x) => x.name.toLowerCase() === at.name.toLowerCase());
      const id = old?.id ?? ++maxTableId;
      const tablePart = names.free(`${workbookDir}tables/table`, 'xml');
      put(tablePart, Buffer.from(tableXml(id, table, at), 'utf8'), CT_TABLE);
      const relId = `rId${i + 1}`;
      relIds.push(relId);
      rels.push({ id: relId, type: `${NS_REL}/table`, target: sheetRelTarget(tablePart, part) });
    });
    let drawingRelId: string | undefined;
    if (model.charts.length > 0) {
      drawingRelId = `rId${rels.length + 1}`;
      const list: PlacedChart[] = [];
      for (const spec of model.charts) {
        const table = model.tables[spec.table];
        const at = layout.tables[spec.table];
        if (table !== undefined && at !== undefined) list.push({ sheetName, spec, table, placed: at });
      }
      const drawingPart = names.free(`${workbookDir}drawings/drawing`, 'xml');
      rels.push({ id: drawingRelId, type: `${NS_REL}/drawing`, target: sheetRelTarget(drawingPart, part) });
      charts.push({ part: drawingPart, list, relId: drawingRelId });
    }
    putEntry(await deflatePieces(part, worksheetXml(model, layout, styles.ids, relIds, drawingRelId), window), CT_WORKSHEET);
    if (rels.length > 0) put(relsPathOf(part), Buffer.from(relationshipsXml(rels), 'utf8'));
    placed.push({ key: model.key, sheetName, part, tables: layout.tables.map((x) => x.name), refreshed: prev !== undefined });
  }
  for (const d of charts) {
    const chartRels: Array<{ id: string; type: string; target: string }> = [];
    const relIds: string[] = [];
    d.list.forEach((c, i) => {
      const chartPart = names.free(`${workbookDir}charts/chart`, 'xml');
      put(chartPart, Buffer.from(chartXml(c), 'utf8'), CT_CHART);
      relIds.push(`rId${i + 1}`);
      chartRels.push({ id: `rId${i + 1}`, type: `${NS_REL}/chart`, target: sheetRelTarget(chartPart, d.part) });
    });
    put(d.part, Buffer.from(drawingXml(d.list, relIds), 'utf8'), CT_DRAWING);
    put(relsPathOf(d.part), Buffer.from(relationshipsXml(chartRels), 'utf8'));
  }

  // The registry: the add-in's ownership record, as the hidden "_Perpetua" sheet.
  const record: OwnershipRecord = { version: 1, sheets: placed.map((p) => ({ key: p.key, sheetName: p.sheetName, tables: p.tables })), pending: [] };
  const registryPart = registry?.part ?? newSheetPart(REGISTRY_SHEET, true);
  put(registryPart, Buffer.from(plainSheetXml({ name: REGISTRY_SHEET, rows: registryRows(record, stylesMemo), width: 24 }, undefined, { header: styles.ids.header, date: 0 }), 'utf8'), CT_WORKSHEET);

  // The add-in's setting, where the package has it, so the add-in knows what the CLI made.
  if (book.addIn.parts.length > 0) {
    const addInRecord: OwnershipRecord = { ...record, pending: book.addIn.pending };
    for (const p of book.addIn.parts) {
      const stored = zip.get(p.part);
      if (stored === undefined) continue;
      const data = await zip.read(stored);
      if (data[0] === 0xff && data[1] === 0xfe) continue; // UTF-16: Office writes UTF-8; not edited
      const edited = withOwnershipValue(data.toString('utf8'), encodeOwnershipValue(addInRecord, p.form));
      if (edited !== undefined) put(stored.name, Buffer.from(edited, 'utf8'));
    }
  }
  // docProps/app.xml: its list of worksheet titles, when sheets were added or removed.
  if (addedSheets.length > 0 || obsolete.length > 0) {
    const appRel = (await readRels(zip, '')).find((r) => relKind(r.type) === 'extended-properties' && r.target !== undefined);
    const appStored = zip.get(appRel?.target ?? 'docProps/app.xml');
    if (appStored !== undefined) {
      const before = await zip.read(appStored);
      const gone = new Set(obsolete);
      const worksheets = sheets.filter((s) => s.kind === 'worksheet');
      const titles = [...worksheets.filter((s) => !gone.has(s)).map((s) => s.name), ...addedSheets.map((a) => a.name)];
      const after = withWorksheetTitles(appStored.name, before, worksheets.map((s) => s.name), titles);
      if (after !== undefined && !after.equals(before)) put(appStored.name, after);
    }
  }

  // Styles, workbook, its rels, content types, calc chain.
  if (stylesStored === undefined) {
    const relId = freeRelId(wbRelIds);
    addedWbRels.push({ id: relId, type: `${NS_REL}/styles`, target: relTarget(stylesPart, workbookDir) });
    put(stylesPart, Buffer.from(styles.xml, 'utf8'), CT_STYLES);
  } else if (!unchanged) {
    put(stylesPart, Buffer.from(styles.xml, 'utf8'));
  }
  const obsoleteRelIds = new Set(obsolete.map((s) => s.relId));
  const wbStored = zip.get(info.workbookPart);
  if (wbStored === undefined) throw new Error('the workbook part vanished');
  put(info.workbookPart, Buffer.from(editWorkbookXml((await zip.read(wbStored)).toString('utf8'), obsoleteRelIds, addedSheets), 'utf8'));
  const wbRelsPath = relsPathOf(info.workbookPart);
  const wbRelsStored = zip.get(wbRelsPath);
  const wbRelsXml = wbRelsStored === undefined ? relationshipsXml([]) : (await zip.read(wbRelsStored)).toString('utf8');
  put(wbRelsStored?.name ?? wbRelsPath, Buffer.from(editRelsXml(wbRelsXml, obsoleteRelIds, addedWbRels), 'utf8'));

  const calcRel = info.rels.find((r) => relKind(r.type) === 'calcChain' && r.target !== undefined);
  const calcStored = calcRel?.target === undefined ? undefined : zip.get(calcRel.target);
  const touchedIds = new Set([...reused, ...obsolete].map((s) => s.sheetId));
  if (calcStored !== undefined && touchedIds.size > 0) put(calcStored.name, Buffer.from(editCalcChain((await zip.read(calcStored)).toString('utf8'), touchedIds), 'utf8'));

  const typesStored = zip.get('[Content_Types].xml');
  if (typesStored === undefined) throw new Error('the package has no [Content_Types].xml');
  const typesXml = editContentTypes((await zip.read(typesStored)).toString('utf8'), removed, addedTypes);
  put(typesStored.name, Buffer.from(typesXml, 'utf8'));

  // The output: the input's parts in their order (edited or raw), then the new ones.
  const entries: OutEntry[] = [];
  for (const part of zip.parts) {
    const key = part.name.toLowerCase();
    const replaced = replacedContent.get(key);
    if (replaced !== undefined) entries.push(await replaced);
    else if (!removed.has(key)) {
      entries.push({
        name: part.name,
        stored: { method: part.method, crc32: part.crc32, uncompressedSize: part.uncompressedSize, compressed: await zip.raw(part) },
      });
    }
  }
  entries.push(...(await Promise.all(newEntries)));
  // [Content_Types].xml first, as Office writes it.
  entries.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return { entries, placed };
}
