/**
 * INV.BOOK reads text dates in the tables in the workbook's locale (Office's content language), and
 * the locale is part of the book: the same cells in another locale are another book.
 */
import { book, clearBooks, qty } from '../../src/functions/core';
import { setLocaleSource, isErrorValue } from '../../src/functions/values';

const grid = [
  ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice'],
  ['01/02/2026', 'Receipt', 'COAT', 10, 100, ''],
  ['03/02/2026', 'Sale', 'COAT', 4, '', 250],
];

afterEach(() => {
  setLocaleSource(() => undefined);
  clearBooks();
});

test('en-GB: 03/02/2026 is 3 February, so on 2 February all 10 coats are still there', async () => {
  setLocaleSource(() => 'en-GB');
  const h = await book(grid);
  expect(typeof h).toBe('string');
  expect(await qty([[h]], 'COAT', '2026-02-02')).toEqual([[10]]);
  expect(await qty([[h]], 'COAT', '2026-02-03')).toEqual([[6]]);
});

test('en-US: the same cells are January 2 and March 2, and another book', async () => {
  setLocaleSource(() => 'en-GB');
  const gb = await book(grid);
  setLocaleSource(() => 'en-US');
  const us = await book(grid);
  expect(typeof us).toBe('string');
  expect(us).not.toBe(gb);
  expect(await qty([[us]], 'COAT', '2026-02-02')).toEqual([[10]]);
  expect(await qty([[us]], 'COAT', '2026-03-02')).toEqual([[6]]);
  expect(await qty([[us]], 'COAT', '2026-01-01')).toEqual([[0]]);
});

test('no locale: 01/02/2026 is ambiguous, and the book says where', async () => {
  const r = await book(grid);
  expect(isErrorValue(r) ? r.message : r).toMatch(/^Movements row 2, column Date: BAD_DATE Date "01\/02\/2026" is not a date: it could be 1 February 2026 or 2 January 2026/);
});
