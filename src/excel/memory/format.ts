/** Range formats of the in-memory request context: font, fill and format, queued on their range as one style. */
import { XL_ERRORS, type XlRangeFill, type XlRangeFont, type XlRangeFormat } from '../port';
import { fail, notLoaded } from './model';
import type { RangeProxy } from './context';

export class FontProxy implements XlRangeFont {
  constructor(private readonly range: RangeProxy) {}
  get bold(): boolean {
    return notLoaded('bold');
  }
  set bold(value: boolean) {
    this.range.queueStyle({ bold: value });
  }
  get color(): string {
    return notLoaded('color');
  }
  set color(value: string) {
    this.range.queueStyle({ fontColor: value });
  }
}

export class FillProxy implements XlRangeFill {
  constructor(private readonly range: RangeProxy) {}
  get color(): string {
    return notLoaded('color');
  }
  set color(value: string) {
    this.range.queueStyle({ fill: value });
  }
}

export class FormatProxy implements XlRangeFormat {
  readonly font: XlRangeFont;
  readonly fill: XlRangeFill;
  constructor(private readonly range: RangeProxy) {
    this.font = new FontProxy(range);
    this.fill = new FillProxy(range);
  }
  get columnWidth(): number {
    return notLoaded('columnWidth');
  }
  set columnWidth(points: number) {
    this.range.queueColumns((sheet, column) => {
      if (!(points >= 0 && points <= 255 * 7)) fail(XL_ERRORS.invalidArgument, `Column width ${points} is out of range.`);
      sheet.columnWidths.set(column, points);
    });
  }
  get horizontalAlignment(): string {
    return notLoaded('horizontalAlignment');
  }
  set horizontalAlignment(value: string) {
    this.range.queueStyle({ horizontalAlignment: value });
  }
  autofitColumns(): void {
    this.range.autofit();
  }
}
