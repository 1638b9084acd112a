// The indexes of one thread's (producer's) recording: steps, activations, frames, hits per probe,
// writes per binding, events per object, output, throws, gaps, and a coarse depth summary for the
// timeline. Plain columns filled by eventIndexer.ts and read through threadHistory.ts; no decoding, no
// probe resolution beyond a probe's role (which events are steps at level `calls`), nothing about DAP.
import {
  APPEND_HEADER,
  APPEND_PROBE,
  EventKind,
  KIND_MASK,
  eventEnd,
  kindIsStep,
  type FrameId,
} from '../../runtime/format';
import { Column, IntList, lowerBound } from './columns';
import { ExtPositions } from './extPositions';
import { AscendingList } from './ascendingList';
import { CallbackOrigins } from './callbackOrigins';
import { HttpRequests } from './httpRequests';
import { ActivationEnd, COARSE_BLOCK_STEPS, SUMMARY_BLOCK_STEPS, type FrameIndex, type ThrowInfo } from './history';
import { ProbeRole } from './probeTable';
import { NearIndexColumn } from './nearIndexColumn';
import { StepActivations } from './stepActivations';
import { StepOffsets } from './stepOffsets';
import type { AbsoluteStep, WindowStep } from './stepBase';
import { WordStore } from './words';

/** ProbeRole bits of a global probe id (ProbeTable.role); the store passes its table's. */
export type RoleOf = (globalProbe: number) => number;

export const FrameFlag = { EXITED: 2, BY_THROW: 4, UNKNOWN: 8 } as const;

/** Past this many events an object gets a binary-searchable list of them. */
export const DENSE_AFTER = 16;
/**
 * Past this many writes a frame (a long loop) gets binary-searchable per-variable lists. Below it,
 * walking its write chain is a few microseconds, and cheaper in memory: a per-variable list costs
 * some 200 bytes of objects, which for the many short frames of a parser outweighed the writes.
 */
export const DENSE_FRAME_AFTER = 128;
export const FRAME_FLAG_BITS = 8;

/** Steps per timeline summary bucket: 2^SUMMARY_SHIFT. */
export const SUMMARY_SHIFT = Math.log2(SUMMARY_BLOCK_STEPS);
/** Coarse summary blocks: 2^COARSE_SHIFT fine blocks each. */
export const COARSE_SHIFT = Math.log2(COARSE_BLOCK_STEPS / SUMMARY_BLOCK_STEPS);

