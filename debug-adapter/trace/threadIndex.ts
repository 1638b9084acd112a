// The indexes of one thread's (producer's) recording: steps, activations, frames, hits per probe,
// writes per binding, events per object, output, throws, gaps, and a coarse depth summary for the
// timeline. Plain columns filled by eventIndexer.ts and read by the engine; no decoding, no
// probe resolution (FILE records may come later), nothing about DAP.
import { Column, IntList, lowerBound } from './columns';
import { StepOffsets } from './stepOffsets';
import { WordStore } from './words';

/** How an activation (one ENTER or RESUME of a frame, until its EXIT or SUSPEND) ended. */
export const ActivationEnd = { OPEN: 0, RETURN: 1, THROW: 2, SUSPEND: 3 } as const;

export const FrameFlag = { EXITED: 2, BY_THROW: 4, UNKNOWN: 8 } as const;

/** Past this many writes (or object events) a frame (object) gets binary-searchable per-key lists. */
export const DENSE_AFTER = 16;
export const FRAME_FLAG_BITS = 8;

/** Steps per timeline summary bucket. */
export const SUMMARY_SHIFT = 6;
/** Coarse summary blocks: 2^COARSE_SHIFT fine blocks each (4096 steps). */
export const COARSE_SHIFT = 6;

/** The pseudo frame index of module scope (WRITE scopeFrameId 0). */
export const MODULE_SCOPE = -2;

export interface GapInfo {
  /** The first step after the gap (the gap lies between stepIndex-1 and stepIndex). */
  stepIndex: number;
  lostEvents: number;
  reason: number;
}

export interface ThrowInfo {
  stepIndex: number;
  /** The THROW event's offset, or -1 for a throw recorded only as a frame exiting by throw. */
  eventOffset: number;
  frameIndex: number;
}

export class ThreadIndex {
  readonly words = new WordStore();
  // Steps: one entry per STEP event.
  readonly stepOffset = new StepOffsets(this.words);
  readonly stepActivation = new Column();
  // Activations (one per ENTER or RESUME). Depth and end kind share a word: depth << 3 | ActivationEnd.
  // actEndOffset is the RETURN event of an activation that returned, else its EXIT/SUSPEND event.
  readonly actFrame = new Column();
  readonly actBelow = new Column(-1);
  readonly actStartStep = new Column();
  readonly actEndStep = new Column(-1);
  readonly actEndOffset = new Column(-1);
  readonly actDepthKind = new Column();
  /** Links between activations of one frame: only frames that suspended have more than one. */
  readonly actNextOfFrame = new Map<number, number>();
  readonly actPrevOfFrame = new Map<number, number>();
  // Frames (one per ENTER). Flags: FrameFlag bits | writeCount << 8.
  readonly frameProbe = new Column(-1);
  readonly frameRecorderId = new Column();
  readonly frameFirstAct = new Column(-1);
  readonly frameThisOffset = new Column(-1);
  readonly frameFlags = new Column();
  readonly frameLastWrite = new Column(-1);
  /** Last activation of frames with several (default: the first). */
  readonly frameLastAct = new Map<number, number>();
  /** Recorder frame ids that arrived out of order (normally ids grow, so a binary search finds them). */
  readonly unorderedFrameIds = new Map<number, number>();
  /** Frames per function probe (creation order = time order). */
  readonly framesByFunction = new Map<number, IntList>();
  /** Steps per probe, ascending. */
  readonly hitsByProbe = new Map<number, IntList>();
  // Writes: chained backwards per scope frame; frames with many writes (and module scope) keep
  // per-write-probe offset lists instead, for binary search.
  readonly writeOffset = new Column();
  readonly writePrev = new Column(-1);
  readonly denseFrameWrites = new Map<number, Map<number, IntList>>();
  readonly moduleWrites = new Map<number, IntList>();
  // Objects by recorder object id; their events chain backwards.
  readonly objectLast = new Column(-1);
  readonly objectCount = new Column();
  readonly objectEventOffset = new Column();
  readonly objectEventPrev = new Column(-1);
  readonly denseObjectEvents = new Map<number, IntList>();
  /** Interned strings: stringId → offset of the value word of its STRING_DEF. */
  readonly stringOffset = new Column(-1);
  // Program output.
  readonly outputStep = new Column();
  readonly outputOffset = new Column();
  readonly throws: ThrowInfo[] = [];
  readonly catchSteps = new Column();
  readonly gaps: GapInfo[] = [];
  readonly marks: Array<{ stepIndex: number; kind: number; arg: number }> = [];
  // Timeline summary per 2^SUMMARY_SHIFT steps: deepest depth and the step where it was reached.
  readonly summaryMaxDepth = new Column(-1);
  readonly summaryDeepestStep = new Column();
  readonly coarseMaxDepth = new Column(-1);
  readonly coarseDeepestStep = new Column();
  /** (events emitted before, steps before) at the start of each EVENTS record, for TIME samples. */
  readonly eventMarks: Array<{ eventIndex: number; stepIndex: number; wordOffset: number }> = [];
  readonly timeSamples: Array<{ eventIndex: number; wallTimeMs: number }> = [];
  eventsSeen = 0;
  /** Steps dropped before this index began (bounded window): absolute step = firstStep + local step. */
  firstStep = 0;
  lostEvents = 0;
  maxDepth = 0;

