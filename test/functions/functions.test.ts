import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import * as path from 'path';
import { clearCache } from '../../src/functions/core';
import { cogsFunction, excelError, fifoFunction, landedFunction, toExcel } from '../../src/functions/functions';

const IDS = ['COGS', 'FIFO', 'LANDED', 'VALUE', 'QTY', 'AVGCOST', 'MARGIN', 'PERIODIC'];

interface Param {
  readonly name: string;
  readonly dimensionality?: string;
  readonly optional?: boolean;
}
interface Fn {
  readonly id: string;
  readonly name: string;
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

  test('range parameters and results are matrices; optional parameters are optional', () => {
    for (const f of functions) {
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
    clearCache();
  });

  class FakeError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }

  test('in Excel: CustomFunctions.Error with the ErrorCode and the message, thrown for the whole call', () => {
    Reflect.set(globalThis, 'CustomFunctions', { Error: FakeError, ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!' } });
    const e = excelError({ error: 'notAvailable', message: 'Item X has no movements in this table.' });
    expect(e).toBeInstanceOf(FakeError);
    expect((e as FakeError).code).toBe('#N/A');
    expect(e.message).toBe('Item X has no movements in this table.');
    expect(() => cogsFunction([['Date', 'Type', 'Item', 'Qty']])).toThrow(FakeError);
  });

  test('per-cell errors stay in their cells; numbers pass through', () => {
    const grid = [
      ['Date', 'Type', 'Item', 'Qty', 'UnitCost'],
      ['2026-03-02', 'Receipt', 'COAT', 10, 100],
      ['2026-03-04', 'Shipment', 'COAT', 2, ''],
    ];
    const out = cogsFunction(grid, [['COAT'], ['HAT']]);
    expect(out[0]).toEqual([200]);
    expect(out[1]?.[0]).toBeInstanceOf(Error);
    expect(fifoFunction(grid, [['COAT']], undefined, 'layers')).toEqual([[46083, '', 8, 100, 800]]);
    expect(landedFunction([[1], [3]], 10)).toEqual([[2.5], [7.5]]);
    expect(() => toExcel({ error: 'invalidValue', message: 'bad' })).toThrow('bad');
  });
});
