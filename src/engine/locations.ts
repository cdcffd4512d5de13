/**
 * Location parent graph: check its structure and resolve every location's stock account, in time
 * linear in the number of locations, without recursion (a chain 200,000 deep is an ordinary loop).
 *
 * Stock account of a location: its own StockAccount, else the nearest parent's, else the account
 * with role Inventory (SPEC section 2). Example: Main (StockAccount 1410) <- Shelf (no account)
 * resolves Shelf to 1410, "inherited from parent location Main".
 *
 * The Parent column must form a forest no deeper than MAX_LOCATION_DEPTH levels. A location whose
 * chain is broken cannot be resolved, nor can any location below it; each fault is reported once,
 * on the row that holds it, and the locations below it point at it (LocationInfo.problem):
 * - LOCATION_CYCLE (error): the chain comes back to itself; named A -> B -> A.
 * - UNKNOWN_PARENT_LOCATION (error): a Parent that is not in the Locations table.
 * - LOCATION_TOO_DEEP (error): a chain longer than MAX_LOCATION_DEPTH; named from the location down
 *   to its top-level ancestor (middle elided when long).
 * - UNKNOWN_ACCOUNT (error): a StockAccount that is not in the chart of accounts (only the locations
 *   that resolve through it are affected).
 */
import type { Chart } from './chart';
import type { Diagnostic, Location } from './types';

/** Levels a Parent chain may have (a top-level location is level 1). Documented in docs/guarantees.md. */
export const MAX_LOCATION_DEPTH = 100;

export interface LocationInfo {
  readonly code: string;
  readonly location: Location;
  /** Resolved stock account, or undefined when it could not be resolved (error reported). */
  readonly stockAccount: string | undefined;
  /** Where the account came from. */
  readonly resolvedAt: 'location' | 'parent' | 'company' | 'missing';
  /** The location that supplied the account (itself or an ancestor); for 'missing', the location at fault. */
  readonly resolvedFrom: string | undefined;
  /** For 'missing': what is wrong, in a few words, naming the location at fault. */
  readonly problem?: string;
}

/** A chain of codes for a message: all of it when short, else its ends around an ellipsis. */
export function nameChain(codes: readonly string[]): string {
  if (codes.length <= 8) return codes.join(' -> ');
  return `${codes.slice(0, 4).join(' -> ')} -> ... (${codes.length - 7} more) ... -> ${codes.slice(-3).join(' -> ')}`;
}

const rowOf = (l: Location): { row?: number } => (l.source ? { row: l.source.row } : {});

