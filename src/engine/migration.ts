/**
 * Migration to perpetual inventory (SPEC section 7): the entries that bring a periodic ledger onto
 * perpetual inventory at a cut-over date, and the checklist of what must be set up first.
 *
 * A periodic business booked its purchases to an expense account, so its stock accounts show only
 * what was last put there by hand. At cut-over:
 *   (1) per stock account: Dr Stock / Cr Cost of Goods Sold for the stock value on hand, net of the
 *       balance the stock account already carries, so it ends exactly at the stock value;
 *   (2) Dr Cost of Goods Sold / Cr Stock Received Not Billed for goods received but not yet billed
 *       (their value is in stock after (1), and the bill will clear SRNB);
 *   (3) a readiness checklist: default accounts, and a stock account for every location.
 *
 *   Example: warehouse W (account 1410) holds 13 units at 10 = 130, of which 50 came from Opening
 *   rows (what the books already carry): Dr 1410 80 / Cr 5000 80. A receipt of 3 at 20 not yet
 *   billed: Dr 5000 60 / Cr 2150 60.
 *
 * Rule for "the balance the stock accounts already carry": the user's Opening rows. They are the
 * stock the books held before Perpetua (Dr stock / Cr Opening Balance Equity in the perpetual
 * journal), so that part is already in the stock account; everything else that is on hand at the
 * cut-over (receipts, returns, builds... less issues) is what periodic books sent to expense.
 * When the book already carries more than is on hand the entry runs the other way round
 * (Dr COGS / Cr Stock).
 *
 * The valuation is the same engine run as of the cut-over date (movements dated after it are
 * ignored). Cut-over: the argument, else Settings.CutOverDate, else the last movement date. These
 * entries are for the Migration sheet only; nothing is posted into the user's own ledger.
 *
 * Closed periods (Settings ClosedThrough, SPEC 4a), the books at the cut-over as the user has them:
 *   - cut-over after ClosedThrough: an open date, where every balance equals the full recomputation
 *     (the catch-up brought the late rows in), so the entries come from the recomputation as of the
 *     cut-over. A back-dated Opening row counts as already carried: the catch-up put it on the stock
 *     account against Opening Balance Equity, as the Opening row itself would have.
 *   - cut-over on or before ClosedThrough: a closed date, whose figures are what was known at the
 *     close, so the entries come from the rows entered by ClosedThrough, as of the cut-over (what
 *     --as-of shows there). Rows entered later and dated by the cut-over are left out; they reach
 *     the books through the catch-up on the first open day, and `closedPeriods` lists them with what
 *     they would change in these entries (recomputed with them less as closed, per account).
 *
 *   Example: closed through 28 Feb, cut-over 20 Feb, a receipt of 10 @ 80 dated 15 Feb entered on
 *   3 Mar. The migration debits stock for what February closed with; the 800 comes in through the
 *   1 Mar catch-up (Dr Inventory / Cr SRNB), and `closedPeriods.difference` shows stock +800 and
 *   SRNB -800 against these entries.
 */
import * as N from './num';
import type { Fixed } from './num';
import type { ClosedBooksResult } from './catchup';
import { enteredOf, knownAtClose } from './closing/split';
import { runEngine, stockAccounts, type EngineResult } from './pipeline';
import type { AccountRole, RunOptions, SourceRef } from './types';

export interface MigrationStockLine {
  readonly location: string;
  /** Stock account the location resolves to (undefined when missing). */
  readonly account: string | undefined;
  readonly resolvedAt: 'location' | 'parent' | 'company' | 'missing';
  readonly resolvedFrom: string | undefined;
  /** Stock value on hand at cut-over (scale p; the posted value, equal to the stock ledger). */
  readonly value: Fixed;
  /** Part of it that came from Opening rows (already in the books). */
  readonly existing: Fixed;
}

