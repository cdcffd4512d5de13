/**
 * Location and kit graphs: faults reported once, on the row that holds them, with the chain named;
 * hostile shapes (very deep chains, very long cycles, shared sub-assemblies) finish at once and
 * never recurse on the call stack.
 */
import { prepare } from '../../src/engine/prepare';
import { MAX_KIT_DEPTH, checkKits } from '../../src/engine/kits';
import { MAX_LOCATION_DEPTH } from '../../src/engine/locations';
import type { Diagnostic, KitLine, Location } from '../../src/engine/types';
import { inputsOf, itemOf, run, type Book } from './support';

const loc = (code: string, parent?: string, stockAccount?: string, row = 2): Location => ({
  code,
  kind: 'Normal',
  ...(parent !== undefined ? { parent } : {}),
  ...(stockAccount !== undefined ? { stockAccount } : {}),
  source: { table: 'Locations', row },
});
const kit = (parent: string, component: string, row: number, extra: Partial<KitLine> = {}): KitLine => ({
  parent,
  component,
  qty: 1,
  ...extra,
  source: { table: 'Kits', row },
});

function prepared(b: Book): { diagnostics: Diagnostic[]; p: ReturnType<typeof prepare> } {
  const diagnostics: Diagnostic[] = [];
  const p = prepare(inputsOf(b), {}, diagnostics);
  return { diagnostics, p };
}

/** Locations L0 (top) <- L1 <- ... <- L(n-1), one row each. */
function chain(n: number): Location[] {
  const out: Location[] = [];
  for (let i = 0; i < n; i++) out.push(loc(`L${i}`, i === 0 ? undefined : `L${i - 1}`, undefined, i + 2));
  return out;
}

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
};

/**
 * The floor for a graph of n nodes on this machine, now: a plain loop that puts n fresh codes in a
 * map and looks each up twice. Timings are compared with it (the machine is shared and noisy); a
 * quadratic or exponential check is thousands of times over, a linear one a small multiple.
 */
function floorMs(n: number): number {
  const codes = Array.from({ length: n }, (_, i) => `F${i}`);
  return timed(() => {
    const m = new Map<string, number>();
    codes.forEach((c, i) => m.set(c, i));
    let s = 0;
    for (const c of codes) s += (m.get(c) ?? 0) + (m.get(c) ?? 0);
    return s;
  }).ms;
}
const LINEAR = 25;

