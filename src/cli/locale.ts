/**
 * The workbook locale for the command line: text dates in the tables (03/02/2026) are read in this
 * locale's day/month order (src/workbook/dateText.ts). A file does not say which locale its text was
 * typed in, so the CLI takes it only when told, from the environment variable PERPETUA_LOCALE (a
 * BCP 47 tag such as en-GB, or a POSIX name such as de_DE.UTF-8). Unset, empty, C or POSIX, or a
 * tag Intl does not know: no locale, and only text with one reading is accepted. LANG is not read,
 * so a machine's setting never changes what a workbook means.
 *
 *   PERPETUA_LOCALE=en_GB.UTF-8 -> 'en-GB';   PERPETUA_LOCALE=C -> undefined
 */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env['PERPETUA_LOCALE']?.trim();
  if (raw === undefined || raw === '' || raw === 'C' || raw === 'POSIX') return undefined;
  const tag = (raw.split(/[.@]/)[0] as string).replace(/_/g, '-');
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0];
    return canonical !== undefined && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0 ? canonical : undefined;
  } catch {
    return undefined;
  }
}