export interface MigrationAccountLine {
  readonly account: string;
  readonly name: string;
  readonly locations: readonly string[];
  /** Scale p. */
  readonly stockValue: Fixed;
  readonly existing: Fixed;
  /** stockValue - existing: what entry (1) debits (negative: credits). */
  readonly adjustment: Fixed;
}

export interface MigrationJournalLine {
  readonly entry: number;
  readonly date: number;
  readonly account: string;
  readonly name: string;
  /** Scale p, one of them zero. */
  readonly debit: Fixed;
  readonly credit: Fixed;
  readonly memo: string;
}

export interface ReceiptNotBilled {
  readonly seq: number;
  readonly doc: string | undefined;
  readonly order: string | undefined;
  readonly party: string | undefined;
  readonly date: number;
  readonly item: string;
  readonly location: string;
  readonly kind: 'Stock' | 'Expense' | 'DropShip';
  /** Quantity received and neither billed nor returned (scale q). */
  readonly qty: Fixed;
  /** What this receipt still holds in Stock Received Not Billed (scale p). */
  readonly value: Fixed;
  /** Account debited by entry (2) for it. */
  readonly debitAccount: string;
}

export type ReadinessStatus = 'OK' | 'Missing';

export interface ReadinessItem {
  readonly check: 'Default account' | 'Location stock account';
  /** Role or location code. */
  readonly subject: string;
  readonly status: ReadinessStatus;
  readonly detail: string;
  /** Where to fix it (undefined when OK). */
  readonly fix: string | undefined;
}

export interface Migration {
  readonly cutOver: number;
  /** The engine run as of the cut-over the entries come from. */
  readonly asOf: EngineResult;
  readonly stock: readonly MigrationStockLine[];
  readonly accounts: readonly MigrationAccountLine[];
  readonly journal: readonly MigrationJournalLine[];
  readonly receiptsNotBilled: readonly ReceiptNotBilled[];
  readonly checklist: readonly ReadinessItem[];
  /** Scale p. Equal when the entries balance (they always should). */
  readonly debits: Fixed;
  readonly credits: Fixed;
  readonly ready: boolean;
  /**
   * Set when the cut-over falls on or before Settings ClosedThrough and rows entered after the close
   * are dated on or before the cut-over: the entries above are then the books as closed (the rows
   * entered by ClosedThrough), and this says what the late rows change in them.
   */
  readonly closedPeriods: MigrationClosedPeriods | undefined;
}

export interface MigrationDifferenceLine {
  readonly account: string;
  readonly name: string;
  /** Net debit of the migration entries on the account (scale p): as closed, with the late rows, and the difference. */
  readonly closed: Fixed;
  readonly recomputed: Fixed;
  readonly difference: Fixed;
}

export interface MigrationClosedPeriods {
  readonly closedThrough: number;
  /** The first open day: the catch-up entries there post what the late rows change in the closed periods. */
  readonly catchUpDate: number;
  /** Rows entered after ClosedThrough and dated on or before the cut-over, left out of the entries. */
  readonly lateRows: readonly SourceRef[];
  /** Per account, the entries recomputed with the late rows less the entries as closed (non-zero only). */
  readonly difference: readonly MigrationDifferenceLine[];
}

/** The roles SPEC section 7 names as the company's defaults, then the two the entries post to. */
export const READINESS_ROLES: readonly AccountRole[] = [
  'StockReceivedNotBilled',
  'StockAdjustment',
  'ExpensesIncludedInValuation',
  'CostCenter',
  'Inventory',
  'CostOfGoodsSold',
];