describe('locations: the Parent chain', () => {
  test('a shelf inherits its parent warehouse account; a location with none gets the company Inventory account', () => {
    const { diagnostics, p } = prepared({
      accounts: [
        { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
        { code: '1410', name: 'Inventory - North', type: 'Asset' },
      ],
      locations: [loc('NORTH', undefined, '1410', 2), loc('SHELF', 'NORTH', undefined, 3), loc('SOUTH', undefined, undefined, 4)],
      rows: [{ date: '2026-03-02', type: 'Receipt', item: 'COAT', qty: 1, unitCost: 10, location: 'SHELF' }],
    });
    expect(diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(p.locations.get('SHELF')).toMatchObject({ stockAccount: '1410', resolvedAt: 'parent', resolvedFrom: 'NORTH' });
    expect(p.locations.get('SOUTH')).toMatchObject({ stockAccount: '1400', resolvedAt: 'company' });
  });

  test('a cycle is reported once, naming the chain, and blocks the locations below it', () => {
    const { diagnostics, p } = prepared({
      locations: [loc('Main', undefined, undefined, 2), loc('A', 'B', undefined, 3), loc('B', 'A', undefined, 4), loc('BIN', 'A', undefined, 5)],
      rows: [{ date: '2026-03-02', type: 'Receipt', item: 'COAT', qty: 1, unitCost: 10, location: 'BIN' }],
    });
    const cycles = diagnostics.filter((x) => x.code === 'LOCATION_CYCLE');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ severity: 'error', table: 'Locations', row: 3, column: 'Parent' });
    expect(cycles[0]?.message).toContain('A -> B -> A');
    expect(p.locations.get('BIN')).toMatchObject({ stockAccount: undefined, resolvedAt: 'missing', resolvedFrom: 'A' });
    const unresolved = diagnostics.find((x) => x.code === 'LOCATION_UNRESOLVED');
    expect(unresolved).toMatchObject({ table: 'Movements', row: 2, column: 'Location' });
    expect(unresolved?.message).toContain('cycle');
    expect(p.movements).toHaveLength(0);
  });

  test('an unknown parent is reported once, on its own row, even when the location has a stock account', () => {
    const { diagnostics, p } = prepared({
      locations: [loc('Main', undefined, undefined, 2), loc('SHOP', 'REGION', '1400', 3), loc('TILL', 'SHOP', undefined, 4)],
      rows: [],
    });
    expect(diagnostics.filter((x) => x.code === 'UNKNOWN_PARENT_LOCATION')).toEqual([
      expect.objectContaining({ row: 3, column: 'Parent', severity: 'error' }),
    ]);
    expect(p.locations.get('TILL')?.resolvedAt).toBe('missing');
    expect(p.locations.get('Main')?.resolvedAt).toBe('company');
  });

  test(`a chain of exactly ${MAX_LOCATION_DEPTH} levels is fine; one more is LOCATION_TOO_DEEP on the crossing row`, () => {
    const ok = prepared({ locations: chain(MAX_LOCATION_DEPTH), rows: [] });
    expect(ok.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const deep = prepared({ locations: chain(MAX_LOCATION_DEPTH + 5), rows: [] });
    const errors = deep.diagnostics.filter((x) => x.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'LOCATION_TOO_DEEP', table: 'Locations', row: MAX_LOCATION_DEPTH + 2, column: 'Parent' });
    expect(errors[0]?.message).toContain(`L${MAX_LOCATION_DEPTH} -> L${MAX_LOCATION_DEPTH - 1}`);
    expect(errors[0]?.message).toContain('L1 -> L0');
    expect(deep.p.locations.get(`L${MAX_LOCATION_DEPTH - 1}`)?.resolvedAt).toBe('company');
    expect(deep.p.locations.get(`L${MAX_LOCATION_DEPTH + 4}`)).toMatchObject({ resolvedAt: 'missing', resolvedFrom: `L${MAX_LOCATION_DEPTH}` });
  });

  test('hostile: a 200,000-deep chain and a 200,000-long cycle finish well under a second, one diagnostic each', () => {
    const deep = timed(() => prepared({ locations: chain(200_000), rows: [] }));
    expect(deep.value.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code)).toEqual(['LOCATION_TOO_DEEP']);
    expect(deep.value.diagnostics[0]?.message.length).toBeLessThan(400);
    const cyc = chain(200_000);
    cyc[0] = loc('L0', 'L199999', undefined, 2);
    const cycle = timed(() => prepared({ locations: cyc, rows: [] }));
    const codes = cycle.value.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code);
    expect(codes).toEqual(['LOCATION_CYCLE']);
    expect(cycle.value.diagnostics[0]?.message).toContain('(199994 more)');
    expect(deep.ms + cycle.ms).toBeLessThan(LINEAR * 2 * floorMs(200_000) + 50);
  });
});

