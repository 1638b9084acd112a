// Which frames are the recorder's own (runtime/recorder/hiddenFrames.ts), and the stack limit a
// call of ours raises while program code runs under it. The stacks a program prints are proven end
// to end by the ins-19-failed-require and ins-19-proxy-emit-stacks fidelity fixtures.
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyRaisingLimit,
  framesOverPlainLimit,
  hideCallSite,
  isHiddenFrame,
  mayHideFramesOf,
} from '../../../runtime/recorder/hiddenFrames';

const errorLimit = Error as unknown as { stackTraceLimit: number };
const initialLimit = errorLimit.stackTraceLimit;
afterEach(() => {
  errorLimit.stackTraceLimit = initialLimit;
});

describe('hidden frames', () => {
  it('hides a registered call only at its line, column and enclosing function', () => {
    hideCallSite('test:hidden-frames', 12, 30, 2);
    expect(mayHideFramesOf('test:hidden-frames')).toBe(true);
    expect(isHiddenFrame('test:hidden-frames', 12, 30, 2)).toBe(true);
    // Another call on the line, the same position in another function, another file: the program's.
    expect(isHiddenFrame('test:hidden-frames', 12, 31, 2)).toBe(false);
    expect(isHiddenFrame('test:hidden-frames', 12, 30, 400)).toBe(false);
    expect(mayHideFramesOf('test:other-file')).toBe(false);
    expect(isHiddenFrame('test:other-file', 12, 30, 2)).toBe(false);
  });
});

describe('applyRaisingLimit', () => {
  it('raises the limit by our frames while the call runs, then puts it back', () => {
    errorLimit.stackTraceLimit = 10;
    const seen = applyRaisingLimit(() => errorLimit.stackTraceLimit, undefined, [], 3);
    expect(seen).toBe(13);
    expect(errorLimit.stackTraceLimit).toBe(10);
  });

  it('leaves a limit of 0 alone (a plain run captures no frame at all)', () => {
    errorLimit.stackTraceLimit = 0;
    expect(applyRaisingLimit(() => errorLimit.stackTraceLimit, undefined, [], 3)).toBe(0);
    expect(errorLimit.stackTraceLimit).toBe(0);
  });

  it('keeps a limit the call set itself', () => {
    errorLimit.stackTraceLimit = 10;
    applyRaisingLimit(() => (errorLimit.stackTraceLimit = 4), undefined, [], 2);
    expect(errorLimit.stackTraceLimit).toBe(4);
  });

  it('lets a thrown value through as it is, and puts the limit back', () => {
    errorLimit.stackTraceLimit = 10;
    const thrown = new Error('thrown');
    let caught: unknown;
    try {
      applyRaisingLimit(
        () => {
          throw thrown;
        },
        undefined,
        [],
        2,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
    expect(errorLimit.stackTraceLimit).toBe(10);
  });

  it('says how many frames of a full stack captured under the raise a plain run would not have', () => {
    errorLimit.stackTraceLimit = 10;
    expect(framesOverPlainLimit(10)).toBe(0);
    const inner = (): number[] => [framesOverPlainLimit(15), framesOverPlainLimit(14), errorLimit.stackTraceLimit];
    const outer = () => [
      framesOverPlainLimit(12),
      framesOverPlainLimit(11),
      ...(applyRaisingLimit(inner, undefined, [], 3) as number[]),
    ];
    // Outer raise: 12 frames captured = 10 + 2 of ours; nested: 15 = 10 + 2 + 3.
    expect(applyRaisingLimit(outer, undefined, [], 2)).toEqual([2, 0, 5, 0, 15]);
    expect(framesOverPlainLimit(12)).toBe(0);
  });
});
