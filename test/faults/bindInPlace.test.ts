// Issue 10 item 2, the memory of loading a large instrumented file: binding its probe base (the
// loader's rewrite of every fixed-width probe-id field to a global id) is done in place in one
// copy of an ASCII file's bytes instead of joining its slices (runtime/instrument/marker.ts). The
// output must be the very text the joining gave: here every INS corpus file, the test262
// fixtures and a generated large file, each bound both ways. Code with a character outside ASCII
// takes the joining path, so the same code with such a character in a comment at its end (where
// no probe field is) gives the reference. The memory it saves is in docs/FAULTS.md (item 2);
// test/faults/largeFile.test.ts holds the recorded process's peak-RSS ceilings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindProbeBase, instrument } from '../../runtime/instrument';

const ROOT = resolve(__dirname, '../..');
const NON_ASCII_TAIL = '\n/* é: this comment sends the text down the joining path */\n';
/** A base as large as a long recording's, so every field's digits change. */
const BASE = 987_654;

/** Every UTF-16 unit below 0x80. */
function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}

function filesUnder(directory: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else if (/\.(c|m)?js$/.test(name)) found.push(path);
  }
  return found.sort();
}

/**
 * The file bound in place (ASCII) and by joining (the same code with a non-ASCII tail), or undefined
 * when not instrumented.
 */
function boundBothWays(
  code: string,
  filename: string,
): { unbound: string; inPlace: string; joined: string } | undefined {
  const sourceType = /\.mjs$/.test(filename) ? 'module' : 'commonjs';
  const result = instrument(code, { filename, sourceType });
  if (!result) return undefined;
  expect(isAscii(result.code), `${filename} instruments to ASCII`).toBe(true);
  const inPlace = bindProbeBase(result.code, BASE, result.runtimeName);
  const joined = bindProbeBase(result.code + NON_ASCII_TAIL, BASE, result.runtimeName);
  return { unbound: result.code, inPlace, joined };
}

describe('binding a probe base in place', () => {
  it('gives the joined text, byte for byte, for the INS corpus and the test262 fixtures', () => {
    const files = [...filesUnder(join(ROOT, 'test/fixtures/ins')), ...filesUnder(join(ROOT, 'test/fixtures/test262'))];
    expect(files.length).toBeGreaterThan(100);
    let compared = 0;
    let rebound = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      if (!isAscii(code)) continue; // non-ASCII source: only the joining path runs
      const bound = boundBothWays(code, file);
      if (!bound) continue;
      expect(bound.joined, file).toBe(bound.inPlace + NON_ASCII_TAIL);
      compared++;
      if (bound.inPlace !== bound.unbound) rebound++;
    }
    expect(compared).toBeGreaterThan(80);
    expect(rebound).toBeGreaterThan(80); // files with probe fields, all rewritten
  });

  it('gives the joined text for a large generated file (the streamed instrumentation path)', () => {
    const code = 'a = 1; b = 2;\nfunction f(x) { return x + 1; }\n'.repeat(10_000) + 'f(a);\n';
    const bound = boundBothWays(code, '/virtual/generated.js');
    expect(bound).toBeDefined();
    expect(bound?.joined).toBe(`${bound?.inPlace}${NON_ASCII_TAIL}`);
    expect(bound?.inPlace).not.toBe(bound?.unbound);
    expect(bound?.inPlace.length).toBe(bound?.unbound.length);
  });

  it('leaves a non-ASCII file to the joining path, which still binds it', () => {
    const code = "const café = 'naïve';\nconsole.log(café);\n";
    const result = instrument(code, { filename: '/virtual/accents.js' });
    const bound = bindProbeBase(result?.code as string, BASE, result?.runtimeName);
    expect(bound).toContain(String(BASE));
    expect(bound.length).toBe(result?.code.length);
  });
});
