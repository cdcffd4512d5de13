import { createMemoryExcel, describeWorkbook, snapshotValues, type MemoryExcel } from '../../src/excel/memory';
import { syntheticJournal } from '../../src/excel/measure';
import { OWNERSHIP_SETTING, parseOwnership } from '../../src/excel/ownership';
import { writeSheets, type WriteOptions, type WriteProgress } from '../../src/excel/write';
import type { SheetModel, SheetTable } from '../../src/workbook/sheet';

const MOVEMENTS = [['Date', 'Type', 'Item', 'Qty'], [46082, 'Receipt', 'COAT', 10], [46083, 'Sale', 'COAT', 2]];

function journal(rows: ReadonlyArray<ReadonlyArray<string | number | null>>, notes: string[] = ['Journal as of 2026-03-31']): SheetModel {
  return {
    key: 'journal',
    sheetName: 'Journal',
    notes,
    tables: [
      {
        name: 'PP_Journal',
        columns: [
          { header: 'Date', format: 'date' },
          { header: 'Doc', format: 'text' },
          { header: 'Account', format: 'text' },
          { header: 'Debit', format: 'money' },
          { header: 'Credit', format: 'money' },
        ],
        rows,
      },
    ],
    charts: [],
  };
}

const MARCH = [
  [46082, 'R-1', '1400', 1000, null],
  [46082, 'R-1', '2100', null, 1000],
  [46084, 'S-1', '5000', 200, null],
  [46084, 'S-1', '1400', null, 200],
];

function periodicVsPerpetual(): SheetModel {
  const periods: SheetTable = {
    name: 'PP_PeriodicVsPerpetual',
    title: 'Margins by period',
    columns: [
      { header: 'Period', format: 'text' },
      { header: 'Revenue', format: 'money' },
      { header: 'Perpetual margin', format: 'money' },
      { header: 'Periodic margin', format: 'money' },
      { header: 'Margin %', format: 'percent' },
    ],
    rows: [
      ['2026-01', 500, 300, 280, 0.6],
      ['2026-02', 700, 350, 360, 0.5],
      ['2026-03', 900, 500, 470, 0.5556],
    ],
  };
  const explain: SheetTable = {
    name: 'PP_Explain',
    columns: [
      { header: 'Reason', format: 'text' },
      { header: 'Amount', format: 'money', width: 20 },
      { header: 'Qty', format: 'qty' },
    ],
    rows: [['Shrinkage', -20, 2], ['Timing', 10, 0.5]],
  };
  return {
    key: 'periodic',
    sheetName: 'Periodic vs Perpetual',
    notes: ['Periodic versus perpetual margins.', 'As of 2026-03-31.'],
    tables: [periods, explain],
    charts: [{ kind: 'line', title: 'Margin by period', table: 0, categoryColumn: 0, seriesColumns: [2, 3] }],
  };
}

async function write(excel: MemoryExcel, models: SheetModel[], options: WriteOptions = {}) {
  return excel.run((context) => writeSheets(context, models, options));
}

function ownership(excel: MemoryExcel) {
  return parseOwnership(excel.book.settings.get(OWNERSHIP_SETTING));
}

