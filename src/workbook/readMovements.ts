/**
 * Reads the Movements table: one typed Movement per valid row, in table order, and a diagnostic
 * for every problem of every row (all of a row's problems, not just the first). A row with an
 * error is left out, so the engine never sees it; the run goes on.
 *
 *   | Date       | Type    | Item | Qty | UnitCost |
 *   | 2026-03-02 | Receipt | COAT | 10  | 100      |  -> {seq: 0, source: {Movements, row 2}, date: 46083, type: Receipt, item: COAT, qty: 10, unitCost: 100}
 *   | 2026-03-04 | Sale    | COAT | -2  |          |  -> NEGATIVE_QTY (row 3, Qty)
 *
 * Rules (SPEC section 3): Date, Type, Item always required (MISSING_DATE, MISSING_TYPE,
 * MISSING_ITEM; UNKNOWN_TYPE). Qty required (MISSING_QTY) except on Bill and Invoice that give an
 * Amount, and on Revalue (ignored there, 0 when blank). Qty >= 0 on every type but Adjust and
 * Revalue (NEGATIVE_QTY; for Count the counted quantity). Transfer needs ToLocation
 * (MISSING_TO_LOCATION). Receipt and Opening need UnitCost (MISSING_UNIT_COST) unless the item
 * is valued at standard. Revalue needs UnitCost or Amount (MISSING_UNIT_COST). Bill needs Amount
 * or UnitCost (MISSING_AMOUNT); Invoice needs UnitPrice or Amount (MISSING_PRICE).
 * UnitCost >= 0 (NEGATIVE_UNIT_COST); FxRate > 0 (BAD_FX_RATE). Plus the cell-level codes of
 * readCore.ts (CELL_ERROR, QTY_NOT_NUMBER, BAD_DATE, NUMBER_TOO_LARGE, ...).
 *
 * Performance: the header is resolved once; the loop reads cells by index with the number/date
 * fast paths of RowReader and cached enum lookups (1,000,000 rows in a few hundred ms).
 */
import type { Diagnostic, Item, Method, Movement, MovementType } from '../engine/types';
import { display } from './cells';
import { BAD, RowReader, emptyTable, isBlankRow, resolveHeader, type Mutable } from './readCore';
import { MOVEMENT_TYPE } from './readEnums';
import { checkFxRate, type TableContract } from './readTables';
import type { CellGrid } from './sheet';
import type { DateReading } from './dateText';

export const MOVEMENTS_TABLE: TableContract = {
  name: 'Movements',
  required: ['Date', 'Type', 'Item', 'Qty'],
  optional: [
    'Doc',
    'Location',
    'ToLocation',
    'UnitCost',
    'UnitPrice',
    'Amount',
    'Currency',
    'FxRate',
    'Party',
    'Channel',
    'Order',
    'Batch',
    'Serial',
    'Expiry',
    'Account',
    'Memo',
    'Entered',
  ],
};

/** What the Movements rules need to know from the other tables. */
export interface MovementContext {
  /** Items by code (to know which are valued at standard cost). */
  readonly items: ReadonlyMap<string, Item>;
  /** The default method (Settings.Method). */
  readonly method: Method;
}

const TABLE = 'Movements';

/** True when the item's receipts may omit UnitCost: it has a StandardCost or is valued at STANDARD. */
function valuedAtStandard(ctx: MovementContext, code: string): boolean {
  const item = ctx.items.get(code);
  if (item === undefined) return ctx.method === 'STANDARD';
  return item.standardCost !== undefined || (item.method ?? ctx.method) === 'STANDARD';
}

