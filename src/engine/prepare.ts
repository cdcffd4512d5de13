/**
 * Stage 1, prepare: resolve references and fix the exact scales before any arithmetic.
 *
 * - Items: listed ones, plus items created on first use (info ITEM_CREATED) with the default method.
 * - Locations: listed ones; with no Locations table, one location "Main" plus any location named in
 *   Movements (info LOCATION_CREATED). With a Locations table, an unlisted location is an error
 *   (UNKNOWN_LOCATION) and its movement is skipped.
 * - Kits: parent -> components, checked by kits.ts (KIT_CYCLE, KIT_TOO_DEEP, KIT_COST_CONFLICT); a
 *   Build, Shipment or Sale of a kit that cannot be used is an error (KIT_NOT_USABLE), not valued.
 * - Locations: stock accounts resolved by locations.ts; a movement at a location that does not
 *   resolve is an error (LOCATION_UNRESOLVED) naming the fault.
 * - Money: a foreign Currency with no FxRate is an error (FX_RATE_MISSING), never a rate of 1; a
 *   LandedCosts Account not in the chart is an error (UNKNOWN_ACCOUNT). Either way the row is not
 *   valued.
 * - Scales: the decimal places every quantity, unit cost and value is held at (see num.ts). Example:
 *   quantities with no decimals, costs in cents and an FxRate of 1.0825 give q=0, c=2+4=6, v=6.
 * - Order: movements sorted by date, then table order (stable); landed costs after the movements of
 *   their date. --as-of drops everything dated after it.
 */
import { buildChart, type Chart } from './chart';
import { checkKits } from './kits';
import { resolveLocations, type LocationInfo } from './locations';
import { decimalsOf, VALUE_GUARD } from './num';
import type { Diagnostic, Inputs, Item, KitLine, LandedCost, Method, Movement, RunOptions } from './types';

export interface Scales {
  /** Decimal places of quantities. */
  readonly q: number;
  /** Decimal places of unit costs in base currency (cost decimals + FxRate decimals). */
  readonly c: number;
  /** Decimal places of values (>= q + c, >= posting precision). */
  readonly v: number;
  /** Posting precision (money decimals). */
  readonly p: number;
}

export interface Prepared {
  readonly inputs: Inputs;
  readonly chart: Chart;
  readonly locations: ReadonlyMap<string, LocationInfo>;
  readonly defaultLocation: string;
  readonly items: ReadonlyMap<string, Item>;
  /** Kit parent -> its component lines (only kits without cycles). */
  readonly kits: ReadonlyMap<string, readonly KitLine[]>;
  /** Movements to process, in processing order. */
  readonly movements: readonly Movement[];
  readonly landedCosts: readonly LandedCost[];
  readonly scales: Scales;
  readonly options: RunOptions;
  methodOf(item: string): Method;
}

const MAX_SCALE = 12;

