// Objects that went through code the recording cannot see inside: `this` or an argument of a
// function recorded at level `calls` (its body's property writes and builtin calls are not
// recorded). From that hand-off until the object's next snapshot, its recorded state may be stale,
// and is shown as possibly stale rather than as fact (issue 12 item 13). Knows frames, writes and
// file levels; nothing of display.
import { upperBound, type ProbeTable, type ThreadHistory } from '../trace/history';
import type { Bindings } from './bindings';
import type { Recorded } from './recorded';

export class UnseenHandoffs {
  /** objectId → offsets (ascending) of the events that handed it to a `calls`-level frame. */
  private readonly byObject = new Map<number, number[]>();
  private framesSeen = -1;

  constructor(
    private readonly thread: ThreadHistory,
    private readonly recorded: Recorded,
    private readonly probes: ProbeTable,
    private readonly bindings: Bindings,
  ) {}

  /** Why an object's state read at `snapshotOffset` may be stale just before `cutoffOffset`, or undefined. */
  staleReason(objectId: number, snapshotOffset: number, cutoffOffset: number): string | undefined {
    this.refresh();
    const offsets = this.byObject.get(objectId);
    if (!offsets) return undefined;
    const before = upperBound(offsets.length, cutoffOffset - 1, (index) => offsets[index]) - 1;
    if (before < 0 || offsets[before] <= snapshotOffset) return undefined;
    const probe = this.probes.functionOf(this.thread.frameProbe(this.frameOfHandoff.get(offsets[before]) ?? -1));
    const name = probe?.info.functionName ?? 'a function';
    return `possibly stale: passed to ${name}, recorded at level calls (its writes are not recorded)`;
  }

  private readonly frameOfHandoff = new Map<number, number>();

  /**
   * Extended with the frames added since (a live recording grows). The last frame seen before is
   * looked at again: its parameters' writes may have been indexed after its ENTER.
   */
  private refresh(): void {
    const frames = this.thread.frameCount;
    if (frames === this.framesSeen) return;
    const first = Math.max(0, this.framesSeen - 1);
    this.framesSeen = frames;
    for (let frame = first; frame < frames; frame++) {
      if (this.probes.functionOf(this.thread.frameProbe(frame))?.file.level !== 'calls') continue;
      const thisOffset = this.thread.frameThisOffset(frame);
      if (thisOffset >= 0) this.note(frame, thisOffset);
      for (const offset of this.bindings
        .latestByProbe({ frameIndex: frame, fileIndex: -1 }, Number.MAX_SAFE_INTEGER)
        .values())
        this.note(frame, offset);
    }
  }

  private note(frame: number, offset: number): void {
    if (this.frameOfHandoff.has(offset)) return;
    const value = this.recorded.eventValue(offset);
    if (value.type !== 'object') return;
    const list = this.byObject.get(value.id) ?? [];
    // Frames come in time order, so offsets mostly arrive ascending; keep the list sorted anyway.
    let at = list.length;
    while (at > 0 && list[at - 1] > offset) at--;
    list.splice(at, 0, offset);
    this.byObject.set(value.id, list);
    this.frameOfHandoff.set(offset, frame);
  }
}
