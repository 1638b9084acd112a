// Marker colours are readable in every theme (issue 15 §5.5): the values are those VS Code 1.139
// gives the timeline's webview (Dark+ and Light+ make `--vscode-charts-orange` the translucent
// #EA5C0055; the High Contrast themes leave it unset, so the #d18616 fallback is used). Without
// contrast.ts the exception mark was 1.5:1 in Dark+ and Light+ and 2.9:1 in Light High Contrast.
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor, readableOn } from '../../webview/render/contrast';
import { MARKER_FALLBACKS, MARKER_MIN_CONTRAST, readableMarkers } from '../../webview/render/palette';

const rgb = (css: string) => {
  const parsed = parseColor(css);
  if (parsed === undefined) throw new Error(`unparsed ${css}`);
  return parsed;
};

describe('parseColor', () => {
  it('reads the forms VS Code and CSS give', () => {
    expect(parseColor('#EA5C0055')).toEqual({ r: 0xea, g: 0x5c, b: 0, a: 0x55 / 255 });
    expect(parseColor('#e51400')).toEqual({ r: 0xe5, g: 0x14, b: 0, a: 1 });
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('#0008')).toEqual({ r: 0, g: 0, b: 0, a: 0x88 / 255 });
    expect(parseColor('rgba(209, 134, 22, 0.5)')).toEqual({ r: 209, g: 134, b: 22, a: 0.5 });
    expect(parseColor('rgb(1 2 3 / 50%)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColor('var(--x)')).toBeUndefined();
    expect(parseColor('#12345')).toBeUndefined();
  });
});

describe('readableOn', () => {
  it("makes Dark+ and Light+'s translucent orange solid (it was a 1.5:1 smudge)", () => {
    expect(readableOn('#EA5C0055', '#1e1e1e', 3)).toBe('#ea5c00');
    expect(readableOn('#EA5C0055', '#ffffff', 3)).toBe('#ea5c00');
    expect(contrastRatio(rgb('#ea5c00'), rgb('#ffffff'))).toBeGreaterThanOrEqual(3);
  });

  it('darkens an orange of 2.9:1 on white just enough, keeping its hue', () => {
    expect(contrastRatio(rgb('#d18616'), rgb('#ffffff'))).toBeLessThan(3);
    const darker = rgb(readableOn('#d18616', '#ffffff', 3));
    const ratio = contrastRatio(darker, rgb('#ffffff'));
    expect(ratio).toBeGreaterThanOrEqual(3);
    expect(ratio).toBeLessThan(3.6); // one or two 5% steps, not black
    expect(darker.r).toBeGreaterThan(darker.g);
    expect(darker.g).toBeGreaterThan(darker.b);
  });

  it('lightens a colour too dark for a dark background', () => {
    const lighter = rgb(readableOn('#3a0000', '#1e1e1e', 3));
    expect(contrastRatio(lighter, rgb('#1e1e1e'))).toBeGreaterThanOrEqual(3);
  });

  it('leaves a readable colour as it is, and an unreadable string alone', () => {
    expect(readableOn('#d18616', '#1e1e1e', 3)).toBe('#d18616');
    expect(readableOn('var(--nope)', '#1e1e1e', 3)).toBe('var(--nope)');
  });
});

describe('readableMarkers', () => {
  const themes: Record<string, { background: string; exception: string }> = {
    'Dark+': { background: '#1e1e1e', exception: '#EA5C0055' },
    'Light+': { background: '#ffffff', exception: '#EA5C0055' },
    'Dark High Contrast': { background: '#000000', exception: MARKER_FALLBACKS.exception },
    'Light High Contrast': { background: '#ffffff', exception: MARKER_FALLBACKS.exception },
  };
  for (const [name, theme] of Object.entries(themes)) {
    it(`every marker is at least 3:1 against the canvas in ${name}`, () => {
      const colors = readableMarkers({ ...MARKER_FALLBACKS, exception: theme.exception }, theme.background);
      for (const [kind, color] of Object.entries(colors)) {
        expect(color, kind).toMatch(/^#[0-9a-f]{6}$/);
        expect(contrastRatio(rgb(color), rgb(theme.background)), kind).toBeGreaterThanOrEqual(MARKER_MIN_CONTRAST);
      }
      expect(colors.breakpoint).not.toBe(colors.exception);
    });
  }
});
