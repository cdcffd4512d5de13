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
  const byCode = new Map<string, Location>();
  for (const l of locations) if (!byCode.has(l.code)) byCode.set(l.code, l);
  const out = new Map<string, LocationInfo>();
  /** Level of each resolved location (1 = top level); 0 for a broken chain. */
  const level = new Map<string, number>();
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

  // Walk up from each unresolved location to the first resolved one (or a fault), then assign the
  // path top-down. Every location is on a path once, so the whole is linear.
  const onPath = new Map<string, number>();
  for (const start of byCode.values()) {
    if (out.has(start.code)) continue;
    const path: Location[] = [];
    onPath.clear();
    let cur: Location | undefined = start;
    /** What the top of the path hangs from. */
    let above: { info: LocationInfo | undefined; level: number } = { info: undefined, level: 0 };
    while (cur !== undefined) {
      const done = out.get(cur.code);
      if (done !== undefined) {
        above = { info: done, level: level.get(cur.code) ?? 0 };
        break;
      }
      const at = onPath.get(cur.code);
      if (at !== undefined) {
        // A cycle: path[at..] are its members. Reported once, on the row of the first member met.
        const members = path.slice(at);
        const codes = [...members.map((l) => l.code), cur.code];
        const first = members[0] as Location;
        report(
          'LOCATION_CYCLE',
          first,
          `Location ${first.code} has a cycle in its parents (${nameChain(codes)}).`,
          'Parent',
          'Make the Parent chain end at a top-level location.',
        );
        const why = `Location ${first.code} is in a cycle of parents (${members.length} locations).`;
        for (const m of members) {
          out.set(m.code, missing(m, first.code, why));
          level.set(m.code, 0);
        }
        path.length = at;
        above = { info: out.get(first.code), level: 0 };
        break;
      }
      onPath.set(cur.code, path.length);
      path.push(cur);
      if (cur.parent === undefined) break;
      const parent = byCode.get(cur.parent);
      if (parent === undefined) {
        report(
          'UNKNOWN_PARENT_LOCATION',
          cur,
          `Location ${cur.code} has parent ${cur.parent}, which is not in the Locations table.`,
          'Parent',
          `Add location ${cur.parent} or clear the Parent cell.`,
        );
        const self = path.pop() as Location;
        const info = missing(self, self.code, `Location ${self.code} has parent ${cur.parent}, which is not in the Locations table.`);
        out.set(self.code, info);
        level.set(self.code, 0);
        above = { info, level: 0 };
        break;
      }
      cur = parent;
    }
    // Assign from the top of the path down.
    let parentInfo = above.info;
    let parentLevel = above.level;
    for (let i = path.length - 1; i >= 0; i--) {
      const loc = path[i] as Location;
      let info: LocationInfo;
      let lv = 0;
      if (parentInfo !== undefined && parentInfo.resolvedAt === 'missing' && parentLevel === 0) {
        info = missing(loc, parentInfo.resolvedFrom, parentInfo.problem ?? `Its parent ${parentInfo.code} cannot be resolved.`);
      } else if (parentLevel + 1 > MAX_LOCATION_DEPTH) {
        // This is where the chain crosses the limit (its parent is sound at exactly the limit), so
        // the walk to the top is MAX_LOCATION_DEPTH + 1 steps.
        const chain: string[] = [];
        for (let p: Location | undefined = loc; p !== undefined; p = p.parent !== undefined ? byCode.get(p.parent) : undefined) chain.push(p.code);
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
      out.set(loc.code, info);
      level.set(loc.code, lv);
      parentInfo = info;
      parentLevel = lv;
    }
  }
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
