// The cost of a long string's first write with the slice path (runtime/recorder/stringSlices.ts)
// on and off, in one in-thread recording drained between passes (untimed): 41 interleaved passes of
// 1,000 new strings each, the median per write. Three kinds: a lexer's suffixes (each a window of
// the last), unrelated strings (no window anywhere), near misses (1,020 units shared with every
// recent string, then different). Run: node scripts/bench/stringMissBench.mjs (no build needed).
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const ENTRY = `
import * as hot from './runtime/recorder/hotPath';
import { setStringSlices } from './runtime/recorder/stringSlices';
import { recordInThread } from './test/support/recorder/memory';
// One recording, drained between passes (untimed): each pass writes 1000 new strings once.
const recording = recordInThread({ capacityWords: 1 << 22, overflow: 'drop-newest' });
let serial = 0;
function make(kind: string): string[] {
  const texts: string[] = [];
  const tag = \`\${serial++}\`.padStart(8, '0');
  const base = (tag + Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + ((i * 7 + serial) % 26))).join('')).slice(0, 3000);
  for (let i = 0; i < 1000; i++) {
    if (kind === 'lexer') texts.push(base.slice(i * 2));
    else if (kind === 'unrelated') texts.push(\`\${tag}:\${i}:\` + base.slice(i % 500, 2000 + (i % 500)));
    else texts.push(base.slice(0, 1020) + String(i).padStart(6, '0') + base.slice(0, 900 + (i % 13)));
  }
  return texts;
}
function pass(kind: string, on: boolean): number {
  setStringSlices(on);
  const texts = make(kind);
  for (const t of texts) t.charCodeAt(5); // flat, in cache
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i++) hot.wf(5, texts[i], 0);
  const ns = Number(process.hrtime.bigint() - t0) / texts.length;
  recording.drain.round();
  return ns;
}
for (const kind of ['lexer', 'unrelated', 'nearmiss']) {
  for (let w = 0; w < 20; w++) { pass(kind, true); pass(kind, false); }
  const on: number[] = []; const off: number[] = [];
  for (let r = 0; r < 41; r++) { on.push(pass(kind, true)); off.push(pass(kind, false)); }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1].toFixed(0);
  console.log(\`\${kind.padEnd(10)} ns per first write of a new long string: slices on \${med(on)}, off \${med(off)} (median of 41 interleaved passes of 1000)\`);
}
recording.finish();
`;

const bundle = await build({
  stdin: { contents: ENTRY, resolveDir: REPO, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const folder = mkdtempSync(join(tmpdir(), 'rewind-string-miss-'));
try {
  const file = join(folder, 'bench.cjs');
  writeFileSync(file, bundle.outputFiles[0].text);
  createRequire(import.meta.url)(file);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
