/**
 * What the CLI prints: diagnostics (stderr, one per line, hledger-style "where: what", then the
 * hint indented on the next line) and the short human summary (stdout, when neither --json nor
 * --out is given). Pure string functions; main.ts does the writing.
 *
 *     Movements row 7, column Qty: QTY_NOT_NUMBER Qty "ten" is not a number
 *       hint: write the quantity as a number, e.g. 10
 *     warning: Items row 3, column Method: ...
 */
import type { Diagnostic } from '../engine/types';
import { grouped } from '../workbook/render/common';
import type { Summary } from '../workbook/summaryTypes';

function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

/** Where a diagnostic points, as precisely as it says: "Movements row 7, column Qty". */
export function diagnosticPlace(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.table !== undefined && d.table !== '') {
    let where = d.table;
    if (d.row !== undefined) where += ` row ${d.row}`;
    parts.push(where);
  } else if (d.row !== undefined) {
    parts.push(`row ${d.row}`);
  }
  if (d.column !== undefined && d.column !== '') parts.push(`column ${d.column}`);
  return parts.join(', ');
}

/** The stderr lines of one diagnostic, each ending in a newline. */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : d.severity === 'info' ? 'info: ' : '';
  const place = diagnosticPlace(d);
  const head = `${prefix}${place === '' ? '' : `${place}: `}${d.code} ${oneLine(d.message)}`;
  const hint = d.hint !== undefined && d.hint !== '' ? `  hint: ${oneLine(d.hint)}\n` : '';
  return `${head}\n${hint}`;
}

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The short human summary: money exactly as the summary JSON carries it (decimal strings), with
 * thousands separators ("9,368.40"); `emptyReports` are the reports not created for lack of rows.
 */
export function formatHumanSummary(summary: Summary, company: string, diagnostics: readonly Diagnostic[], emptyReports: readonly string[] = []): string {
  const t = summary.totals;
  const rows: Array<[string, string]> = [
    ['Inventory value', grouped(t.inventoryValue)],
    ['Cost of goods sold', grouped(t.cogs)],
    ['Revenue', grouped(t.revenue)],
    ['Gross margin', grouped(t.grossMargin)],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const c = countDiagnostics(diagnostics);
  return (
    `${company} - ${summary.method}, ${summary.baseCurrency}\n` +
    rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}\n`).join('') +
    `Diagnostics: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
    (c.infos > 0 ? `, ${plural(c.infos, 'note')}` : '') +
    '\n' +
    (emptyReports.length > 0 ? `Not created (no rows): ${emptyReports.join(', ')}\n` : '')
  );
}
