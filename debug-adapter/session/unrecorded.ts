// Replay's honesty about what focused recording left out. Files at level `none` run but leave no
// trace, so a Step Into on a line that calls into one can only step over it: when Step Into entered
// no frame, the line looks like it makes a call and the recording has `none` files, the stop's text
// says so. In a `calls`-level frame only parameters and returns exist: a local asked for is "not
// recorded", not "not defined". Knows the engine's answers and the source text, nothing of DAP.
import { readFileSync } from 'node:fs';
import type { ReplayEngine, StackFrameInfo, StopResult } from '../replay/api';

/** A call on the line: a name, `)` or `]` followed by `(`, not one of the keywords that take parentheses. */
const CALL = /(?:[\w$\])]|\?\.)\s*\(/g;
const NOT_CALLS = /(?:\b(?:if|for|while|switch|catch|return|typeof|await|yield)|\bfunction\s*\*?\s*[\w$]*)\s*\($/;

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
export function noteUnrecordedStepIn(
  engine: ReplayEngine,
  origin: StepOrigin,
  stop: StopResult,
  readSource = readLine,
): StopResult {
  if (stop.reason !== 'step' || stop.text !== undefined || engine.stackTrace(0, 1).totalFrames > origin.depth)
    return stop;
  const unrecorded = engine.recordedFiles().filter((file) => file.level === 'none');
  if (unrecorded.length === 0 || origin.path === undefined || origin.line1 === undefined) return stop;
  if (!makesCall(readSource(origin.path, origin.line1))) return stop;
  const names = unrecorded
    .slice(0, 3)
    .map((file) => file.path.split(/[\\/]/).pop())
    .join(', ');
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

const UNDEFINED_NAME = / is not defined at this moment$/;

/** Frame ids grow with every stackTrace; old ones are dropped past this many. */
const MAX_REMEMBERED_FRAMES = 10_000;

/** Frames the client was last shown, by id: an evaluation names its frame by one of these ids. */
const shownFrames = new WeakMap<object, Map<number, { name: string; path?: string }>>();

export function rememberFrames(session: object, frames: readonly StackFrameInfo[]): void {
  const byId = shownFrames.get(session) ?? new Map<number, { name: string; path?: string }>();
  if (byId.size > MAX_REMEMBERED_FRAMES) byId.clear();
  for (const frame of frames) byId.set(frame.id, { name: frame.name, path: frame.source.path });
  shownFrames.set(session, byId);
}

/** An evaluation's error message, told honestly when the name was simply not recorded at the frame's level. */
export function explainUnrecorded(
  session: object,
  engine: ReplayEngine,
  frameId: number | undefined,
  message: string,
): string {
  if (!UNDEFINED_NAME.test(message)) return message;
  const top = engine.stackTrace(0, 1).frames[0];
  const frame =
    frameId === undefined ? top && { name: top.name, path: top.source.path } : shownFrames.get(session)?.get(frameId);
  const file =
    frame?.path === undefined ? undefined : engine.recordedFiles().find((candidate) => candidate.path === frame.path);
  if (file?.level !== 'calls') return message;
  return message.replace(
    UNDEFINED_NAME,
    ` was not recorded: ${frame!.name} is in a file recorded at level "calls" (calls, parameters and return values only)`,
  );
}
