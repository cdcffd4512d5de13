/**
 * Light or dark, following Office's theme when the host reports one (Office.context.officeTheme:
 * a dark body background means a dark theme), else the browser's preference.
 */
export type PaneTheme = 'light' | 'dark';

export interface OfficeThemeColors {
  readonly bodyBackgroundColor?: string;
}

/** Relative luminance of "#rrggbb" (0 black .. 1 white); undefined when not a hex colour. */
export function luminance(hex: string): number | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (m === null) return undefined;
  const channel = (h: string | undefined): number => {
    const c = parseInt(h ?? '0', 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(m[1]) + 0.7152 * channel(m[2]) + 0.0722 * channel(m[3]);
}

export function themeFromOffice(theme: OfficeThemeColors | undefined, prefersDark: boolean): PaneTheme {
  const bg = theme?.bodyBackgroundColor;
  const l = bg === undefined ? undefined : luminance(bg);
  if (l !== undefined) return l < 0.35 ? 'dark' : 'light';
  return prefersDark ? 'dark' : 'light';
}