export function buildMigration(result: ClosedBooksResult, cutOver?: number): Migration {
  const prepIn = result.prepared;
  const date = cutOverDate(result, cutOver);
  // The recomputation (every row, closed periods rewritten): the books at any open date (SPEC 4a).
  const recomputed: EngineResult = result.catchUp?.recomputed ?? result;
  const ct = prepIn.inputs.settings.closedThrough;
  if (ct === undefined || date > ct) return { ...entriesAt(asOfRun(recomputed, date), date), closedPeriods: undefined };
  // A cut-over in a closed period: the books there are what was known at the close.
  const known = knownAtClose(prepIn.inputs, ct);
  const lateRows = prepIn.inputs.movements.filter((m) => m.date <= date && enteredOf(m) > ct).map((m) => m.source);
  if (lateRows.length === 0) return { ...entriesAt(asOfRun(recomputed, date), date), closedPeriods: undefined };
  const closed = entriesAt(runEngine(known, runOptions(prepIn, date)), date);
  const withLate = entriesAt(asOfRun(recomputed, date), date);
  const difference = journalDifference(closed.journal, withLate.journal);
  return { ...closed, closedPeriods: { closedThrough: ct, catchUpDate: ct + 1, lateRows, difference } };
}

/** The argument, else Settings CutOverDate, else the last movement or landed-cost date. */
function cutOverDate(result: EngineResult, cutOver: number | undefined): number {
  return cutOver ?? result.prepared.inputs.settings.cutOverDate ?? lastDateOf(result);
}

function lastDateOf(result: EngineResult): number {
  let lastDate = -Infinity;
  for (const m of result.prepared.movements) if (m.date > lastDate) lastDate = m.date;
  for (const l of result.prepared.landedCosts) if (l.date > lastDate) lastDate = l.date;
  return Number.isFinite(lastDate) ? lastDate : 0;
}

function runOptions(prep: EngineResult['prepared'], date: number): RunOptions {
  return {
    asOf: date,
    ...(prep.options.method !== undefined ? { method: prep.options.method } : {}),
    ...(prep.options.period !== undefined ? { period: prep.options.period } : {}),
  };
}

/** The run as of the cut-over: the same run when nothing is dated after it, else a rerun to it. */
function asOfRun(result: EngineResult, date: number): EngineResult {
  return lastDateOf(result) > date ? runEngine(result.prepared.inputs, runOptions(result.prepared, date)) : result;
}

/** Per account, the net debit of the entries recomputed with the late rows less as closed. */
function journalDifference(closed: readonly MigrationJournalLine[], recomputed: readonly MigrationJournalLine[]): MigrationDifferenceLine[] {
  const by = new Map<string, { name: string; closed: Fixed; recomputed: Fixed }>();
  const add = (lines: readonly MigrationJournalLine[], side: 'closed' | 'recomputed'): void => {
    for (const l of lines) {
      const a = by.get(l.account) ?? { name: l.name, closed: 0, recomputed: 0 };
      a[side] = N.add(a[side], N.sub(l.debit, l.credit));
      by.set(l.account, a);
    }
  };
  add(closed, 'closed');
  add(recomputed, 'recomputed');
  const out: MigrationDifferenceLine[] = [];
  for (const [account, a] of [...by].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const difference = N.sub(a.recomputed, a.closed);
    if (!N.isZero(difference)) out.push({ account, name: a.name, closed: a.closed, recomputed: a.recomputed, difference });
  }
  return out;
}

