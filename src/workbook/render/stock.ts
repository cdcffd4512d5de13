/**
 * Stock Ledger and Stock Balance sheets: what the valuation did, movement by movement, and what is
 * left, item by location. Values after each movement are shown rounded to the posting precision,
 * which is exactly what the general ledger carries for that pool (see engine/post.ts).
 */
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import type { LocationKind } from '../../engine/types';
import type { ConsumedLayer } from '../../engine/valuation/types';
import { lazyTable, type BelowRow, type LayoutCell, type OutputCell, type SheetModel } from '../sheet';
import { code, col, cost, moneyP, moneyV, qty, qtyDecimals, rate, ref, text } from './common';
import { accountClasses, chartAccounts, ledgerLines } from './ledgerView';
import { isoDate } from '../../engine/dates';

function layerText(layers: readonly ConsumedLayer[] | undefined, r: EngineResult): string | null {
  if (layers === undefined || layers.length === 0) return null;
  const s = r.prepared.scales;
  const parts = layers.slice(0, 8).map((l) => {
    const unit = rate(l.value, l.qty, s);
    return `${N.toDecimalString(l.qty, s.q)} @ ${unit === null ? '-' : String(unit)} (${l.doc ?? 'seq ' + l.receipt} ${isoDate(l.date)}${l.batch !== undefined ? ' batch ' + l.batch : ''})`;
  });
  if (layers.length > 8) parts.push(`+${layers.length - 8} more layers`);
  return parts.join('; ');
}

export function renderStockLedger(r: EngineResult, rowsDone?: (rows: number) => void): SheetModel {
  const s = r.prepared.scales;
  const ledger = r.valuation.ledger;
  // Rows are made when a host writes them (lazyTable); Qty columns' decimals come from the columns.
  const ledgerRow = (i: number): OutputCell[] => {
    const row = ledger.row(i);
    const moved = N.isZero(row.qtyIn) ? row.qtyOut : row.qtyIn;
    const movedValue = N.isZero(row.valueIn) ? row.valueOut : row.valueIn;
    return [
      row.date,
      row.type,
      text(row.doc),
      row.item,
      row.location === '*' ? null : row.location,
      text(row.batch),
      qty(row.qtyIn, s),
      qty(row.qtyOut, s),
      qty(row.qtyAfter, s),
      N.isZero(moved) ? null : rate(movedValue, moved, s),
      moneyV(row.valueIn, s),
      moneyV(row.valueOut, s),
      moneyV(row.valueAfter, s),
      layerText(row.layers, r),
      row.provisional === true ? (row.note ?? 'provisional') : text(row.note),
      row.source.row,
    ];
  };
  const decimals = qtyDecimals(ledger.length, s, { 6: (i) => ledger.qtyInAt(i), 7: (i) => ledger.qtyOutAt(i), 8: (i) => ledger.qtyAfterAt(i) });
  if (rowsDone !== undefined) rowsDone(ledger.length);
  return {
    key: 'stock-ledger',
    sheetName: 'Stock Ledger',
    notes: [
      `Every stock movement in processing order (date, then table row). Values in ${r.prepared.inputs.settings.baseCurrency}; Value After equals the general ledger for the pool.`,
    ],
    tables: [
      lazyTable({
        name: 'PP_StockLedger',
        columns: [
          col('Date', 'date'),
          col('Type', 'text'),
          col('Doc', 'text'),
          col('Item', 'text'),
          col('Location', 'text'),
          col('Batch', 'text'),
          col('Qty In', 'qty'),
          col('Qty Out', 'qty'),
          col('Qty After', 'qty'),
          col('Unit Cost', 'rate'),
          col('Value In', 'money'),
          col('Value Out', 'money'),
          col('Value After', 'money'),
          col('Layers Consumed', 'text', 40),
          col('Note', 'text', 30),
          col('Source Row', 'integer'),
        ],
      }, { length: ledger.length, at: ledgerRow, decimals }),
    ],
    charts: [],
  };
}

const HELD_KINDS: ReadonlySet<LocationKind> = new Set<LocationKind>(['Quarantine', 'Returns', 'Rework']);

