// A stub recorder for tests: implements RecorderHotPath by appending each call to a list, storing
// values as they are and never touching them (no getter, no toString). Probe ids arrive as
// base + local id; the runners bind base 0, so ids are local.
import type { RecorderHotPath } from '../../../../runtime/format/hotPath';
import { cf, cn, cr, dp } from '../../../../runtime/recorder/dataPath';

export type Call = [method: keyof RecorderHotPath, ...args: unknown[]];

export interface StubRecorder extends RecorderHotPath {
  calls: Call[];
}

/** The scope a stub call lists for `w`/`wp`: the running function's own frame. */
export const RUNNING = 'running';

export function createStubRecorder(): StubRecorder {
  const calls: Call[] = [];
  let nextFrame = 1;
  const e = (probeId: number): number => {
    const frame = nextFrame++;
    calls.push(['e', probeId, frame]);
    return frame;
  };
  const em = (probeId: number, thisValue: unknown): number => {
    const frame = nextFrame++;
    calls.push(['em', probeId, frame, thisValue]);
    return frame;
  };
  // e1…e4 / em1…em4 are listed as the calls they stand for: e or em, then a w per parameter.
  const params = (probeId: number, values: unknown[]): void => {
    values.forEach((value, index) => calls.push(['w', probeId + 1 + index, value, RUNNING]));
  };
  const folded =
    (withThis: boolean) =>
    (probeId: number, ...rest: unknown[]): number => {
      const frame = withThis ? em(probeId, rest.shift()) : e(probeId);
      params(probeId, rest);
      return frame;
    };
  return {
    calls,
    s(probeId) {
      calls.push(['s', probeId]);
    },
    e,
    em,
    e1: folded(false),
    e2: folded(false),
    e3: folded(false),
    e4: folded(false),
    em1: folded(true),
    em2: folded(true),
    em3: folded(true),
    em4: folded(true),
    r(probeId, value) {
      calls.push(['r', probeId, value]);
      return value;
    },
    // The same RETURN event as r (only whether an EXIT may be skipped differs): listed as 'r'.
    rf(probeId, value) {
      calls.push(['r', probeId, value]);
      return value;
    },
    x(frameId, probeId) {
      calls.push(['x', frameId, probeId]);
    },
    // Own-frame writes (no scope argument) are listed with the scope RUNNING, beside scoped ones.
    w(probeId, value) {
      calls.push(['w', probeId, value, RUNNING]);
      return value;
    },
    wf(probeId, value, scope) {
      calls.push(['w', probeId, value, scope]);
      return value;
    },
    // An append is a write of its result (the recorder chooses the event): listed as one.
    ap(probeId, _oldValue, _mark, result) {
      calls.push(['w', probeId, result, RUNNING]);
      return result;
    },
    appendMark: () => 0,
    apf(probeId, _oldValue, _mark, result, _part, scope) {
      calls.push(['w', probeId, result, scope]);
      return result;
    },
    wp(probeId, oldValue, delta) {
      calls.push(['wp', probeId, oldValue, delta, RUNNING]);
      return oldValue;
    },
    wpf(probeId, oldValue, delta, scope) {
      calls.push(['wp', probeId, oldValue, delta, scope]);
      return oldValue;
    },
    pv(probeId, target, key, value) {
      calls.push(['pv', probeId, target, key, value]);
      return value;
    },
    pr(probeId, result, target, key) {
      calls.push(['pr', probeId, result, target, key]);
      return result;
    },
    pp(probeId, oldValue, target, key, delta) {
      calls.push(['pp', probeId, oldValue, target, key, delta]);
      return oldValue;
    },
    pd(probeId, deleted, target, key) {
      calls.push(['pd', probeId, deleted, target, key]);
      return deleted;
    },
    mc(probeId, result, target, ...args) {
      calls.push(['mc', probeId, result, target, ...args]);
      return result;
    },
    // A frame's cached `this` entry (an identity, no event), unlisted: pv/pr/pp are listed without it.
    thisEntry: (cached) => cached ?? 0,
    // The real reader (descriptors only, no program code), unlisted: it is no event, only how mc's target is named.
    dp,
    cr,
    cf,
    cn,
    mb(probeId, result, target) {
      calls.push(['mb', probeId, result, target]);
      return result;
    },
    as(frameId, probeId, operand) {
      calls.push(['as', frameId, probeId, operand]);
      return operand;
    },
    ar(frameId, probeId, value) {
      calls.push(['ar', frameId, probeId, value]);
      return value;
    },
    th(probeId, value) {
      calls.push(['th', probeId, value]);
      return value;
    },
    // Not an event: redaction's bookkeeping (SEC-10); listed nowhere.
    envRead(value) {
      return value;
    },
    // Closure links and loop iterations (CLOSURE_SCOPE): ids only, listed nowhere.
    closedBy(frame) {
      return frame;
    },
    li() {
      return 1;
    },
    c(probeId, value) {
      calls.push(['c', probeId, value]);
    },
    emitStart(name, value) {
      calls.push(['emitStart', name]);
      return value;
    },
    emitEnd(result) {
      calls.push(['emitEnd', result]);
      return result;
    },
    // Leaves (instrumented only with the leaf option): the guard sends every call down the full path.
    lk1: () => false,
    lk2: () => false,
    lk3: () => false,
    lk4: () => false,
    lf0: (_probeId, result) => result,
    lf1: (_probeId, result) => result,
    lf2: (_probeId, result) => result,
    lf3: (_probeId, result) => result,
    lf4: (_probeId, result) => result,
    lb: () => false,
    leafRead: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    leafFrom: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    leafResult: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    lq0: (_probeId, result) => result,
    lq1: (_probeId, result) => result,
    lq2: (_probeId, result) => result,
    lq3: (_probeId, result) => result,
    lq4: (_probeId, result) => result,
  };
}

/** Every ENTER has its EXIT, in stack order (functions that run to completion). */
export function framesBalanced(calls: readonly Call[]): boolean {
  const stack: unknown[] = [];
  for (const call of calls) {
    if (call[0] === 'e' || call[0] === 'em') stack.push(call[2]);
    else if (call[0] === 'x' && stack.pop() !== call[1]) return false;
  }
  return stack.length === 0;
}
