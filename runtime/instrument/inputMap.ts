// Code that is not its file's own text, but a tool's output for it with a source map back to the
// file (a test runner's module evaluator hands Node a transformed module: vitest): probe positions
// must name the file's own lines and columns, or a breakpoint set in the file binds nowhere and a
// replay shows lines the user never wrote. This maps positions in the instrumenter's input through
// the tool's map to the file. The instrumented code's own map still ends at the tool's text: that
// is what V8 positions in a plain run, and what the tool's own stack mapping starts from.
// Knows source maps and positions only: nothing of which tool made the map, or of the loader.
import { decode } from '@jridgewell/sourcemap-codec';
import type { SourcePosition } from '../format/probes';
import { LineIndex } from './positions';

/** A v3 source map as JSON parses it: what the instrumenter reads of a tool's map. */
export interface InputSourceMap {
  version?: number;
  sources: Array<string | null>;
  sourcesContent?: Array<string | null>;
  mappings: string;
  sourceRoot?: string;
}

/** A tool's map, reduced to its segments that name one source (the file being instrumented). */
export class InputMap {
  /** Per generated line (0-based): [generatedColumn, originalLine0, originalColumn0], ascending. */
  private readonly lines: number[][];
  /** The file's own text when the map carries it (sourcesContent), else null. */
  readonly originalText: string | null;

  /** `sourceIndex`: which of the map's sources is the file (the caller resolved them). */
  constructor(map: InputSourceMap, sourceIndex: number) {
    const decoded = decode(map.mappings);
    this.lines = decoded.map((segments) => {
      const own: number[][] = [];
      for (const segment of segments) {
        if (segment.length >= 4 && segment[1] === sourceIndex) own.push([segment[0], segment[2]!, segment[3]!]);
      }
      return own.flat();
    });
    this.originalText = map.sourcesContent?.[sourceIndex] ?? null;
  }

  /**
   * The file's position for a generated one. Within a line, from the nearest segment at or before
   * it, the characters after a segment's start are taken to be the file's own, one for one, up to
   * the next segment's position in the file: a tool maps tokens, not every character (esbuild maps
   * no `(` of an arrow function), and the text between two tokens is mostly the user's as written.
   * Not after a segment that shares its position with a neighbour: that is text the tool wrote.
   * Before a line's first segment, that segment; on a line with none, the last segment above; the
   * file's start when nothing before maps (code the tool put ahead of the first mapped line).
   */
  original(line0: number, column0: number): { line0: number; column0: number } {
    const here = this.lines[line0];
    if (here && here.length > 0) {
      let found = -1;
      for (let at = 0; at < here.length; at += 3) {
        if (here[at] <= column0) found = at;
        else break;
      }
      if (found < 0) return { line0: here[1], column0: here[2] };
      const line = here[found + 1];
      const start = here[found + 2];
      // Two segments naming one position: text the tool wrote in place of the file's, not the file's.
      const previous = found - 3;
      if (previous >= 0 && here[previous + 1] === line && here[previous + 2] === start)
        return { line0: line, column0: start };
      let column = start + (column0 - here[found]);
      const next = found + 3;
      if (next < here.length && here[next + 1] === line) {
        if (here[next + 2] === start) return { line0: line, column0: start };
        if (here[next + 2] > start) column = Math.min(column, here[next + 2] - 1);
      }
      return { line0: line, column0: column };
    }
    for (let line = Math.min(line0, this.lines.length) - 1; line >= 0; line--) {
      const above = this.lines[line];
      if (above && above.length > 0) {
        const last = above.length - 3;
        return { line0: above[last + 1], column0: above[last + 2] };
      }
    }
    return { line0: 0, column0: 0 };
  }
}

/** Positions in the instrumenter's input, reported as the file's own (probe tables, scope ranges). */
export class MappedLineIndex extends LineIndex {
  constructor(
    text: string,
    private readonly input: InputMap,
  ) {
    super(text);
  }

  override position(offset: number): SourcePosition {
    const generated = super.position(offset);
    const { line0, column0 } = this.input.original(generated.line1 - 1, generated.column0);
    return { line1: line0 + 1, column0 };
  }

  /**
   * Whether the text [start, end) is the tool's own: it begins and ends at one position of the file
   * (vite's getter for each exported name, `__vite_ssr_exportName__("x", () => { … })`, on a line
   * of its own that maps to the file's start). The user wrote none of it: it is not recorded.
   */
  writtenByTool(start: number, end: number): boolean {
    const from = this.position(start);
    const to = this.position(end);
    return from.line1 === to.line1 && from.column0 === to.column0;
  }

  override range(start: number, end: number): { start: SourcePosition; end: SourcePosition } {
    const from = this.position(start);
    const to = this.position(end);
    // A range the tool reordered (code it moved) stays a range: never ending before it starts.
    const backwards = to.line1 < from.line1 || (to.line1 === from.line1 && to.column0 < from.column0);
    return { start: from, end: backwards ? from : to };
  }
}
