// A recorder that records nothing, for threads that are not recorded (worker threads): should any
// instrumented code run there, it finds the global it expects and behaves exactly as uninstrumented.
import type { RecorderHotPath } from '../format/hotPath';
import { UNKNOWN_SCOPE_FRAME } from '../format/hotPath';
import { cf, cn, cr } from './dataPath';

export function createNoopHotPath(): RecorderHotPath {
  const pass = <T>(value: T): T => value;
  return Object.freeze({
    s() {},
    x() {},
    c() {},
    e: () => UNKNOWN_SCOPE_FRAME,
    em: () => UNKNOWN_SCOPE_FRAME,
    e1: () => UNKNOWN_SCOPE_FRAME,
    e2: () => UNKNOWN_SCOPE_FRAME,
    e3: () => UNKNOWN_SCOPE_FRAME,
    e4: () => UNKNOWN_SCOPE_FRAME,
    em1: () => UNKNOWN_SCOPE_FRAME,
    em2: () => UNKNOWN_SCOPE_FRAME,
    em3: () => UNKNOWN_SCOPE_FRAME,
    em4: () => UNKNOWN_SCOPE_FRAME,
    r: <T>(_probe: number, value: T) => pass(value),
    rf: <T>(_probe: number, value: T) => pass(value),
    w: <T>(_probe: number, value: T) => value,
    wf: <T>(_probe: number, value: T) => value,
    wp: <T>(_probe: number, oldValue: T) => oldValue,
    wpf: <T>(_probe: number, oldValue: T) => oldValue,
    pv: <T>(_probe: number, _target: unknown, _key: unknown, value: T) => value,
    pr: <T>(_probe: number, result: T) => result,
    pp: <T>(_probe: number, oldValue: T) => oldValue,
    pd: (_probe: number, deleted: boolean) => deleted,
    thisEntry: () => undefined,
    mc: <T>(_probe: number, result: T) => result,
    mb: <T>(_probe: number, result: T) => result,
    dp: () => undefined,
    cr, // not an event: the program's own TypeError, whoever records
    cf,
    cn,
    as: <T>(_frame: number, _probe: number, operand: T) => operand,
    ar: <T>(_frame: number, _probe: number, value: T) => value,
    th: <T>(_probe: number, value: T) => value,
    emitStart: <T>(_name: string | undefined, value?: T) => value,
    emitEnd: <T>(result: T) => result,
    envRead: pass,
    closedBy: (frame: number) => frame,
    li: () => 0,
    // No leaf events: the guard sends every call down the (no-op) full path.
    lk1: () => false,
    lk2: () => false,
    lk3: () => false,
    lk4: () => false,
    lf0: <T>(_probe: number, result: T) => result,
    lf1: <T>(_probe: number, result: T) => result,
    lf2: <T>(_probe: number, result: T) => result,
    lf3: <T>(_probe: number, result: T) => result,
    lf4: <T>(_probe: number, result: T) => result,
    lb: () => false,
    leafRead: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    leafFrom: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    leafResult: (o: unknown, key: unknown) => (o as Record<PropertyKey, unknown>)[key as PropertyKey],
    lq0: <T>(_probe: number, result: T) => result,
    lq1: <T>(_probe: number, result: T) => result,
    lq2: <T>(_probe: number, result: T) => result,
    lq3: <T>(_probe: number, result: T) => result,
    lq4: <T>(_probe: number, result: T) => result,
  });
}
