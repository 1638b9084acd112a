// "How did this variable change": the writes a data breakpoint would stop at, each with the value it
// wrote, read from the event itself (a variable's WRITE, a property's PROP_SET) or, for a builtin
// mutation or a snapshot, from the object's state just after it (a mutation that left the key as it
// was is not a write of it). Objects in a value are previewed as
// they were right after that write. Knows nothing of DAP, the cursor or how writes are found.
import { EventKind } from '../../runtime/format';
import type { ValueWrite } from './api';
import { stepOfWrite } from './hitLists';
import { entryValue } from './entryWatch';
import type { ThreadContext } from './moment';
import { sameValueZero, valueOfKey } from './objects';
import { describe } from './values';

/** What was written: a variable (its WRITE events carry the value) or one key of an object. */
export type WrittenTarget =
  | { kind: 'variable' }
  | { kind: 'property'; objectId: number; key: string }
  | { kind: 'entry'; objectId: number; code: string };

/** Writes at the given event offsets (in time order), the first `limit` of them. */
export function valueWrites(
  context: ThreadContext,
  target: WrittenTarget,
  offsets: readonly number[],
  limit: number,
): ValueWrite[] {
  const writes: ValueWrite[] = [];
  for (const offset of offsets.slice(0, limit)) {
    const step = stepOfWrite(context, offset);
    const source = context.locations.span(context.thread.probeAt(step));
    const kind = context.recorded.kind(offset);
    if (kind === EventKind.PROP_DELETE) {
      writes.push({ step, source, value: '(deleted)', type: 'undefined' });
      continue;
    }
    let value;
    if (target.kind === 'variable' || kind === EventKind.PROP_SET) value = writtenValue(context, offset, target);
    else {
      // A builtin call (push, splice, set…) is listed for every key it may touch: keep those it changed.
      const before = context.objects.at(target.objectId, offset);
      const after = context.objects.at(target.objectId, offset + 1);
      value = target.kind === 'entry' ? entryValue(after, target.code) : valueOfKey(after, target.key);
      const previous =
        target.kind === 'entry'
          ? entryValue(before, target.code)
          : before.known
            ? valueOfKey(before, target.key)
            : undefined;
      // A recorded map.set(k, v) to an equal value is still a write (entryWatch.ts): keep it listed.
      const rewrite = target.kind === 'entry' && kind === EventKind.MUTATOR && value !== undefined;
      if (!rewrite && (value === previous || (value && previous && sameValueZero(value, previous)))) continue;
      if (!value) {
        writes.push({ step, source, value: '(deleted)', type: 'undefined' });
        continue;
      }
    }
    const described = describe(value, (objectId) => context.objects.at(objectId, offset + 1));
    writes.push({ step, source, value: described.text, type: described.type });
  }
  return writes;
}

function writtenValue(context: ThreadContext, offset: number, target: WrittenTarget) {
  if (target.kind === 'variable') return context.recorded.eventValue(offset);
  // PROP_SET [hdr, object, key, value]: the value follows the key.
  const recorded = context.recorded;
  return recorded.value(recorded.after(recorded.after(offset + 1)));
}
