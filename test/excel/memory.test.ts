import { createMemoryExcel, describeWorkbook, snapshotValues } from '../../src/excel/memory';
import { XL_ERRORS } from '../../src/excel/port';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'no error';
}

describe('in-memory Excel: Office.js load/sync rules', () => {
  test('reading a property before load + sync throws PropertyNotLoaded', async () => {
    const excel = createMemoryExcel({ sheets: { Data: [['a', 1]] } });
    await excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Data').getRange('A1:B1');
      expect(() => range.values).toThrow(expect.objectContaining({ code: XL_ERRORS.propertyNotLoaded }));
      range.load('values');
      expect(() => range.values).toThrow(expect.objectContaining({ code: XL_ERRORS.propertyNotLoaded }));
      await context.sync();
      expect(range.values).toEqual([['a', 1]]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: XL_ERRORS.propertyNotLoaded }));
    });
  });

  test('writes are queued until sync; getItemOrNullObject reports isNullObject after sync', async () => {
    const excel = createMemoryExcel();
    await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add('New');
      sheet.getRange('A1').values = [['x']];
      expect(excel.book.findSheet('New')).toBeUndefined();
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(snapshotValues(excel.book)['New']).toEqual([['x']]);
    });
  });

  test('used range: the box of the values; getUsedRange gives A1 on an empty sheet, the OrNullObject form a null object', async () => {
    const excel = createMemoryExcel({ sheets: { Data: [[], [null, 'x', 1], [null, 2]], Empty: [] } });
    await excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem('Data').getUsedRange().load('address');
      const empty = context.workbook.worksheets.getItem('Empty').getUsedRange().load('address');
      const none = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(true).load('address');
      await context.sync();
      expect(used.address).toBe('Data!B2:C3');
      expect(empty.address).toBe('Empty!A1');
      expect(none.isNullObject).toBe(true);
    });
  });

  test('getItem of a missing sheet fails the sync with ItemNotFound', async () => {
    const excel = createMemoryExcel();
    const code = await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.getItem('Missing').getRange('A1').values = [[1]];
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.itemNotFound);
  });
});

describe('in-memory Excel: the limits Excel enforces', () => {
  test('a values array whose shape does not match the range throws InvalidArgument', async () => {
    const excel = createMemoryExcel();
    const code = await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [[1, 2], [3]];
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.invalidArgument);
    expect(snapshotValues(excel.book)['Sheet1']).toEqual([]);
  });

  test('a sync carrying more than 5 MB is rejected whole: RequestPayloadSizeLimitExceeded', async () => {
    const excel = createMemoryExcel();
    const rows = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${'x'.repeat(80)}`]);
    const code = await codeOf(excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1').values = [['first']];
      sheet.getRange(`A2:A${rows.length + 1}`).values = rows;
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.payloadTooLarge);
    expect(snapshotValues(excel.book)['Sheet1']).toEqual([]);
    expect(excel.book.stats.maxPayloadBytes).toBeGreaterThan(5 * 1024 * 1024);
  });

  test.each([
    ['blank', '   '],
    ['too long (32 characters)', 'x'.repeat(32)],
    ['a colon', 'a:b'],
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['a question mark', 'a?'],
    ['a star', 'a*'],
    ['a bracket', 'a[1]'],
  ])('a sheet name that is %s is refused', async (_label, name) => {
    const excel = createMemoryExcel();
    const code = await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.add(name);
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.invalidArgument);
  });

  test('sheet names are unique ignoring case; 31 characters is fine', async () => {
    const excel = createMemoryExcel({ sheets: { Journal: [] } });
    const code = await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.add('JOURNAL');
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.itemAlreadyExists);
    await excel.run(async (context) => {
      context.workbook.worksheets.add('y'.repeat(31));
      await context.sync();
    });
    expect(excel.book.findSheet('y'.repeat(31))).toBeDefined();
  });

  test("a string beginning with '=' becomes a formula unless the cell was formatted '@' first", async () => {
    const excel = createMemoryExcel();
    await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:A2').values = [['=SUM(1,2)'], ['-x']];
      sheet.getRange('B1:B3').numberFormat = [['@']];
      sheet.getRange('B1:B3').values = [['=SUM(1,2)'], ['-x'], ['007']];
      sheet.getRange('C1').values = [['007']];
      await context.sync();
    });
    expect(excel.book.formulas.map((f) => `${f.address} ${f.formula}`)).toEqual(['A1 =SUM(1,2)', 'A2 =-x']);
    const values = snapshotValues(excel.book)['Sheet1'];
    expect(values?.map((row) => row[1])).toEqual(['=SUM(1,2)', '-x', '007']);
    expect(values?.[0]?.[2]).toBe(7);
  });

  test('rows beyond 1,048,576 are outside the grid', async () => {
    const excel = createMemoryExcel();
    const code = await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(1_048_576, 0, 1, 1).values = [[1]];
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.invalidArgument);
  });

  test('an injected failure at the n-th sync applies nothing of that sync', async () => {
    const excel = createMemoryExcel();
    excel.book.failNthSyncFromNow(2);
    const code = await codeOf(excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1').values = [['one']];
      await context.sync();
      sheet.getRange('A2').values = [['two']];
      await context.sync();
    }));
    expect(code).toBe(XL_ERRORS.generalException);
    expect(snapshotValues(excel.book)['Sheet1']).toEqual([['one']]);
  });
});

describe('in-memory Excel: tables, settings, selection', () => {
  test('a seeded table is found by name ignoring case and knows its ranges', async () => {
    const excel = createMemoryExcel({ tables: { Movements: [['Date', 'Qty'], [46082, 5], [46083, 7]] } });
    await excel.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject('movements');
      await context.sync();
      expect(table.isNullObject).toBe(false);
      const body = table.getDataBodyRange().load('address, values');
      const count = table.rows.getCount();
      const header = table.getHeaderRowRange().load('values');
      await context.sync();
      expect(body.address).toBe('Movements!A2:B3');
      expect(count.value).toBe(2);
      expect(header.values).toEqual([['Date', 'Qty']]);
    });
  });

  test('overlapping tables and duplicate table names are refused', async () => {
    const excel = createMemoryExcel({ tables: { Items: [['Item'], ['COAT']] } });
    expect(await codeOf(excel.run(async (context) => {
      context.workbook.worksheets.getItem('Items').tables.add('A1:B3', true);
      await context.sync();
    }))).toBe(XL_ERRORS.invalidArgument);
    expect(await codeOf(excel.run(async (context) => {
      const t = context.workbook.worksheets.getItem('Items').tables.add('D1:D2', true);
      t.name = 'ITEMS';
      await context.sync();
    }))).toBe(XL_ERRORS.itemAlreadyExists);
  });

  test('settings survive between runs; selection follows range.select()', async () => {
    const excel = createMemoryExcel({ sheets: { A: [[1]], B: [[2]] } });
    await excel.run(async (context) => {
      context.workbook.settings.add('k', '{"v":1}');
      context.workbook.worksheets.getItem('B').getRange('C3').select();
      await context.sync();
    });
    await excel.run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject('k').load('value');
      const selected = context.workbook.getSelectedRange().load('address');
      await context.sync();
      expect(setting.value).toBe('{"v":1}');
      expect(selected.address).toBe('B!C3');
    });
    expect(describeWorkbook(excel.book).settings).toEqual({ k: '{"v":1}' });
  });
});
