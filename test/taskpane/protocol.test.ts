import { handleRunRequest, progressForwarder, type WorkerMessage } from '../../src/taskpane/engineProtocol';
import { demoTables } from './demoTables';
import { difference, formatMoney, marginPercent, sameAmount } from '../../src/taskpane/format';
import { themeFromOffice } from '../../src/taskpane/theme';
import { withSetting } from '../../src/taskpane/settingsModel';

describe('engine worker protocol', () => {
  test('posts stages and a structured-cloneable result', () => {
    const messages: WorkerMessage[] = [];
    handleRunRequest({ type: 'run', tables: demoTables('coats'), options: {} }, (m) => messages.push(m));
    const stages = messages.filter((m) => m.type === 'progress').map((m) => (m.type === 'progress' ? m.stage : ''));
    expect(stages).toEqual(expect.arrayContaining(['read', 'prepare', 'value', 'post', 'render']));
    const last = messages[messages.length - 1];
    expect(last?.type).toBe('result');
    if (last?.type !== 'result') return;
    expect(last.run.summary.totals.cogs).toBe('200.00');
    expect(() => structuredClone(last.run)).not.toThrow();
  });

  test('progress: every stage change and stage end goes out; within a stage one post per 100 ms', () => {
    const posted: string[] = [];
    let clock = 0;
    const forward = progressForwarder((m) => {
      if (m.type === 'progress') posted.push(`${clock}:${m.stage}:${m.done}/${m.total}`);
    }, () => clock);
    forward('prepare', 0, 1);
    clock = 10;
    forward('value', 0, 200_000);
    clock = 60;
    forward('value', 65_536, 200_000); // 50 ms after the last post: held back
    clock = 130;
    forward('value', 131_072, 200_000);
    clock = 140;
    forward('value', 200_000, 200_000); // the stage's end always goes out
    clock = 150;
    forward('post', 0, 1);
    expect(posted).toEqual(['0:prepare:0/1', '10:value:0/200000', '130:value:131072/200000', '140:value:200000/200000', '150:post:0/1']);
  });

  test('an engine failure becomes an error message, not a crash', () => {
    const messages: WorkerMessage[] = [];
    handleRunRequest({ type: 'run', tables: demoTables('coats'), options: {} }, (m) => {
      if (m.type === 'progress' && m.stage === 'value') throw new Error('boom');
      messages.push(m);
    });
    expect(messages[messages.length - 1]).toEqual({ type: 'error', message: 'boom' });
  });
});

describe('pane helpers', () => {
  test('money stays exact decimal text', () => {
    expect(sameAmount('1200.00', '1200')).toBe(true);
    expect(sameAmount('0.10', '0.1000001')).toBe(false);
    expect(difference('604.00', '592.00')).toBe('12.00');
    expect(formatMoney('-1234567.50', 'USD')).toBe('-1,234,567.50 USD');
    expect(marginPercent('300.00', '500.00')).toBe('60.0%');
    expect(marginPercent('1', '0')).toBeUndefined();
  });

  test('theme follows the Office body background', () => {
    expect(themeFromOffice({ bodyBackgroundColor: '#262626' }, false)).toBe('dark');
    expect(themeFromOffice({ bodyBackgroundColor: '#FFFFFF' }, true)).toBe('light');
    expect(themeFromOffice(undefined, true)).toBe('dark');
  });

  test('withSetting changes a run’s Settings, not the grid it was given', () => {
    const tables = demoTables('coats');
    const changed = withSetting(tables, 'CutOverDate', '2026-03-31');
    expect(changed.Settings?.[changed.Settings.length - 1]).toEqual(['CutOverDate', '2026-03-31']);
    expect(tables.Settings?.some((r) => r[0] === 'CutOverDate')).toBe(false);
  });
});
