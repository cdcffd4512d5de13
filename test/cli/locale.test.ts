/**
 * The command line's workbook locale (src/cli/locale.ts): PERPETUA_LOCALE decides how day/month
 * text dates are read; without it only text with one reading is accepted.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliLocale } from '../../src/cli/locale';
import { main } from '../../src/cli/main';

test('PERPETUA_LOCALE: BCP 47 or POSIX names; C, POSIX, empty or unknown mean none; LANG is not read', () => {
  expect(cliLocale({ PERPETUA_LOCALE: 'en-GB' })).toBe('en-GB');
  expect(cliLocale({ PERPETUA_LOCALE: 'de_DE.UTF-8' })).toBe('de-DE');
  expect(cliLocale({ PERPETUA_LOCALE: 'C' })).toBeUndefined();
  expect(cliLocale({ PERPETUA_LOCALE: 'POSIX' })).toBeUndefined();
  expect(cliLocale({ PERPETUA_LOCALE: '' })).toBeUndefined();
  expect(cliLocale({ PERPETUA_LOCALE: 'not a locale!' })).toBeUndefined();
  expect(cliLocale({ LANG: 'en_US.UTF-8' })).toBeUndefined();
});

describe('a CSV with 03/02/2026', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-locale-'));
    await fs.writeFile(path.join(dir, 'Movements.csv'), 'Date,Type,Item,Qty,UnitCost\n2026-01-10,Receipt,A,10,5\n03/02/2026,Shipment,A,4,\n');
  });
  afterAll(async () => {
    delete process.env['PERPETUA_LOCALE'];
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function run(locale: string | undefined): Promise<{ code: number; out: string; err: string }> {
    if (locale === undefined) delete process.env['PERPETUA_LOCALE'];
    else process.env['PERPETUA_LOCALE'] = locale;
    let out = '';
    let err = '';
    const code = await main(['value', dir, '--json', '-'], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  }

  test('en-GB: 3 February; en-US: 2 March; no locale: BAD_DATE naming both readings', async () => {
    const gb = await run('en-GB');
    expect(gb.code).toBe(0);
    // The shipment's month is the last period of the summary.
    const periodsOf = (out: string): string[] => [...out.matchAll(/"period": "(\d{4}-\d{2})"/g)].map((m) => m[1] as string);
    expect(periodsOf(gb.out)).toEqual(['2026-01', '2026-02']);
    const us = await run('en_US.UTF-8');
    expect(us.code).toBe(0);
    expect(periodsOf(us.out)).toEqual(['2026-01', '2026-02', '2026-03']);
    const none = await run(undefined);
    expect(none.code).toBe(1);
    expect(none.err).toContain('BAD_DATE');
  });
});
