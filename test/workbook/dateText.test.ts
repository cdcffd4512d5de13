/**
 * Text dates in the tables (issue 13 item 5): ISO always; day and month in the workbook's locale
 * order; month names in any locale; without a locale only text with one possible reading. Anything
 * ambiguous or impossible is BAD_DATE naming table, row and column, with a hint.
 */
import fc from 'fast-check';
import { isoDate, serialOf } from '../../src/engine/dates';
import { parseDate } from '../../src/workbook/cells';
import { dateFromText, dateOrderOf } from '../../src/workbook/dateText';
import { readWorkbook } from '../../src/workbook/read';

const FEB15 = serialOf(2026, 2, 15);

describe('the five ways people type 15 February 2026', () => {
  test.each([
    ['15/02/2026', 'en-GB'],
    ['02/15/2026', 'en-US'],
    ['2/15/26', 'en-US'],
    ['15.02.2026', 'de-DE'],
    ['15.02.26', 'de-DE'],
    ['15-02-2026', 'nl-NL'],
    ['15-Feb-2026', 'en-US'],
    ['15-Feb-2026', 'de-DE'],
    ['Feb 15, 2026', 'en-GB'],
    ['February 15 2026', undefined],
    ['15 February 2026', undefined],
    ['15. Februar 2026', 'de-DE'],
    ['15 févr. 2026', 'fr-FR'],
    ['2026/02/15', 'ja-JP'],
    ['26/02/15', 'ja-JP'],
    ['2026/02/15', undefined],
    ['15/02/2026', undefined],
    ['2026-02-15', 'en-US'],
  ])('%p in %p', (text, locale) => {
    expect(parseDate(text, locale === undefined ? {} : { locale })).toBe(FEB15);
  });
});

describe('day or month: the locale decides, never a guess', () => {
  test('03/02/2026 is 3 February in en-GB and de-DE, March 2 in en-US', () => {
    expect(parseDate('03/02/2026', { locale: 'en-GB' })).toBe(serialOf(2026, 2, 3));
    expect(parseDate('03.02.2026', { locale: 'de-DE' })).toBe(serialOf(2026, 2, 3));
    expect(parseDate('03/02/2026', { locale: 'en-US' })).toBe(serialOf(2026, 3, 2));
  });

  test('without a locale 03/02/2026 is ambiguous: both readings are named', () => {
    expect(dateFromText('03/02/2026')).toEqual({ kind: 'ambiguous', readings: [serialOf(2026, 2, 3), serialOf(2026, 3, 2)] });
    expect(parseDate('03/02/2026')).toMatchObject({ kind: 'invalid', why: expect.stringContaining('3 February 2026 or 2 March 2026'), hint: expect.stringContaining('2026-02-03 or 2026-03-02') });
  });

  test('the same day either way (05/05/2026) is not ambiguous', () => {
    expect(parseDate('05/05/2026')).toBe(serialOf(2026, 5, 5));
  });

  test('02/15/2026 in en-GB is not read as February 15: the workbook order says month 15', () => {
    expect(dateFromText('02/15/2026', 'DMY', 'en-GB')).toEqual({ kind: 'outOfOrder', order: 'DMY', reading: FEB15 });
    expect(parseDate('02/15/2026', { locale: 'en-GB' })).toMatchObject({ kind: 'invalid', why: expect.stringContaining('day/month/year, en-GB'), hint: expect.stringContaining('2026-02-15') });
  });

  test('impossible days and non-dates', () => {
    for (const t of ['31/02/2026', '13/13/2026', '30-Feb-2026']) expect(parseDate(t, { locale: 'en-GB' })).toMatchObject({ kind: 'invalid', why: 'that day does not exist' });
    for (const t of ['Smarch 3, 2026', 'next Tuesday', '1/2/3/4', '15/02']) expect(parseDate(t, { locale: 'en-GB' })).toMatchObject({ kind: 'invalid' });
  });

  test('locale orders from Intl', () => {
    expect([dateOrderOf('en-US'), dateOrderOf('en-GB'), dateOrderOf('de-DE'), dateOrderOf('ja-JP'), dateOrderOf('not a locale')]).toEqual(['MDY', 'DMY', 'DMY', 'YMD', 'MDY']);
  });
});