export function prepare(inputs: Inputs, options: RunOptions, diagnostics: Diagnostic[]): Prepared {
  const chart = buildChart(inputs, diagnostics);

  // Locations
  const hasLocationsTable = inputs.locations.length > 0;
  const locationList = hasLocationsTable ? [...inputs.locations] : [{ code: 'Main', kind: 'Normal' as const }];
  const locationCodes = new Set(locationList.map((l) => l.code));
  const defaultLocation = (locationList[0] as { code: string }).code;
  if (!hasLocationsTable) {
    const all = inputs.movements;
    for (let i = 0; i < all.length; i++) {
      const m = all[i] as Movement;
      for (let side = 0; side < 2; side++) {
        const code = side === 0 ? m.location : m.toLocation;
        if (code !== undefined && !locationCodes.has(code)) {
          locationCodes.add(code);
          locationList.push({ code, kind: 'Normal' });
          diagnostics.push({
            code: 'LOCATION_CREATED',
            severity: 'info',
            message: `Location ${code} is not in a Locations table; created it with the company stock account.`,
            table: 'Movements',
            row: m.source.row,
            column: side === 0 ? 'Location' : 'ToLocation',
          });
        }
      }
    }
  }
  const locations = resolveLocations(locationList, chart, diagnostics);

  // Items
  const items = new Map<string, Item>();
  for (const it of inputs.items) if (!items.has(it.code)) items.set(it.code, it);
  const ensureItem = (code: string, table: string, row: number, column: string): void => {
    if (items.has(code)) return;
    items.set(code, { code, kind: 'Stock', batchTracked: false });
    if (inputs.items.length > 0) {
      diagnostics.push({
        code: 'ITEM_CREATED',
        severity: 'info',
        message: `Item ${code} is not in the Items table; created it as a stock item with the default method.`,
        table,
        row,
        column,
        hint: 'Add it to the Items table to give it a name, method or accounts.',
      });
    }
  };
  for (const k of inputs.kits) {
    ensureItem(k.parent, 'Kits', k.source.row, 'Parent');
    ensureItem(k.component, 'Kits', k.source.row, 'Component');
  }

  // Kits: structure (cycles, depth) and costs stated once, in linear time (kits.ts)
  const kitCheck = checkKits(inputs.kits, diagnostics);
  const kits = kitCheck.kits;
  const foreign = foreignWithoutRate(inputs.settings.baseCurrency);

  // Movements: location check, as-of filter, ordering
  const asOf = options.asOf;
  const kept: Movement[] = [];
  const given = inputs.movements;
  for (let i = 0; i < given.length; i++) {
    const m = given[i] as Movement;
    if (asOf !== undefined && m.date > asOf) continue;
    let ok = true;
    for (let side = 0; side < 2; side++) {
      const code = side === 0 ? m.location : m.toLocation;
      if (code === undefined) continue;
      const column = side === 0 ? 'Location' : 'ToLocation';
      const info = locations.get(code);
      if (info === undefined) {
        ok = false;
        diagnostics.push({
          code: 'UNKNOWN_LOCATION',
          severity: 'error',
          message: `Location ${code} is not in the Locations table; the movement was not valued.`,
          table: 'Movements',
          row: m.source.row,
          column,
          hint: `Add ${code} to the Locations table or correct the code.`,
        });
      } else if (info.stockAccount === undefined) {
        ok = false;
        diagnostics.push({
          code: 'LOCATION_UNRESOLVED',
          severity: 'error',
          message: `Location ${code} has no resolvable stock account (${(info.problem ?? 'see the Locations diagnostics').replace(/\.$/, '')}); the movement was not valued.`,
          table: 'Movements',
          row: m.source.row,
          column,
          hint: 'Fix the location (see the Locations diagnostic) so it resolves to a stock account.',
        });
      }
    }
    if (m.type === 'Transfer' && m.toLocation !== undefined && (m.location ?? defaultLocation) === m.toLocation) {
      ok = false;
      diagnostics.push({
        code: 'TRANSFER_SAME_LOCATION',
        severity: 'error',
        message: `Transfer from ${m.toLocation} to itself.`,
        table: 'Movements',
        row: m.source.row,
        column: 'ToLocation',
        hint: 'Give a different ToLocation.',
      });
    }
    const why = usesKit(m, items) ? kitCheck.whyUnusable(m.item) : undefined;
    if (why !== undefined) {
      ok = false;
      diagnostics.push({
        code: 'KIT_NOT_USABLE',
        severity: 'error',
        message: `Kit ${m.item} cannot be used: ${why}; the ${m.type} was not valued.`,
        table: 'Movements',
        row: m.source.row,
        column: 'Item',
        hint: 'Fix the Kits table (see its diagnostic), then run again.',
      });
    }
    if (foreign(m.currency, m.fxRate) && (m.unitCost !== undefined || m.unitPrice !== undefined || m.amount !== undefined)) {
      ok = false;
      diagnostics.push(missingRate('Movements', m.source.row, m.currency as string, inputs.settings.baseCurrency, `the ${m.type} was not valued`));
    }
    if (!ok) continue;
    ensureItem(m.item, 'Movements', m.source.row, 'Item');
    kept.push(m);
  }
  let sorted = true;
  for (let i = 1; i < kept.length; i++) {
    if ((kept[i] as Movement).date < (kept[i - 1] as Movement).date) {
      sorted = false;
      break;
    }
  }
  if (!sorted) kept.sort((a, b) => a.date - b.date || a.seq - b.seq);

  const landedCosts = inputs.landedCosts
    .filter((l) => (asOf === undefined || l.date <= asOf) && landedCostUsable(l, chart, foreign, inputs.settings.baseCurrency, diagnostics))
    .sort((a, b) => a.date - b.date || a.source.row - b.source.row);

  const scales = computeScales(inputs, kept, landedCosts);
  const override = options.method;
  const defaultMethod = inputs.settings.method;
  return {
    inputs,
    chart,
    locations,
    defaultLocation,
    items,
    kits,
    movements: kept,
    landedCosts,
    scales,
    options,
    methodOf(item: string): Method {
      if (override !== undefined) return override;
      return items.get(item)?.method ?? defaultMethod;
    },
  };
}