describe('writeSheets: a formatted sheet', () => {
  test('notes, titles, tables, formats, widths, frozen header and a line chart', async () => {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS } });
    const result = await write(excel, [periodicVsPerpetual()]);
    expect(result.status).toBe('done');
    expect(result.renames).toEqual([]);
    const sheet = describeWorkbook(excel.book).sheets.find((s) => s.name === 'Periodic vs Perpetual');
    expect(sheet).toBeDefined();
    if (sheet === undefined) return;
    expect(sheet.values.slice(0, 8)).toEqual([
      ['Periodic versus perpetual margins.', null, null, null, null],
      ['As of 2026-03-31.', null, null, null, null],
      [null, null, null, null, null],
      ['Margins by period', null, null, null, null],
      ['Period', 'Revenue', 'Perpetual margin', 'Periodic margin', 'Margin %'],
      ['2026-01', 500, 300, 280, 0.6],
      ['2026-02', 700, 350, 360, 0.5],
      ['2026-03', 900, 500, 470, 0.5556],
    ]);
    // One blank row, then the second table's header at row 10 (0-based 9).
    expect(sheet.values[8]).toEqual([null, null, null, null, null]);
    expect(sheet.values[9]).toEqual(['Reason', 'Amount', 'Qty', null, null]);
    expect(sheet.tables).toEqual([
      { name: 'PP_PeriodicVsPerpetual', address: "'Periodic vs Perpetual'!A5:E8" },
      { name: 'PP_Explain', address: "'Periodic vs Perpetual'!A10:C12" },
    ]);
    // The period column is text ('@' so "2026-01" is never turned into a date); money and percent formats.
    expect(sheet.numberFormats['5,0']).toBe('@');
    expect(sheet.numberFormats['5,1']).toBe('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)');
    expect(sheet.numberFormats['7,4']).toBe('0.0%');
    // Quantities: as many decimals as the column needs, never a trailing dot ("12.").
    expect(sheet.numberFormats['10,2']).toMatch(/^#,##0(\.0+)?$/);
    expect(JSON.parse(sheet.styles['4,0'] ?? '{}')).toMatchObject({ bold: true, fill: '#DDEBF7' });
    expect(JSON.parse(sheet.styles['9,2'] ?? '{}')).toMatchObject({ bold: true });
    expect(sheet.frozenRows).toBe(5);
    // Width 20 characters asked for "Amount"; "Perpetual margin" wider than a money default.
    expect(sheet.columnWidths[1]).toBeGreaterThan(sheet.columnWidths[0] ?? 0);
    expect(sheet.columnWidths[2]).toBeGreaterThan(0);
    expect(sheet.charts).toEqual([
      {
        type: 'Line',
        title: 'Margin by period',
        series: [
          { name: 'Perpetual margin', values: "'Periodic vs Perpetual'!C6:C8", xValues: "'Periodic vs Perpetual'!A6:A8" },
          { name: 'Periodic margin', values: "'Periodic vs Perpetual'!D6:D8", xValues: "'Periodic vs Perpetual'!A6:A8" },
        ],
        position: { start: "'Periodic vs Perpetual'!G4", end: "'Periodic vs Perpetual'!N19" },
      },
    ]);
    expect(excel.book.formulas).toEqual([]);
    expect(ownership(excel).sheets).toEqual([
      { key: 'periodic#1', sheetName: 'Periodic vs Perpetual', tables: ['PP_PeriodicVsPerpetual', 'PP_Explain'] },
    ]);
  });

  test('an empty table still gets its header and an Excel table', async () => {
    const excel = createMemoryExcel();
    await write(excel, [journal([], [])]);
    const sheet = describeWorkbook(excel.book).sheets.find((s) => s.name === 'Journal');
    expect(sheet?.values).toEqual([['Date', 'Doc', 'Account', 'Debit', 'Credit']]);
    expect(sheet?.tables).toEqual([{ name: 'PP_Journal', address: 'Journal!A1:E2' }]);
    expect(sheet?.frozenRows).toBe(1);
  });

  test('text that looks like a formula, a number or a date is stored as text, in any column', async () => {
    const tricky = ['=SUM(A1:A9)', '+1', '-x', '@x', '\tindented', '\rcr', '007', 'TRUE', '2026-03-31', '-5'];
    const rows = tricky.map((t) => [46082, t, t, t, null]);
    const excel = createMemoryExcel();
    await write(excel, [journal(rows, [])]);
    const values = snapshotValues(excel.book)['Journal'] ?? [];
    expect(values.slice(1).map((r) => r[1])).toEqual(tricky);
    expect(values.slice(1).map((r) => r[3])).toEqual(tricky);
    expect(excel.book.formulas).toEqual([]);
  });
});

