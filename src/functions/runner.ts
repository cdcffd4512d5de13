/**
 * Where the INV functions' engine runs happen: in the engine worker when the runtime has Web Workers
 * (Excel's shared runtime does), so a recalculation never blocks the task pane; in this thread
 * otherwise (jest, Node, a runtime without Worker), still behind a promise.
 *
 * One long-lived worker serves every book. Jobs queue in it in order. Cancelling a job that the
 * worker may already be running terminates the worker (the engine cannot be interrupted mid-run),
 * and the other pending jobs are sent again to a fresh one, tables included. If the worker cannot
 * start or fails, its jobs and all later ones run in this thread.
 */
import type { ReadOptions } from '../workbook/read';
import type { TableSource } from '../workbook/sheet';
import type { View, ViewRequest } from './book';
import { ViewService } from './viewService';
import type { ViewMessage, ViewReply } from './workerProtocol';

export interface ViewJob {
  readonly promise: Promise<View>;
  /** Stop the run if it has not finished; its promise then rejects with CancelledRun. */
  cancel(): void;
}

export class CancelledRun extends Error {
  constructor() {
    super('The calculation was cancelled.');
    this.name = 'CancelledRun';
  }
}

export interface Runner {
  readonly kind: 'worker' | 'thread';
  /** `read`: how the book's tables are read (the workbook's locale for text dates). */
  run(book: string, tables: TableSource, request: ViewRequest, read?: ReadOptions): ViewJob;
}

interface Pending {
  readonly book: string;
  readonly tables: TableSource;
  readonly read: ReadOptions;
  readonly request: ViewRequest;
  readonly resolve: (v: View) => void;
  readonly reject: (e: Error) => void;
}

/** Runs views in this thread, one macrotask each (so callers get their promise first). */
export class ThreadRunner implements Runner {
  readonly kind = 'thread' as const;
  private readonly service = new ViewService();

  run(book: string, tables: TableSource, request: ViewRequest, read: ReadOptions = {}): ViewJob {
    let cancelled = false;
    let reject: (e: Error) => void = () => undefined;
    const promise = new Promise<View>((resolve, rej) => {
      reject = rej;
      setTimeout(() => {
        if (cancelled) return;
        const v = this.service.view(book, tables, request, read);
        // Tables are always given, so 'need-tables' cannot happen here.
        if (v === 'need-tables') rej(new Error('internal: the in-thread runner lost a book'));
        else resolve(v);
      }, 0);
    });
    return {
      promise,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        reject(new CancelledRun());
      },
    };
  }
}

/** Runs views in a Web Worker made by `create`; falls back to `fallback` if the worker fails. */
export class WorkerRunner implements Runner {
  readonly kind = 'worker' as const;
  private worker: Worker | undefined;
  /** Books whose tables the current worker has been sent. */
  private sent = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;
  private failed = false;

  constructor(
    private readonly create: () => Worker,
    private readonly fallback: Runner,
  ) {}

  run(book: string, tables: TableSource, request: ViewRequest, read: ReadOptions = {}): ViewJob {
    if (this.failed) return this.fallback.run(book, tables, request, read);
    const job = this.nextJob++;
    const promise = new Promise<View>((resolve, reject) => {
      this.pending.set(job, { book, tables, read, request, resolve, reject });
    });
    this.post(job);
    return {
      promise,
      cancel: () => {
        const p = this.pending.get(job);
        if (p === undefined) return;
        this.pending.delete(job);
        p.reject(new CancelledRun());
        // The worker may be running it right now: start over with a fresh worker for the rest.
        this.restart();
      },
    };
  }

  private ensure(): Worker | undefined {
    if (this.worker !== undefined) return this.worker;
    try {
      const w = this.create();
      w.onmessage = (event: MessageEvent<ViewReply>): void => this.receive(event.data);
      w.onerror = (event: ErrorEvent): void => {
        event.preventDefault();
        this.fail();
      };
      this.worker = w;
      this.sent = new Set();
      return w;
    } catch {
      this.fail();
      return undefined;
    }
  }

  private post(job: number, withTables = false): void {
    const p = this.pending.get(job);
    const w = this.ensure();
    if (p === undefined || w === undefined) return;
    const send = withTables || !this.sent.has(p.book);
    const message: ViewMessage = { type: 'inv-view', job, book: p.book, request: p.request, ...(send ? { tables: p.tables, read: p.read } : {}) };
    if (send) this.sent.add(p.book);
    w.postMessage(message);
  }

  private receive(reply: ViewReply): void {
    const p = this.pending.get(reply.job);
    if (p === undefined) return;
    if (reply.type === 'inv-need-tables') {
      this.post(reply.job, true);
      return;
    }
    this.pending.delete(reply.job);
    if (reply.type === 'inv-view') p.resolve(reply.view);
    else p.reject(new Error(reply.message));
  }

  private restart(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const job of [...this.pending.keys()]) this.post(job);
  }

  /** The worker could not start or crashed: everything pending and later runs in this thread. */
  private fail(): void {
    this.failed = true;
    this.worker?.terminate();
    this.worker = undefined;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const p of jobs) this.fallback.run(p.book, p.tables, p.request, p.read).promise.then(p.resolve, p.reject);
  }
}
