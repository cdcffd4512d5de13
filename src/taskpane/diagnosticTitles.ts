/**
 * A diagnostic group's heading in words ("Qty is not a number"), the stable code shown after it.
 * Built from the code's documented patterns (docs/diagnostics.md: <COLUMN>_NOT_NUMBER,
 * MISSING_<COLUMN>, UNKNOWN_<THING>), a few codes whose words are not in their name, else the code
 * itself in sentence case, so a new code still reads as words.
 */
const WORDS: Readonly<Record<string, string>> = {
  TABLE_MISSING: 'A table is missing',
  CELL_ERROR: 'A cell holds an Excel error',
  BAD_DATE: 'Not a date',
  BAD_BOOLEAN: 'Not TRUE or FALSE',
  BAD_TEXT: 'Not usable as text',
  NOT_POSITIVE: 'Must be more than zero',
  NUMBER_PRECISION: 'More than 15 significant digits',
  NEGATIVE_STOCK: 'Stock would go below zero',
};

const COLUMNS: Readonly<Record<string, string>> = {
  QTY: 'Qty',
  UNITCOST: 'UnitCost',
  UNITPRICE: 'UnitPrice',
  AMOUNT: 'Amount',
  FXRATE: 'FxRate',
  STANDARDCOST: 'StandardCost',
  WEIGHT: 'Weight',
  VOLUME: 'Volume',
  REORDERLEVEL: 'ReorderLevel',
  REORDERQTY: 'ReorderQty',
  LEADTIMEDAYS: 'LeadTimeDays',
  SCRAPPCT: 'ScrapPct',
  LABORCOST: 'LaborCost',
  OVERHEADCOST: 'OverheadCost',
};

function sentence(words: string): string {
  const lower = words.toLowerCase().replace(/_/g, ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export function diagnosticTitle(code: string): string {
  const known = WORDS[code];
  if (known !== undefined) return known;
  const notNumber = /^([A-Z]+)_NOT_NUMBER$/.exec(code);
  if (notNumber !== null) return `${COLUMNS[notNumber[1] ?? ''] ?? sentence(notNumber[1] ?? '')} is not a number`;
  const missing = /^MISSING_(.+)$/.exec(code);
  if (missing !== null) return `Missing ${sentence(missing[1] ?? '').toLowerCase()}`;
  const unknown = /^UNKNOWN_(.+)$/.exec(code);
  if (unknown !== null) return `Unknown ${sentence(unknown[1] ?? '').toLowerCase()}`;
  return sentence(code);
}
