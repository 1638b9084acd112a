// What a closure captured (CLOSURE_SCOPE, format 3.7; CLOSURE_LINK, 3.11): for a frame of a nested
// function, the frame that made it and the loop iteration it was made in; for a per-iteration binding
// of that loop, the value that iteration's copy held. Reads the history's CLOSURE_SCOPE and
// CLOSURE_LINK events and the scopes' writes; no display. Without a link (an older recording, a lost
// event) it answers undefined and the caller keeps its former reading.
import { ClosureScopeWhat, type ProducerProbeId, type SourcePosition, type SourceRange } from '../../runtime/format';
import type { ExtEventList, FrameIndex, ProbeTable, ThreadHistory } from '../trace/history';
import type { Bindings, ScopeKey, VariableValue } from './bindings';
import type { Recorded } from './recorded';

export interface ClosureLink {
  /** The frame whose activation made the function. */
  creator: FrameIndex;
  /** The loop iteration it was made in (its LOOP_ITERATION event's index), or -1. */
  iteration: number;
}

/** One iteration of a loop as a closure made in it sees it. */
export interface IterationView {
  /** The frame that ran the loop. */
  frame: FrameIndex;
  iteration: number;
  /** The loop statement: bindings declared inside it are per iteration. */
  loopRange: SourceRange;
  /** Where the next iteration's copy of the bindings was made (Infinity: none yet). */
  endOffset: number;
}

function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line1 < b.line1 || (a.line1 === b.line1 && a.column0 < b.column0);
}

function within(inner: SourceRange, outer: SourceRange): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

function sameRange(a: SourceRange | undefined, b: SourceRange | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.start.line1 === b.start.line1 &&
    a.start.column0 === b.start.column0 &&
    a.end.line1 === b.end.line1 &&
    a.end.column0 === b.end.column0
  );
}

/**
 * A link event: `at * 2 + 1` for the `at`-th CLOSURE_LINK (format 3.11: a link in no iteration),
 * `at * 2` for the `at`-th CLOSURE_SCOPE. One number, so the links of both kinds sort as one list.
 */
type LinkRef = number;

export class ClosureScopes {
  private scanned = 0;
  private scannedShort = 0;
  /** A frame → its own link event. */
  private readonly linkOfFrame = new Map<FrameIndex, LinkRef>();
  /** Every link event, in event order (a frame without its own has the latest before it). */
  private readonly links: LinkRef[] = [];
  private readonly iterationById = new Map<number, number>();
  /** `${frame}:${loopProbe}` → its iteration events' indexes, in order. */
  private readonly iterationsOfLoop = new Map<string, number[]>();

  constructor(
    private readonly thread: ThreadHistory,
    private readonly probes: ProbeTable,
    private readonly recorded: Recorded,
    private readonly bindings: Bindings,
  ) {}

  /** Takes in the events recorded since the last call, both kinds merged in event order. */
  private events(): ExtEventList<'CLOSURE_SCOPE'> {
    const list = this.thread.extEvents('CLOSURE_SCOPE');
    const short = this.thread.extEvents('CLOSURE_LINK');
    while (this.scanned < list.length || this.scannedShort < short.length) {
      const shortNext =
        this.scanned >= list.length ||
        (this.scannedShort < short.length && short.offsetOf(this.scannedShort) < list.offsetOf(this.scanned));
      if (shortNext) {
        const at = this.scannedShort++;
        this.addLink(at * 2 + 1, short.field(at, 'id'));
        continue;
      }
      const at = this.scanned++;
      const what = list.field(at, 'what');
      if (what === ClosureScopeWhat.CLOSURE_LINK) {
        this.addLink(at * 2, list.field(at, 'id'));
      } else if (what === ClosureScopeWhat.LOOP_ITERATION) {
        this.iterationById.set(list.field(at, 'id'), at);
        const key = `${this.thread.frameOfRecorderId(list.field(at, 'frameId'))}:${list.field(at, 'other')}`;
        let iterations = this.iterationsOfLoop.get(key);
        if (!iterations) this.iterationsOfLoop.set(key, (iterations = []));
        iterations.push(at);
      }
    }
    return list;
  }

