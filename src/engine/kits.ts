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
  /** Why a kit cannot be used (names the kit at fault and its Kits row); undefined for a usable kit or a plain item. */
  whyUnusable(code: string): string | undefined;
}

interface Fault {
  readonly at: string;
  readonly why: string;
}

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

export function checkKits(lines: readonly KitLine[], diagnostics: Diagnostic[]): KitCheck {
  // Kits get dense ids, so the search below works on arrays, not on string-keyed maps.
  const idOf = new Map<string, number>();
  const codes: string[] = [];
  const own: KitLine[][] = [];
  for (const k of lines) {
    const id = idOf.get(k.parent);
    if (id === undefined) {
      idOf.set(k.parent, codes.length);
      codes.push(k.parent);
      own.push([k]);
    } else (own[id] as KitLine[]).push(k);
  }
  const n = codes.length;
  /** For each kit, its lines' component ids (-1 for a plain item), in line order. */
  const childIds = own.map((ls) => ls.map((l) => idOf.get(l.component) ?? -1));
  const colour = new Uint8Array(n);
  const levels = new Uint32Array(n);
  /** Index into `faults` + 1 (0: none). */
  const faultOf = new Uint32Array(n);
  const faults: Fault[] = [];
  /** The line leading to each kit's tallest sub-assembly, to name a chain. */
  const tallest: (KitLine | undefined)[] = new Array<KitLine | undefined>(n);

  const report = (code: string, line: KitLine, message: string, hint: string): void => {
    diagnostics.push({ code, severity: 'error', message, table: 'Kits', row: line.source.row, column: 'Component', hint });
  };

  // Iterative depth-first search: parallel stacks of kit id and the index of its next line.
  const stackId = new Uint32Array(n);
  const stackNext = new Uint32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== WHITE) continue;
    let sp = 0;
    colour[root] = GREY;
    stackId[0] = root;
    stackNext[0] = 0;
    sp = 1;
    while (sp > 0) {
      const top = stackId[sp - 1] as number;
      const kids = childIds[top] as number[];
      const next = stackNext[sp - 1] as number;
      if (next < kids.length) {
        stackNext[sp - 1] = next + 1;
        const child = kids[next] as number;
        if (child < 0) continue; // a plain item
        if (colour[child] === WHITE) {
          colour[child] = GREY;
          stackId[sp] = child;
          stackNext[sp] = 0;
          sp++;
        } else if (colour[child] === GREY && faultOf[child] === 0) {
          // Back edge: the frames from `child` to the top form a cycle.
          let from = sp - 1;
          while (stackId[from] !== child) from--;
          const members: string[] = [];
          for (let i = from; i < sp; i++) members.push(codes[stackId[i] as number] as string);
          members.push(codes[child] as string);
          const line = (own[top] as KitLine[])[next] as KitLine;
          const name = nameChain(members);
          report('KIT_CYCLE', line, `Kit ${codes[child] as string} contains itself through its components (${name}).`, 'Remove the component line that leads back to the kit.');
          faults.push({ at: codes[child] as string, why: `kit ${codes[child] as string} contains itself (${name}), Kits row ${line.source.row}` });
          for (let i = from; i < sp; i++) if (faultOf[stackId[i] as number] === 0) faultOf[stackId[i] as number] = faults.length;
        }
        continue;
      }
      // All lines seen: settle this kit.
      sp--;
      colour[top] = BLACK;
      if (faultOf[top] !== 0) continue;
      let level = 1;
      let via = -1;
      let inherited = 0;
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i] as number;
        if (c < 0) continue;
        if (faultOf[c] !== 0) {
          inherited = faultOf[c] as number;
          break;
        }
        const lv = (levels[c] as number) + 1;
        if (lv > level) {
          level = lv;
          via = i;
        }
      }
      if (inherited !== 0) {
        faultOf[top] = inherited;
        continue;
      }
      const viaLine = via >= 0 ? (own[top] as KitLine[])[via] : undefined;
      if (level > MAX_KIT_DEPTH && viaLine !== undefined) {
        // The first kit over the limit (its tallest component is within it): name the chain down.
        const chain: string[] = [codes[top] as string];
        for (let l: KitLine | undefined = viaLine; l !== undefined; l = tallest[idOf.get(l.component) as number]) chain.push(l.component);
        const name = nameChain(chain);
        const code = codes[top] as string;
        report(
          'KIT_TOO_DEEP',
          viaLine,
          `Kit ${code} has ${level} levels of sub-assemblies (${name}); at most ${MAX_KIT_DEPTH} are allowed.`,
          `Flatten the kit: list the components of deep sub-assemblies directly, so no kit has more than ${MAX_KIT_DEPTH} levels.`,
        );
        faults.push({ at: code, why: `kit ${code} has ${level} kit levels (${name}), Kits row ${viaLine.source.row}` });
        faultOf[top] = faults.length;
        continue;
      }
      levels[top] = level;
      tallest[top] = viaLine;
    }
  }

  const kits = new Map<string, readonly KitLine[]>();
  for (let id = 0; id < n; id++) {
    if (faultOf[id] !== 0) continue;
    const parent = codes[id] as string;
    const costs = statedOnce(parent, own[id] as KitLine[], report);
    if (costs !== undefined) kits.set(parent, costs);
  }
  return {
    kits,
    whyUnusable(code: string): string | undefined {
      const id = idOf.get(code);
      if (id === undefined || kits.has(code)) return undefined;
      const f = faultOf[id] !== 0 ? faults[(faultOf[id] as number) - 1] : undefined;
      if (f !== undefined) return f.at === code ? `its structure is in error: ${f.why}` : `it uses ${f.why}`;
      return `its LaborCost/OverheadCost lines conflict (Kits rows ${(own[id] as KitLine[]).map((l) => l.source.row).join(', ')})`;
    },
  };
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
