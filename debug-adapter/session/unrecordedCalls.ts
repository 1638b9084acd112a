// Replay's honesty about code recorded at level `none`: such files run but leave no trace, so a
// Step Into on a line that calls into one can only step over it. When Step Into entered no frame,
// the line looks like it makes a call, and the recording has `none` files, the stop says so (its
// text, and a Debug Console line). Knows the engine's stack and the source text, nothing of DAP.
import { readFileSync } from 'node:fs';
import type { ReplayEngine, StopResult } from '../replay/api';

/** A call on the line: a name, `)` or `]` followed by `(`, not one of the keywords that take parentheses. */
const CALL = /(?:[\w$\])]|\?\.)\s*\(/g;
const NOT_CALLS = /\b(?:if|for|while|switch|catch|function|return|typeof|await|yield)\s*\($/;

export interface StepOrigin {
  depth: number;
  path?: string;
  line1?: number;
}

export function stepOrigin(engine: ReplayEngine): StepOrigin {
  const trace = engine.stackTrace(0, 1);
  const top = trace.frames[0];
  return { depth: trace.totalFrames, path: top?.source.path, line1: top?.source.line1 };
}

/** The stop, with a note when Step Into could not enter what the line called because it was not recorded. */
export function noteUnrecordedStepIn(engine: ReplayEngine, origin: StepOrigin, stop: StopResult, readSource = readLine): StopResult {
  if (stop.reason !== 'step' || stop.text !== undefined || engine.stackTrace(0, 1).totalFrames > origin.depth) return stop;
  const unrecorded = engine.recordedFiles().filter((file) => file.level === 'none');
  if (unrecorded.length === 0 || origin.path === undefined || origin.line1 === undefined) return stop;
  if (!makesCall(readSource(origin.path, origin.line1))) return stop;
  const names = unrecorded.slice(0, 3).map((file) => file.path.split(/[\\/]/).pop()).join(', ');
  const more = unrecorded.length > 3 ? ` and ${unrecorded.length - 3} more` : '';
  return {
    ...stop,
    text: `Stepped over: no recorded function was entered from line ${origin.line1}. Files recorded at level "none" (${names}${more}) run unrecorded, so calls into them cannot be stepped into.`,
  };
}

export function makesCall(lineText: string): boolean {
  for (const match of lineText.matchAll(CALL)) {
    if (!NOT_CALLS.test(lineText.slice(0, match.index + match[0].length))) return true;
  }
  return false;
}

function readLine(path: string, line1: number): string {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/)[line1 - 1] ?? '';
  } catch {
    return '';
  }
}
