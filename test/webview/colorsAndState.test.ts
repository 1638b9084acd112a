// Function colours are a pure function of the name and theme; saved view state is parsed like
// any other untrusted input.
import { describe, expect, it } from 'vitest';
import { functionColor, functionHue, nameHash, themeFromClasses } from '../../webview/colors';
import { parseViewState, serializeViewState } from '../../webview/viewState';

describe('function colours', () => {
  it('hash names stably (FNV-1a)', () => {
    expect(nameHash('')).toBe(0x811c9dc5);
    expect(nameHash('a')).toBe(0xe40c292c);
    expect(functionHue('main')).toBe(functionHue('main'));
  });

  it('keep the hue across themes and change only tone', () => {
    const hue = String(functionHue('parse'));
    for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light'] as const)
      expect(functionColor('parse', theme)).toMatch(new RegExp(`^hsl\\(${hue}, `));
    expect(functionColor('parse', 'light')).not.toBe(functionColor('parse', 'dark'));
  });

  it('read the theme from VS Code body classes', () => {
    const classes = (...names: string[]) => ({ contains: (name: string) => names.includes(name) });
    expect(themeFromClasses(classes('vscode-light'))).toBe('light');
    expect(themeFromClasses(classes('vscode-dark'))).toBe('dark');
    expect(themeFromClasses(classes('vscode-high-contrast'))).toBe('high-contrast');
    expect(themeFromClasses(classes('vscode-high-contrast', 'vscode-high-contrast-light'))).toBe('high-contrast-light');
    expect(themeFromClasses(classes())).toBe('dark');
  });
});

describe('view state', () => {
  const state = {
    sessionId: 's1',
    viewStartStep: 10.5,
    viewEndStep: 2000,
    totalSteps: 5000,
    searchQuery: 'main',
    consoleScrollTopPx: 40,
  };

  it('round-trips', () => {
    expect(parseViewState(JSON.parse(JSON.stringify(serializeViewState(state))))).toEqual(state);
  });

  it.each([
    ['nothing', undefined],
    ['another version', { ...(serializeViewState(state) as object), version: 2 }],
    ['an empty view', serializeViewState({ ...state, viewEndStep: 10.5 })],
    ['an extra key', { ...(serializeViewState(state) as object), html: '<b>' }],
  ])('ignores %s', (_label, value) => {
    expect(parseViewState(value)).toBeUndefined();
  });
});
