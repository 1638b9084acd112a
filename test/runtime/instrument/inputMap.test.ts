// Code a tool made of a file (vite's transform, as vitest evaluates it: loader/vmModules.ts),
// instrumented with the tool's map back to the file (InstrumentOptions.inputMap): probes carry the
// file's own lines and columns, though the tool moved lines, re-indented and dropped types; text
// the tool wrote itself keeps the position it maps to; the output map still ends at the tool's
// text (what V8 positions, and what the tool's own stack mapping reads); a `.ts` file's code is
// the tool's JavaScript, never stripped as TypeScript again.
import { encode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';
import type { ProbeInfo } from '../../../runtime/format/probes';

const FILE = '/project/shapes.ts';

const ORIGINAL = [
  'export function area(rect: Rect): number {',
  '  const product: number = rect.width * rect.height;',
  '  return product;',
  '}',
  "test('area', () => {",
  '  area({ width: 1, height: 2 });',
  '});',
];

// The tool's output: a line of its own first, tabs, no types, double quotes.
const GENERATED = [
  '__tool_export("area", () => { return area });',
  'function area(rect) {',
  '\tconst product = rect.width * rect.height;',
  '\treturn product;',
  '}',
  'test("area", () => {',
  '\tarea({ width: 1, height: 2 });',
  '});',
];

// Token-level segments, as esbuild writes them ([generatedColumn, source, line0, column0]): none
// for an arrow's `(`; the tool's own first line maps twice to the file's start.
const SEGMENTS: SourceMapMappings = [
  [
    [0, 0, 0, 0],
    [1, 0, 0, 0],
  ],
  [
    [0, 0, 0, 7],
    [9, 0, 0, 16],
    [14, 0, 0, 21],
  ],
  [
    [1, 0, 1, 2],
    [7, 0, 1, 8],
    [17, 0, 1, 26],
  ],
  [
    [1, 0, 2, 2],
    [8, 0, 2, 9],
  ],
  [[0, 0, 3, 0]],
  [
    [0, 0, 4, 0],
    [5, 0, 4, 5],
  ],
  [
    [1, 0, 5, 2],
    [6, 0, 5, 7],
  ],
  [[0, 0, 6, 0]],
];

function toolMap(): string {
  return JSON.stringify({
    version: 3,
    sources: ['other.ts', 'shapes.ts'],
    sourcesContent: [null, ORIGINAL.join('\n')],
    names: [],
    mappings: encode(
      SEGMENTS.map((line) => line.map(([column, , l, c]) => [column, 1, l, c] as [number, number, number, number])),
    ),
  });
}

function instrumented() {
  return instrument(GENERATED.join('\n'), {
    filename: FILE,
    sourceType: 'module',
    inputMap: { json: toolMap(), sourceIndex: 1 },
  })!;
}

/** "line:column" (1-based, as an editor shows them) of where a probe starts. */
function at(probe: ProbeInfo): string {
  return `${probe.range.start.line1}:${probe.range.start.column0 + 1}`;
}

/** The 1-based column of `text` in the original's line `line1`. */
function columnOf(line1: number, text: string): string {
  return `${line1}:${ORIGINAL[line1 - 1].indexOf(text) + 1}`;
}

describe('instrumenting a tool’s code with its map back to the file', () => {
  it('gives functions and statements the file’s own positions', () => {
    const probes = instrumented().probes.probes;
    const area = probes.find((probe) => probe.kind === 'function' && probe.functionName === 'area')!;
    expect(at(area)).toBe(columnOf(1, 'function area'));
    expect(area.range.end.line1).toBe(4);
    const steps = probes.filter((probe) => probe.kind === 'statement').map(at);
    expect(steps).toEqual(
      expect.arrayContaining([
        columnOf(2, 'const product'),
        columnOf(3, 'return product'),
        columnOf(5, 'test('),
        columnOf(6, 'area({'),
      ]),
    );
  });

  it('takes the text after a token as the file’s own: an arrow esbuild gives no segment', () => {
    const arrows = instrumented()
      .probes.probes.filter((probe) => probe.kind === 'function' && probe.functionName !== 'area')
      .map(at);
    expect(arrows).toContain(columnOf(5, '() =>'));
  });

  it('leaves what the tool wrote itself unrecorded, as a dependency’s code', () => {
    const result = instrumented();
    // The tool's statement and getter on its own first line: begun and ended at one position of the file.
    const onFirstLine = result.probes.probes.filter((probe) => at(probe) === '1:1' && probe.kind !== 'module');
    expect(onFirstLine.map((probe) => `${probe.kind} ${at(probe)}`)).toEqual([]);
    expect(result.code.split('\n')[0]).toContain('__tool_export("area", () => { return area });');
  });

  it('keeps its output map at the tool’s text, and takes a .ts file’s code as JavaScript', () => {
    const result = instrument('const r = f < T > (x);\n', {
      filename: FILE,
      sourceType: 'module',
      inputMap: { json: toolMap(), sourceIndex: 1 },
    })!;
    // TypeScript would read a call with a type argument and strip `<T>`; this is a comparison.
    expect(result.code).toMatch(/f < T > \(x\)/);
    expect(result.map.sources).toEqual([FILE]);
    expect(result.map.sourcesContent).toEqual(['const r = f < T > (x);\n']);
    const plain = instrument(GENERATED.join('\n'), { filename: '/project/shapes.js', sourceType: 'module' })!;
    // Without the tool's map the same code names the tool's positions: area on the tool's line 2.
    const area = plain.probes.probes.find((probe) => probe.kind === 'function' && probe.functionName === 'area')!;
    expect(at(area)).toBe('2:1');
  });
});
