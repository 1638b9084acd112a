// After a builtin that writes through an argument (Object.assign, Reflect.set, a mutator borrowed
// with .call/.apply…; the instrumenter recognises the calls, builtinWrites.ts there): a fresh
// SNAPSHOT of the written object, so replay shows what the builtin did instead of a stale state.
// Knows snapshots, not the call: a call that turned out not to be the builtin costs a snapshot
// and shows the truth all the same.
import { lastObjectWasNew, prepareObject, resnapshot } from './snapshot';
import { intrinsicPrototypeIndex } from './snapshotPrototype';

/**
 * `<rt>.mb(id, Object.assign(o, x), o)`: re-snapshots `target` if the recording has seen it;
 * returns result. The probe (a 'mutatorCall' naming the builtin) says where; the SNAPSHOT has no probe.
 */
export function mb<T>(_probeId: number, result: T, target: unknown): T {
  if ((typeof target === 'object' && target !== null) || typeof target === 'function') {
    // Unseen objects need nothing: their first snapshot, when they are next seen, shows the write.
    // Except a builtin prototype (`Object.defineProperty(String.prototype, …)`): replay names it by
    // number and never sees it again, so its first sight, with the program's member, is now.
    if (intrinsicPrototypeIndex(target) >= 0) {
      prepareObject(target, 0);
      if (lastObjectWasNew) return result;
    }
    resnapshot(target);
  }
  return result;
}
