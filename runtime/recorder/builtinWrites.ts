// After a builtin that writes through an argument (Object.assign, Reflect.set, a mutator borrowed
// with .call/.apply…; the instrumenter recognises the calls, builtinWrites.ts there): a fresh
// SNAPSHOT of the written object, so replay shows what the builtin did instead of a stale state.
// Knows snapshots, not the call: a call that turned out not to be the builtin costs a snapshot
// and shows the truth all the same.
import { resnapshot } from './snapshot';

/**
 * `<rt>.mb(id, Object.assign(o, x), o)`: re-snapshots `target` if the recording has seen it;
 * returns result. The probe (a 'mutatorCall' naming the builtin) says where; the SNAPSHOT has no probe.
 */
export function mb<T>(_probeId: number, result: T, target: unknown): T {
  // Unseen objects need nothing: their first snapshot, when they are next seen, shows the write.
  if ((typeof target === 'object' && target !== null) || typeof target === 'function') resnapshot(target);
  return result;
}