export class ThreadIndex {
  readonly words = new WordStore();
  // Steps: one entry per STEP event, or (level `calls`) per ENTER, RETURN and EXIT by throw.
  readonly stepOffset = new StepOffsets(this.words, (header, offset) => this.isCallStep(header, offset));
  /** Offsets of the EXIT events that are steps (frames of `calls`-level files leaving by throw: rare). */
  readonly exitStepOffsets = new Column();
  // Activations (one per ENTER or RESUME). Depth and end kind share a word: depth << 3 | ActivationEnd.
  // actEndOffset is the RETURN event of an activation that returned, else its EXIT/SUSPEND event.
  readonly actFrame = new NearIndexColumn<FrameIndex>(0);
  readonly actBelow = new Column(-1);
  readonly actStartStep = new Column<WindowStep>();
  readonly actEndStep = new Column<WindowStep>(-1);
  readonly actEndOffset = new Column(-1);
  readonly actDepthKind = new Column();
  /** The activation each step runs in. */
  readonly stepActivation = new StepActivations(this.actStartStep);
  /**
   * Skips (callSkips.ts fills and walks them): a child activation (ascending), its caller's own step before it (-1:
   * none) and after it.
   */
  readonly skipChild = new Column();
  readonly skipOwnStepBefore = new Column<WindowStep>();
  readonly skipOwnStepAfter = new Column<WindowStep>();
  /** Links between activations of one frame: only frames that suspended have more than one. */
  readonly actNextOfFrame = new Map<number, number>();
  readonly actPrevOfFrame = new Map<number, number>();
  // Frames (one per ENTER). Flags: FrameFlag bits | writeCount << 8.
  readonly frameProbe = new Column(-1);
  readonly frameRecorderId = new NearIndexColumn<FrameId>(0);
  readonly frameFirstAct = new NearIndexColumn(-1);
  readonly frameThisOffset = new Column(-1);
  readonly frameFlags = new Column();
  readonly frameLastWrite = new Column(-1);
  /** Last activation of frames with several (default: the first). */
  readonly frameLastAct = new Map<number, number>();
  /** Recorder frame ids that arrived out of order (normally ids grow, so a binary search finds them). */
  readonly unorderedFrameIds = new Map<FrameId, FrameIndex>();
  /** Frames per function probe (creation order = time order). */
  readonly framesByFunction = new Map<number, AscendingList<FrameIndex>>();
  /** Steps per probe, ascending. */
  readonly hitsByProbe = new Map<number, AscendingList<WindowStep>>();
  // Writes: chained backwards per scope frame; frames with many writes (and module scope) keep
  // per-write-probe offset lists instead, for binary search.
  readonly writeOffset = new Column();
  readonly writePrev = new Column(-1);
  readonly denseFrameWrites = new Map<FrameIndex, Map<number, IntList>>();
  readonly moduleWrites = new Map<number, IntList>();
  /** APPEND events (format 3.9) by offset: the scope they write in (a frame or ModuleScope.scopeKey). */
  readonly appendScope = new Map<number, FrameIndex>();
  // Objects by recorder object id; their events chain backwards.
  readonly objectLast = new Column(-1);
  readonly objectCount = new Column();
  readonly objectEventOffset = new Column();
  readonly objectEventPrev = new Column(-1);
  readonly denseObjectEvents = new Map<number, IntList>();
  /** Defined strings: stringId → offset of its STRING_DEF or (format 3.11) STRING_SLICE. */
  readonly stringOffset = new Column(-1);
  /** Object shapes (format 3.12): shapeId → offset of its SHAPE, and how many properties it has. */
  readonly shapeOffset = new Column(-1);
  readonly shapeCount = new Column(-1);
  // Program output.
  readonly outputStep = new Column<WindowStep>();
  readonly outputOffset = new Column();
  readonly throws: ThrowInfo<WindowStep>[] = [];
  /** Where the EXT events declared `positions` happened (LOST: the gaps). */
  readonly extPositions = new ExtPositions();
  /** Where callbacks were scheduled, and the activations that ran them. */
  readonly origins = new CallbackOrigins();
  /** HTTP requests served and sent, with their handlers. */
  readonly requests = new HttpRequests();
  // Timeline summary per 2^SUMMARY_SHIFT steps: deepest depth and the step where it was reached.
  readonly summaryMaxDepth = new Column(-1);
  readonly summaryDeepestStep = new Column<WindowStep>();
  readonly coarseMaxDepth = new Column(-1);
  readonly coarseDeepestStep = new Column<WindowStep>();
  /** (events emitted before, steps before) at the start of each EVENTS record, for TIME samples. */
  readonly eventMarks: Array<{ eventIndex: number; stepIndex: WindowStep; wordOffset: number }> = [];
  readonly timeSamples: Array<{ eventIndex: number; wallTimeMs: number }> = [];
  eventsSeen = 0;
  /** Steps dropped before this index began (bounded window): absolute step = firstStep + local step. */
  firstStep: AbsoluteStep = 0;
  lostEvents = 0;
  maxDepth = 0;
  /** The last throw had not been caught (nor code run after it) when the events so far ended. */
  throwInFlight = false;

  constructor(
    readonly producerId: number,
    readonly roleOf: RoleOf = () => ProbeRole.UNKNOWN,
  ) {}

  /**
   * Is this non-STEP event a step? ENTER and RETURN of `calls`-level code always; an EXIT only when
   * the indexer made it one (whether a frame left by throw depends on earlier events). The indexer
   * decides ENTER/RETURN with this same test, so walks and indexing never disagree.
   */
  isCallStep(header: number, offset: number): boolean {
    const kind = header & KIND_MASK;
    if (kind === EventKind.EXIT) {
      const exits = this.exitStepOffsets;
      const at = lowerBound(exits.length, offset, (index) => exits.get(index));
      return at < exits.length && exits.get(at) === offset;
    }
    return kind !== EventKind.STEP && kindIsStep(kind, (this.roleOf(header >>> 4) & ProbeRole.CALLS) !== 0);
  }

