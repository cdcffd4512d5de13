/**
 * The Excel host's public surface: read the user's input tables, write generated sheets, point at
 * a diagnostic's cell. Works with real Excel (officeRun, office.ts — browser bundle only) and with
 * the in-memory Excel (./memory) through the same XlContext port.
 */
export { readInputTables, diagnosticAddress, selectDiagnostic, INPUT_TABLES } from './read';
export type { InputRead, InputTableName, TablePlacement, DiagnosticLocation, ReadOptions } from './read';
export { writeSheets, DEFAULT_CHUNK_ROWS } from './write';
export type { WriteOptions, WriteProgress, WriteResult, WrittenSheet, SheetRename } from './write';
export { NUMBER_FORMATS, planPages, safeSheetName } from './layout';
export { OWNERSHIP_SETTING, parseOwnership } from './ownership';
export type { OwnershipRecord, OwnedSheet } from './ownership';
export { measureJournalWrite, syntheticJournal } from './measure';
export type { JournalWriteMeasure } from './measure';
export { XL_ERRORS, XL_MAX_ROWS, XL_MAX_COLUMNS, XL_PAYLOAD_LIMIT_BYTES } from './port';
export type { XlContext, XlRun } from './port';
