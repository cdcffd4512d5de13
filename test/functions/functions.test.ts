import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import * as path from 'path';
import { clearBooks } from '../../src/functions/core';
import { bookFunction, cogsFunction, excelError, fifoFunction, landedFunction, toExcel } from '../../src/functions/functions';

const IDS = ['BOOK', 'COGS', 'FIFO', 'LANDED', 'VALUE', 'QTY', 'AVGCOST', 'MARGIN', 'PERIODIC'];

interface Param {
  readonly name: string;
  readonly dimensionality?: string;
  readonly optional?: boolean;
}
interface Fn {
  readonly id: string;
  readonly name: string;
  readonly options?: { readonly cancelable?: boolean };
  readonly parameters: readonly Param[];
  readonly result: { readonly dimensionality?: string };
}

describe('functions.json metadata from the JSDoc', () => {
  let functions: Fn[] = [];
  let errors: string[] = [];
  beforeAll(async () => {
    const r = await generateCustomFunctionsMetadata(path.join(__dirname, '../../src/functions/functions.ts'));
    errors = r.errors;
    functions = (JSON.parse(r.metadataJson) as { functions: Fn[] }).functions;
  });

  test('no errors, every function listed', () => {
    expect(errors).toEqual([]);
    expect(functions.map((f) => f.id).sort()).toEqual([...IDS].sort());
    for (const f of functions) expect(f.name).toBe(f.id);
  });

  test('every function that runs the engine is cancelable (async, off the UI thread); LANDED is plain', () => {
    for (const f of functions) expect([f.id, f.options?.cancelable === true]).toEqual([f.id, f.id !== 'LANDED']);
  });

  test('BOOK takes the seven input tables as ranges, Movements first and required, and returns text', () => {
    const b = functions.find((f) => f.id === 'BOOK');
    expect(b?.parameters.map((p) => [p.name, p.dimensionality, p.optional === true])).toEqual([
      ['movements', 'matrix', false],
      ['settings', 'matrix', true],
      ['items', 'matrix', true],
      ['landedCosts', 'matrix', true],
      ['accounts', 'matrix', true],
      ['locations', 'matrix', true],
      ['kits', 'matrix', true],
    ]);
    expect(b?.result).toEqual({ type: 'string' });
  });

  test('range parameters and results are matrices; optional parameters are optional', () => {
    for (const f of functions) {
      if (f.id === 'BOOK') continue;
      expect(f.result.dimensionality).toBe('matrix');
      const first = f.parameters[0];
      expect(first?.dimensionality).toBe('matrix');
      expect(first?.optional ?? false).toBe(false);
      const item = f.parameters.find((p) => p.name === 'item');
      if (item !== undefined) expect(item.dimensionality).toBe('matrix');
    }
    const cogs = functions.find((f) => f.id === 'COGS');
    expect(cogs?.parameters.map((p) => [p.name, p.optional === true])).toEqual([
      ['movements', false],
      ['item', true],
      ['from', true],
      ['to', true],
      ['method', true],
    ]);
  });
});

describe('Excel error conversion', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'CustomFunctions');
    clearBooks();
  });

  class FakeError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }

  test('a cancelled invocation: onCanceled is set, and the book is still made for the others', async () => {
    const invocation: CustomFunctions.CancelableInvocation = { onCanceled: undefined };
    const grid = [
      ['Date', 'Type', 'Item', 'Qty', 'UnitCost'],
      ['2026-03-02', 'Receipt', 'COAT', 10, 100],
    ];
    const pending = bookFunction(grid, undefined, undefined, undefined, undefined, undefined, undefined, invocation);
    expect(typeof invocation.onCanceled).toBe('function');
    invocation.onCanceled?.();
    await expect(pending).rejects.toThrow('cancelled');
    await expect(bookFunction(grid)).resolves.toMatch(/^Book [0-9a-f]{12} · 1 movement$/);
  });

  test('in Excel: CustomFunctions.Error with the ErrorCode and the message, thrown for the whole call', async () => {
    Reflect.set(globalThis, 'CustomFunctions', { Error: FakeError, ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!' } });
    const e = excelError({ error: 'notAvailable', message: 'Item X has no movements in this table.' });
    expect(e).toBeInstanceOf(FakeError);
    expect((e as FakeError).code).toBe('#N/A');
    expect(e.message).toBe('Item X has no movements in this table.');
    await expect(cogsFunction([['Date', 'Type', 'Item', 'Qty']])).rejects.toBeInstanceOf(FakeError);
  });

  test('per-cell errors stay in their cells; numbers pass through', async () => {
    const grid = [
      ['Date', 'Type', 'Item', 'Qty', 'UnitCost'],
      ['2026-03-02', 'Receipt', 'COAT', 10, 100],
      ['2026-03-04', 'Shipment', 'COAT', 2, ''],
    ];
    const out = await cogsFunction(grid, [['COAT'], ['HAT']]);
    expect(out[0]).toEqual([200]);
    expect(out[1]?.[0]).toBeInstanceOf(Error);
    expect(await fifoFunction(grid, [['COAT']], undefined, 'layers')).toEqual([
      ['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value'],
      [46083, '', 8, 100, 800],
    ]);
    expect(landedFunction([[1], [3]], 10)).toEqual([[2.5], [7.5]]);
    expect(() => toExcel({ error: 'invalidValue', message: 'bad' })).toThrow('bad');
  });
});
