/**
 * The CLI's summary JSON (SPEC section 9). Money and quantities are decimal strings, exact.
 * Outside tools depend on these field names: change them only with the SPEC.
 */
import type { Diagnostic } from '../engine/types';

export interface SummaryItem {
  readonly item: string;
  readonly qty: string;
  readonly value: string;
  readonly cogs: string;
  readonly revenue: string;
}

export interface SummaryAccount {
  readonly account: string;
  readonly name: string;
  readonly debit: string;
  readonly credit: string;
  readonly balance: string;
}

export interface SummaryPeriod {
  readonly period: string;
  readonly revenue: string;
  readonly perpetual: { readonly cogs: string; readonly closingValue: string; readonly grossMargin: string };
  readonly periodic: {
    readonly openingValue: string;
    readonly purchases: string;
    readonly closingValue: string;
    readonly cogs: string;
    readonly grossMargin: string;
  };
}

export interface SummaryTax {
  readonly method: string;
  readonly cogs: string;
  readonly inventoryValue: string;
  readonly difference: string;
}

export interface Summary {
  readonly version: 1;
  readonly baseCurrency: string;
  readonly method: string;
  readonly items: readonly SummaryItem[];
  readonly accounts: readonly SummaryAccount[];
  readonly totals: {
    readonly inventoryValue: string;
    readonly cogs: string;
    readonly revenue: string;
    readonly grossMargin: string;
    readonly debits: string;
    readonly credits: string;
  };
  readonly periods: readonly SummaryPeriod[];
  readonly tax?: SummaryTax;
  readonly diagnostics: readonly Diagnostic[];
}
