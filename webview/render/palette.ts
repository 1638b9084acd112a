// The canvas colours, read from VS Code's theme CSS variables (`--vscode-*`) with fallbacks, and
// re-read when the theme changes (VS Code swaps the body class). Canvas cannot use var() itself.
// Owns no drawing and no layout.
import { themeFromClasses, type ThemeKind } from '../colors';
import type { MarkerKind } from '../../protocol/requests';

export interface Palette {
  theme: ThemeKind;
  background: string;
  foreground: string;
  mutedForeground: string;
  gridLine: string;
  /** Outline drawn around flame cells in high-contrast themes; undefined elsewhere. */
  contrastBorder: string | undefined;
  viewportFill: string;
  viewportBorder: string;
  searchMatch: string;
  font: string;
  markers: Record<MarkerKind, string>;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const theme = themeFromClasses(document.body.classList);
  const highContrast = theme === 'high-contrast' || theme === 'high-contrast-light';
  const v = (name: string, fallback: string): string => cssVar(style, name, fallback);
  return {
    theme,
    background: v('--vscode-editor-background', theme === 'light' ? '#ffffff' : '#1e1e1e'),
    foreground: v('--vscode-editor-foreground', theme === 'light' ? '#333333' : '#cccccc'),
    mutedForeground: v('--vscode-descriptionForeground', '#8b8b8b'),
    gridLine: v('--vscode-editorRuler-foreground', '#5a5a5a80'),
    contrastBorder: highContrast ? v('--vscode-contrastBorder', theme === 'high-contrast' ? '#6fc3df' : '#0f4a85') : undefined,
    viewportFill: v('--vscode-scrollbarSlider-background', '#79797966'),
    viewportBorder: v('--vscode-focusBorder', '#007fd4'),
    searchMatch: v('--vscode-editor-findMatchHighlightBackground', '#ea5c0055'),
    font: `11px ${v('--vscode-font-family', 'sans-serif')}`,
    markers: {
      breakpoint: v('--vscode-debugIcon-breakpointForeground', '#e51400'),
      exception: v('--vscode-errorForeground', '#f48771'),
      console: v('--vscode-charts-blue', '#3794ff'),
      logpoint: v('--vscode-charts-purple', '#b180d7'),
      gap: v('--vscode-editorWarning-foreground', '#cca700'),
    },
  };
}
