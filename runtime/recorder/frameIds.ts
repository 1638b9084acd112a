// The frame id counter: one sequence for ENTER (hotPath.ts) and a leaf call's event (leafCalls.ts),
// so a recording with leaf calls gives every frame the id a full recording gives it. Knows ids only.
import type { FrameId } from '../format/hotPath';
import { resetClosureScopes } from './closureScopes';
import { forgetImpliedFrame, nothingSinceMark } from './ring';

let nextFrame = 1;

export function resetFrames(): void {
  nextFrame = 1;
  resetClosureScopes(); // the next closure's link is written, whatever the last one was
  nothingSinceMark(); // forget an endsFrame RETURN's mark (see hotPath.ts r and x)
  forgetImpliedFrame(); // the next ENTER names its frame: ids start again (ring.ts impliedFrame)
}

/** The last frame id given (0: none yet): live filters compare it with the frames the adapter saw. */
export function lastFrameId(): FrameId {
  return nextFrame - 1;
}

/** The next frame id (wraps within 29 bits). */
export function newFrame(): FrameId {
  const frame = nextFrame;
  nextFrame = (nextFrame & 0x1fffffff) + 1;
  return frame;
}
