// Data breakpoints on a Map's or a Set's entry (issue 12): an entry is named by its key (SameValueZero,
// as the collection compares keys), and it is written where the recording saw it change — a recorded
// `set(k, …)` of that key (even to an equal value, as an assignment is a write), or any event after
// which the entry's value or presence differs from before it: `delete`, `clear`, `add`, a snapshot
// re-read after a builtin or unseen code changed the collection. Knows collections' states, not DAP.
import { EventKind, ObjectType, type DecodedValue } from '../../runtime/format';
import type { ThreadContext } from './moment';
import { sameValueZero, type ObjectState } from './objects';

/** A key as text that two keys share exactly when SameValueZero says they are the same key. */
export function entryKeyCode(key: DecodedValue): string {
  switch (key.type) {
    case 'number':
      return `number:${Object.is(key.value, -0) ? 0 : key.value}`;
    case 'string':
      return `string:${key.value}`;
    case 'boolean':
      return `boolean:${key.value}`;
    case 'bigint':
      return `bigint:${key.text}`;
    case 'object':
    case 'symbol':
      return `${key.type}:${key.id}`;
    default:
      return key.type;
  }
}

export function isCollection(state: ObjectState): boolean {
  return state.type === ObjectType.MAP || state.type === ObjectType.SET;
}

/** The key of the collection's entry shown at row `index` (Variables lists entries in order). */
export function entryKeyAt(state: ObjectState, index: number): DecodedValue | undefined {
  if (state.type === ObjectType.MAP) return state.mapEntries[index]?.[0];
  if (state.type === ObjectType.SET) return state.setValues[index];
  return undefined;
}

/** An entry's value (a Set's member: the key itself); undefined when the collection lacks it. */
export function entryValue(state: ObjectState, code: string): DecodedValue | undefined {
  if (!state.known) return undefined;
  if (state.type === ObjectType.MAP) return state.mapEntries.find(([key]) => entryKeyCode(key) === code)?.[1];
  return state.setValues.find((value) => entryKeyCode(value) === code);
}

function changed(before: DecodedValue | undefined, after: DecodedValue | undefined): boolean {
  if (before === undefined || after === undefined) return before !== after;
  return !sameValueZero(before, after);
}

/**
 * Offsets of the events that wrote the entry `code` of collection `objectId`, oldest first. One
 * walk: a recorded set/add/delete/clear says its effect on the entry from its arguments; only a
 * snapshot (or a call the recorder could not give arguments for) asks for the collection's state.
 */
export function entryWrites(context: ThreadContext, objectId: number, code: string): number[] {
  const recorded = context.recorded;
  const events = context.thread.objectEvents(objectId);
  const offsets: number[] = [];
  let current: DecodedValue | undefined; // the entry's value before the event; undefined: absent
  for (let position = 0; position < events.length; position++) {
    const offset = events.get(position);
    const isMutator = recorded.kind(offset) === EventKind.MUTATOR;
    const effect = isMutator ? mutatorEffect(context, offset, code, current) : undefined;
    if (effect) {
      if (effect.wrote) offsets.push(offset);
      current = effect.after;
      continue;
    }
    if (!isMutator && !context.objects.isSnapshot(offset)) continue; // a property or a prototype: not an entry
    const after = entryValue(context.objects.at(objectId, offset + 1), code);
    if (changed(current, after)) offsets.push(offset);
    current = after;
  }
  return offsets;
}

/**
 * A recorded call's effect on one entry, from MUTATOR [hdr, target, argCount, args…, result]; undefined
 * when its arguments were not recorded or the operation is not a collection's.
 */
function mutatorEffect(
  context: ThreadContext,
  offset: number,
  code: string,
  current: DecodedValue | undefined,
): { wrote: boolean; after: DecodedValue | undefined } | undefined {
  const recorded = context.recorded;
  const operation = context.probes.resolve(recorded.probe(offset))?.info.operation;
  const countAt = recorded.after(offset + 1);
  const argCount = recorded.word(countAt);
  const unchanged = { wrote: false, after: current };
  if (operation === 'clear') return { wrote: current !== undefined, after: undefined };
  if (argCount < 1 || (operation !== 'set' && operation !== 'add' && operation !== 'delete')) return undefined;
  const keyAt = countAt + 1;
  if (entryKeyCode(recorded.value(keyAt)) !== code) return operation === 'set' && argCount < 2 ? undefined : unchanged;
  switch (operation) {
    case 'set':
      // Even to an equal value: an assignment is a write.
      return argCount < 2 ? undefined : { wrote: true, after: recorded.value(recorded.after(keyAt)) };
    case 'add':
      return { wrote: current === undefined, after: recorded.value(keyAt) };
    default:
      return { wrote: current !== undefined, after: undefined };
  }
}