describe('writeSheets: big tables', () => {
  test('100,000 journal rows: 10,000-row chunks, one sync each, every request under 5 MB', async () => {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS } });
    const model = syntheticJournal(100_000);
    excel.book.resetStats();
    const progress: WriteProgress[] = [];
    const result = await write(excel, [model], { onProgress: (p) => progress.push(p) });
    expect(result.sheets).toEqual([{ key: 'journal#1', sheetName: 'Journal', tables: ['PP_Journal'], rows: 100_000 }]);
    expect(excel.book.stats.syncs).toBeLessThanOrEqual(20);
    expect(excel.book.stats.maxPayloadBytes).toBeLessThan(5 * 1024 * 1024);
    expect(excel.book.stats.suspendedCalculationSyncs).toBeGreaterThanOrEqual(10);
    const chunkEvents = progress.map((p) => p.rowsWritten);
    expect(chunkEvents.slice(0, 10)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000]);
    expect(progress.every((p) => p.totalRows === 100_000)).toBe(true);
    const values = snapshotValues(excel.book)['Journal'] ?? [];
    expect(values.length).toBe(3 + 100_000);
    expect(values[3 + 54_321]).toEqual((model.tables[0]?.rows[54_321] ?? []).map((v) => v));
    expect(excel.book.formulas).toEqual([]);
  });

  test('wide text rows shrink the chunk so a request stays under the budget', async () => {
    const excel = createMemoryExcel();
    const memo = 'x'.repeat(2_000);
    const rows = Array.from({ length: 6_000 }, (_, i) => [46082, `D-${i}`, memo, i, null]);
    excel.book.resetStats();
    await write(excel, [journal(rows)], { chunkRows: 20_000 });
    expect(excel.book.stats.maxPayloadBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(excel.book.stats.syncs).toBeGreaterThan(4);
    expect((snapshotValues(excel.book)['Journal'] ?? []).length).toBe(3 + 6_000);
  });

  test('a table longer than a sheet continues on "Journal (2)", "Journal (3)"; a shorter re-run removes them', async () => {
    const excel = createMemoryExcel({ limits: { maxRows: 50 } });
    const rows = Array.from({ length: 120 }, (_, i) => [46082 + i, `D-${i}`, '1400', i + 1, null]);
    const result = await write(excel, [journal(rows)], { maxRowsPerSheet: 50, chunkRows: 7 });
    expect(result.sheets.map((s) => [s.sheetName, s.tables[0], s.rows])).toEqual([
      ['Journal', 'PP_Journal', 47],
      ['Journal (2)', 'PP_Journal_2', 49],
      ['Journal (3)', 'PP_Journal_3', 24],
    ]);
    const snap = snapshotValues(excel.book);
    const docs = [
      ...(snap['Journal'] ?? []).slice(3),
      ...(snap['Journal (2)'] ?? []).slice(1),
      ...(snap['Journal (3)'] ?? []).slice(1),
    ].map((r) => r[1]);
    expect(docs).toEqual(rows.map((r) => r[1]));
    expect(snap['Journal (2)']?.[0]).toEqual(['Date', 'Doc', 'Account', 'Debit', 'Credit']);

    await write(excel, [journal(rows.slice(0, 30))], { maxRowsPerSheet: 50 });
    expect(excel.book.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Journal']);
    expect(ownership(excel).sheets.map((s) => s.key)).toEqual(['journal#1']);
  });
});

describe('writeSheets: progress and cancel', () => {
  test('cancel between chunks of a refresh: stops, keeps the sheet and its table; the next run completes', async () => {
    const excel = createMemoryExcel();
    await write(excel, [journal(MARCH)]);
    const before = describeWorkbook(excel.book);
    const rows = Array.from({ length: 5_000 }, (_, i) => [46082, `D-${i}`, '1400', i, null]);
    let chunks = 0;
    const result = await write(excel, [journal(rows)], {
      chunkRows: 1_000,
      onProgress: () => {
        chunks += 1;
      },
      isCancelled: () => chunks >= 2,
    });
    expect(result.status).toBe('cancelled');
    expect(chunks).toBe(2);
    const after = describeWorkbook(excel.book);
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
    expect(after.sheets.find((s) => s.name === 'Journal')?.tables.map((t) => t.name)).toEqual(['PP_Journal']);
    const clean = createMemoryExcel();
    await write(clean, [journal(MARCH)]);
    await write(clean, [journal(rows)], { chunkRows: 1_000 });
    expect((await write(excel, [journal(rows)], { chunkRows: 1_000 })).status).toBe('done');
    expect(describeWorkbook(excel.book)).toEqual(describeWorkbook(clean.book));
  });
});

