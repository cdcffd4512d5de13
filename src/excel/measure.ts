/**
 * measureJournalWrite: how many syncs and how large a request a journal of N rows costs when
 * written through writeSheets, measured on the in-memory Excel (the bench prints these).
 *
 *   await measureJournalWrite(100_000)  // {syncs: 15, maxPayloadBytes: 1_6xx_xxx, sheets: ['Journal']}
 *
 * The journal is synthetic but journal-shaped: 12 columns (date, entry, doc, account, name,
 * debit, credit, item, location, memo, source table, source row), two lines per entry.
 */
import type { SheetModel } from '../workbook/sheet';
import { createMemoryExcel } from './memory';
import { writeSheets } from './write';

export interface JournalWriteMeasure {
  readonly syncs: number;
  readonly maxPayloadBytes: number;
  readonly sheets: string[];
}

export function syntheticJournal(rows: number): SheetModel {
  const data: Array<Array<string | number | null>> = [];
  for (let i = 0; i < rows; i += 1) {
    const entry = Math.floor(i / 2) + 1;
    const debitSide = i % 2 === 0;
    const amount = Math.round(((entry * 7919) % 100_000) + 1) / 100;
    data.push([
      46_082 + (entry % 365),
      entry,
      `INV-${String(entry).padStart(7, '0')}`,
      debitSide ? '5000' : '1400',
      debitSide ? 'Cost of goods sold' : 'Inventory',
      debitSide ? amount : null,
      debitSide ? null : amount,
      `ITEM-${entry % 500}`,
      'Main',
      `Shipment of ITEM-${entry % 500}`,
      'Movements',
      entry + 1,
    ]);
  }
  return {
    key: 'journal',
    sheetName: 'Journal',
    notes: ['Journal: every posting, two lines or more per entry (synthetic data for measurement).'],
    tables: [
      {
        name: 'PP_Journal',
        columns: [
          { header: 'Date', format: 'date' },
          { header: 'Entry', format: 'integer' },
          { header: 'Doc', format: 'text' },
          { header: 'Account', format: 'text' },
          { header: 'Name', format: 'text' },
          { header: 'Debit', format: 'money' },
          { header: 'Credit', format: 'money' },
          { header: 'Item', format: 'text' },
          { header: 'Location', format: 'text' },
          { header: 'Memo', format: 'text' },
          { header: 'Source table', format: 'text' },
          { header: 'Source row', format: 'integer' },
        ],
        rows: data,
      },
    ],
    charts: [],
  };
}

export async function measureJournalWrite(rows: number): Promise<JournalWriteMeasure> {
  const excel = createMemoryExcel({ tables: { Movements: [['Date', 'Type', 'Item', 'Qty']] } });
  const model = syntheticJournal(rows);
  excel.book.resetStats();
  const result = await excel.run((context) => writeSheets(context, [model]));
  return {
    syncs: excel.book.stats.syncs,
    maxPayloadBytes: excel.book.stats.maxPayloadBytes,
    sheets: result.sheets.map((s) => s.sheetName),
  };
}
