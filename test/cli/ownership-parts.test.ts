/**
 * The two small part edits behind --out's ownership and titles (webExtension.ts, appProps.ts) on
 * hand-written parts: only the named attribute or run of titles changes, odd but legal XML is
 * handled, and what cannot be edited soundly is left alone.
 */
import { withWorksheetTitles } from '../../src/cli/appProps';
import { decodeOwnershipValue, encodeOwnershipValue, withOwnershipValue } from '../../src/cli/webExtension';
import { PackageError } from '../../src/cli/zipRead';
import type { OwnershipRecord } from '../../src/workbook/ownership';
import { xmlProblems } from '../support/xlsxParts';

const VT = 'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"';

function app(pairs: string, titles: string, size: number, pairSize = 4): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ${VT}><Application>Microsoft Excel</Application>` +
      `<HeadingPairs><vt:vector size="${pairSize}" baseType="variant">${pairs}</vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${size}" baseType="lpstr">${titles}</vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>`,
    'utf8',
  );
}

const pair = (label: string, n: number): string => `<vt:variant><vt:lpstr>${label}</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant>`;
const titles = (names: readonly string[]): string => names.map((n) => `<vt:lpstr>${n}</vt:lpstr>`).join('');

describe('docProps/app.xml worksheet titles', () => {
  test('Worksheets after Charts: a sheet removed and one added, the chart and named range kept', () => {
    const before = app(pair('Charts', 1) + pair('Worksheets', 2) + pair('Named Ranges', 1), titles(['Chart1', 'Data', 'Journal', 'Data!Print_Area']), 4, 6);
    const after = withWorksheetTitles('docProps/app.xml', before, ['Data', 'Journal'], ['Data', 'Stock & Co', '_Perpetua'])?.toString('utf8');
    expect(after).toBe(
      app(pair('Charts', 1) + pair('Worksheets', 3) + pair('Named Ranges', 1), titles(['Chart1', 'Data', 'Stock &amp; Co', '_Perpetua', 'Data!Print_Area']), 5, 6).toString('utf8'),
    );
    expect(xmlProblems(new Map([['docProps/app.xml', Buffer.from(after ?? '', 'utf8')]]))).toEqual([]);
  });

  test('unchanged titles give the part back as it was', () => {
    const before = app(pair('Worksheets', 2), titles(['A', 'B']), 2, 2);
    expect(withWorksheetTitles('docProps/app.xml', before, ['A', 'B'], ['A', 'B'])).toBe(before);
  });

  test('no Worksheets pair yet (only charts): one is put first', () => {
    const before = app(pair('Charts', 1), titles(['Chart1']), 1, 2);
    expect(withWorksheetTitles('docProps/app.xml', before, [], ['Journal'])?.toString('utf8')).toBe(app(pair('Worksheets', 1) + pair('Charts', 1), titles(['Journal', 'Chart1']), 2, 4).toString('utf8'));
  });

  test('a localised label ("Arbeitsblätter") is found by its titles and kept; an unknown one is left alone', () => {
    const german = app(pair('Arbeitsblätter', 2) + pair('Benannte Bereiche', 1), titles(['Daten', 'Journal', 'Daten!Druckbereich']), 3, 4);
    expect(withWorksheetTitles('docProps/app.xml', german, ['Daten', 'Journal'], ['Daten', 'Journal', '_Perpetua'])?.toString('utf8')).toBe(
      app(pair('Arbeitsblätter', 3) + pair('Benannte Bereiche', 1), titles(['Daten', 'Journal', '_Perpetua', 'Daten!Druckbereich']), 4, 4).toString('utf8'),
    );
    // No pair says "Worksheets" and none lists the workbook's worksheets: not understood, not edited.
    expect(withWorksheetTitles('docProps/app.xml', german, ['Other'], ['Other', '_Perpetua'])).toBeUndefined();
  });

  test('text Excel cannot hold raw is written in its _xHHHH_ escapes', () => {
    const before = app(pair('Worksheets', 1), titles(['A']), 1, 2);
    expect(withWorksheetTitles('docProps/app.xml', before, ['A'], ['A', 'x_x0041_<'])?.toString('utf8')).toContain('<vt:lpstr>x_x005F_x0041_&lt;</vt:lpstr>');
  });

  test('left alone: no lists (as packageBuild writes it), counts that do not add up, not well formed', () => {
    const plain = Buffer.from('<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Perpetua</Application></Properties>');
    expect(withWorksheetTitles('docProps/app.xml', plain, [], ['A'])).toBeUndefined();
    expect(withWorksheetTitles('docProps/app.xml', app(pair('Worksheets', 3), titles(['A', 'B']), 2, 2), ['A', 'B'], ['A'])).toBeUndefined();
    expect(withWorksheetTitles('docProps/app.xml', Buffer.from('<Properties><HeadingPairs>'), [], ['A'])).toBeUndefined();
  });

  test('a DTD is refused', () => {
    const dtd = Buffer.from('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "y">]><Properties/>');
    expect(() => withWorksheetTitles('docProps/app.xml', dtd, [], ['A'])).toThrow(PackageError);
  });
});

const RECORD: OwnershipRecord = { version: 1, sheets: [{ key: 'journal', sheetName: "Bob's \"Journal\"", tables: ['PP_Journal'] }], pending: ['Journal (incomplete)'] };

describe('the add-in setting in the web extension part', () => {
  test('encoded as Office stores a string setting, the add-in page keys; decoded back to the CLI keys', () => {
    const value = encodeOwnershipValue(RECORD, 'string');
    expect(JSON.parse(JSON.parse(value) as string)).toEqual({ ...RECORD, sheets: [{ ...RECORD.sheets[0], key: 'journal#1' }] });
    expect(decodeOwnershipValue(value)).toEqual({ record: RECORD, form: 'string' });
    // A record stored as the JSON object itself is read too, and written back the same way.
    const plain = encodeOwnershipValue(RECORD, 'object');
    expect(decodeOwnershipValue(plain)).toEqual({ record: RECORD, form: 'object' });
  });

  test('only the value attribute of that property changes, in any quoting; comments and processing instructions are skipped', () => {
    const xml =
      "<we:webextension xmlns:we=\"urn:we\"><!-- <we:property name=\"Perpetua.Ownership\" value=\"old\"/> --><?pi <we:property name=\"Perpetua.Ownership\"?><we:properties>" +
      '<we:property label="a>b name=&quot;x" name="Other" value="1"/>' +
      "<we:property value='old' name='Perpetua.Ownership' />" +
      '<we:property name="Perpetua.Ownership" value="second"/></we:properties></we:webextension>';
    const out = withOwnershipValue(xml, '"{\\"a\\":\'1\'}"');
    expect(out).toBe(xml.replace("value='old' name", 'value="&quot;{\\&quot;a\\&quot;:\'1\'}&quot;" name'));
    expect(xmlProblems(new Map([['p.xml', Buffer.from(out ?? '', 'utf8')]]))).toEqual([]);
  });

  test('a property without a value gets one; a part without the property is not edited', () => {
    expect(withOwnershipValue('<p><property name="Perpetua.Ownership"/></p>', 'v')).toBe('<p><property name="Perpetua.Ownership" value="v"/></p>');
    expect(withOwnershipValue('<p><property name="Other" value="1"/></p>', 'v')).toBeUndefined();
  });
});