/** Resolve every location's stock account: own, nearest parent's, company default. */
export function resolveLocations(
  locations: readonly Location[],
  chart: Chart,
  diagnostics: Diagnostic[],
): Map<string, LocationInfo> {
  // Dense ids in table order (first row of a code wins), so the walk below works on arrays.
  const idOf = new Map<string, number>();
  const locs: Location[] = [];
  for (const l of locations) {
    if (idOf.has(l.code)) continue;
    idOf.set(l.code, locs.length);
    locs.push(l);
  }
  const n = locs.length;
  const NONE = -1;
  const UNKNOWN = -2;
  const parentOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = (locs[i] as Location).parent;
    parentOf[i] = p === undefined ? NONE : (idOf.get(p) ?? UNKNOWN);
  }
  const infos: (LocationInfo | undefined)[] = new Array<LocationInfo | undefined>(n);
  /** Level of each resolved location (1 = top level); 0 for a broken chain. */
  const level = new Int32Array(n);
  /** 0 not seen, 1 on the current path, 2 done. */
  const state = new Uint8Array(n);
  const posOnPath = new Int32Array(n);
  const path = new Int32Array(n);
  const missing = (loc: Location, from: string | undefined, problem: string): LocationInfo => ({
    code: loc.code,
    location: loc,
    stockAccount: undefined,
    resolvedAt: 'missing',
    resolvedFrom: from,
    problem,
  });
  const report = (code: string, loc: Location, message: string, column: string, hint: string): void => {
    diagnostics.push({ code, severity: 'error', message, table: 'Locations', ...rowOf(loc), column, hint });
  };
  const settle = (id: number, info: LocationInfo, lv: number): void => {
    infos[id] = info;
    level[id] = lv;
    state[id] = 2;
  };

  // Walk up from each unresolved location to the first resolved one (or a fault), then assign the
  // path top-down. Every location is on a path once, so the whole is linear.
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    let sp = 0;
    let cur = start;
    /** What the top of the path hangs from: a settled location, or none (a top-level location). */
    let above = NONE;
    for (;;) {
      if (state[cur] === 2) {
        above = cur;
        break;
      }
      if (state[cur] === 1) {
        // A cycle: path[at..sp) are its members. Reported once, on the row of the first member met.
        const at = posOnPath[cur] as number;
        const codes: string[] = [];
        for (let i = at; i < sp; i++) codes.push((locs[path[i] as number] as Location).code);
        const first = locs[cur] as Location;
        codes.push(first.code);
        report('LOCATION_CYCLE', first, `Location ${first.code} has a cycle in its parents (${nameChain(codes)}).`, 'Parent', 'Make the Parent chain end at a top-level location.');
        const why = `Location ${first.code} is in a cycle of parents (${sp - at} locations).`;
        for (let i = at; i < sp; i++) settle(path[i] as number, missing(locs[path[i] as number] as Location, first.code, why), 0);
        sp = at;
        above = cur;
        break;
      }
      state[cur] = 1;
      posOnPath[cur] = sp;
      path[sp++] = cur;
      const p = parentOf[cur] as number;
      if (p === NONE) break;
      if (p === UNKNOWN) {
        const self = locs[cur] as Location;
        report('UNKNOWN_PARENT_LOCATION', self, `Location ${self.code} has parent ${self.parent as string}, which is not in the Locations table.`, 'Parent', `Add location ${self.parent as string} or clear the Parent cell.`);
        sp--;
        settle(cur, missing(self, self.code, `Location ${self.code} has parent ${self.parent as string}, which is not in the Locations table.`), 0);
        above = cur;
        break;
      }
      cur = p;
    }
    // Assign from the top of the path down.
    let parentInfo = above === NONE ? undefined : infos[above];
    let parentLevel = above === NONE ? 0 : (level[above] as number);
    for (let i = sp - 1; i >= 0; i--) {
      const id = path[i] as number;
      const loc = locs[id] as Location;
      let info: LocationInfo;
      let lv = 0;
      if (parentInfo !== undefined && parentInfo.resolvedAt === 'missing' && parentLevel === 0) {
        info = missing(loc, parentInfo.resolvedFrom, parentInfo.problem ?? `Its parent ${parentInfo.code} cannot be resolved.`);
      } else if (parentLevel + 1 > MAX_LOCATION_DEPTH) {
        // This is where the chain crosses the limit (its parent is sound at exactly the limit), so
        // the walk to the top is MAX_LOCATION_DEPTH + 1 steps.
        const chain: string[] = [];
        for (let j = id; j >= 0; j = parentOf[j] as number) chain.push((locs[j] as Location).code);
        report(
          'LOCATION_TOO_DEEP',
          loc,
          `Location ${loc.code} is ${chain.length} levels below the top (${nameChain(chain)}); at most ${MAX_LOCATION_DEPTH} levels are allowed.`,
          'Parent',
          `Attach ${loc.code} to a location nearer the top, so no Parent chain is longer than ${MAX_LOCATION_DEPTH}.`,
        );
        info = missing(loc, loc.code, `Location ${loc.code} is more than ${MAX_LOCATION_DEPTH} levels deep.`);
      } else {
        lv = parentLevel + 1;
        info = ownAccount(loc, parentInfo, chart, report, missing);
      }
      settle(id, info, lv);
      parentInfo = info;
      parentLevel = lv;
    }
  }
  // In table order, as the Locations table lists them.
  const out = new Map<string, LocationInfo>();
  for (let i = 0; i < n; i++) out.set((locs[i] as Location).code, infos[i] as LocationInfo);
  return out;
}

/** A location on a sound chain: its own StockAccount, else what its parent resolved to, else the company default. */
function ownAccount(
  loc: Location,
  parent: LocationInfo | undefined,
  chart: Chart,
  report: (code: string, loc: Location, message: string, column: string, hint: string) => void,
  missing: (loc: Location, from: string | undefined, problem: string) => LocationInfo,
): LocationInfo {
  if (loc.stockAccount !== undefined) {
    if (!chart.accounts.has(loc.stockAccount)) {
      report(
        'UNKNOWN_ACCOUNT',
        loc,
        `Location ${loc.code} names stock account ${loc.stockAccount}, which is not in the chart of accounts.`,
        'StockAccount',
        `Add account ${loc.stockAccount} to the Accounts table or correct the code.`,
      );
      return missing(loc, loc.code, `Location ${loc.code} names a StockAccount that is not in the chart of accounts.`);
    }
    return { code: loc.code, location: loc, stockAccount: loc.stockAccount, resolvedAt: 'location', resolvedFrom: loc.code };
  }
  if (parent === undefined) {
    return { code: loc.code, location: loc, stockAccount: chart.role('Inventory'), resolvedAt: 'company', resolvedFrom: undefined };
  }
  if (parent.resolvedAt === 'missing') return missing(loc, parent.resolvedFrom, parent.problem ?? `Its parent ${parent.code} cannot be resolved.`);
  if (parent.resolvedAt === 'company') return { ...parent, code: loc.code, location: loc };
  return { code: loc.code, location: loc, stockAccount: parent.stockAccount, resolvedAt: 'parent', resolvedFrom: parent.resolvedFrom };
}
