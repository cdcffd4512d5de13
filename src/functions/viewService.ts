/**
 * Answers view requests for books it has been given the tables of. The engine worker runs one (so a
 * book's tables travel to the worker once, and a FIFO or as-of view re-reads nothing), and the
 * in-thread fallback runs another. Keeps the read tables of the last few books.
 *
 *   service.view('3f2a9c1d04be', { Movements: grid }, {})  -> View    (tables given: read and kept)
 *   service.view('3f2a9c1d04be', undefined, { method: 'FIFO' }) -> View (reuses the read tables)
 *   service.view('0000aaaa1111', undefined, {})             -> 'need-tables'
 */
import type { TableSource } from '../workbook/sheet';
import type { View, ViewRequest } from './book';
import type { ReadOptions } from '../workbook/read';
import { computeView, readBook, type ReadResult } from './engineAdapter';

const MAX_BOOKS = 6;

export class ViewService {
  private readonly reads = new Map<string, ReadResult>();

  /** `options`: how to read the tables when they are given (the workbook's locale). */
  view(book: string, tables: TableSource | undefined, request: ViewRequest, options: ReadOptions = {}): View | 'need-tables' {
    let read = this.reads.get(book);
    if (read === undefined) {
      if (tables === undefined) return 'need-tables';
      read = readBook(tables, options);
    }
    // Most recently used last.
    this.reads.delete(book);
    this.reads.set(book, read);
    if (this.reads.size > MAX_BOOKS) {
      const oldest = this.reads.keys().next().value;
      if (oldest !== undefined) this.reads.delete(oldest);
    }
    return computeView(read, request);
  }

  clear(): void {
    this.reads.clear();
  }
}