  private addLink(link: LinkRef, enteredRecorderId: number): void {
    const frame = this.thread.frameOfRecorderId(enteredRecorderId);
    if (frame >= 0) this.linkOfFrame.set(frame, link);
    this.links.push(link);
  }

  /**
   * What made the function `frame` is an activation of: its link, or (the recorder leaves out one
   * equal to the last it wrote) the latest link written before it entered. `outerFunction`: the
   * function probe the creator must be a frame of, else the link is not this frame's.
   */
  linkOf(frame: FrameIndex, outerFunction?: number): ClosureLink | undefined {
    const list = this.events();
    const short = this.thread.extEvents('CLOSURE_LINK');
    let link = this.linkOfFrame.get(frame);
    if (link === undefined) {
      const entry = this.thread.frameEntryStep(frame);
      if (entry < 0) return undefined;
      let low = 0;
      let high = this.links.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        const ref = this.links[middle];
        const step = ref & 1 ? short.stepOf(ref >> 1) : list.stepOf(ref >> 1);
        if (step <= entry) low = middle + 1;
        else high = middle;
      }
      if (low === 0) return undefined;
      link = this.links[low - 1];
    }
    const at = link >> 1;
    const creator = this.thread.frameOfRecorderId(link & 1 ? short.field(at, 'frameId') : list.field(at, 'frameId'));
    if (creator < 0) return undefined;
    if (outerFunction !== undefined && this.thread.frameProbe(creator) !== outerFunction) return undefined;
    const iterationId = link & 1 ? 0 : list.field(at, 'other');
    return { creator, iteration: iterationId === 0 ? -1 : (this.iterationById.get(iterationId) ?? -1) };
  }

  /** The loop iteration `iteration` (a LOOP_ITERATION index) as its closures see it. */
  iterationView(iteration: number): IterationView | undefined {
    const list = this.events();
    const frame = this.thread.frameOfRecorderId(list.field(iteration, 'frameId'));
    const loopProbe = list.field(iteration, 'other');
    const loop = this.probes.resolve(loopProbe as ProducerProbeId);
    if (frame < 0 || !loop) return undefined;
    const iterations = this.iterationsOfLoop.get(`${frame}:${loopProbe}`) ?? [];
    const next = iterations[iterations.indexOf(iteration) + 1];
    return {
      frame,
      iteration,
      loopRange: loop.info.range,
      endOffset: next === undefined ? Infinity : list.offsetOf(next),
    };
  }

  /**
   * Variables of the loop's frame as a closure made in that iteration sees them: a binding declared
   * inside the loop shows its last write before the next iteration's copy was made, or a later one
   * made by a closure of the same iteration; every other binding is unchanged.
   */
  asSeenIn(view: IterationView, scopes: ScopeKey[], variables: VariableValue[], cutoffOffset: number): VariableValue[] {
    return variables.map((variable) => {
      const range = variable.scopeRange;
      if (!range || variable.writeOffset < 0 || !within(range, view.loopRange)) return variable;
      let chosen = -1;
      for (const scope of scopes) {
        for (const offset of this.bindings.writesNamed(scope, variable.name)) {
          if (offset >= cutoffOffset || offset <= chosen) continue;
          const probe = this.probes.resolve(this.thread.probeOfEvent(offset));
          if (!sameRange(probe?.info.scopeRange, range)) continue;
          if (offset < view.endOffset || this.writerIteration(offset) === view.iteration) chosen = offset;
        }
      }
      if (chosen < 0 || chosen === variable.writeOffset) return variable;
      return { ...variable, value: this.recorded.eventValue(chosen), writeOffset: chosen };
    });
  }

  /** The loop iteration whose closure made a write (the frame of the statement that wrote it), or -1. */
  private writerIteration(offset: number): number {
    const step = this.thread.stepAtOrBefore(offset);
    if (step < 0) return -1;
    return this.linkOf(this.thread.frameAt(step))?.iteration ?? -1;
  }
}
