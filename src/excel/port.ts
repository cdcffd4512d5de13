/**
 * The slice of the Excel JavaScript API that Perpetua's adapter uses, as structural interfaces.
 *
 * Why not use `Excel.RequestContext` directly: the adapter must run against real Excel and against
 * the in-memory Excel (src/excel/memory) in tests, the bench and the task-pane e2e page. Each
 * interface below is a subset of the matching @types/office-js class, so a real
 * `Excel.RequestContext` is assignable to `XlContext` (checked at compile time in office.ts) and
 * the in-memory classes implement the same interfaces without casts.
 *
 * Rules the adapter follows, as in Office.js: property reads need `load(...)` and `sync()` first;
 * writes are queued and sent on the next `sync()`; a `...OrNullObject` result is only known after
 * a sync (`isNullObject`).
 *
 * API sets used (manifest Requirements): ExcelApi 1.7 at most — settings/getItemOrNullObject/
 * getUsedRangeOrNullObject (1.4), suspendApiCalculationUntilNextSync (1.6), freezePanes and chart
 * series (1.7), Table.showTotals (1.3). One call above the manifest's set, Table.resize (1.13), is
 * used only after `Office.context.requirements.isSetSupported('ExcelApi', '1.13')` says so
 * (write.ts tableResizeSupported); without it a refresh inserts and deletes body rows (1.1).
 */

export interface XlLoadable<Self> {
  load(propertyNames?: string | string[]): Self;
}

export interface XlClientResult<T> {
  readonly value: T;
}

export interface XlRangeFont {
  bold: boolean;
  color: string;
}

export interface XlRangeFill {
  color: string;
}

export interface XlRangeFormat {
  readonly font: XlRangeFont;
  readonly fill: XlRangeFill;
  columnWidth: number;
  horizontalAlignment: string;
  autofitColumns(): void;
}

export interface XlRange extends XlLoadable<XlRange> {
  /** Sheet-qualified A1 address, e.g. "'Stock Ledger'!A1:C10". */
  readonly address: string;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly isNullObject: boolean;
  values: unknown[][];
  /** A 1 x 1 array applies one format to every cell of the range (Excel broadcasts it). */
  numberFormat: unknown[][];
  readonly valueTypes: string[][];
  /** Formulas ("=SUM(...)") or values, written as a formula bar entry would be. */
  formulas: unknown[][];
  readonly format: XlRangeFormat;
  readonly worksheet: XlWorksheet;
  select(): void;
  clear(applyTo?: 'All' | 'Formats' | 'Contents'): void;
  getEntireRow(): XlRange;
  /** On entire rows: inserts that many rows here, shifting what is below down (tables grow). */
  insert(shift: 'Down'): XlRange;
  /** On entire rows: deletes them, shifting what is below up (tables shrink). */
  delete(shift: 'Up'): void;
}

export interface XlTableRowCollection {
  getCount(): XlClientResult<number>;
}

export interface XlTable extends XlLoadable<XlTable> {
  name: string;
  readonly isNullObject: boolean;
  readonly rows: XlTableRowCollection;
  readonly worksheet: XlWorksheet;
  /** Whether the totals row shows (ExcelApi 1.3). */
  showTotals: boolean;
  getRange(): XlRange;
  getDataBodyRange(): XlRange;
  getHeaderRowRange(): XlRange;
  getTotalRowRange(): XlRange;
  /** ExcelApi 1.13: the table takes the new range (same header row). Feature-detect before use. */
  resize(newRange: XlRange | string): void;
  delete(): void;
}

export interface XlTableCollection extends XlLoadable<XlTableCollection> {
  readonly items: XlTable[];
  add(address: XlRange | string, hasHeaders: boolean): XlTable;
  getItemOrNullObject(key: string): XlTable;
}

export interface XlFreezePanes {
  freezeRows(count?: number): void;
}

export interface XlChartTitle {
  text: string;
}

export interface XlChartSeries {
  name: string;
  setValues(sourceData: XlRange): void;
  setXAxisValues(sourceData: XlRange): void;
}

export interface XlChartSeriesCollection {
  add(name?: string, index?: number): XlChartSeries;
  getItemAt(index: number): XlChartSeries;
}

export interface XlChart {
  name: string;
  readonly title: XlChartTitle;
  readonly series: XlChartSeriesCollection;
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void;
}

export type XlChartType = 'Line' | 'ColumnClustered';

export interface XlChartCollection {
  add(type: XlChartType, sourceData: XlRange, seriesBy?: 'Auto' | 'Columns' | 'Rows'): XlChart;
}

export interface XlWorksheet extends XlLoadable<XlWorksheet> {
  name: string;
  /** "Visible" | "Hidden" | "VeryHidden". */
  visibility: string;
  position: number;
  readonly isNullObject: boolean;
  readonly tables: XlTableCollection;
  readonly freezePanes: XlFreezePanes;
  readonly charts: XlChartCollection;
  getRange(address?: string): XlRange;
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XlRange;
  /** On an empty sheet Excel returns A1. */
  getUsedRange(valuesOnly?: boolean): XlRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange;
  delete(): void;
  activate(): void;
}

export interface XlWorksheetCollection extends XlLoadable<XlWorksheetCollection> {
  readonly items: XlWorksheet[];
  add(name?: string): XlWorksheet;
  getItem(key: string): XlWorksheet;
  getItemOrNullObject(key: string): XlWorksheet;
}

export interface XlSetting extends XlLoadable<XlSetting> {
  readonly isNullObject: boolean;
  readonly key: string;
  value: unknown;
  delete(): void;
}

export interface XlSettingCollection {
  add(key: string, value: string | number | boolean): XlSetting;
  getItemOrNullObject(key: string): XlSetting;
}

export interface XlApplication {
  suspendApiCalculationUntilNextSync(): void;
}

export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  readonly tables: XlTableCollection;
  readonly settings: XlSettingCollection;
  readonly application: XlApplication;
  getSelectedRange(): XlRange;
}

export interface XlContext {
  readonly workbook: XlWorkbook;
  sync(): Promise<void>;
}

/** Excel.run, or the in-memory equivalent: runs a batch against a fresh request context. */
export type XlRun = <T>(batch: (context: XlContext) => Promise<T>) => Promise<T>;

/** Error codes as Office.js reports them in `error.code` (OfficeExtension.Error). */
export const XL_ERRORS = {
  propertyNotLoaded: 'PropertyNotLoaded',
  invalidArgument: 'InvalidArgument',
  itemNotFound: 'ItemNotFound',
  itemAlreadyExists: 'ItemAlreadyExists',
  payloadTooLarge: 'RequestPayloadSizeLimitExceeded',
  invalidOperation: 'InvalidOperation',
  generalException: 'GeneralException',
} as const;

/** The largest request or response Excel on the web accepts in one sync. */
export const XL_PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
export const XL_MAX_ROWS = 1_048_576;
export const XL_MAX_COLUMNS = 16_384;
