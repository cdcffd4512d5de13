/**
 * The bridge to real Excel: `Excel.run` typed as our XlRun port. Only the browser bundle calls
 * this (it touches the global `Excel` from office.js); tests and the bench use src/excel/memory.
 *
 * The assignment below is also the compile-time proof that a real Excel.RequestContext satisfies
 * every interface in port.ts: if an interface drifts from @types/office-js, this file stops
 * compiling.
 */
import type { XlContext, XlRun } from './port';

export const officeRun: XlRun = <T>(batch: (context: XlContext) => Promise<T>): Promise<T> =>
  Excel.run((context: Excel.RequestContext) => batch(context));
