// The start journey's `markers in every theme` step (issue 15 §5.5): with a session of throws.js
// stopped and its whole run on the timeline (one breakpoint hit, one exception), the user switches
// the colour theme from the Command Palette ("Preferences: Color Theme") to Dark+, Light+, Dark High
// Contrast and Light High Contrast. After each switch the timeline repaints in that theme, and the
// pixels of its live canvas show: a breakpoint mark and an exception mark, each with a contrast of at
// least 3:1 against the canvas behind it (WCAG 2.1 §1.4.11, non-text contrast), in colours that
// differ from each other, and in shapes that differ (a dot, a wide triangle with a line through the
// flame). A screenshot per theme: artifacts/e2e/start-NN-theme-*.png; the measured colours go to
// artifacts/e2e/start-themes.log.
// Knows the canvas's row layout (webview/render/detail.ts: an 18 px ruler, then 8 px marker rows in
// MARKER_KINDS order), not how the palette is chosen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const THEMES = [
  { label: 'Dark+', workbenchClass: 'vs-dark', bodyClass: 'vscode-dark' },
  { label: 'Light+', workbenchClass: 'vs', bodyClass: 'vscode-light' },
  { label: 'Dark High Contrast', workbenchClass: 'hc-black', bodyClass: 'vscode-high-contrast' },
  { label: 'Light High Contrast', workbenchClass: 'hc-light', bodyClass: 'vscode-high-contrast-light' },
];

/** webview/render/detail.ts: RULER_HEIGHT_PX and MARKER_ROW_PX; rows in protocol MARKER_KINDS order. */
const RULER_PX = 18;
const MARKER_ROW_PX = 8;
const ROWS = { breakpoint: 0, exception: 1 };
/** WCAG 2.1 §1.4.11: graphical objects need 3:1 against adjacent colours. */
const MIN_CONTRAST = 3;

export async function runMarkerThemesStep({ page, webview, shot, artifacts }) {
  const canvas = webview.locator('#timeline-canvas');
  await canvas.waitFor({ state: 'visible', timeout: 30_000 });
  const log = [];
  const failures = [];
  try {
    // Every theme is measured and shot before any verdict, so one failure still leaves the whole picture.
    for (const theme of THEMES) {
      await selectTheme(page, theme);
      const seen = await untilRepainted(webview, theme);
      log.push(summary(theme, seen));
      await shot(`theme-${theme.label.replace(/\W+/g, '-').toLowerCase()}`);
      failures.push(...problemsIn(theme, seen));
    }
  } finally {
    writeFileSync(join(artifacts, 'start-themes.log'), `${log.join('\n')}\n`);
  }
  if (failures.length > 0) throw new Error(`timeline markers not readable: ${failures.join('; ')}`);
}

/** "Preferences: Color Theme" from the palette, then the theme's name typed into its picker, as a user does. */
async function selectTheme(page, theme) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  // Exactly this command: "Browse Color Themes in Marketplace" matches the same words.
  await exactRow(page, 'Preferences: Color Theme').click();
  // The theme picker replaces the command list in the same widget: its input asks for a theme.
  await page.waitForFunction(
    () => /color theme/i.test(document.querySelector('.quick-input-widget .quick-input-box input')?.placeholder ?? ''),
    undefined,
    { timeout: 15_000 },
  );
  await input.fill(theme.label);
  await exactRow(page, theme.label).click();
  await page.waitForFunction(
    (name) => document.querySelector('.monaco-workbench')?.classList.contains(name),
    theme.workbenchClass,
    { timeout: 30_000 },
  );
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The quick-pick row whose label is exactly `label` (not a longer one that contains it). */
function exactRow(page, label) {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({
      has: page.locator('.label-name', { hasText: exact }),
    })
    .first();
}

/**
 * Polls the webview until it has the theme's body class and its canvas was repainted with the
 * theme's editor background, then measures the marker rows. Returns the measurement.
 */
