/**
 * Messages between the INV functions and the engine worker (src/taskpane/worker.ts), beside the task
 * pane's own 'run' messages (src/taskpane/engineProtocol.ts), which are unchanged: the worker tells
 * them apart by `type`.
 *
 *   functions -> worker  {type: 'inv-view', job, book, tables?, read?, request}
 *   worker -> functions  {type: 'inv-view', job, view}        the View (book.ts), plain data
 *                        {type: 'inv-need-tables', job}       the worker does not hold that book's
 *                                                             tables (new worker, or evicted): resend
 *                        {type: 'inv-error', job, message}    an exception (a bug)
 */
import type { ReadOptions } from '../workbook/read';
import type { TableSource } from '../workbook/sheet';
import type { View, ViewRequest } from './book';
import { ViewService } from './viewService';

export interface ViewMessage {
  readonly type: 'inv-view';
  readonly job: number;
  readonly book: string;
  readonly tables?: TableSource;
  /** With the tables: how to read them (the workbook's locale). */
  readonly read?: ReadOptions;
  readonly request: ViewRequest;
}

export type ViewReply =
  | { readonly type: 'inv-view'; readonly job: number; readonly view: View }
  | { readonly type: 'inv-need-tables'; readonly job: number }
  | { readonly type: 'inv-error'; readonly job: number; readonly message: string };

export function isViewMessage(data: unknown): data is ViewMessage {
  return typeof data === 'object' && data !== null && Reflect.get(data, 'type') === 'inv-view';
}

const service = new ViewService();

/** The worker's handler for one 'inv-view' message. */
export function handleViewMessage(message: ViewMessage, post: (reply: ViewReply) => void): void {
  try {
    const view = service.view(message.book, message.tables, message.request, message.read);
    post(view === 'need-tables' ? { type: 'inv-need-tables', job: message.job } : { type: 'inv-view', job: message.job, view });
  } catch (error) {
    post({ type: 'inv-error', job: message.job, message: error instanceof Error ? error.message : String(error) });
  }
}
