/** Workbook settings in the in-memory request context (Office.js settings: a missing key fails at sync unless OrNullObject). */
import { XL_ERRORS, type XlSetting } from '../port';
import { fail } from './model';
import type { MemoryRequestContext } from './context';
import { jsonBytes, Proxy } from './proxy';

export class SettingProxy extends Proxy implements XlSetting {
  constructor(ctx: MemoryRequestContext, private readonly settingKey: string, private readonly mustExist: boolean) {
    super(ctx);
    this.queueBind(() => {
      const exists = ctx.book.settings.has(settingKey);
      if (!exists && mustExist) fail(XL_ERRORS.itemNotFound, `The setting "${settingKey}" doesn't exist.`);
      return exists ? settingKey : undefined;
    });
  }
  load(propertyNames?: string | string[]): XlSetting {
    this.queueLoad(propertyNames, ['key', 'value'], (p) => {
      if (p === 'key') return this.settingKey;
      if (p === 'value') return this.ctx.book.settings.get(this.settingKey);
      return fail(XL_ERRORS.invalidArgument, `The in-memory Excel cannot load Setting.${p}.`);
    });
    return this;
  }
  get key(): string {
    return this.settingKey;
  }
  get value(): unknown {
    return this.read('value');
  }
  set value(value: unknown) {
    this.ctx.enqueue(() => {
      this.ctx.book.settings.set(this.settingKey, value);
    }, jsonBytes(value));
  }
  delete(): void {
    this.ctx.enqueue(() => {
      this.ctx.book.settings.delete(this.settingKey);
    });
  }
}
