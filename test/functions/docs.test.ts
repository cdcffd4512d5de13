/**
 * docs/functions.md shows each INV function on the demo workbook with its answer; this recomputes
 * every answer with the functions and the engine, and checks that every function has an example.
 */
import { readFileSync } from 'fs';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { join } from 'path';
import { computeExamples, DOC, docExamples, functionOf } from './docExamples';

test('every example in docs/functions.md shows the answer the functions give on samples/demo.xlsx', async () => {
  const inDoc = docExamples(readFileSync(DOC, 'utf8'));
  const computed = await computeExamples();
  expect(inDoc.length).toBeGreaterThan(10);
  expect(inDoc).toEqual(computed);
});

test('every INV function has an example', async () => {
  const meta = await generateCustomFunctionsMetadata(join(__dirname, '../../src/functions/functions.ts'));
  const ids = (JSON.parse(meta.metadataJson) as { functions: { id: string }[] }).functions.map((f) => f.id);
  const shown = new Set(docExamples(readFileSync(DOC, 'utf8')).map((e) => functionOf(e.formula)));
  for (const id of ids) expect(shown.has(id) ? id : `no example for ${id}`).toBe(id);
});