export function readMovements(grid: CellGrid, ctx: MovementContext, out: Diagnostic[], dates: DateReading = {}): Movement[] {
  const movements: Movement[] = [];
  if (grid.length === 0 || (grid.length === 1 && isBlankRow(grid[0]))) {
    emptyTable(TABLE, 'error', out);
    return movements;
  }
  const header = resolveHeader(grid, TABLE, [...MOVEMENTS_TABLE.required, ...MOVEMENTS_TABLE.optional], MOVEMENTS_TABLE.required, out);
  if (!header.ok) return movements;
  const col = header.index;
  const cDate = col('Date');
  const cType = col('Type');
  const cItem = col('Item');
  const cQty = col('Qty');
  const cDoc = col('Doc');
  const cLocation = col('Location');
  const cToLocation = col('ToLocation');
  const cUnitCost = col('UnitCost');
  const cUnitPrice = col('UnitPrice');
  const cAmount = col('Amount');
  const cCurrency = col('Currency');
  const cFxRate = col('FxRate');
  const cParty = col('Party');
  const cChannel = col('Channel');
  const cOrder = col('Order');
  const cBatch = col('Batch');
  const cSerial = col('Serial');
  const cExpiry = col('Expiry');
  const cAccount = col('Account');
  const cMemo = col('Memo');
  const cEntered = col('Entered');

  const r = new RowReader(TABLE, out, dates);
  // One string per code: a host hands every cell its own string object (Excel's arguments and
  // JSON are deserialised cell by cell), and the engine keys its maps by these codes, so the same
  // object each time saves it hashing and comparing the characters again per movement.
  const codes = new Map<string, string>();
  const intern = (s: string): string => {
    const had = codes.get(s);
    if (had !== undefined) return had;
    codes.set(s, s);
    return s;
  };
  let rows = 0;
  for (let i = 1; i < grid.length; i++) {
    const cells = grid[i];
    if (cells === undefined) continue;
    // Most rows have a value in their first cell: then the row is not blank, no scan needed.
    const first = cells[0];
    if ((first === null || first === undefined || first === '' || typeof first === 'string') && isBlankRow(cells)) continue;
    rows++;
    const row = i + 1;
    r.begin(row);

    // --- cells ------------------------------------------------------------------------------
    const date = r.date(cells, cDate, 'Date');
    if (date === undefined) r.missing('Date', 'Fill in Date as an ISO date yyyy-mm-dd, e.g. 2026-03-31, an Excel date, or a date in the workbook\'s date order.');
    const typeText = r.text(cells, cType, 'Type');
    let type: MovementType | undefined;
    if (typeText === undefined) r.missing('Type', `Fill in Type: one of ${MOVEMENT_TYPE.list()}.`);
    else if (typeText !== BAD) {
      type = MOVEMENT_TYPE.match(typeText);
      if (type === undefined) {
        r.report('UNKNOWN_TYPE', 'error', `Type "${display(typeText)}" is not a movement type.`, 'Type', `Use one of: ${MOVEMENT_TYPE.list()}.`);
      }
    }
    const item = r.requiredText(cells, cItem, 'Item', 'Fill in Item: the item code this movement is about.');
    const qty = r.number(cells, cQty, 'Qty');
    const unitCost = r.number(cells, cUnitCost, 'UnitCost');
    const unitPrice = r.number(cells, cUnitPrice, 'UnitPrice');
    const amount = r.number(cells, cAmount, 'Amount');
    const fxRate = r.number(cells, cFxRate, 'FxRate');
    const doc = r.text(cells, cDoc, 'Doc');
    const location = r.text(cells, cLocation, 'Location');
    const toLocation = r.text(cells, cToLocation, 'ToLocation');
    const currency = r.text(cells, cCurrency, 'Currency');
    const party = r.text(cells, cParty, 'Party');
    const channel = r.text(cells, cChannel, 'Channel');
    const order = r.text(cells, cOrder, 'Order');
    const batch = r.text(cells, cBatch, 'Batch');
    const serial = r.text(cells, cSerial, 'Serial');
    const expiry = r.date(cells, cExpiry, 'Expiry');
    const account = r.text(cells, cAccount, 'Account');
    const memo = r.text(cells, cMemo, 'Memo');
    // Entered: when the row was recorded (closed periods, SPEC 4a); blank means the row's Date.
    const entered = r.date(cells, cEntered, 'Entered');

    // --- rules that depend on the type ------------------------------------------------------
    if (type !== undefined) {
      const qtyOptional = type === 'Revalue' || ((type === 'Bill' || type === 'Invoice') && amount !== undefined);
      if (qty === undefined && !qtyOptional) {
        r.missing(
          'Qty',
          type === 'Bill' || type === 'Invoice'
            ? `Fill in Qty, or give the ${type}'s total in Amount.`
            : `Fill in Qty: the positive quantity of the ${type}.`,
        );
      } else if (typeof qty === 'number' && qty < 0) {
        if (type === 'Count') {
          r.report('NEGATIVE_QTY', 'error', `Count Qty ${String(qty)} is negative.`, 'Qty', 'Count takes the counted quantity, zero or more; use Adjust for a signed correction.');
        } else if (type !== 'Adjust' && type !== 'Revalue') {
          r.report(
            'NEGATIVE_QTY',
            'error',
            `Qty ${String(qty)} is negative on a ${type}.`,
            'Qty',
            `Qty is the positive quantity moved and Type gives the direction: enter ${String(-qty)}, use the opposite type (e.g. CustomerReturn, SupplierReturn) or Adjust for a signed correction.`,
          );
        }
      }
      if (type === 'Transfer' && toLocation === undefined) {
        r.missing('ToLocation', 'A Transfer moves stock from Location to ToLocation: fill in ToLocation.');
      }
      if ((type === 'Receipt' || type === 'Opening') && unitCost === undefined && item !== undefined && !valuedAtStandard(ctx, item)) {
        r.missing('UnitCost', `Fill in UnitCost for the ${type}, or give the item a StandardCost in the Items table.`);
      }
      if (type === 'Revalue' && unitCost === undefined && amount === undefined) {
        r.missing('UnitCost', 'A Revalue needs the new UnitCost, or a signed Amount for a change in value.');
      }
      if (type === 'Bill' && amount === undefined && unitCost === undefined) {
        r.report('MISSING_AMOUNT', 'error', 'The Bill has neither Amount nor UnitCost.', 'Amount', "Fill in Amount (the bill's total) or UnitCost (the billed price per unit).");
      }
      if (type === 'Invoice' && unitPrice === undefined && amount === undefined) {
        r.report('MISSING_PRICE', 'error', 'The Invoice has neither UnitPrice nor Amount.', 'UnitPrice', "Fill in UnitPrice (per unit) or Amount (the invoice line's total).");
      }
    }
    if (typeof unitCost === 'number' && unitCost < 0) {
      r.report('NEGATIVE_UNIT_COST', 'error', `UnitCost ${String(unitCost)} is negative.`, 'UnitCost', 'Enter UnitCost as zero or more; to lower the value of stock use Revalue with a negative Amount.');
    }
    checkFxRate(r, fxRate);

    if (r.errors > 0 || type === undefined || item === undefined || typeof date !== 'number' || qty === BAD) continue;

    // --- the record -----------------------------------------------------------------------------
    // The four fields most rows fill are always keys (undefined when blank): every movement then
    // has one shape, held in one object, so the walk's reads of them see a single shape. Adding
    // them one by one gave each mix of filled columns its own shape and every movement a second
    // object for the added keys. The rarer fields are keys only when they have a value.
    const m: Mutable<Movement> = {
      seq: i - 1,
      source: { table: TABLE, row },
      date,
      type,
      item: intern(item),
      qty: qty ?? 0,
      doc: typeof doc === 'string' ? doc : undefined,
      location: typeof location === 'string' ? intern(location) : undefined,
      unitCost: typeof unitCost === 'number' ? unitCost : undefined,
      unitPrice: typeof unitPrice === 'number' ? unitPrice : undefined,
    };
    if (typeof toLocation === 'string') m.toLocation = intern(toLocation);
    if (typeof amount === 'number') m.amount = amount;
    if (typeof currency === 'string') m.currency = intern(currency.toUpperCase());
    if (typeof fxRate === 'number') m.fxRate = fxRate;
    if (typeof party === 'string') m.party = intern(party);
    if (typeof channel === 'string') m.channel = intern(channel);
    if (typeof order === 'string') m.order = order;
    if (typeof batch === 'string') m.batch = batch;
    if (typeof serial === 'string') m.serial = serial;
    if (typeof expiry === 'number') m.expiry = expiry;
    if (typeof account === 'string') m.account = intern(account);
    if (typeof memo === 'string') m.memo = memo;
    if (typeof entered === 'number') m.entered = entered;
    movements.push(m);
  }
  if (rows === 0) emptyTable(TABLE, 'error', out);
  return movements;
}
