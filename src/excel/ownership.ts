/**
 * The add-in's side of the ownership record (src/workbook/ownership.ts: what is recorded and the
 * ownsSheet rule): it lives in one add-in setting (workbook.settings, saved inside the file in
 * the package's web extension part), key "Perpetua.Ownership".
 */
import type { XlContext } from './port';
import { EMPTY_OWNERSHIP, OWNERSHIP_SETTING, parseOwnership } from '../workbook/ownership';
import type { OwnershipRecord } from '../workbook/ownership';

export { EMPTY_OWNERSHIP, OWNERSHIP_SETTING, mergeOwnership, ownsSheet, parseOwnership } from '../workbook/ownership';
export type { OwnedSheet, OwnershipRecord } from '../workbook/ownership';

/** Queues a load of the record; read it with the returned function after the next sync. */
export function loadOwnership(context: XlContext): () => OwnershipRecord {
  const setting = context.workbook.settings.getItemOrNullObject(OWNERSHIP_SETTING);
  setting.load('value');
  return () => (setting.isNullObject ? EMPTY_OWNERSHIP : parseOwnership(setting.value));
}

/** Queues the write of the record (sent with the next sync, together with the sheet changes). */
export function queueOwnership(context: XlContext, record: OwnershipRecord): void {
  context.workbook.settings.add(OWNERSHIP_SETTING, JSON.stringify(record));
}