describe('in the tables', () => {
  const grid = (date: string, expiry: string, entered: string): unknown[][] => [
    ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'Expiry', 'Entered'],
    [date, 'Receipt', 'COAT', 10, 100, expiry, entered],
  ];

  test('en-GB workbook: Date, Expiry and Entered typed day first', () => {
    const r = readWorkbook({ Movements: grid('03/02/2026', '01/03/2027', '04/02/2026') as never }, { locale: 'en-GB' });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.movements[0]).toMatchObject({ date: serialOf(2026, 2, 3), expiry: serialOf(2027, 3, 1), entered: serialOf(2026, 2, 4) });
  });

  test('no locale (CLI): an ambiguous Date is BAD_DATE at Movements row 2, column Date, and the row is left out', () => {
    const r = readWorkbook({ Movements: grid('03/02/2026', '', '') as never });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'BAD_DATE', severity: 'error', table: 'Movements', row: 2, column: 'Date', message: expect.stringContaining('3 February 2026 or 2 March 2026'), hint: expect.stringContaining('yyyy-mm-dd') }),
    ]);
    expect(r.inputs.movements).toEqual([]);
  });

  test('en-US workbook: 15/02/2026 in Entered is BAD_DATE with the reading it may have meant', () => {
    const r = readWorkbook({ Movements: grid('02/15/2026', '', '15/02/2026') as never }, { locale: 'en-US' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'BAD_DATE', row: 2, column: 'Entered', hint: expect.stringContaining('15 February 2026') })]);
  });

  test('LandedCosts Date and Settings ClosedThrough follow the locale too', () => {
    const r = readWorkbook(
      {
        Movements: grid('2026-02-03', '', '') as never,
        LandedCosts: [['Date', 'Doc', 'AppliesTo', 'Amount'], ['04/02/2026', 'F-1', 'PO-1', 10]],
        Settings: [['Setting', 'Value'], ['ClosedThrough', '31/01/2026'], ['CutOverDate', '01/02/2026']],
      },
      { locale: 'en-GB' },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs.landedCosts[0]?.date).toBe(serialOf(2026, 2, 4));
    expect(r.inputs.settings).toMatchObject({ closedThrough: serialOf(2026, 1, 31), cutOverDate: serialOf(2026, 2, 1) });
  });
});

describe('property: a date written in a locale pattern reads back as the same day', () => {
  const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'nl-NL', 'ja-JP', 'es-ES', 'it-IT', 'pl-PL', 'en-CA'];
  const day = fc.integer({ min: serialOf(1930, 1, 1), max: serialOf(2099, 12, 31) });

  test('Intl short dates (numeric and two-digit), and the locale month names', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...LOCALES), fc.constantFrom('numeric', '2-digit', 'short', 'long'), (serial, locale, style) => {
        const when = new Date((serial - 25569) * 86_400_000);
        const options: Intl.DateTimeFormatOptions =
          style === 'numeric' || style === '2-digit' ? { year: 'numeric', month: style, day: style, timeZone: 'UTC' } : { year: 'numeric', month: style, day: 'numeric', timeZone: 'UTC' };
        const text = new Intl.DateTimeFormat(locale, options).format(when);
        expect({ text, locale, read: parseDate(text, { locale }) }).toEqual({ text, locale, read: serial });
      }),
      { seed: 20261203, numRuns: 400 },
    );
  });

  test('no locale: text with one reading reads back; text with two is never a date', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('/', '.', '-'), fc.boolean(), (serial, sep, dayFirst) => {
        const [y, m, d] = isoDate(serial).split('-') as [string, string, string];
        const text = dayFirst ? `${d}${sep}${m}${sep}${y}` : `${m}${sep}${d}${sep}${y}`;
        const r = parseDate(text);
        if (Number(d) > 12 || d === m) expect(r).toBe(serial);
        else expect(r).toMatchObject({ kind: 'invalid', why: expect.stringContaining('could be') });
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
