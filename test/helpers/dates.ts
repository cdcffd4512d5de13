/**
 * The one date helper for tests: ISO text <-> Excel serial days (days since 1899-12-30; 2026-03-01 is
 * 46082), worked out with Date.UTC so that tests do not lean on the engine's own calendar code.
 */
const DAY_MS = 86_400_000;
const EPOCH_SERIAL = 25569; // 1970-01-01

function parts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) throw new Error(`test date ${iso} is not YYYY-MM-DD`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** 'YYYY-MM-DD' -> serial day. */
export function serial(iso: string): number {
  const [y, m, d] = parts(iso);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS) + EPOCH_SERIAL;
}

/** Serial day -> 'YYYY-MM-DD'. */
export function isoOf(serialDay: number): string {
  return new Date((serialDay - EPOCH_SERIAL) * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO date `days` after `iso` (days may be 0 or negative). */
export function isoPlus(iso: string, days: number): string {
  return isoOf(serial(iso) + days);
}

/** The serial day `days` after `iso`. */
export function serialPlus(iso: string, days: number): number {
  return serial(iso) + days;
}
