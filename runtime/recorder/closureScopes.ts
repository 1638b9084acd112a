// Which activation and loop iteration a nested function closes over (CLOSURE_SCOPE, format 3.7):
// instrumented code passes the creating frame's id (and the iteration's, inside a loop whose
// per-iteration bindings a closure can capture) as the closure enters; a loop with such a closure
// asks for an iteration id where JavaScript copies its bindings. Knows nothing of scopes or values:
// it writes ids, and leaves out a link equal to the last one written (a callback run many times by
// the same creator costs one event; the reader gives an unlinked frame the latest link before it).
// A link made in no loop iteration, nearly all of them, is the shorter CLOSURE_LINK (format 3.11).
import { ClosureScopeWhat, EventKind, Ext, eventHeader } from '../format/events';
import type { FrameId } from '../format/hotPath';
import { event4, event6 } from './ring';

const HEADER = eventHeader(EventKind.EXT, Ext.CLOSURE_SCOPE);
const FIELD_WORDS = 4;
const LINK_HEADER = eventHeader(EventKind.EXT, Ext.CLOSURE_LINK);
const LINK_FIELD_WORDS = 2;

let lastCreator = 0;
let lastIteration = 0;
let nextIteration = 1;

/** Forget the last link (a new recording, or a drain that starts a new file): the next one is written. */
export function resetClosureScopes(): void {
  lastCreator = 0;
  lastIteration = 0;
}

/** `const f = <rt>.closedBy(<rt>.e(id), creatorFrame, iteration)`: returns the entered frame. */
export function closedBy(frame: FrameId, creatorFrame: FrameId, iteration: number): FrameId {
  if (creatorFrame !== lastCreator || iteration !== lastIteration) {
    lastCreator = creatorFrame;
    lastIteration = iteration;
    if (iteration === 0) event4(LINK_HEADER, LINK_FIELD_WORDS, frame, creatorFrame);
    else event6(HEADER, FIELD_WORDS, ClosureScopeWhat.CLOSURE_LINK, frame, creatorFrame, iteration);
  }
  return frame;
}

/** `<rt>.li(frame, loopProbe)`: a new iteration of the loop, its id (never 0) for closures made in it. */
export function li(frame: FrameId, loopProbe: number): number {
  const iteration = nextIteration;
  nextIteration = (nextIteration & 0x3fffffff) + 1;
  event6(HEADER, FIELD_WORDS, ClosureScopeWhat.LOOP_ITERATION, iteration, frame, loopProbe);
  return iteration;
}
