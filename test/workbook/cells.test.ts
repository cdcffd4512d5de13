import {
  EnumMatcher,
  errorOf,
  isBlank,
  isoFromSerial,
  parseBoolean,
  parseDate,
  parseNumber,
  parseText,
  serialFromDate,
  serialFromIso,
} from '../../src/workbook/cells';
import { METHOD, MOVEMENT_TYPE, monthFromName } from '../../src/workbook/readEnums';

describe('numbers', () => {
  test.each([
    [12, 12],
    [-0, 0],
    ['12', 12],
    [' 12 ', 12],
    ['-3.75', -3.75],
    ['+4', 4],
    ['.5', 0.5],
    ['1,234.50', 1234.5],
    ['1,234,567.89', 1234567.89],
    ['(12.5)', -12.5],
    ['(1,000)', -1000],
    ['1e3', 1000],
    ['1.5E-2', 0.015],
    ['$12.50', 12.5],
    ['€12.50', 12.5],
    ['£ 3', 3],
    ['-$12.50', -12.5],
    ['$-12.50', -12.5],
    ['12.50 €', 12.5],
    ['($12.50)', -12.5],
    ['-0', 0],
    ['0.000', 0],
    ['\u00a012\u00a0', 12],
  ])('%p reads as %p', (cell, expected) => {
    const n = parseNumber(cell);
    expect(n).toBe(expected);
    expect(Object.is(n, -0)).toBe(false);
  });

  test.each([['abc'], ['12,5'], ['1.234,50'], ['0x10'], ['Infinity'], ['NaN'], ['--12'], ['(-12)'], ['$$12'], ['USD 12'], ['1 2'], ['.'], ['-'], ['1e'], ['5%'], [true], [new Date(0)]])(
    '%p is not a number',
    (cell) => {
      expect(parseNumber(cell)).toEqual({ kind: 'invalid', text: expect.any(String) });
    },
  );

  test('a trailing % is accepted only where the caller allows it', () => {
    expect(parseNumber('5%', { percent: true })).toBe(5);
    expect(parseNumber('(2.5 %)', { percent: true })).toBe(-2.5);
  });

  test('NaN and Infinity cells are rejected, absurd magnitudes are flagged', () => {
    expect(parseNumber(NaN)).toMatchObject({ kind: 'invalid' });
    expect(parseNumber(Infinity)).toMatchObject({ kind: 'tooLarge' });
    expect(parseNumber(1e308)).toMatchObject({ kind: 'tooLarge' });
    expect(parseNumber(-2e15)).toMatchObject({ kind: 'tooLarge' });
    expect(parseNumber('1e400')).toMatchObject({ kind: 'tooLarge' });
    expect(parseNumber(1e15)).toBe(1e15);
    expect(parseNumber(1e-10)).toMatchObject({ kind: 'tooSmall' });
    expect(parseNumber('0.0000000001')).toMatchObject({ kind: 'tooSmall' });
    expect(parseNumber('1e-400')).toMatchObject({ kind: 'tooSmall' });
    expect(parseNumber(1e-9)).toBe(1e-9);
  });

  test('numeric text with more than 15 significant digits is usable but flagged', () => {
    expect(parseNumber('1234567890.123456')).toEqual({ kind: 'imprecise', text: '1234567890.123456', value: 1234567890.123456 });
    expect(parseNumber('123456789012345')).toBe(123456789012345);
    expect(parseNumber('100000000000000.000000')).toBe(1e14); // trailing zeros are not significant
  });

  test('error values and blanks', () => {
    expect(parseNumber('#N/A')).toEqual({ kind: 'error', text: '#N/A' });
    expect(parseNumber({ error: '#DIV/0!' })).toEqual({ kind: 'error', text: '#DIV/0!' });
    expect(parseNumber('  ')).toEqual({ kind: 'blank' });
    expect(parseNumber(null)).toEqual({ kind: 'blank' });
    expect(parseNumber(undefined)).toEqual({ kind: 'blank' });
  });
});

describe('Excel error values', () => {
  test.each(['#N/A', '#VALUE!', '#REF!', '#DIV/0!', '#NUM!', '#NAME?', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA'])('%s is an error', (e) => {
    expect(errorOf(e)).toBe(e);
    expect(errorOf({ error: e })).toBe(e);
    expect(parseText(e)).toEqual({ kind: 'error', text: e });
  });
  test('an error object without text still reads as an error', () => {
    expect(errorOf({ error: '' })).toBe('#ERROR');
  });
  test('text that merely starts with # is not an error', () => {
    expect(errorOf('#123')).toBeUndefined();
    expect(parseText('#123')).toBe('#123');
  });
});

