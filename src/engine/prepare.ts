/**
 * Stage 1, prepare: resolve references and fix the exact scales before any arithmetic.
 *
 * - Items: listed ones, plus items created on first use (info ITEM_CREATED) with the default method.
 * - Locations: listed ones; with no Locations table, one location "Main" plus any location named in
 *   Movements (info LOCATION_CREATED). With a Locations table, an unlisted location is an error
 *   (UNKNOWN_LOCATION) and its movement is skipped.
 * - Kits: parent -> components; a cycle is an error (KIT_CYCLE) and that kit cannot be used.
 * - Scales: the decimal places every quantity, unit cost and value is held at (see num.ts). Example:
 *   quantities with no decimals, costs in cents and an FxRate of 1.0825 give q=0, c=2+4=6, v=6.
 * - Order: movements sorted by date, then table order (stable); landed costs after the movements of
 *   their date. --as-of drops everything dated after it.
 */
import { buildChart, resolveLocations, type Chart, type LocationInfo } from './chart';
import { decimalsOf } from './num';
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
    for (const m of inputs.movements) {
      for (const code of [m.location, m.toLocation]) {
        if (code !== undefined && !locationCodes.has(code)) {
          locationCodes.add(code);
          locationList.push({ code, kind: 'Normal' });
          diagnostics.push({
            code: 'LOCATION_CREATED',
            severity: 'info',
            message: `Location ${code} is not in a Locations table; created it with the company stock account.`,
            table: 'Movements',
            row: m.source.row,
            column: code === m.location ? 'Location' : 'ToLocation',
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

  // Kits (detect cycles)
  const kitLines = new Map<string, KitLine[]>();
  for (const k of inputs.kits) {
    const list = kitLines.get(k.parent) ?? [];
    list.push(k);
    kitLines.set(k.parent, list);
  }
  const kits = new Map<string, readonly KitLine[]>();
  const cyclic = new Set<string>();
  const visit = (code: string, path: string[]): boolean => {
    if (path.includes(code)) return false;
    const lines = kitLines.get(code);
    if (lines === undefined) return true;
    for (const l of lines) if (!visit(l.component, [...path, code])) return false;
    return true;
  };
  for (const [parent, lines] of kitLines) {
    if (visit(parent, [])) kits.set(parent, lines);
    else {
      cyclic.add(parent);
      const first = lines[0] as KitLine;
      diagnostics.push({
        code: 'KIT_CYCLE',
        severity: 'error',
        message: `Kit ${parent} contains itself through its components.`,
        table: 'Kits',
        row: first.source.row,
        column: 'Component',
        hint: 'Remove the component line that leads back to the kit.',
      });
    }
  }

  // Movements: location check, as-of filter, ordering
  const asOf = options.asOf;
  const kept: Movement[] = [];
  for (const m of inputs.movements) {
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
          message: `Location ${code} has no resolvable stock account; the movement was not valued.`,
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
    if ((m.type === 'Shipment' || m.type === 'Sale' || m.type === 'Build') && cyclic.has(m.item)) ok = false;
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
    .filter((l) => asOf === undefined || l.date <= asOf)
    .slice()
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

function computeScales(inputs: Inputs, movements: readonly Movement[], landed: readonly LandedCost[]): Scales {
  let qd = 0;
  let cd = 0;
  let fd = 0;
  let pd = 0;
  let ad = 0;
  for (const m of movements) {
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
  const v = Math.max(q + c, pd + q + fd, ad + fd, p);
  return { q, c, v, p };
}
