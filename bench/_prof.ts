import { prepare } from '../src/engine/prepare';
import { Poster } from '../src/engine/post';
import { valueMovements } from '../src/engine/valuation/walk';
import { readWorkbook } from '../src/workbook/read';
import { movementsGrid } from '../bench/generate';
const g = movementsGrid(200_000, 1000, 1, 42);
const read = readWorkbook({ Movements: g });
for (let k = 0; k < 2; k++) {
const t0 = Date.now();
const prep = prepare(read.inputs, {}, []);
const poster = new Poster(prep.scales, prep.chart.role('Rounding'));
valueMovements(prep, [], poster);
poster.finish();
console.log('ms', Date.now() - t0);
}
