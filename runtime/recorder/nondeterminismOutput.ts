// Deferred recording's output check: a re-execution's writes to stdout and stderr compared, write by
// write, with what the deferred run printed (its trace's OUTPUT events as recorded: a write cut at
// maxStringLength is compared by its recorded start and its true length). The first difference is a
// divergence naming the first differing line. Knows printed chunks, not the log nor the streams.
import type { PrintedChunk, PrintedOutput } from '../format/deferredRead';
import { B } from './builtins';

export interface OutputCheck {
  /** A write of the re-execution: `diverge` is told where it differs from the deferred run's. */
  wrote(stream: 1 | 2, text: string): void;
  /** At the end: what the deferred run printed that the re-execution did not, or undefined. */
  missing(): string | undefined;
}

/** Characters of a line quoted in a divergence note. */
const QUOTED_CHARS = 80;

export function createOutputCheck(printed: PrintedOutput, diverge: (why: string) => void): OutputCheck {
  const streams = [
    { name: 'stdout', chunks: printed.stdout, next: 0, lines: 0 },
    { name: 'stderr', chunks: printed.stderr, next: 0, lines: 0 },
  ];
  return {
    wrote(stream, text) {
      const state = streams[stream - 1];
      const logged = state.chunks[state.next] as PrintedChunk | undefined;
      const at = differenceAt(text, logged);
      if (at < 0) {
        state.next++;
        state.lines += newlines(text, text.length);
        return;
      }
      const line = state.lines + newlines(text, at) + 1;
      const then = logged ? quoted(lineAround(logged.text, at)) : 'nothing more';
      diverge(`${state.name} line ${line} is ${quoted(lineAround(text, at))}, the deferred run printed ${then}`);
    },
    missing() {
      for (const state of streams) {
        if (state.next >= state.chunks.length) continue;
        const line = quoted(lineAround(state.chunks[state.next].text, 0));
        return `${state.name} line ${state.lines + 1} is missing: the deferred run printed ${line} there`;
      }
      return undefined;
    },
  };
}

/** Where `text` first differs from the logged write, or -1 when they are the same. */
function differenceAt(text: string, logged: PrintedChunk | undefined): number {
  if (!logged) return 0;
  const recorded = logged.text;
  const common = text.length < recorded.length ? text.length : recorded.length;
  for (let index = 0; index < common; index++)
    if (B.stringCharCodeAt(text, index) !== B.stringCharCodeAt(recorded, index)) return index;
  return text.length === logged.length ? -1 : common;
}

function newlines(text: string, end: number): number {
  let count = 0;
  for (let at = B.stringIndexOf(text, '\n'); at !== -1 && at < end; at = B.stringIndexOf(text, '\n', at + 1)) count++;
  return count;
}

/** The line of `text` holding position `at` (without its newline). */
function lineAround(text: string, at: number): string {
  const start = at > 0 ? B.stringLastIndexOf(text, '\n', at - 1) + 1 : 0;
  const newline = B.stringIndexOf(text, '\n', start);
  return B.stringSlice(text, start, newline === -1 ? text.length : newline);
}

function quoted(line: string): string {
  const cut = line.length > QUOTED_CHARS ? `${B.stringSlice(line, 0, QUOTED_CHARS)}…` : line;
  return B.JSONStringify(cut) as string;
}
