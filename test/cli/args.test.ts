import { isoDateToSerial, parseArgs } from '../../src/cli/args';

describe('isoDateToSerial: days since 1899-12-30, no time zone', () => {
  test.each([
    ['2026-03-01', 46082],
    ['1900-03-01', 61],
    ['1970-01-01', 25569],
    ['2000-02-29', 36585],
    ['2026-03-31T23:59:59Z', 46112],
  ])('%s is serial %d', (iso, serial) => {
    expect(isoDateToSerial(iso)).toBe(serial);
  });

  test.each(['2026-02-29', '2026-13-01', '2026-3-1', '31/03/2026', 'yesterday', '', '1899-12-30'])('%s is not a date', (text) => {
    expect(isoDateToSerial(text)).toBeUndefined();
  });
});

describe('parseArgs', () => {
  test('the full command, flag names as the SPEC spells them, values case-insensitive', () => {
    expect(
      parseArgs(['value', 'in.xlsx', '--out', 'o.xlsx', '--json', '-', '--method', 'lifo', '--period', 'QUARTER', '--as-of', '2026-03-31']),
    ).toEqual({
      kind: 'value',
      input: 'in.xlsx',
      out: 'o.xlsx',
      json: '-',
      method: 'LIFO',
      period: 'Quarter',
      asOf: 46112,
      asOfText: '2026-03-31',
    });
  });

  test('--flag=value works too', () => {
    expect(parseArgs(['value', 'dir', '--method=average', '--json=out.json'])).toEqual({
      kind: 'value',
      input: 'dir',
      method: 'AVERAGE',
      json: 'out.json',
    });
  });

  test('help and version', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['value', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
  });

  test.each([
    [[], /missing command/],
    [['valuate', 'x'], /unknown command/],
    [['value'], /missing <input>/],
    [['value', 'a', 'b'], /unexpected argument "b"/],
    [['value', 'a', '--bogus'], /unknown option --bogus/],
    [['value', 'a', '--out'], /--out needs a value/],
    [['value', 'a', '--json', '--method', 'FIFO'], /--json needs a value/],
    [['value', 'a', '--method', 'HIFO'], /--method must be one of FIFO, LIFO, AVERAGE, STANDARD, LAST, SPECIFIC/],
    [['value', 'a', '--period', 'Week'], /--period must be one of Month, Quarter, Year, All/],
    [['value', 'a', '--as-of', '31/03/2026'], /--as-of must be a date/],
    [['value', 'a', '--out', 'x.csv'], /--out must name an .xlsx file/],
    [['value', 'a', '--method', 'FIFO', '--method', 'LIFO'], /more than once/],
  ])('%j is a usage error', (argv, message) => {
    const cmd = parseArgs(argv);
    expect(cmd.kind).toBe('usage-error');
    if (cmd.kind === 'usage-error') expect(cmd.message).toMatch(message);
  });
});