describe('writeSheets: ownership', () => {
  test("a user's own sheet named Journal is never touched: the output goes to Journal (Perpetua)", async () => {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS }, sheets: { Journal: [['My notes'], ['keep me']] } });
    const userSheet = () => describeWorkbook(excel.book).sheets.find((s) => s.name === 'Journal');
    const before = userSheet();
    const first = await write(excel, [journal(MARCH)]);
    expect(first.renames).toEqual([{ key: 'journal#1', wanted: 'Journal', actual: 'Journal (Perpetua)' }]);
    expect(userSheet()).toEqual(before);
    expect(snapshotValues(excel.book)['Journal (Perpetua)']?.[3]).toEqual([46082, 'R-1', '1400', 1000, null]);

    const second = await write(excel, [journal(MARCH.slice(0, 2))]);
    expect(second.renames).toEqual([{ key: 'journal#1', wanted: 'Journal', actual: 'Journal (Perpetua)' }]);
    expect(excel.book.sheets.map((s) => s.name)).toEqual(['Movements', 'Journal', 'Journal (Perpetua)']);
    expect(userSheet()).toEqual(before);
    expect((snapshotValues(excel.book)['Journal (Perpetua)'] ?? []).length).toBe(5);
  });

  test('input tables are never written: a model named like an input sheet goes elsewhere', async () => {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS } });
    const before = describeWorkbook(excel.book).sheets;
    const model: SheetModel = { ...journal(MARCH), key: 'clash', sheetName: 'Movements', tables: [{ ...journal(MARCH).tables[0]!, name: 'Movements' }] };
    const result = await write(excel, [model]);
    expect(result.renames).toEqual([{ key: 'clash#1', wanted: 'Movements', actual: 'Movements (Perpetua)' }]);
    expect(result.sheets[0]?.tables).toEqual(['Movements_2']);
    expect(describeWorkbook(excel.book).sheets[0]).toEqual(before[0]);
  });

  test('our sheet deleted and a same-named user sheet created: the user sheet is not ours', async () => {
    const excel = createMemoryExcel();
    await write(excel, [journal(MARCH)]);
    const ours = excel.book.findSheet('Journal');
    if (ours === undefined) throw new Error('no Journal');
    excel.book.deleteSheet(ours);
    const mine = excel.book.addSheet('Journal');
    mine.setValue(0, 0, 'mine');
    const result = await write(excel, [journal(MARCH)]);
    expect(result.renames.map((r) => r.actual)).toEqual(['Journal (Perpetua)']);
    expect(snapshotValues(excel.book)['Journal']).toEqual([['mine']]);
  });

  test('a re-run on unchanged data leaves every sheet identical (values, formats, tables, chart, order)', async () => {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS } });
    await write(excel, [journal(MARCH), periodicVsPerpetual()]);
    const first = describeWorkbook(excel.book);
    await write(excel, [journal(MARCH), periodicVsPerpetual()]);
    expect(describeWorkbook(excel.book)).toEqual(first);
    expect(first.sheets.map((s) => s.name)).toEqual(['Movements', 'Journal', 'Periodic vs Perpetual']);
  });
});

describe('writeSheets: a failure mid-write loses nothing', () => {
  const runRows = Array.from({ length: 40 }, (_, i) => [46090 + i, `N-${i}`, '1400', i + 1, null]);

  async function prepared(): Promise<MemoryExcel> {
    const excel = createMemoryExcel({ tables: { Movements: MOVEMENTS } });
    await write(excel, [journal(MARCH), periodicVsPerpetual()]);
    return excel;
  }

  test('at every sync of a refresh, Journal keeps its sheet and table; the next run ends where an uninterrupted one does', async () => {
    const reference = await prepared();
    const oldJournal = describeWorkbook(reference.book).sheets.find((s) => s.name === 'Journal');
    reference.book.resetStats();
    await write(reference, [journal(runRows), periodicVsPerpetual()], { chunkRows: 10 });
    const syncsOfAWrite = reference.book.stats.syncs;
    const clean = describeWorkbook(reference.book);
    const newJournal = clean.sheets.find((s) => s.name === 'Journal');
    expect(syncsOfAWrite).toBeGreaterThan(8);

    for (let k = 1; k <= syncsOfAWrite; k += 1) {
      const excel = await prepared();
      excel.book.failNthSyncFromNow(k);
      await expect(write(excel, [journal(runRows), periodicVsPerpetual()], { chunkRows: 10 })).rejects.toMatchObject({ code: 'GeneralException' });
      const after = describeWorkbook(excel.book);
      const journalNow = after.sheets.find((s) => s.name === 'Journal');
      // Refreshed in place, a sheet cannot switch atomically; what must hold is that the sheet and
      // its table object (what a user's pivots and formulas point at) are never lost.
      expect(journalNow?.tables.map((t) => t.name)).toEqual(['PP_Journal']);
      expect(oldJournal?.tables.map((t) => t.name)).toEqual(['PP_Journal']);
      expect(newJournal?.tables.map((t) => t.name)).toEqual(['PP_Journal']);
      for (const s of after.sheets) {
        expect(['Movements', 'Journal', 'Periodic vs Perpetual'].includes(s.name) || s.name.endsWith('(incomplete)')).toBe(true);
      }
      // The next run cleans up and ends exactly where an uninterrupted run ends.
      const retry = await write(excel, [journal(runRows), periodicVsPerpetual()], { chunkRows: 10 });
      expect(retry.status).toBe('done');
      expect(describeWorkbook(excel.book)).toEqual(clean);
    }
  });
});
