// Consistent colours for functions: a function's name hashes to a hue, and the theme kind picks
// saturation and lightness so the same function has the same colour everywhere, in every theme.
// Pure: the theme kind is passed in (theme.ts reads it from the DOM).

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** FNV-1a over UTF-16 code units: stable across runs and machines, cheap, well spread. */
export function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function functionHue(name: string): number {
  return nameHash(name) % 360;
}

/** Light themes get pale fills under dark text; dark themes deep fills under light text. */
const TONES: Record<ThemeKind, { saturationPct: number; lightnessPct: number }> = {
  light: { saturationPct: 60, lightnessPct: 78 },
  dark: { saturationPct: 45, lightnessPct: 34 },
  'high-contrast': { saturationPct: 80, lightnessPct: 22 },
  'high-contrast-light': { saturationPct: 80, lightnessPct: 88 },
};

export function functionColor(name: string, theme: ThemeKind): string {
  const tone = TONES[theme];
  return `hsl(${functionHue(name)}, ${tone.saturationPct}%, ${tone.lightnessPct}%)`;
}

/** Text over a function's fill: dark on light fills, light on dark ones. */
export function functionTextColor(theme: ThemeKind): string {
  return theme === 'light' || theme === 'high-contrast-light' ? '#1e1e1e' : '#f3f3f3';
}

export function themeFromClasses(classes: { contains(token: string): boolean }): ThemeKind {
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}