async function untilRepainted(webview, theme, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  while (Date.now() < deadline) {
    seen = await webview
      .locator('#timeline-canvas')
      .evaluate(measureCanvas, { bodyClass: theme.bodyClass, rulerPx: RULER_PX, rowPx: MARKER_ROW_PX, rows: ROWS })
      .catch((error) => ({ error: String(error) }));
    if (seen.themed && seen.repainted && seen.breakpoint.marks.length > 0 && seen.exception.marks.length > 0)
      return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the timeline never showed both markers in ${theme.label}: ${JSON.stringify(seen)}`);
}

/**
 * Runs inside the webview. For each marker row: the row's background (its most common colour) and
 * every mark on it (runs of columns unlike the background), each with its width in CSS px and its
 * solid colour (the pixel least like the background), plus the flame pixel under an exception.
 */
function measureCanvas(canvas, { bodyClass, rulerPx, rowPx, rows }) {
  /** A CSS colour as the eye sees it painted over `backdrop` (a translucent swatch looks faint). */
  const toRgb = (css, backdrop = '#000000') => {
    const probe = document.createElement('canvas');
    probe.width = probe.height = 1;
    const ctx = probe.getContext('2d');
    ctx.fillStyle = backdrop;
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  };
  const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const ratio = canvas.width / Math.max(1, canvas.clientWidth);
  const ctx = canvas.getContext('2d');
  const style = getComputedStyle(document.body);
  const editorBackground = toRgb(style.getPropertyValue('--vscode-editor-background').trim() || '#000');
  const pixelsOfRow = (cssY) => {
    const y = Math.floor(cssY * ratio);
    const data = ctx.getImageData(0, y, canvas.width, 1).data;
    const pixels = [];
    for (let x = 0; x < canvas.width; x++) pixels.push([data[x * 4], data[x * 4 + 1], data[x * 4 + 2]]);
    return pixels;
  };
  const mostCommon = (pixels) => {
    const counts = new Map();
    for (const p of pixels) counts.set(p.join(','), (counts.get(p.join(',')) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])[0][0]
      .split(',')
      .map(Number);
  };
  const measureRow = (row) => {
    // Three scan lines across the row (top third, middle, bottom): a dot is widest in the middle, a triangle at its
    // base.
    const top = rulerPx + row * rowPx;
    const lines = [top + rowPx * 0.3, top + rowPx * 0.5, top + rowPx - 1.5].map(pixelsOfRow);
    const background = mostCommon(lines[1]);
    const marks = [];
    let current;
    for (let x = 0; x < canvas.width; x++) {
      const column = lines.map((line) => line[x]);
      const strongest = column.reduce((best, p) => (distance(p, background) > distance(best, background) ? p : best));
      const differs = distance(strongest, background) > 40;
      if (differs) {
        if (!current) current = { fromX: x, toX: x, colour: strongest, widths: [0, 0, 0] };
        current.toX = x;
        if (distance(strongest, background) > distance(current.colour, background)) current.colour = strongest;
        column.forEach((p, index) => {
          if (distance(p, background) > 40) current.widths[index]++;
        });
      } else if (current) {
        marks.push(current);
        current = undefined;
      }
    }
    if (current) marks.push(current);
    return {
      background,
      marks: marks.map((mark) => ({
        xCss: Math.round((mark.fromX + mark.toX) / 2 / ratio),
        colour: mark.colour,
        widthsCss: mark.widths.map((width) => Math.round(width / ratio)),
      })),
    };
  };
  const breakpoint = measureRow(rows.breakpoint);
  const exception = measureRow(rows.exception);
  // The line an exception draws through the flame, well below the marker rows.
  const flameY = rulerPx + 5 * rowPx + 30;
  const flame = exception.marks.map((mark) => {
    const line = pixelsOfRow(flameY);
    const x = Math.round(mark.xCss * ratio);
    return line.slice(Math.max(0, x - 3), x + 4);
  });
  const backdrop = `rgb(${editorBackground.join(',')})`;
  const swatch = (kind) =>
    toRgb(getComputedStyle(document.querySelector(`.marker-${kind} .swatch`)).backgroundColor, backdrop);
  const legend = { breakpoint: swatch('breakpoint'), exception: swatch('exception') };
  const classes = document.body.classList;
  const themed =
    classes.contains(bodyClass) &&
    (bodyClass !== 'vscode-high-contrast' || !classes.contains('vscode-high-contrast-light'));
  return {
    themed,
    bodyClasses: [...classes].filter((name) => name.startsWith('vscode-')),
    editorBackground,
    repainted: distance(breakpoint.background, editorBackground) <= 3,
    breakpoint,
    exception,
    legend,
    flameUnderException: flame,
  };
}

/** WCAG 2.1 relative luminance and contrast ratio. */
function contrastRatio(a, b) {
  const luminance = ([r, g, b]) => {
    const linear = (channel) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

function problemsIn(theme, seen) {
  const problems = [];
  const bp = seen.breakpoint.marks[0];
  const ex = seen.exception.marks[0];
  const bpContrast = contrastRatio(bp.colour, seen.breakpoint.background);
  const exContrast = contrastRatio(ex.colour, seen.exception.background);
  if (bpContrast < MIN_CONTRAST)
    problems.push(
      `the breakpoint mark ${hex(bp.colour)} has ${bpContrast.toFixed(2)}:1 against ${hex(seen.breakpoint.background)}`,
    );
  if (exContrast < MIN_CONTRAST)
    problems.push(
      `the exception mark ${hex(ex.colour)} has ${exContrast.toFixed(2)}:1 against ${hex(seen.exception.background)}`,
    );
  // Distinct colours: far apart in RGB, not two shades a glance confuses.
  const apart = Math.hypot(...bp.colour.map((channel, index) => channel - ex.colour[index]));
  if (apart < 60)
    problems.push(`breakpoint ${hex(bp.colour)} and exception ${hex(ex.colour)} look alike (ΔRGB ${apart.toFixed(0)})`);
  // Distinct shapes: a dot (at most 7 px, widest in the middle) and a triangle (widest at its base, ≥ 9 px).
  if (Math.max(...bp.widthsCss) > 8)
    problems.push(`the breakpoint mark is ${Math.max(...bp.widthsCss)} px wide, not a dot`);
  if (!(ex.widthsCss[2] >= 9 && ex.widthsCss[2] > ex.widthsCss[0]))
    problems.push(`the exception mark is not a wide triangle (widths top→base ${ex.widthsCss})`);
  // The legend above the canvas shows the colours the canvas draws.
  for (const [kind, mark] of [
    ['breakpoint', bp],
    ['exception', ex],
  ])
    if (Math.hypot(...mark.colour.map((channel, index) => channel - seen.legend[kind][index])) > 12)
      problems.push(`the legend's ${kind} swatch is ${hex(seen.legend[kind])}, the canvas draws ${hex(mark.colour)}`);
  // An exception is more than a tick: its line runs through the flame too.
  const through = seen.flameUnderException[0]?.some((p) => Math.hypot(...p.map((c, i) => c - ex.colour[i])) < 40);
  if (!through) problems.push(`no exception line through the flame under x=${ex.xCss}`);
  return problems.map((problem) => `in ${theme.label}: ${problem}`);
}

function summary(theme, seen) {
  const mark = (name) => {
    const row = seen[name];
    const first = row.marks[0];
    return `${name} ${hex(first.colour)} on ${hex(row.background)} = ${contrastRatio(first.colour, row.background).toFixed(2)}:1, widths ${first.widthsCss} px at x=${first.xCss}`;
  };
  return `${theme.label} (${seen.bodyClasses.join(' ')}): ${mark('breakpoint')}; ${mark('exception')}`;
}

function hex(rgb) {
  return `#${rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}
