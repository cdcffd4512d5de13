/**
 * Test helpers over .xlsx packages: read every part, check every XML part with a strict parser,
 * rewrite a package with edited parts, read a sheet's cells back with the CLI's own reader.
 */
import { promises as fs } from 'fs';
import { DOMParser } from '@xmldom/xmldom';
import { openZip } from '../../src/cli/zipRead';
import { zipEntries } from '../../src/cli/zipWrite';
import { readWorkbookInfo } from '../../src/cli/workbookParts';
import { readDateStyles, readSharedStrings, readSheetCells, MAX_CELLS } from '../../src/cli/sheetRead';
import type { InputCell } from '../../src/workbook/sheet';
import { xmlUnescape } from '../../src/cli/xml';
import { sheetCells } from './sheetCells';

/** Every part of a package by name, uncompressed. */
export async function readParts(file: string): Promise<Map<string, Buffer>> {
  const zip = await openZip(await fs.readFile(file));
  const out = new Map<string, Buffer>();
  for (const p of zip.parts) out.set(p.name, await zip.read(p, 1024 ** 3));
  zip.close();
  return out;
}

export async function writeParts(file: string, parts: ReadonlyMap<string, Buffer>): Promise<void> {
  await fs.writeFile(file, zipEntries([...parts].map(([name, data]) => ({ name, data: [data] }))));
}

/** Parses every .xml/.rels part strictly; returns the problems ("part: message"). */
export function xmlProblems(parts: ReadonlyMap<string, Buffer>): string[] {
  const problems: string[] = [];
  for (const [name, data] of parts) {
    if (!/\.(xml|rels)$/i.test(name)) continue;
    const text = data.toString('utf8');
    const errors: string[] = [];
    try {
      const doc = new DOMParser({
        onError: (level: string, msg: string) => {
          // U+FFFD is a legal character; xmldom only warns that it may be a decoding slip.
          if (level === 'warning' && /replacement character/i.test(msg)) return;
          errors.push(`${level}: ${msg}`);
        },
      }).parseFromString(text, 'text/xml');
      if (doc.documentElement === null) errors.push('no root element');
    } catch (err) {
      errors.push(String(err));
    }
    // XML 1.0 forbids these characters even as character references.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|&#x?0*(?:[0-8]|1[1-2]|1[4-9]|2\d|3[01]|[bBcC]|1[a-fA-F]);/.test(text)) errors.push('forbidden character');
    for (const e of errors) problems.push(`${name}: ${e}`);
  }
  return problems;
}

/** The cells of a sheet (by name) read with the CLI's reader: header row first, trailing blanks cut. */
export async function sheetGrid(file: string, sheetName: string): Promise<InputCell[][]> {
  const zip = await openZip(await fs.readFile(file));
  try {
    const info = await readWorkbookInfo(zip);
    const sheet = info.sheets.find((s) => s.name === sheetName);
    if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
    const sst = info.rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const styles = info.rels.find((r) => r.type.endsWith('/styles'))?.target;
    const stylesPart = styles === undefined ? undefined : zip.get(styles);
    const ctx = {
      sharedStrings: sst === undefined ? [] : await readSharedStrings(zip, sst),
      dateStyles: stylesPart === undefined ? [] : readDateStyles(await zip.read(stylesPart), stylesPart.name),
      date1904: info.date1904,
      budget: { cells: MAX_CELLS },
    };
    const cells = await readSheetCells(zip, sheet.part, sheet.name, { windows: [{ top: 1, left: 1, bottom: 1_048_576, right: 16_384 }], asSheet: false }, ctx);
    const grid: InputCell[][] = [];
    cells.rowNumbers.forEach((n, i) => {
      const row = cells.rows[i];
      if (row !== undefined) grid[n - 1] = Array.from({ length: row.vals.length }, (_, c) => row.vals[c] ?? null);
    });
    for (let r = 0; r < grid.length; r++) grid[r] ??= [];
    return grid;
  } finally {
    zip.close();
  }
}

/** The sheets of a package in workbook order: name, state and part. */
export async function sheetList(file: string): Promise<Array<{ name: string; state: string; part: string }>> {
  const zip = await openZip(await fs.readFile(file));
  try {
    return (await readWorkbookInfo(zip)).sheets.map((s) => ({ name: s.name, state: s.state, part: s.part }));
  } finally {
    zip.close();
  }
}

/** Every non-empty cell of a sheet by address ("B3"), dates as ISO text, for "unchanged" checks. */
export async function cellValues(file: string, sheetName: string): Promise<Record<string, unknown>> {
  const grid = await sheetGrid(file, sheetName);
  const out: Record<string, unknown> = {};
  grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === undefined) return;
      let col = '';
      for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
      out[`${col}${r + 1}`] = v instanceof Date ? v.toISOString() : v;
    }),
  );
  return out;
}

/** The number format code of one cell (via its style index and styles.xml). */
export async function numFmtOf(file: string, sheetName: string, ref: string): Promise<string> {
  const parts = await readParts(file);
  const part = (await sheetList(file)).find((s) => s.name === sheetName)?.part ?? '';
  const sheet = parts.get(part)?.toString('utf8') ?? '';
  const cell = sheetCells(sheet).find((c) => c.ref === ref);
  const s = Number(/\bs="(\d+)"/.exec(cell?.attrs ?? '')?.[1] ?? 0);
  const styles = parts.get('xl/styles.xml')?.toString('utf8') ?? '';
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const id = Number([...xfs.matchAll(/<xf\b[^>]*?numFmtId="(\d+)"/g)][s]?.[1] ?? 0);
  const custom = new RegExp(`<numFmt\\b[^>]*numFmtId="${id}"[^>]*formatCode="([^"]*)"`).exec(styles)?.[1];
  const builtin: Record<number, string> = { 0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 14: 'mm-dd-yy', 49: '@' };
  return custom !== undefined ? xmlUnescape(custom) : builtin[id] ?? `#${id}`;
}
