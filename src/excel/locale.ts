/**
 * The workbook's locale as Office tells it: the content language (the language the document is
 * edited in, e.g. 'en-GB'), else the browser's language, else undefined. It decides how text dates
 * in the tables and in INV function arguments are read (src/workbook/dateText.ts: 03/02/2026 is
 * 3 February in en-GB, March 2 in en-US).
 *
 *   officeLocale() -> 'de-DE'    (Office.context.contentLanguage)
 */
export function officeLocale(): string | undefined {
  try {
    const office: unknown = Reflect.get(globalThis, 'Office');
    const context: unknown = typeof office === 'object' && office !== null ? Reflect.get(office, 'context') : undefined;
    const language: unknown = typeof context === 'object' && context !== null ? Reflect.get(context, 'contentLanguage') : undefined;
    if (typeof language === 'string' && language !== '') return language;
    return typeof navigator === 'object' && typeof navigator.language === 'string' && navigator.language !== '' ? navigator.language : undefined;
  } catch {
    return undefined;
  }
}
