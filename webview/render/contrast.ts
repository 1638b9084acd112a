// Makes a theme colour readable as a mark on the canvas: made solid (VS Code's theme variables may
// be translucent: `--vscode-charts-orange` is the minimap's find-match colour, #rrggbbaa in Dark+
// and Light+, which drew a 1.5:1 exception mark) and, if still too faint against the background,
// moved toward black or white until it has the contrast asked for. WCAG 2.1 formulas. Pure: strings
// in, strings out; knows no theme and no marker kind.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0…1 */
  a: number;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` and `rgba(…)`; undefined for anything else. */
export function parseColor(css: string): Rgba | undefined {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(text)?.[1];
  if (hex !== undefined) {
    const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit) : (hex.match(/../g) ?? []);
    const [r, g, b, a = 'ff'] = digits;
    return { r: parseInt(r, 16), g: parseInt(g, 16), b: parseInt(b, 16), a: parseInt(a, 16) / 255 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/.exec(text);
  if (fn === null) return undefined;
  const alpha = fn[4] === undefined ? 1 : Number(fn[4]) / (fn[5] === '%' ? 100 : 1);
  return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: Math.min(1, Math.max(0, alpha)) };
}

function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

function toHex({ r, g, b }: Rgba): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `color` as a solid hex colour with at least `minRatio` contrast against `background` (taken as
 * solid): its alpha dropped (a mark is a solid shape; a translucent one would also change colour with
 * the flame under its line), then, only if needed, mixed toward black on light backgrounds or white
 * on dark ones in 5% steps until the ratio is met. Returns `color` untouched when either colour
 * cannot be parsed (the canvas then draws what the theme says).
 */
export function readableOn(color: string, background: string, minRatio: number): string {
  const front = parseColor(color);
  const back = parseColor(background);
  if (front === undefined || back === undefined) return color;
  const solid = { ...front, a: 1 };
  // 0.18: the luminance at which black and white give the same contrast.
  const target = relativeLuminance(back) > 0.18 ? 0 : 255;
  let candidate = solid;
  for (let percent = 5; contrastRatio(candidate, back) < minRatio && percent <= 100; percent += 5) {
    const mix = (channel: number): number => Math.round(channel + ((target - channel) * percent) / 100);
    candidate = { r: mix(solid.r), g: mix(solid.g), b: mix(solid.b), a: 1 };
  }
  return toHex(candidate);
}
