/**
 * Kit graph: which kits can be used, checked in time linear in the Kits lines, without recursion.
 *
 * A kit's lines name its components; a component may itself be a kit (a sub-assembly). The graph
 * must be acyclic and at most MAX_KIT_DEPTH kit levels tall. Sub-assemblies shared by many kits are
 * checked once (memoised), so 60 levels each using the level below twice cost 60 steps, not 2^60.
 *
 * Example: CHAIR -> SEAT, LEG; SEAT -> FOAM. CHAIR has 2 kit levels, SEAT 1; FOAM is a plain item.
 *
 * LaborCost and OverheadCost are per kit unit, stated once for the kit (SPEC section 3, Build). They
 * may sit on any one line; repeating the same figure on other lines is the same statement; two
 * different figures for one kit are a conflict.
 *
 * Diagnostics (each reported once, on the Kits row that holds the fault; a kit that reaches a faulty
 * one cannot be used either, and is named when a movement uses it):
 * - KIT_CYCLE (error): a kit contains itself; named BOX -> TRAY -> BOX.
 * - KIT_TOO_DEEP (error): more than MAX_KIT_DEPTH kit levels; the chain is named (middle elided).
 * - KIT_COST_CONFLICT (error): two different LaborCost (or OverheadCost) figures for one kit.
 */
import { nameChain } from './locations';
import type { Diagnostic, KitLine } from './types';

/** Kit levels a kit may have (a kit of plain items has 1). Documented in docs/guarantees.md. */
export const MAX_KIT_DEPTH = 100;

export interface KitCheck {
  /** Usable kits: parent -> lines, with LaborCost/OverheadCost kept on one line only (per kit unit). */
  readonly kits: ReadonlyMap<string, readonly KitLine[]>;
  /** Kits that cannot be used -> why (names the kit at fault and its Kits row). */
  readonly unusable: ReadonlyMap<string, string>;
}

interface Fault {
  readonly at: string;
  readonly why: string;
}

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