export function renderStockBalance(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const company = r.prepared.inputs.settings.costPool === 'Company';
  const rows: OutputCell[][] = [];
  const kindOf = (loc: string): LocationKind => r.prepared.locations.get(loc)?.location.kind ?? 'Normal';
  let tableValue: Fixed = 0;
  const byTemplate = new Map<string, { qty: Fixed; available: Fixed; value: Fixed }>();
  if (!company) {
    const pools = [...r.valuation.pools].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
    for (const p of pools) {
      if (N.isZero(p.qty) && N.isZero(p.value)) continue;
      const item = r.prepared.items.get(p.item);
      const kind = kindOf(p.location);
      const held = HELD_KINDS.has(kind);
      const value = N.rescale(p.value, s.v, s.p);
      tableValue = N.add(tableValue, value);
      rows.push([
        p.item,
        text(item?.name),
        text(item?.template),
        p.location,
        kind,
        qty(held ? 0 : p.qty, s),
        qty(held ? p.qty : 0, s),
        qty(p.qty, s),
        N.toNumber(value, s.p),
        rate(p.value, p.qty, s),
        p.method,
        code(p.account),
      ]);
      if (item?.template !== undefined) {
        const t = byTemplate.get(item.template) ?? { qty: 0, available: 0, value: 0 };
        byTemplate.set(item.template, { qty: N.add(t.qty, p.qty), available: N.add(t.available, held ? 0 : p.qty), value: N.add(t.value, value) });
      }
    }
  } else {
    // Company-wide pools: value per item; quantities per location from the location view.
    const poolByItem = new Map(r.valuation.pools.map((p) => [p.item, p]));
    const keys = [...r.valuation.locationQty.keys()].sort();
    for (const k of keys) {
      const q = r.valuation.locationQty.get(k) ?? 0;
      const [itemCode, loc] = k.split('\u0001') as [string, string];
      const p = poolByItem.get(itemCode);
      if (N.isZero(q) || p === undefined) continue;
      const item = r.prepared.items.get(itemCode);
      const kind = kindOf(loc);
      const held = HELD_KINDS.has(kind);
      const value = N.isZero(p.qty) ? 0 : N.mulDivRound(N.rescale(p.value, s.v, s.p), q, p.qty);
      tableValue = N.add(tableValue, value);
      rows.push([itemCode, text(item?.name), text(item?.template), loc, kind, qty(held ? 0 : q, s), qty(held ? q : 0, s), qty(q, s), N.toNumber(value, s.p), rate(p.value, p.qty, s), p.method, code(r.prepared.locations.get(loc)?.stockAccount)]);
    }
  }
  const tables: SheetModel['tables'][number][] = [
    {
      name: 'PP_StockBalance',
      columns: [
        col('Item', 'text'),
        col('Name', 'text', 24),
        col('Template', 'text'),
        col('Location', 'text'),
        col('Location Kind', 'text'),
        col('Available', 'qty'),
        col('Held', 'qty'),
        col('Qty', 'qty'),
        col('Value', 'money'),
        col('Unit Cost', 'rate'),
        col('Method', 'text'),
        col('Stock Account', 'code'),
      ],
      rows,
      totals: [{ label: 'Total' }, undefined, undefined, undefined, undefined, { sum: true }, { sum: true }, { sum: true }, { sum: true }],
      below: stockTie(r, tableValue),
    },
  ];
  if (byTemplate.size > 0) {
    tables.push({
      name: 'PP_StockByTemplate',
      title: 'By template (variants rolled up)',
      columns: [col('Template', 'text'), col('Available', 'qty'), col('Qty', 'qty'), col('Value', 'money')],
      rows: [...byTemplate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, v]) => [t, qty(v.available, s), qty(v.qty, s), N.toNumber(v.value, s.p)]),
    });
  }
  // Batches with expiry, for batch-tracked stock.
  const batchRows: OutputCell[][] = [];
  const asOf = r.prepared.options.asOf ?? lastDate(r);
  for (const p of r.valuation.pools) {
    for (let i = p.head; i < p.layers.length; i++) {
      const l = p.layers[i];
      if (l === undefined || l.batch === undefined || N.sign(l.qty) <= 0) continue;
      batchRows.push([p.item, p.location === '*' ? null : p.location, l.batch, l.expiry ?? null, qty(l.qty, s), moneyV(l.value, s), l.expiry !== undefined && l.expiry < asOf ? 'EXPIRED' : null]);
    }
  }
  if (batchRows.length > 0) {
    tables.push({
      name: 'PP_StockByBatch',
      title: 'By batch / serial',
      columns: [col('Item', 'text'), col('Location', 'text'), col('Batch', 'text'), col('Expiry', 'date'), col('Qty', 'qty'), col('Value', 'money'), col('Status', 'text')],
      rows: batchRows,
    });
  }
  return {
    key: 'stock-balance',
    sheetName: 'Stock Balance',
    notes: [`Stock on hand as of ${isoDate(asOf)}. Held = in Quarantine, Returns or Rework locations: valued, but not available.`],
    tables,
    charts: [],
  };
}

/**
 * Lines under the Stock Balance: each stock account's general-ledger balance, their total, and
 * the difference from the table's Value column (zero: the subledger ties to the ledger).
 */
function stockTie(r: EngineResult, tableValue: Fixed): BelowRow[] {
  const s = r.prepared.scales;
  const stock = accountClasses(r).stock;
  const balance = new Map<string, Fixed>();
  for (const l of ledgerLines(r)) if (stock.has(l.account)) balance.set(l.account, N.add(balance.get(l.account) ?? 0, l.amount));
  let total: Fixed = 0;
  const VALUE = 8;
  const at = (label: string, value: LayoutCell): LayoutCell[] => {
    const cells: LayoutCell[] = new Array<LayoutCell>(VALUE + 1).fill(null);
    cells[0] = label;
    cells[VALUE] = value;
    return cells;
  };
  const below: BelowRow[] = [];
  for (const a of chartAccounts(r)) {
    const b = balance.get(a.code);
    if (b === undefined) continue;
    total = N.add(total, b);
    below.push({ cells: at(`Stock account ${a.code} ${a.name} (general ledger)`, moneyP(b, s)) });
  }
  const sum = below.map((_, i) => `{below:${i}}`).join('+') || '0';
  const totalRow = below.length;
  below.push({ strong: true, cells: at('Stock accounts total', { formula: sum, value: moneyP(total, s) }) });
  below.push({ cells: at('Difference: table Value - stock accounts', { formula: `SUM(${ref('Value')})-{below:${totalRow}}`, value: moneyP(N.sub(tableValue, total), s) }) });
  return below;
}

export function lastDate(r: EngineResult): number {
  const ms = r.prepared.movements;
  const last = ms[ms.length - 1];
  return last !== undefined ? last.date : 0;
}

export { cost };
