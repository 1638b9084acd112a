// Where each object's history starts over: the positions, in its event list, of its SNAPSHOT and
// NEW_OBJECT events (each resets the whole state). Found once per object and extended as a live
// recording grows, so a reconstruction finds its starting point by a binary search instead of
// walking back event by event (objects.ts). Knows which events are snapshots; nothing of object state.
import { upperBound, type OffsetList } from '../trace/history';

interface Scanned {
  /** Events [0, scanned) were looked at. */
  scanned: number;
  /** Positions of the snapshots among them, ascending. */
  positions: number[];
}

export class SnapshotPositions {
  private readonly byObject = new Map<number, Scanned>();

  constructor(private readonly isSnapshot: (offset: number) => boolean) {}

  /**
   * The position of the latest snapshot among events [0, end) of the object, or -1. `events` is the
   * object's list as the history has it now: it only ever grows at its end (a re-indexed thread
   * gets a new ThreadContext, and so a new instance of this class).
   */
  latestBefore(objectId: number, events: OffsetList, end: number): number {
    let scanned = this.byObject.get(objectId);
    if (!scanned) this.byObject.set(objectId, (scanned = { scanned: 0, positions: [] }));
    const positions = scanned.positions;
    for (; scanned.scanned < end; scanned.scanned++)
      if (this.isSnapshot(events.get(scanned.scanned))) positions.push(scanned.scanned);
    const at = upperBound(positions.length, end - 1, (index) => positions[index]) - 1;
    return at >= 0 ? positions[at] : -1;
  }
}