export function checkKits(lines: readonly KitLine[], diagnostics: Diagnostic[]): KitCheck {
  const byParent = new Map<string, KitLine[]>();
  for (const k of lines) {
    const list = byParent.get(k.parent);
    if (list === undefined) byParent.set(k.parent, [k]);
    else list.push(k);
  }
  const fault = new Map<string, Fault>();
  const levels = new Map<string, number>();
  /** The component line that leads to a kit's tallest sub-assembly, to name a chain. */
  const tallest = new Map<string, KitLine>();
  const colour = new Map<string, number>();

  const report = (code: string, line: KitLine, message: string, hint: string): void => {
    diagnostics.push({ code, severity: 'error', message, table: 'Kits', row: line.source.row, column: 'Component', hint });
  };

  // Iterative depth-first search: a frame is a kit and the index of its next line.
  const stack: { code: string; next: number }[] = [];
  for (const root of byParent.keys()) {
    if ((colour.get(root) ?? WHITE) !== WHITE) continue;
    colour.set(root, GREY);
    stack.push({ code: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { code: string; next: number };
      const own = byParent.get(top.code) as KitLine[];
      if (top.next < own.length) {
        const line = own[top.next++] as KitLine;
        const child = line.component;
        if (!byParent.has(child)) continue; // a plain item
        const c = colour.get(child) ?? WHITE;
        if (c === WHITE) {
          colour.set(child, GREY);
          stack.push({ code: child, next: 0 });
        } else if (c === GREY && !fault.has(child)) {
          // Back edge: the frames from `child` to the top form a cycle.
          let from = stack.length - 1;
          while ((stack[from] as { code: string }).code !== child) from--;
          const members = stack.slice(from).map((f) => f.code);
          const why = `kit ${child} contains itself (${nameChain([...members, child])}), Kits row ${line.source.row}`;
          report('KIT_CYCLE', line, `Kit ${child} contains itself through its components (${nameChain([...members, child])}).`, 'Remove the component line that leads back to the kit.');
          for (const m of members) if (!fault.has(m)) fault.set(m, { at: child, why });
        }
        continue;
      }
      // All lines seen: settle this kit.
      stack.pop();
      colour.set(top.code, BLACK);
      if (fault.has(top.code)) continue;
      let level = 1;
      let via: KitLine | undefined;
      let inherited: Fault | undefined;
      for (const line of own) {
        if (!byParent.has(line.component)) continue;
        const f = fault.get(line.component);
        if (f !== undefined) {
          inherited = f;
          break;
        }
        const lv = (levels.get(line.component) ?? 0) + 1;
        if (lv > level) {
          level = lv;
          via = line;
        }
      }
      if (inherited !== undefined) {
        fault.set(top.code, inherited);
        continue;
      }
      if (level > MAX_KIT_DEPTH && via !== undefined) {
        // The first kit over the limit (its tallest component is within it): name the chain down.
        const chain: string[] = [top.code];
        for (let l: KitLine | undefined = via; l !== undefined; l = tallest.get(l.component)) chain.push(l.component);
        const why = `kit ${top.code} has ${level} kit levels (${nameChain(chain)}), Kits row ${via.source.row}`;
        report(
          'KIT_TOO_DEEP',
          via,
          `Kit ${top.code} has ${level} levels of sub-assemblies (${nameChain(chain)}); at most ${MAX_KIT_DEPTH} are allowed.`,
          `Flatten the kit: list the components of deep sub-assemblies directly, so no kit has more than ${MAX_KIT_DEPTH} levels.`,
        );
        fault.set(top.code, { at: top.code, why });
        continue;
      }
      levels.set(top.code, level);
      if (via !== undefined) tallest.set(top.code, via);
    }
  }

  const kits = new Map<string, readonly KitLine[]>();
  const unusable = new Map<string, string>();
  for (const [parent, own] of byParent) {
    const f = fault.get(parent);
    if (f !== undefined) {
      unusable.set(parent, f.at === parent ? `its structure is in error: ${f.why}` : `it uses ${f.why}`);
      continue;
    }
    const costs = statedOnce(parent, own, report);
    if (costs === undefined) {
      unusable.set(parent, `its LaborCost/OverheadCost lines conflict (Kits rows ${own.map((l) => l.source.row).join(', ')})`);
      continue;
    }
    kits.set(parent, costs);
  }
  return { kits, unusable };
}

/**
 * LaborCost and OverheadCost, once per kit: the lines with the cost on the first line that states
 * it, cleared on the others; undefined (and a KIT_COST_CONFLICT) when two lines state different figures.
 */
function statedOnce(
  parent: string,
  own: readonly KitLine[],
  report: (code: string, line: KitLine, message: string, hint: string) => void,
): readonly KitLine[] | undefined {
  let ok = true;
  const firstOf = (pick: (l: KitLine) => number | undefined, column: string): KitLine | undefined => {
    let first: KitLine | undefined;
    for (const l of own) {
      const v = pick(l);
      if (v === undefined) continue;
      if (first === undefined) first = l;
      else if (pick(first) !== v) {
        ok = false;
        report(
          'KIT_COST_CONFLICT',
          l,
          `Kit ${parent} has ${column} ${String(pick(first))} on Kits row ${first.source.row} and ${String(v)} on row ${l.source.row}; it is a cost per kit unit, stated once.`,
          `Keep ${column} on one line of kit ${parent} (the cost of building one ${parent}) and clear it on the others.`,
        );
        return first;
      }
    }
    return first;
  };
  const labor = firstOf((l) => l.laborCost, 'LaborCost');
  const overhead = firstOf((l) => l.overheadCost, 'OverheadCost');
  if (!ok) return undefined;
  let changed = false;
  const out = own.map((l) => {
    if ((l.laborCost === undefined || l === labor) && (l.overheadCost === undefined || l === overhead)) return l;
    changed = true;
    const { laborCost, overheadCost, ...rest } = l;
    return {
      ...rest,
      ...(l === labor && laborCost !== undefined ? { laborCost } : {}),
      ...(l === overhead && overheadCost !== undefined ? { overheadCost } : {}),
    };
  });
  return changed ? out : own;
}