describe('dates', () => {
  test('serial arithmetic: days since 1899-12-30', () => {
    expect(serialFromIso('2026-03-01')).toBe(46082);
    expect(isoFromSerial(46082)).toBe('2026-03-01');
    expect(serialFromIso('1900-03-01')).toBe(61);
    expect(serialFromIso('9999-12-31')).toBe(2958465);
    expect(isoFromSerial(2958465)).toBe('9999-12-31');
    expect(serialFromIso('2024-02-29')).toBe(45351);
    expect(serialFromIso('2023-02-29')).toBeUndefined();
    expect(serialFromIso('2026-13-01')).toBeUndefined();
    expect(serialFromIso('1899-12-29')).toBeUndefined();
    expect(isoFromSerial(46082.75)).toBe('2026-03-01');
  });

  test('isoFromSerial and serialFromIso are inverse over the whole range', () => {
    for (let s = 1; s <= 2958465; s += 997) expect(serialFromIso(isoFromSerial(s))).toBe(s);
    for (const s of [59, 60, 61, 365, 366, 36525, 36526, 73050, 2958464]) expect(serialFromIso(isoFromSerial(s))).toBe(s);
  });

  test('serial arithmetic agrees with Date.UTC', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [2026, 12, 31],
      [1900, 3, 1],
      [2400, 2, 29],
    ] as const) {
      const viaDate = Math.round(Date.UTC(y, m - 1, d) / 86400000) + 25569;
      expect(serialFromIso(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)).toBe(viaDate);
    }
  });

  test.each([
    [46082, 46082],
    [46082.6, 46082],
    ['46082', 46082],
    ['2026-03-01', 46082],
    ['2026-3-1', 46082],
    [' 2026-03-01 ', 46082],
    ['2026-03-01T10:00:00', 46082],
    ['2026-03-01T23:30:00Z', 46082],
    ['2026-03-01 10:00', 46082],
    ['2026-03-01T10:00:00.000+02:00', 46082],
    [new Date(Date.UTC(2026, 2, 1)), 46082],
    [new Date(Date.UTC(2026, 2, 1, 23, 59)), 46082],
  ])('%p -> %p', (cell, serial) => {
    expect(parseDate(cell)).toBe(serial);
  });

  test.each([['01/03/2026'], ['3/1/2026'], ['31/02/2026'], ['2026-02-30'], ['2026-03-01Tnoon'], ['yesterday'], [true], [new Date(NaN)], [NaN]])('%p is not a date', (cell) => {
    expect(parseDate(cell)).toMatchObject({ kind: 'invalid' });
  });

  test.each([[0], [-5], [2958466], [1e308], ['1850-01-01'], [new Date(Date.UTC(1850, 0, 1))], [new Date(Date.UTC(10000, 0, 1))]])('%p is outside the date range', (cell) => {
    expect(parseDate(cell)).toMatchObject({ kind: 'tooLarge' });
  });

  test('Date cells use UTC fields', () => {
    expect(serialFromDate(new Date('2026-03-01T00:00:00Z'))).toBe(46082);
  });
});

describe('text and booleans', () => {
  test('text is trimmed; blank is undefined; codes from numbers', () => {
    expect(parseText('  COAT ')).toBe('COAT');
    expect(parseText('   ')).toBeUndefined();
    expect(parseText(1001)).toBe('1001');
    expect(parseText(-0)).toBe('0');
    expect(parseText(true)).toBe('TRUE');
    expect(parseText(new Date(Date.UTC(2026, 2, 1)))).toBe('2026-03-01');
    expect(isBlank(' \t')).toBe(true);
    expect(isBlank(false)).toBe(false);
    expect(isBlank({ error: '#N/A' })).toBe(false);
  });

  test.each([
    [true, true],
    ['TRUE', true],
    ['yes', true],
    ['Y', true],
    [1, true],
    ['1', true],
    [false, false],
    ['False', false],
    ['no', false],
    ['n', false],
    [0, false],
    ['0', false],
  ])('%p -> %p', (cell, b) => expect(parseBoolean(cell)).toBe(b));

  test('other booleans are invalid', () => {
    expect(parseBoolean('maybe')).toMatchObject({ kind: 'invalid' });
    expect(parseBoolean(2)).toMatchObject({ kind: 'invalid' });
  });
});

describe('enumerations', () => {
  test('methods', () => {
    expect(METHOD.match('fifo')).toBe('FIFO');
    expect(METHOD.match('avg')).toBe('AVERAGE');
    expect(METHOD.match('Moving Average')).toBe('AVERAGE');
    expect(METHOD.match('weighted-average')).toBe('AVERAGE');
    expect(METHOD.match('std')).toBe('STANDARD');
    expect(METHOD.match('batch')).toBe('SPECIFIC');
    expect(METHOD.match('specific')).toBe('SPECIFIC');
    expect(METHOD.match('most recent')).toBe('LAST');
    expect(METHOD.match('last')).toBe('LAST');
    expect(METHOD.match('hifo')).toBeUndefined();
  });
  test('movement types ignore case, spaces, underscores and hyphens', () => {
    expect(MOVEMENT_TYPE.match('customer return')).toBe('CustomerReturn');
    expect(MOVEMENT_TYPE.match('SUPPLIER_RETURN')).toBe('SupplierReturn');
    expect(MOVEMENT_TYPE.match('drop-ship')).toBe('DropShip');
    expect(MOVEMENT_TYPE.match('receipt')).toBe('Receipt');
    expect(MOVEMENT_TYPE.match('receipts!')).toBeUndefined();
  });
  test('the cache does not change answers', () => {
    const m = new EnumMatcher(['Alpha', 'Beta'] as const);
    expect(m.match('alpha')).toBe('Alpha');
    expect(m.match('alpha')).toBe('Alpha');
    expect(m.match('gamma')).toBeUndefined();
    expect(m.match('gamma')).toBeUndefined();
  });
  test('month names', () => {
    expect(monthFromName('April')).toBe(4);
    expect(monthFromName('sep')).toBe(9);
    expect(monthFromName('Sept.')).toBe(9);
    expect(monthFromName('ju')).toBeUndefined();
  });
});
