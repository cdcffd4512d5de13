/**
 * What every proxy of the in-memory request context shares (context.ts): lazily bound model
 * objects (Ref), the loaded-property rule (reading a property not loaded and synced throws
 * PropertyNotLoaded), null objects, load requests measured as JSON, and client results.
 */
import { type CellBox } from '../address';
import { XL_ERRORS, type XlClientResult } from '../port';
import { fail, type MemorySheet } from './model';
import type { MemoryRequestContext } from './context';

/** What a small queued operation adds to a request's measured payload. */
export const SMALL_OP_BYTES = 64;

export function jsonBytes(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

/** A lazily bound model object: resolved when its first operation runs (or on first use). */
export class Ref<T> {
  private bound: { readonly value: T | undefined } | undefined;
  constructor(
    private readonly resolver: () => T | undefined,
    private readonly what: string,
  ) {}
  resolve(): T | undefined {
    this.bound ??= { value: this.resolver() };
    return this.bound.value;
  }
  get(): T {
    const value = this.resolve();
    if (value === undefined) fail(XL_ERRORS.itemNotFound, `The requested resource doesn't exist (${this.what}).`);
    return value;
  }
  get isBound(): boolean {
    return this.bound !== undefined;
  }
  bindTo(value: T): void {
    this.bound = { value };
  }
  static of<T>(value: T, what: string): Ref<T> {
    const ref = new Ref<T>(() => value, what);
    ref.resolve();
    return ref;
  }
}

export function propertyList(names: string | string[] | undefined, defaults: readonly string[]): string[] {
  if (names === undefined) return [...defaults];
  const list = (Array.isArray(names) ? names : names.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  return list.map((n) => n.replace(/^items\//, ''));
}

/** Base for proxies: loaded properties, and the PropertyNotLoaded rule. */
export abstract class Proxy {
  protected readonly loaded = new Map<string, unknown>();
  constructor(protected readonly ctx: MemoryRequestContext) {}

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) {
      fail(
        XL_ERRORS.propertyNotLoaded,
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(name) as T;
  }

  /** Model value of one loadable property (subclasses list theirs). */
  protected readModel(name: string): unknown {
    return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load ${name}.`);
  }

  /** Loads properties immediately; used for collection items created while a sync applies. */
  adopt(props: readonly string[]): void {
    this.loaded.set('isNullObject', false);
    for (const p of props) this.loaded.set(p, this.readModel(p));
  }

  /** For `...OrNullObject` lookups and plain lookups alike: bind at sync, record isNullObject. */
  protected queueBind(resolve: () => unknown, alreadyBound = false): void {
    if (alreadyBound) {
      this.loaded.set('isNullObject', false);
      return;
    }
    this.ctx.enqueue(() => {
      this.loaded.set('isNullObject', resolve() === undefined);
    });
  }

  protected queueLoad(names: string | string[] | undefined, defaults: readonly string[], get: (name: string) => unknown): void {
    const props = propertyList(names, defaults);
    this.ctx.enqueue(() => {
      // Loading from a null object is allowed in Office.js; its properties simply stay unset.
      if (this.loaded.get('isNullObject') === true) return 0;
      let bytes = 0;
      for (const p of props) {
        const value = get(p);
        bytes += jsonBytes(value) + p.length + 4;
        this.loaded.set(p, value);
      }
      return bytes;
    });
  }

  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }
}

export interface RangeTarget {
  readonly sheet: MemorySheet;
  readonly box: CellBox;
}

export class ClientResult<T> implements XlClientResult<T> {
  private done: { readonly value: T } | undefined;
  set(value: T): void {
    this.done = { value };
  }
  get value(): T {
    if (this.done === undefined) fail(XL_ERRORS.propertyNotLoaded, 'The value of the result object has not been loaded yet. Call "context.sync()" first.');
    return this.done.value;
  }
}
