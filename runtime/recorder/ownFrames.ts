// Calls that may throw through a recorder frame (a wrapped stream write, Function.prototype.toString
// on a non-function): the error the program catches must carry the stack a plain run shows. The
// limit is raised by our frame count while the call runs; the stack formatter leaves this bundle's
// frames out (hiddenFrames.ts), and a frame of ours elsewhere (`node:events`) is cut from the text.
// With a user's Error.prepareStackTrace the stack is not formatted by us (that would call user code)
// and our frames stay in it. Knows stack text, nothing of what is being called.
import { B } from './builtins';
import { applyRaisingLimit } from './hiddenFrames';
import { nodeFormatsStacks } from './nodeStackFormatter';

/**
 * B.apply(target, self, args), with `ownFrames` frames of ours (this one included) hidden from the
 * stack of an error made under it: left out by the stack formatter (hiddenFrames.ts), with the limit
 * raised meanwhile. Never caught and thrown again here: an uncaught error's source line stays where
 * it was thrown (Node's, the program's), not ours.
 */
export function applyHidingOwnFrames(
  target: (...args: never[]) => unknown,
  self: unknown,
  args: readonly unknown[],
  ownFrames: number,
): unknown {
  return applyRaisingLimit(target, self, args, ownFrames + 1); // and applyRaisingLimit's frame
}

/** What a call of `applyCuttingFrame` did: returned `value`, or threw `error` (its stack cut). */
export type CutOutcome = { threw: false; value: unknown } | { threw: true; error: unknown };

/**
 * B.apply(target, self, args) from a frame of ours that is not in this bundle (`frame`: the text
 * its stack line holds, e.g. `node:events:515:20)`), hidden from a thrown error's stack like this
 * bundle's two frames (this one, applyHidingOwnFrames). Returns what happened, so that the caller
 * throws from a place of its choosing (where a plain run's uncaught error points).
 */
export function applyCuttingFrame(
  target: (...args: never[]) => unknown,
  self: unknown,
  args: readonly unknown[],
  frame: string,
): CutOutcome {
  try {
    return { threw: false, value: applyHidingOwnFrames(target, self, args, 3) };
  } catch (error) {
    if (formattedByNode(error)) cutFrames(error as Error, frame);
    return { threw: true, error };
  }
}

/** An error whose stack Node formatted (no user formatter ran): its text is ours to cut. */
function formattedByNode(error: unknown): boolean {
  return B.isNativeError(error) && nodeFormatsStacks();
}

/** Cuts from `error`'s stack every line holding `marker`. */
function cutFrames(error: Error, marker: string): void {
  const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
  if (!descriptor || (typeof descriptor.get === 'function' && typeof descriptor.set !== 'function')) return;
  const stack = descriptor.get ? B.apply(descriptor.get, error, []) : descriptor.value;
  if (typeof stack !== 'string') return;
  let cut = stack;
  for (let own = B.stringIndexOf(cut, marker); own >= 0; own = B.stringIndexOf(cut, marker)) {
    const lineEnd = B.stringIndexOf(cut, '\n', own);
    cut = B.stringSlice(cut, 0, B.stringLastIndexOf(cut, '\n', own)) + (lineEnd < 0 ? '' : B.stringSlice(cut, lineEnd));
  }
  if (descriptor.set) B.apply(descriptor.set, error, [cut]);
  else B.defineProperty(error, 'stack', { ...descriptor, value: cut });
}
