/**
 * Where the first INV.BOOK's time goes, stage by stage, each run once on a new 100,000-row table in a
 * fresh process (so each stage is as cold as in the first BOOK): hash, snapshot, read, engine, index.
 * Wall and CPU (this process) per stage.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/functionsSplit.ts
 */
import { runWithCatchUp } from '../src/engine/catchup';
import { readBook, viewOfResult } from '../src/functions/engineAdapter';
import { hashTables, snapshotGrid } from '../src/functions/tables';
import { buildGrid } from './functions';

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}

export function splitFirstBook(): Record<string, number> {
  const grid = JSON.parse(JSON.stringify(buildGrid())) as unknown[][];
  gc();
  const out: Record<string, number> = {};
  const stage = <T>(name: string, f: () => T): T => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = f();
    out[`${name}Ms`] = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
    const c = process.cpuUsage(c0);
    out[`${name}CpuMs`] = Math.round((c.user + c.system) / 100) / 10;
    return r;
  };
  stage('hash', () => hashTables([['Movements', grid as never]]));
  const snap = stage('snapshot', () => snapshotGrid(grid));
  const read = stage('read', () => readBook({ Movements: snap }));
  const result = stage('engine', () => runWithCatchUp(read.inputs, {}));
  stage('index', () => viewOfResult(result, {}, read.inputs.movements.length));
  return out;
}

if (require.main === module) console.log(JSON.stringify(splitFirstBook()));
