// The canvas colours, read from VS Code's theme CSS variables (`--vscode-*`) with fallbacks, and
// re-read when the theme changes (VS Code swaps the body class). Canvas cannot use var() itself.
// Marker colours are made solid and readable on the background (contrast.ts). Owns no drawing and
// no layout.
import { themeFromClasses, type ThemeKind } from '../colors';
import type { MarkerKind } from '../../protocol/requests';
import { readableOn } from './contrast';

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
  const background = v('--vscode-editor-background', theme === 'light' ? '#ffffff' : '#1e1e1e');
  return {
    theme,
    background,
    foreground: v('--vscode-editor-foreground', theme === 'light' ? '#333333' : '#cccccc'),
    mutedForeground: v('--vscode-descriptionForeground', '#8b8b8b'),
    gridLine: v('--vscode-editorRuler-foreground', '#5a5a5a80'),
    contrastBorder: highContrast
      ? v('--vscode-contrastBorder', theme === 'high-contrast' ? '#6fc3df' : '#0f4a85')
      : undefined,
    viewportFill: v('--vscode-scrollbarSlider-background', '#79797966'),
    viewportBorder: v('--vscode-focusBorder', '#007fd4'),
    searchMatch: v('--vscode-editor-findMatchHighlightBackground', '#ea5c0055'),
    font: `11px ${v('--vscode-font-family', 'sans-serif')}`,
    markers: readableMarkers(
      distinctMarkerColors({
        breakpoint: v('--vscode-debugIcon-breakpointForeground', MARKER_FALLBACKS.breakpoint),
        exception: v('--vscode-charts-orange', MARKER_FALLBACKS.exception),
        console: v('--vscode-charts-blue', MARKER_FALLBACKS.console),
        logpoint: v('--vscode-charts-purple', MARKER_FALLBACKS.logpoint),
        gap: v('--vscode-editorWarning-foreground', MARKER_FALLBACKS.gap),
        emit: v('--vscode-charts-green', MARKER_FALLBACKS.emit),
      }),
      background,
    ),
  };
}

/**
 * The legend's swatches (timeline.css `--rewind-marker-*`) take the canvas's own marker colours, so
 * the legend shows what the canvas draws. On the body: VS Code's webview rewrites the root's style
 * for its `--vscode-*` variables on every theme change.
 */
export function showMarkerColors(palette: Palette): void {
  for (const kind of Object.keys(palette.markers) as MarkerKind[])
    document.body.style.setProperty(`--rewind-marker-${kind}`, palette.markers[kind]);
}

/** WCAG 2.1 §1.4.11: a graphical object needs 3:1 against what is next to it. */
export const MARKER_MIN_CONTRAST = 3;

/**
 * Every marker colour solid and at least 3:1 against the canvas background, in every theme: Dark+
 * and Light+ give `--vscode-charts-orange` translucent (the exception mark was 1.5:1), Light High
 * Contrast an orange of 2.9:1 on white (test/e2e/markerThemesStep.mjs measured both in code-server).
 */
export function readableMarkers(colors: Record<MarkerKind, string>, background: string): Record<MarkerKind, string> {
  const result = { ...colors };
  for (const kind of Object.keys(result) as MarkerKind[])
    result[kind] = readableOn(result[kind], background, MARKER_MIN_CONTRAST);
  return result;
}

/** Colours that differ from each other in every theme (the shapes differ too: render/markers.ts). */
export const MARKER_FALLBACKS: Readonly<Record<MarkerKind, string>> = {
  breakpoint: '#e51400',
  exception: '#d18616',
  console: '#3794ff',
  logpoint: '#b180d7',
  gap: '#cca700',
  emit: '#89d185',
};

/**
 * A theme may give two kinds the same colour (a high-contrast theme's charts colours, a custom
 * theme): a kind whose colour an earlier kind already has takes its fallback instead.
 */
export function distinctMarkerColors(colors: Record<MarkerKind, string>): Record<MarkerKind, string> {
  const taken = new Set<string>();
  const result = { ...colors };
  for (const kind of Object.keys(result) as MarkerKind[]) {
    const key = result[kind].toLowerCase().replace(/\s+/g, '');
    if (taken.has(key)) result[kind] = MARKER_FALLBACKS[kind];
    taken.add(result[kind].toLowerCase().replace(/\s+/g, ''));
  }
  return result;
}