/** Entries (1) and (2) and the checklist from one run as of the cut-over. */
function entriesAt(run: EngineResult, date: number): Omit<Migration, 'closedPeriods'> {
  const prep = run.prepared;
  const S = prep.scales;
  const chart = prep.chart;
  const nameOf = (code: string): string => chart.accounts.get(code)?.name ?? code;
  const COGS = chart.role('CostOfGoodsSold');
  const SRNB = chart.role('StockReceivedNotBilled');
  const stockSet = stockAccounts(prep);

  // Stock value on hand per location and per account, and the part the books already carry.
  const byLocation = new Map<string, { value: Fixed; existing: Fixed }>();
  const byAccount = new Map<string, { value: Fixed; existing: Fixed }>();
  for (const l of run.journal.lines) {
    if (!stockSet.has(l.account)) continue;
    const opening = l.kind === 'Opening' ? l.amount : 0;
    const a = byAccount.get(l.account) ?? { value: 0, existing: 0 };
    byAccount.set(l.account, { value: N.add(a.value, l.amount), existing: N.add(a.existing, opening) });
    if (l.location !== undefined) {
      const b = byLocation.get(l.location) ?? { value: 0, existing: 0 };
      byLocation.set(l.location, { value: N.add(b.value, l.amount), existing: N.add(b.existing, opening) });
    }
  }
  const stock: MigrationStockLine[] = [];
  for (const info of prep.locations.values()) {
    const b = byLocation.get(info.code) ?? { value: 0, existing: 0 };
    stock.push({ location: info.code, account: info.stockAccount, resolvedAt: info.resolvedAt, resolvedFrom: info.resolvedFrom, value: b.value, existing: b.existing });
  }
  const accountOrder = [...byAccount.keys()].sort();
  for (const info of prep.locations.values()) {
    if (info.stockAccount !== undefined && !byAccount.has(info.stockAccount)) {
      byAccount.set(info.stockAccount, { value: 0, existing: 0 });
      accountOrder.push(info.stockAccount);
    }
  }
  // Locations per stock account, grouped once (not one scan of all locations per account).
  const locationsOf = new Map<string, string[]>();
  for (const info of prep.locations.values()) {
    if (info.stockAccount === undefined) continue;
    const list = locationsOf.get(info.stockAccount);
    if (list === undefined) locationsOf.set(info.stockAccount, [info.code]);
    else list.push(info.code);
  }
  const accounts: MigrationAccountLine[] = accountOrder.map((code) => {
    const a = byAccount.get(code) as { value: Fixed; existing: Fixed };
    const locations = locationsOf.get(code) ?? [];
    return { account: code, name: nameOf(code), locations, stockValue: a.value, existing: a.existing, adjustment: N.sub(a.value, a.existing) };
  });

  const journal: MigrationJournalLine[] = [];
  let entry = 0;
  const line = (account: string, amount: Fixed, memo: string): void => {
    if (N.isZero(amount)) return;
    const debit = N.sign(amount) > 0 ? amount : 0;
    const credit = N.sign(amount) < 0 ? N.neg(amount) : 0;
    journal.push({ entry, date, account, name: nameOf(account), debit, credit, memo });
  };

  // (1) Stock on hand out of expense into each stock account.
  for (const a of accounts) {
    if (N.isZero(a.adjustment)) continue;
    entry++;
    const where = a.locations.length > 0 ? ` (${a.locations.join(', ')})` : '';
    const memo =
      N.sign(a.adjustment) > 0
        ? `Stock on hand${where} moved from expense to stock: value ${N.toDecimalString(a.stockValue, S.p)} less ${N.toDecimalString(a.existing, S.p)} already carried`
        : `Stock account${where} carries more than is on hand: value ${N.toDecimalString(a.stockValue, S.p)}, carried ${N.toDecimalString(a.existing, S.p)}`;
    line(a.account, a.adjustment, memo);
    line(COGS, N.neg(a.adjustment), memo);
  }

  // (2) Goods received, not billed: their liability into Stock Received Not Billed.
  const receiptAccount = new Map<number, string>();
  const ROUNDING = chart.role('Rounding');
  for (const l of run.journal.lines) {
    if (l.kind !== 'Receipt' && l.kind !== 'DropShip') continue;
    if (l.account === SRNB || l.account === ROUNDING) continue;
    const key = l.source.row;
    if (!receiptAccount.has(key) && N.sign(l.amount) > 0) receiptAccount.set(key, l.account);
  }
  const receiptsNotBilled: ReceiptNotBilled[] = [];
  for (const r of run.valuation.receipts) {
    const running = run.journal.receiptRunning[r.seq] ?? 0;
    const value = N.neg(N.rescale(running, S.v, S.p));
    const qty = N.sub(N.sub(r.qty, r.billedQty), r.returnedQty);
    if (N.isZero(value) && N.sign(qty) <= 0) continue;
    const itemKind = prep.items.get(r.item)?.kind ?? 'Stock';
    const kind: ReceiptNotBilled['kind'] = r.dropShip ? 'DropShip' : itemKind === 'Stock' ? 'Stock' : 'Expense';
    // Stock and drop shipments: their cost is in COGS on the periodic books' side; expense items
    // went to their own expense account.
    const debitAccount = kind === 'Expense' ? (receiptAccount.get(r.source.row) ?? COGS) : COGS;
    receiptsNotBilled.push({ seq: r.seq, doc: r.doc, order: r.order, party: r.party, date: r.date, item: r.item, location: r.location, kind, qty, value, debitAccount });
  }
  const srnbTotal = receiptsNotBilled.reduce<Fixed>((s, r) => N.add(s, r.value), 0);
  if (!N.isZero(srnbTotal)) {
    entry++;
    const byDebit = new Map<string, Fixed>();
    for (const r of receiptsNotBilled) byDebit.set(r.debitAccount, N.add(byDebit.get(r.debitAccount) ?? 0, r.value));
    const memo = `Goods received not billed at cut-over (${receiptsNotBilled.length} receipt${receiptsNotBilled.length === 1 ? '' : 's'})`;
    for (const [account, amount] of byDebit) line(account, amount, memo);
    line(SRNB, N.neg(srnbTotal), memo);
  }

  let debits: Fixed = 0;
  let credits: Fixed = 0;
  for (const l of journal) {
    debits = N.add(debits, l.debit);
    credits = N.add(credits, l.credit);
  }

  const checklist = readiness(run);
  return {
    cutOver: date,
    asOf: run,
    stock,
    accounts,
    journal,
    receiptsNotBilled,
    checklist,
    debits,
    credits,
    ready: checklist.every((c) => c.status === 'OK'),
  };
}

