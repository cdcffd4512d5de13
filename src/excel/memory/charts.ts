/** Charts and their series in the in-memory request context: changes queue and apply at sync. */
import type { XlChart, XlChartSeries, XlChartSeriesCollection, XlChartTitle, XlRange } from '../port';
import { notLoaded, type MemoryChart, type MemoryChartSeries } from './model';
import type { MemoryRequestContext } from './context';
import { Ref, type RangeTarget } from './proxy';

export class ChartSeriesProxy implements XlChartSeries {
  constructor(private readonly ctx: MemoryRequestContext, private readonly ref: Ref<MemoryChartSeries>) {}
  get name(): string {
    return notLoaded('name');
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      this.ref.get().name = name;
    });
  }
  setValues(sourceData: XlRange): void {
    this.ctx.enqueue(() => {
      this.ref.get().values = this.ctx.targetOf(sourceData, undefined);
    });
  }
  setXAxisValues(sourceData: XlRange): void {
    this.ctx.enqueue(() => {
      this.ref.get().xValues = this.ctx.targetOf(sourceData, undefined);
    });
  }
}

export class ChartProxy implements XlChart {
  readonly title: XlChartTitle;
  readonly series: XlChartSeriesCollection;
  constructor(private readonly ctx: MemoryRequestContext, private readonly ref: Ref<MemoryChart>) {
    const chart = ref;
    this.title = {
      get text(): string {
        return notLoaded('text');
      },
      set text(text: string) {
        ctx.enqueue(() => {
          chart.get().title = text;
        });
      },
    };
    this.series = {
      add: (name?: string): XlChartSeries => {
        const seriesRef = new Ref<MemoryChartSeries>(() => undefined, 'new series');
        ctx.enqueue(() => {
          const s: MemoryChartSeries = { name: name ?? '' };
          chart.get().series.push(s);
          seriesRef.bindTo(s);
        });
        return new ChartSeriesProxy(ctx, seriesRef);
      },
      getItemAt: (index: number): XlChartSeries =>
        new ChartSeriesProxy(ctx, new Ref(() => chart.get().series[index], `series ${index}`)),
    };
  }
  get name(): string {
    return notLoaded('name');
  }
  set name(name: string) {
    this.ctx.enqueue(() => {
      this.ref.get().name = name;
    });
  }
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void {
    this.ctx.enqueue(() => {
      const where = (cell: XlRange | string): RangeTarget => this.ctx.targetOf(cell, undefined, this.ctx.sheetOfChart(this.ref.get()));
      this.ref.get().position = endCell === undefined ? { start: where(startCell) } : { start: where(startCell), end: where(endCell) };
    });
  }
}
