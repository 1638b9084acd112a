// Sorted step lists for each breakpoint kind: line (merged hits of the probes on a line),
// function (first steps of a function's frames), exception (throws), data (steps that wrote a
// variable or property). Lists are cached until the recording grows. Knows nothing of conditions.
import { EventKind, type ProducerProbeId } from '../../runtime/format';
import { upperBound, type StepList, type ThreadHistory } from '../trace/history';
import type { ThreadContext } from './moment';
import { keyText, sameValueZero, valueOfKey } from './objects';
import { lastStepIn } from './stack';

export type { StepList } from '../trace/history';

export function entriesOfFunctions(thread: ThreadHistory, functionProbes: readonly ProducerProbeId[]): StepList {
  const steps: number[] = [];
  for (const probe of functionProbes) {
    const frames = thread.framesOfFunction(probe);
    if (!frames) continue;
    for (let index = 0; index < frames.length; index++) {
      const step = thread.frameEntryStep(frames.get(index));
      if (step >= 0) steps.push(step);
    }
  }
  return sortedList(steps);
}

export function sortedList(steps: number[]): StepList {
  const sorted = Int32Array.from(steps).sort();
  return { length: sorted.length, get: (index) => sorted[index] };
}

/** Steps in which a write event at one of these offsets happened (deduplicated). */
export function stepsOfOffsets(context: ThreadContext, offsets: readonly number[]): StepList {
  const steps = new Set<number>();
  for (const offset of offsets) steps.add(stepOfWrite(context, offset));
  return sortedList([...steps]);
}

/** Offsets of the events that set or deleted `key` on an object (or cleared/mutated a collection key). */
export function propertyWrites(context: ThreadContext, objectId: number, key: string): number[] {
  const recorded = context.recorded;
  const events = context.thread.objectEvents(objectId);
  const offsets: number[] = [];
  for (let position = 0; position < events.length; position++) {
    const offset = events.get(position);
    const kind = recorded.kind(offset);
    if (kind === EventKind.PROP_SET || kind === EventKind.PROP_DELETE) {
      if (keyText(recorded.value(recorded.after(offset + 1))) === key) offsets.push(offset);
    } else if (kind === EventKind.MUTATOR) {
      // A builtin call changes indexes, length or a collection entry: report it for those keys.
      const argCount = recorded.word(recorded.after(offset + 1));
      const firstArg = argCount > 0 ? keyText(recorded.value(recorded.after(offset + 1) + 1)) : undefined;
      if (/^\d+$/.test(key) || key === 'length' || key === 'size' || firstArg === key) offsets.push(offset);
    } else if (context.objects.isSnapshot(offset) && snapshotSets(context, objectId, offset, key)) {
      offsets.push(offset);
    }
  }
  return offsets;
}

/**
 * A snapshot is where the recording learns an object's contents: made by a literal (its values'
 * origin), first seen by recorded code, or re-read after code the recorder cannot see changed it.
 * It sets `key` when the key has a value after it that differs from (or was unknown) before it.
 */
function snapshotSets(context: ThreadContext, objectId: number, offset: number, key: string): boolean {
  const after = valueOfKey(context.objects.at(objectId, offset + 1), key);
  if (after === undefined) return false;
  const before = context.objects.at(objectId, offset);
  const previous = before.known ? valueOfKey(before, key) : undefined;
  return previous === undefined || !sameValueZero(previous, after);
}

/** The number of entries ≤ value (the index of the first one after it). */
export function countAtOrBefore(list: StepList, value: number): number {
  return list.upperBound ? list.upperBound(value) : upperBound(list.length, value, (index) => list.get(index));
}

/** First index in the list strictly after `step` (forward) / last strictly before (backward), or -1. */
export function neighbour(list: StepList, step: number, forward: boolean): number {
  if (forward) {
    const after = countAtOrBefore(list, step);
    return after < list.length ? after : -1;
  }
  return countAtOrBefore(list, step - 1) - 1;
}

/**
 * The statement a write belongs to: the last step of the activation that was running when the
 * write happened (a write after a call returns belongs to the calling statement, not the callee's last step).
 */
export function stepOfWrite(context: ThreadContext, offset: number): number {
  const thread = context.thread;
  const step = context.stepOfOffset(offset);
  if (step < 0) return thread.firstStep;
  let activation = thread.activationAt(step);
  while (activation >= 0) {
    const endOffset = thread.activationEndOffset(activation);
    if (endOffset < 0 || endOffset > offset) break;
    activation = thread.callerOf(activation);
  }
  if (activation < 0) return step;
  const owned = lastStepIn(thread, activation, step);
  return owned >= 0 ? owned : step;
}