describe('kits: structure and costs', () => {
  test('KIT_CYCLE names the chain; a kit using the cycle is refused where it is used', () => {
    const kits = [kit('BOX', 'TRAY', 2), kit('TRAY', 'BOX', 3), kit('GIFT', 'BOX', 4), kit('GIFT', 'CARD', 5)];
    const r = run({
      items: [{ code: 'GIFT', kind: 'Kit', batchTracked: false }],
      kits,
      rows: [
        { date: '2026-03-01', type: 'Receipt', item: 'CARD', qty: 5, unitCost: 1 },
        { date: '2026-03-02', type: 'Sale', item: 'GIFT', qty: 1, unitPrice: 9 },
      ],
    });
    const cycles = r.diagnostics.filter((x) => x.code === 'KIT_CYCLE');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ severity: 'error', table: 'Kits', column: 'Component' });
    expect(cycles[0]?.message).toMatch(/BOX -> TRAY -> BOX|TRAY -> BOX -> TRAY/);
    const refused = r.diagnostics.find((x) => x.code === 'KIT_NOT_USABLE');
    expect(refused).toMatchObject({ severity: 'error', table: 'Movements', row: 3, column: 'Item' });
    expect(refused?.message).toContain('contains itself');
    expect(itemOf(r, 'CARD').qty).toBe('5');
  });

  test(`${MAX_KIT_DEPTH} kit levels are fine; ${MAX_KIT_DEPTH + 1} is KIT_TOO_DEEP on the crossing kit`, () => {
    const lines = (n: number): KitLine[] => Array.from({ length: n }, (_, i) => kit(`K${i}`, `K${i + 1}`, i + 2));
    const ok: Diagnostic[] = [];
    expect(checkKits(lines(MAX_KIT_DEPTH), ok).kits.size).toBe(MAX_KIT_DEPTH);
    expect(ok).toEqual([]);
    const bad: Diagnostic[] = [];
    const c = checkKits(lines(MAX_KIT_DEPTH + 3), bad);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: 'KIT_TOO_DEEP', row: 4, column: 'Component' });
    expect(bad[0]?.message).toContain('K2 -> K3');
    expect([...c.kits.keys()].filter((k) => ['K0', 'K1', 'K2', 'K3'].includes(k))).toEqual(['K3']);
    expect(c.whyUnusable('K0')).toContain('kit K2 has 101 kit levels');
    expect(c.whyUnusable('K3')).toBeUndefined();
  });

  test('hostile: a 20,000-deep kit chain, a 200,000-long kit cycle and 60 shared levels finish well under a second', () => {
    const deep: KitLine[] = Array.from({ length: 20_000 }, (_, i) => kit(`K${i}`, `K${i + 1}`, i + 2));
    const cycle: KitLine[] = Array.from({ length: 200_000 }, (_, i) => kit(`C${i}`, `C${(i + 1) % 200_000}`, i + 2));
    // S0..S59: each level uses both kits of the level below (2^60 paths, 120 kits).
    const shared: KitLine[] = [];
    for (let lv = 0; lv < 60; lv++) {
      for (const side of ['a', 'b']) {
        shared.push(kit(`S${lv}${side}`, lv === 59 ? 'BOLT' : `S${lv + 1}a`, shared.length + 2));
        shared.push(kit(`S${lv}${side}`, lv === 59 ? 'NUT' : `S${lv + 1}b`, shared.length + 2));
      }
    }
    const d1: Diagnostic[] = [];
    const d2: Diagnostic[] = [];
    const d3: Diagnostic[] = [];
    const t = timed(() => [checkKits(deep, d1), checkKits(cycle, d2), checkKits(shared, d3)] as const);
    expect(d1.map((x) => x.code)).toEqual(['KIT_TOO_DEEP']);
    expect(d2.map((x) => x.code)).toEqual(['KIT_CYCLE']);
    expect(d2[0]?.message.length).toBeLessThan(400);
    expect(d3).toEqual([]);
    expect(t.value[2].kits.size).toBe(120);
    expect(t.ms).toBeLessThan(LINEAR * floorMs(220_000 + shared.length) + 50);
  });

  test('LaborCost and OverheadCost are per kit unit, stated once: repeated on every line they count once', () => {
    const base: Book = {
      kits: [kit('CHAIR', 'LEG', 2, { qty: 4, laborCost: 12, overheadCost: 3 }), kit('CHAIR', 'SEAT', 3, { laborCost: 12, overheadCost: 3 })],
      rows: [
        { date: '2026-03-01', type: 'Receipt', item: 'LEG', qty: 8, unitCost: 5 },
        { date: '2026-03-01', type: 'Receipt', item: 'SEAT', qty: 2, unitCost: 20 },
        { date: '2026-03-02', type: 'Build', item: 'CHAIR', qty: 2 },
      ],
    };
    const r = run(base);
    // 2 chairs: legs 8 x 5 = 40, seats 2 x 20 = 40, labor + overhead (12 + 3) x 2 = 30 -> 110.
    expect(itemOf(r, 'CHAIR')).toMatchObject({ qty: '2', value: '110.00' });
    expect(r.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  test('two different LaborCost figures for one kit are KIT_COST_CONFLICT, and its Build is refused', () => {
    const r = run({
      kits: [kit('CHAIR', 'LEG', 2, { qty: 4, laborCost: 12 }), kit('CHAIR', 'SEAT', 3, { laborCost: 10 })],
      rows: [
        { date: '2026-03-01', type: 'Receipt', item: 'LEG', qty: 8, unitCost: 5 },
        { date: '2026-03-01', type: 'Receipt', item: 'SEAT', qty: 2, unitCost: 20 },
        { date: '2026-03-02', type: 'Build', item: 'CHAIR', qty: 2 },
      ],
    });
    expect(r.diagnostics.filter((x) => x.code === 'KIT_COST_CONFLICT')).toEqual([
      expect.objectContaining({ severity: 'error', table: 'Kits', row: 3, column: 'Component' }),
    ]);
    expect(r.diagnostics.find((x) => x.code === 'KIT_NOT_USABLE')).toMatchObject({ row: 4, column: 'Item' });
    expect(itemOf(r, 'LEG')).toMatchObject({ qty: '8', value: '40.00' });
  });
});

describe('money rules checked before valuation', () => {
  test('an unknown Account on a LandedCosts row is an error and nothing of the charge is posted', () => {
    const b: Book = {
      rows: [{ date: '2026-03-01', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'RCV-1' }],
      landedCosts: [{ date: '2026-03-02', doc: 'FRT-1', appliesTo: 'RCV-1', amount: 50, basis: 'Value', account: '9999' }],
    };
    const r = run(b);
    expect(r.diagnostics.filter((x) => x.code === 'UNKNOWN_ACCOUNT')).toEqual([
      expect.objectContaining({ severity: 'error', table: 'LandedCosts', row: 2, column: 'Account' }),
    ]);
    expect(itemOf(r, 'COAT').value).toBe('1000.00');
    const known = run({ ...b, landedCosts: [{ ...(b.landedCosts?.[0] as NonNullable<Book['landedCosts']>[number]), account: '2100' }] });
    expect(itemOf(known, 'COAT').value).toBe('1050.00');
  });

  test('a foreign Currency without FxRate is an error, not a rate of 1; the base currency needs none', () => {
    const r = run({
      settings: { baseCurrency: 'USD' },
      rows: [
        { date: '2026-03-01', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, currency: 'EUR' },
        { date: '2026-03-01', type: 'Receipt', item: 'COAT', qty: 1, unitCost: 100, currency: 'usd' },
        { date: '2026-03-01', type: 'Receipt', item: 'COAT', qty: 1, unitCost: 100, currency: 'EUR', fxRate: 1.1 },
      ],
      landedCosts: [{ date: '2026-03-02', doc: 'FRT-1', appliesTo: 'X', amount: 50, basis: 'Value', currency: 'GBP' }],
    });
    expect(r.diagnostics.filter((x) => x.code === 'FX_RATE_MISSING')).toEqual([
      expect.objectContaining({ severity: 'error', table: 'Movements', row: 2, column: 'FxRate' }),
      expect.objectContaining({ severity: 'error', table: 'LandedCosts', row: 2, column: 'FxRate' }),
    ]);
    expect(itemOf(r, 'COAT')).toMatchObject({ qty: '2', value: '210.00' });
  });
});
