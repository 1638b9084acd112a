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

/** Offsets of the events that wrote the entry `code` of collection `objectId`, oldest first. */
export function entryWrites(context: ThreadContext, objectId: number, code: string): number[] {
  const recorded = context.recorded;
  const events = context.thread.objectEvents(objectId);
  const offsets: number[] = [];
  for (let position = 0; position < events.length; position++) {
    const offset = events.get(position);
    if (recorded.kind(offset) === EventKind.MUTATOR && setsKey(context, offset, code)) {
      offsets.push(offset);
      continue;
    }
    const before = entryValue(context.objects.at(objectId, offset), code);
    const after = entryValue(context.objects.at(objectId, offset + 1), code);
    if (changed(before, after)) offsets.push(offset);
  }
  return offsets;
}

/** A recorded `map.set(k, v)` of this key: MUTATOR [hdr, target, argCount, args…, result]. */
function setsKey(context: ThreadContext, offset: number, code: string): boolean {
  const recorded = context.recorded;
  if (context.probes.resolve(recorded.probe(offset))?.info.operation !== 'set') return false;
  const countAt = recorded.after(offset + 1);
  if (recorded.word(countAt) < 2) return false;
  return entryKeyCode(recorded.value(countAt + 1)) === code;
}