/** Movements that take the Kits lines of their item: a Build, and a Shipment or Sale of a Kit item. */
function usesKit(m: Movement, items: ReadonlyMap<string, Item>): boolean {
  return m.type === 'Build' || ((m.type === 'Shipment' || m.type === 'Sale') && items.get(m.item)?.kind === 'Kit');
}

/** True when `currency` is not the base currency and no FxRate is given (SPEC section 4: an error, not rate 1). */
function foreignWithoutRate(baseCurrency: string): (currency: string | undefined, fxRate: number | undefined) => boolean {
  const base = baseCurrency.trim().toUpperCase();
  return (currency, fxRate) => currency !== undefined && fxRate === undefined && currency.trim().toUpperCase() !== base;
}

function missingRate(table: string, row: number, currency: string, base: string, what: string): Diagnostic {
  return {
    code: 'FX_RATE_MISSING',
    severity: 'error',
    message: `Currency ${currency} is not the base currency ${base} and no FxRate is given; ${what}.`,
    table,
    row,
    column: 'FxRate',
    hint: `Enter FxRate: ${base} per one ${currency} on the row's date (or clear Currency if the amounts are in ${base}).`,
  };
}

/**
 * A landed cost is valued only when its Account (the counter-entry of the charge) is in the chart
 * and a foreign Currency has its FxRate; otherwise an error, and nothing of it is posted.
 */
function landedCostUsable(
  l: LandedCost,
  chart: Chart,
  foreign: (currency: string | undefined, fxRate: number | undefined) => boolean,
  base: string,
  diagnostics: Diagnostic[],
): boolean {
  let ok = true;
  if (l.account !== undefined && !chart.accounts.has(l.account)) {
    ok = false;
    diagnostics.push({
      code: 'UNKNOWN_ACCOUNT',
      severity: 'error',
      message: `Landed cost ${l.doc} names account ${l.account}, which is not in the chart of accounts; the charge was not posted.`,
      table: 'LandedCosts',
      row: l.source.row,
      column: 'Account',
      hint: `Add account ${l.account} to the Accounts table, correct the code, or clear the cell to use the Expenses Included In Valuation account.`,
    });
  }
  if (foreign(l.currency, l.fxRate)) {
    ok = false;
    diagnostics.push(missingRate('LandedCosts', l.source.row, l.currency as string, base, 'the charge was not posted'));
  }
  return ok;
}

function computeScales(inputs: Inputs, movements: readonly Movement[], landed: readonly LandedCost[]): Scales {
  let qd = 0;
  let cd = 0;
  let fd = 0;
  let pd = 0;
  let ad = 0;
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i] as Movement;
    const q = m.qty;
    if (!Number.isInteger(q)) qd = Math.max(qd, decimalsOf(q));
    if (m.unitCost !== undefined && !Number.isInteger(m.unitCost)) cd = Math.max(cd, decimalsOf(m.unitCost));
    if (m.fxRate !== undefined && !Number.isInteger(m.fxRate)) fd = Math.max(fd, decimalsOf(m.fxRate));
    if (m.unitPrice !== undefined && !Number.isInteger(m.unitPrice)) pd = Math.max(pd, decimalsOf(m.unitPrice));
    if (m.amount !== undefined && !Number.isInteger(m.amount)) ad = Math.max(ad, decimalsOf(m.amount));
  }
  for (const it of inputs.items) if (it.standardCost !== undefined) cd = Math.max(cd, decimalsOf(it.standardCost));
  let kd = 0;
  for (const k of inputs.kits) {
    const extra = k.scrapPct !== undefined ? decimalsOf(k.scrapPct) + 2 : 0;
    kd = Math.max(kd, decimalsOf(k.qty) + extra);
    if (k.laborCost !== undefined) cd = Math.max(cd, decimalsOf(k.laborCost));
    if (k.overheadCost !== undefined) cd = Math.max(cd, decimalsOf(k.overheadCost));
  }
  for (const l of landed) {
    ad = Math.max(ad, decimalsOf(l.amount) + (l.fxRate !== undefined ? decimalsOf(l.fxRate) : 0));
  }
  const p = inputs.settings.precision;
  const q = Math.min(MAX_SCALE, qd + kd);
  const c = Math.min(MAX_SCALE, cd + fd);
  // Never below p + VALUE_GUARD: divided values are rounded on that grid, the same in every run.
  const v = Math.max(q + c, pd + q + fd, ad + fd, p + VALUE_GUARD);
  return { q, c, v, p };
}