/** Default accounts present in the user's chart, and a stock account for every location. */
export function readiness(result: EngineResult): ReadinessItem[] {
  const prep = result.prepared;
  const chart = prep.chart;
  const out: ReadinessItem[] = [];
  const defaulted = new Set(chart.defaultedRoles);
  for (const role of READINESS_ROLES) {
    const code = chart.role(role);
    const name = chart.accounts.get(code)?.name ?? code;
    if (chart.usedDefaultChart) {
      out.push({ check: 'Default account', subject: role, status: 'OK', detail: `No Accounts table: the default chart is used (${code} ${name}).`, fix: undefined });
    } else if (defaulted.has(role)) {
      out.push({
        check: 'Default account',
        subject: role,
        status: 'Missing',
        detail: `No account in your Accounts table has Role ${role}; Perpetua uses ${code} ${name} meanwhile.`,
        fix: `Accounts table: give one of your accounts Role ${role}, or add a row for it.`,
      });
    } else {
      out.push({ check: 'Default account', subject: role, status: 'OK', detail: `${code} ${name}`, fix: undefined });
    }
  }
  const inventory = chart.role('Inventory');
  for (const info of prep.locations.values()) {
    switch (info.resolvedAt) {
      case 'location':
        out.push({ check: 'Location stock account', subject: info.code, status: 'OK', detail: `StockAccount ${info.stockAccount ?? ''} set on the location.`, fix: undefined });
        break;
      case 'parent':
        out.push({ check: 'Location stock account', subject: info.code, status: 'OK', detail: `StockAccount ${info.stockAccount ?? ''} inherited from parent location ${info.resolvedFrom ?? ''}.`, fix: undefined });
        break;
      case 'company':
        out.push({ check: 'Location stock account', subject: info.code, status: 'OK', detail: `Company default: the Inventory account ${inventory}.`, fix: undefined });
        break;
      case 'missing':
        out.push({
          check: 'Location stock account',
          subject: info.code,
          status: 'Missing',
          detail: info.problem ?? 'No stock account could be resolved (a missing, circular or too deep Parent chain).',
          fix: `Locations table: set StockAccount on ${info.code} or on a parent location to an account in the Accounts table, and check the Parent chain.`,
        });
        break;
      default: {
        const never: never = info.resolvedAt;
        return never;
      }
    }
  }
  return out;
}