  /** Is the event with this header, at this offset, a step? */
  isStepEvent(header: number, offset: number): boolean {
    return (header & KIND_MASK) === EventKind.STEP || (this.stepOffset.hasCallSteps && this.isCallStep(header, offset));
  }

  /** One past the last step: the window's end. */
  get stepCount(): WindowStep {
    return this.stepOffset.length;
  }

  /** Frame index for a recorder frame id, or -1. */
  frameByRecorderId(recorderId: FrameId): FrameIndex {
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

  /** The first step of a frame's first activation (its entry), or -1 when it ran no step. */
  frameEntryStep(frameIndex: FrameIndex): WindowStep {
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
  frameReturnOffset(frameIndex: FrameIndex): number {
    const last = this.frameLastAct.get(frameIndex) ?? this.frameFirstAct.get(frameIndex);
    return this.endKindOf(last) === ActivationEnd.RETURN ? this.actEndOffset.get(last) : -1;
  }

  /** The frame a step executes in. */
  frameOfStep(stepIndex: WindowStep): FrameIndex {
    return this.actFrame.get(this.stepActivation.get(stepIndex));
  }

  probeOfStep(stepIndex: WindowStep): number {
    return this.words.word(this.stepOffset.get(stepIndex)) >>> 4;
  }

  /**
   * Event offset that bounds "the state at step N": everything strictly before it has happened.
   * A function's entry step (level `calls`) stands for its first statement, so its parameters are
   * written by then: the cutoff moves past the writes (and snapshots) that follow the ENTER.
   */
  cutoffOffset(stepIndex: WindowStep): number {
    if (stepIndex >= this.stepCount) return this.words.totalWords;
    const offset = this.stepOffset.get(stepIndex);
    if (!this.stepOffset.hasCallSteps) return offset;
    const kind = this.words.word(offset) & KIND_MASK;
    return kind === EventKind.ENTER || kind === EventKind.ENTER_THIS ? this.afterEntryWrites(offset) : offset;
  }

  private afterEntryWrites(enterOffset: number): number {
    const words = this.words;
    words.locate(enterOffset);
    let at = enterOffset + eventEnd(words.words, words.local) - words.local;
    while (at < words.totalWords) {
      words.locate(at);
      const kind = words.words[words.local] & KIND_MASK;
      if (kind !== EventKind.WRITE && kind !== EventKind.EXT) break;
      at += eventEnd(words.words, words.local) - words.local;
    }
    return at;
  }

  /** The write probe of the WRITE or APPEND at `offset` (an APPEND names it in a field). */
  writeProbeAt(offset: number): number {
    const header = this.words.word(offset);
    return header === APPEND_HEADER ? this.words.word(offset + APPEND_PROBE) : header >>> 4;
  }

  get sizeBytes(): number {
    let bytes = this.words.sizeBytes;
    for (const value of Object.values(this)) {
      if (
        value instanceof Column ||
        value instanceof NearIndexColumn ||
        value instanceof StepOffsets ||
        value instanceof StepActivations
      )
        bytes += value.sizeBytes;
      if (value instanceof Map) {
        bytes += value.size * 40; // a Map entry's rough cost
        for (const item of value.values()) {
          if (item instanceof IntList || item instanceof AscendingList) bytes += item.sizeBytes;
          if (item instanceof Map) for (const list of item.values()) bytes += list.sizeBytes + 40;
        }
      }
    }
    return bytes;
  }

  /** Trims growth slack once the recording is final. */
  compact(): void {
    this.words.compact();
    this.stepActivation.compact();
    for (const list of this.hitsByProbe.values()) list.compact();
    for (const list of this.framesByFunction.values()) list.compact();
    for (const lists of this.denseFrameWrites.values()) for (const list of lists.values()) list.compact();
    for (const list of this.moduleWrites.values()) list.compact();
    for (const list of this.denseObjectEvents.values()) list.compact();
  }
}
