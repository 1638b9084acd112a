// Which builtin members the program deleted from a builtin prototype (`delete Array.prototype.includes`,
// issue 12), as of a moment. A builtin prototype's snapshot holds only the program's members, so a
// member missing from it says nothing; a recorded delete does. A member deleted and not put back
// by a recorded write is gone; one deleted before a later snapshot of the prototype (a builtin write
// re-snapshots it) may have been put back with the language's own value, which a snapshot leaves
// out: that is not known. Knows object states and their delete events, nothing of display.
import type { DecodedValue } from '../../runtime/format';
import type { ObjectState } from './objects';

export interface DeletedMember {
  key: DecodedValue;
  /** true: gone at this moment; false: deleted earlier, whether put back since is not known. */
  gone: boolean;
}

/**
 * The builtin members a builtin prototype (its program-members `state`) lacks because of the
 * recorded `deletions` (keyText → key and offset of the last delete), keyed by keyText.
 */
export function deletedMembers(
  state: ObjectState,
  deletions: ReadonlyMap<string, { key: DecodedValue; offset: number }>,
): Map<string, DeletedMember> {
  const deleted = new Map<string, DeletedMember>();
  for (const [text, { key, offset }] of deletions) {
    // Written again since (a PROP_SET, or a snapshot holding it): the program's member, as recorded.
    if (state.properties.has(text)) continue;
    deleted.set(text, { key, gone: state.snapshotOffset < offset });
  }
  return deleted;
}
