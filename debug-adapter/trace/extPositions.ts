// Where the EXT events that runtime/format/extKinds.ts declares `positions` happened: per subkind, in
// order, the steps before each (window-relative: the event lies between that step - 1 and it) and
// its word offset (its fields are read at extFieldOffset). The indexer fills it for any such subkind
// with no code of its own; threadHistory.ts answers from it. Knows no subkind's meaning.
import { IntList } from './columns';
import type { WindowStep } from './stepBase';

interface Positions {
  readonly stepsBefore: IntList;
  readonly offsets: IntList;
}

export class ExtPositions {
  private readonly bySubkind = new Map<number, Positions>();

  add(subkind: number, stepsBefore: WindowStep, offset: number): void {
    let positions = this.bySubkind.get(subkind);
    if (!positions) this.bySubkind.set(subkind, (positions = { stepsBefore: new IntList(2), offsets: new IntList(2) }));
    positions.stepsBefore.push(stepsBefore);
    positions.offsets.push(offset);
  }

  count(subkind: number): number {
    return this.bySubkind.get(subkind)?.offsets.length ?? 0;
  }

  /** The steps before the subkind's `at`-th event (window-relative). */
  stepsBefore(subkind: number, at: number): WindowStep {
    return (this.bySubkind.get(subkind) as Positions).stepsBefore.get(at);
  }

  /** The word offset of the subkind's `at`-th event. */
  offset(subkind: number, at: number): number {
    return (this.bySubkind.get(subkind) as Positions).offsets.get(at);
  }
}