  constructor(readonly producerId: number) {}

  get stepCount(): number {
    return this.stepOffset.length;
  }

  /** Frame index for a recorder frame id, or -1. */
  frameByRecorderId(recorderId: number): number {
    const unordered = this.unorderedFrameIds.get(recorderId);
    if (unordered !== undefined) return unordered;
    const ids = this.frameRecorderId;
    const at = lowerBound(ids.length, recorderId, (index) => ids.get(index));
    return at < ids.length && ids.get(at) === recorderId ? at : -1;
  }

  depthOf(activation: number): number {
    return this.actDepthKind.get(activation) >> 3;
  }

  endKindOf(activation: number): number {
    return this.actDepthKind.get(activation) & 7;
  }

  nextActivationOfFrame(activation: number): number {
    return this.actNextOfFrame.get(activation) ?? -1;
  }

  previousActivationOfFrame(activation: number): number {
    return this.actPrevOfFrame.get(activation) ?? -1;
  }

  /** The frame below a frame's first activation: its caller, or its async origin. */
  parentFrame(frameIndex: number): number {
    const below = this.actBelow.get(this.frameFirstAct.get(frameIndex));
    return below >= 0 ? this.actFrame.get(below) : -1;
  }

  /** The first step of a frame's first activation (its entry), or -1 when it ran no step. */
  frameEntryStep(frameIndex: number): number {
    const activation = this.frameFirstAct.get(frameIndex);
    const end = this.actEndStep.get(activation);
    let step = this.actStartStep.get(activation);
    while (step < this.stepCount && (end < 0 || step <= end)) {
      const current = this.stepActivation.get(step);
      if (current === activation) return step;
      const nestedEnd = this.actEndStep.get(current);
      if (nestedEnd < 0) return -1;
      step = nestedEnd + 1;
    }
    return -1;
  }

  /** The offset of the RETURN event of a frame that returned, or -1. */
  frameReturnOffset(frameIndex: number): number {
    const last = this.frameLastAct.get(frameIndex) ?? this.frameFirstAct.get(frameIndex);
    return this.endKindOf(last) === ActivationEnd.RETURN ? this.actEndOffset.get(last) : -1;
  }

  /** The frame a step executes in. */
  frameOfStep(stepIndex: number): number {
    return this.actFrame.get(this.stepActivation.get(stepIndex));
  }

  probeOfStep(stepIndex: number): number {
    return this.words.word(this.stepOffset.get(stepIndex)) >>> 4;
  }

  /** Event offset that bounds "the state at step N": everything strictly before it has happened. */
  cutoffOffset(stepIndex: number): number {
    return stepIndex < this.stepCount ? this.stepOffset.get(stepIndex) : this.words.totalWords;
  }

  get sizeBytes(): number {
    let bytes = this.words.sizeBytes;
    for (const value of Object.values(this)) {
      if (value instanceof Column || value instanceof StepOffsets) bytes += value.sizeBytes;
      if (value instanceof Map) {
        bytes += value.size * 40; // a Map entry's rough cost
        for (const item of value.values()) {
          if (item instanceof IntList) bytes += item.sizeBytes;
          if (item instanceof Map) for (const list of item.values()) bytes += list.sizeBytes + 40;
        }
      }
    }
    return bytes;
  }

  /** Trims growth slack once the recording is final. */
  compact(): void {
    for (const list of this.hitsByProbe.values()) list.compact();
    for (const list of this.framesByFunction.values()) list.compact();
    for (const lists of this.denseFrameWrites.values()) for (const list of lists.values()) list.compact();
    for (const list of this.moduleWrites.values()) list.compact();
    for (const list of this.denseObjectEvents.values()) list.compact();
  }
}
