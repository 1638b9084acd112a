// Which frames are the recorder's own (runtime/recorder/hiddenFrames.ts), and the stack limit a
// call of ours raises while program code runs under it. The stacks a program prints are proven end
// to end by the ins-19-failed-require and ins-19-proxy-emit-stacks fidelity fixtures.
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyRaisingLimit,
  hideCallSite,
  isHiddenFrame,
  mayHideFramesOf,
  plainFrameCount,
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

  it('says how many frames a plain run would have captured of a stack captured under a raise', () => {
    errorLimit.stackTraceLimit = 10;
    expect(plainFrameCount(10, false)).toBe(10);
    const inner = (): number[] => [plainFrameCount(15, false), plainFrameCount(14, false), plainFrameCount(14, true)];
    const outer = () => [
      plainFrameCount(12, false),
      plainFrameCount(11, false),
      ...(applyRaisingLimit(inner, undefined, [], 3) as number[]),
    ];
    // Outer raise: 12 frames captured = 10 + 2 of ours; nested: 15 = 10 + 2 + 3. A capture that
    // ended among our frames was cut by the plain limit (10), whatever its length.
    expect(applyRaisingLimit(outer, undefined, [], 2)).toEqual([10, 11, 10, 14, 10]);
    // After the raise: only a capture that ended among our frames tells.
    expect(plainFrameCount(12, false)).toBe(12);
    expect(plainFrameCount(12, true)).toBe(10);
  });
});
