// Walks one run of event words (an EVENTS payload) and fills a ThreadIndex: the only code that
// interprets event order (ENTER/EXIT/SUSPEND/RESUME stack discipline, writes, object events).
// Measures events with eventEnd (no decoding); asks the probe table only for roles (ProbeRole),
// and remembers which ids it could not resolve, so the store re-indexes when their table arrives.
import {
  APPEND_PROBE,
  APPEND_SCOPE,
  EXT_KINDS,
  EXT_NAMES,
  EventKind,
  KIND_MASK,
  ModuleScope,
  SCOPE_TAG,
  ValueTag,
  eventEnd,
  exitIsStep,
  extFieldOffset,
  type ExtKindSpec,
  type ExtName,
  type ExtNamesWith,
  type FrameId,
  hasScopeWord,
  countShapedValues,
  readShape,
  shapedSnapshotFields,
  TraceFormatError,
} from '../../runtime/format';
import { IntList } from './columns';
import { AscendingList } from './ascendingList';
import { ProbeRole } from './probeTable';
import { CallSkips } from './callSkips';
import { ActivationEnd, type FrameIndex } from './history';
import {
  COARSE_SHIFT,
  DENSE_AFTER,
  DENSE_FRAME_AFTER,
  FRAME_FLAG_BITS,
  FrameFlag,
  SUMMARY_SHIFT,
  ThreadIndex,
} from './threadIndex';
import type { Column } from './columns';

/** A WRITE without a scope word: a binding of the running activation's own frame (events.ts). */
const RUNNING_FRAME = 2 ** 30;

/** Indexing state that lives between EVENTS records of a thread. */
export class EventIndexer {
  /** The activation on top of the stack, -1 when none. */
  private top = -1;
  /** RETURN offsets of frames between their RETURN and EXIT (the EXIT records it as the end). */
  private readonly pendingReturns = new Map<number, number>();
  private readonly skips: CallSkips;
  /** The range of frame-event probe ids that had no table when indexed (min > max: none). */
  private unresolvedMin = Number.MAX_SAFE_INTEGER;
  private unresolvedMax = -1;
  /** A CATCH ran with no frame on the stack: the next write's frame is the one it resumed. */
  private resumedByCatch = false;

  constructor(readonly index: ThreadIndex) {
    this.skips = new CallSkips(index);
  }

  /** Indexes whole events; a corrupt event throws TraceFormatError (the store records where). */
  append(words: Int32Array): void {
    const index = this.index;
    index.eventMarks.push({
      eventIndex: index.eventsSeen + index.lostEvents,
      stepIndex: index.stepCount,
      wordOffset: index.words.totalWords,
    });
    const base = index.words.add(words);
    let at = 0;
    while (at < words.length) {
      const end = eventEnd(words, at);
      this.event(words, at, base + at);
      index.eventsSeen++;
      at = end;
    }
  }

  private event(words: Int32Array, at: number, offset: number): void {
    const header = words[at];
    const probe = header >>> 4;
    switch ((header & KIND_MASK) as EventKind) {
      case EventKind.STEP:
        return this.step(probe, offset, 'statement');
      case EventKind.ENTER:
      case EventKind.ENTER_THIS:
        return this.enter(probe, words[at + 1], offset, (header & KIND_MASK) === EventKind.ENTER_THIS ? offset : -1);
      case EventKind.RETURN:
        return this.returned(probe, offset);
      case EventKind.EXIT:
        return this.exit(probe, words[at + 1], offset);
      case EventKind.SUSPEND:
        return this.suspend(words[at + 1], offset);
      case EventKind.RESUME:
        return this.resume(words[at + 1]);
      case EventKind.WRITE:
        this.write(probe, hasScopeWord(words, at) ? words[at + 1] >> 4 : RUNNING_FRAME, offset);
        return;
      case EventKind.PROP_SET:
      case EventKind.PROP_DELETE:
      case EventKind.MUTATOR:
        return this.objectEvent(words[at + 1], offset);
      case EventKind.THROW:
        return this.thrown(offset);
      case EventKind.CATCH:
        this.index.throwInFlight = false;
        // Nothing running catches only in an async function (or generator) resumed by a rejection:
        // it has no RESUME event; the catch binding's WRITE names its frame, which resumes there.
        this.resumedByCatch = this.top < 0;
        return;
      case EventKind.OUTPUT:
        this.index.outputStep.push(Math.max(0, this.lastStep()));
        this.index.outputOffset.push(offset);
        return;
      case EventKind.EXT:
        return this.ext(probe, words, at, offset);
      default:
        return;
    }
  }

  /** Frame of a recorder id: usually the running frame, so check it before searching. */
  private frameOf(recorderId: FrameId): FrameIndex {
    const index = this.index;
    if (this.top >= 0 && index.unorderedFrameIds.size === 0) {
      const frame = index.actFrame.get(this.top);
      if (index.frameRecorderId.get(frame) === recorderId) return frame;
    }
    return index.frameByRecorderId(recorderId);
  }

  private lastStep(): number {
    return this.index.stepCount - 1;
  }

  /** The role of a frame event's probe, noting ids no table covers yet. */
  private role(probe: number): number {
    const role = this.index.roleOf(probe);
    if (role === ProbeRole.UNKNOWN) {
      if (probe < this.unresolvedMin) this.unresolvedMin = probe;
      if (probe > this.unresolvedMax) this.unresolvedMax = probe;
    }
    return role;
  }

  /** Did this indexer treat as unknown a probe id in [firstId, endId)? Then a new table changes its answer. */
  guessedAbout(firstId: number, endId: number): boolean {
    return this.unresolvedMin < endId && this.unresolvedMax >= firstId;
  }

  /**
   * One step. `statement`: a STEP event. At level `calls`, `call`: an ENTER or RETURN standing for
   * the statements; `throwExit`: a frame leaving by throw, a step so an uncaught error has one, but
   * no line hit (a breakpoint on a function's line means its entry).
   */
  private step(probe: number, offset: number, source: 'statement' | 'call' | 'throwExit'): void {
    const index = this.index;
    this.resumedByCatch = false;
    if (this.top < 0) this.pushActivation(this.unknownFrame(probe));
    if (source !== 'statement') index.stepOffset.hasCallSteps = true;
    const stepIndex = index.stepOffset.push(offset);
    index.stepActivation.push(this.top);
    index.origins.stepped(this.top);
    if (source !== 'throwExit') {
      let hits = index.hitsByProbe.get(probe);
      if (!hits) index.hitsByProbe.set(probe, (hits = new AscendingList()));
      hits.push(stepIndex);
    }
    const depth = index.depthOf(this.top);
    this.skips.ownStep(depth, stepIndex);
    summarise(index.summaryMaxDepth, index.summaryDeepestStep, stepIndex >>> SUMMARY_SHIFT, depth, stepIndex);
    summarise(
      index.coarseMaxDepth,
      index.coarseDeepestStep,
      stepIndex >>> (SUMMARY_SHIFT + COARSE_SHIFT),
      depth,
      stepIndex,
    );
    if (depth > index.maxDepth) index.maxDepth = depth;
  }

  /** A frame for code whose ENTER we never saw (lost history): shown as an unknown frame. */
  private unknownFrame(probe: number): FrameIndex {
    const frame = this.newFrame(-1, -1 - probe);
    this.index.frameFlags.set(frame, FrameFlag.UNKNOWN);
    return frame;
  }

  private newFrame(probe: number, recorderId: FrameId): FrameIndex {
    const index = this.index;
    const frame = index.frameProbe.push(probe);
    // Recorder ids normally grow, keeping the column sorted for binary search; others go to a map.
    const ids = index.frameRecorderId;
    const lastId = ids.length > 0 ? ids.get(ids.length - 1) : -1;
    if (recorderId > lastId) ids.push(recorderId);
    else {
      ids.push(lastId);
      if (recorderId >= 0) index.unorderedFrameIds.set(recorderId, frame);
    }
    for (const column of [index.frameFirstAct, index.frameThisOffset, index.frameLastWrite]) column.push(-1);
    index.frameFlags.push(0);
    return frame;
  }

  private pushActivation(frame: FrameIndex): void {
    const index = this.index;
    const activation = index.actFrame.push(frame);
    index.actBelow.push(this.top);
    index.actStartStep.push(index.stepCount);
    index.actEndStep.push(-1);
    index.actEndOffset.push(-1);
    index.actDepthKind.push(((this.top >= 0 ? index.depthOf(this.top) + 1 : 0) << 3) | ActivationEnd.OPEN);
    const first = index.frameFirstAct.get(frame);
    if (first < 0) index.frameFirstAct.set(frame, activation);
    else {
      const last = index.frameLastAct.get(frame) ?? first;
      index.actNextOfFrame.set(last, activation);
      index.actPrevOfFrame.set(activation, last);
      index.frameLastAct.set(frame, activation);
    }
    this.top = activation;
    this.skips.opened(index.depthOf(activation), activation);
  }

  private enter(probe: number, recorderId: FrameId, offset: number, thisOffset: number): void {
    const frame = this.newFrame(probe, recorderId);
    this.index.frameThisOffset.set(frame, thisOffset);
    let list = this.index.framesByFunction.get(probe);
    if (!list) this.index.framesByFunction.set(probe, (list = new AscendingList()));
    list.push(frame);
    const below = this.top;
    this.pushActivation(frame);
    this.index.origins.entered(this.top, below);
    this.index.requests.entered(this.top, below);
    if (this.role(probe) & ProbeRole.CALLS) this.callStep(probe, offset);
  }

  /**
   * A `calls`-level ENTER/RETURN step. Code ran normally since any throw, which was therefore caught (no CATCH events
   * at that level).
   */
  private callStep(probe: number, offset: number): void {
    this.index.throwInFlight = false;
    this.step(probe, offset, 'call');
  }

  /** RETURN carries no frame id: r() runs in the function's own body, so it is the running activation's. */
  private returned(probe: number, offset: number): void {
    const role = this.role(probe);
    if (role & ProbeRole.CALLS) this.callStep(probe, offset);
    if (this.top < 0) return;
    const frame = this.index.actFrame.get(this.top);
    if ((role & ProbeRole.ENDS_FRAME) === 0) {
      this.pendingReturns.set(frame, offset);
      return;
    }
    // Format 3: no EXIT follows this RETURN (nothing could run before the frame left): it is the end.
    this.popTo(frame, ActivationEnd.RETURN, offset);
    this.index.frameFlags.set(frame, this.index.frameFlags.get(frame) | FrameFlag.EXITED);
  }

  private onStack(frame: FrameIndex): boolean {
    let activation = this.top;
    while (activation >= 0 && this.index.actFrame.get(activation) !== frame)
      activation = this.index.actBelow.get(activation);
    return activation >= 0;
  }

  /** Pops activations down to (and including) the frame's; false when it is not on the stack. */
  private popTo(frame: FrameIndex, endKind: number, offset: number): boolean {
    const index = this.index;
    let activation = this.top;
    while (activation >= 0 && index.actFrame.get(activation) !== frame) activation = index.actBelow.get(activation);
    if (activation < 0) return false;
    for (let closing = this.top; closing !== index.actBelow.get(activation); closing = index.actBelow.get(closing)) {
      index.actEndStep.set(closing, this.lastStep());
      const depthBits = index.actDepthKind.get(closing) & ~7;
      index.actDepthKind.set(closing, depthBits | (closing === activation ? endKind : ActivationEnd.THROW));
      index.actEndOffset.set(closing, offset);
      this.skips.closed(index.depthOf(closing));
    }
    this.top = index.actBelow.get(activation);
    return true;
  }

  private exit(probe: number, recorderId: FrameId, offset: number): void {
    const index = this.index;
    const frame = this.frameOf(recorderId);
    if (frame < 0) return;
    const returnOffset = this.pendingReturns.get(frame);
    this.pendingReturns.delete(frame);
    const role = this.role(probe);
    // A module body never RETURNs: its EXIT is its last statement (never reached by a throw), its normal end.
    const ended = returnOffset === undefined && (role & ProbeRole.MODULE) !== 0;
    const byThrow = returnOffset === undefined && !ended;
    if (exitIsStep((role & ProbeRole.CALLS) !== 0, ended, byThrow, this.onStack(frame))) {
      index.exitStepOffsets.push(offset);
      this.step(probe, offset, 'throwExit');
    }
    const endKind = ended ? ActivationEnd.END : byThrow ? ActivationEnd.THROW : ActivationEnd.RETURN;
    if (!this.popTo(frame, endKind, returnOffset ?? offset)) return;
    index.frameFlags.set(frame, index.frameFlags.get(frame) | FrameFlag.EXITED | (byThrow ? FrameFlag.BY_THROW : 0));
    if (byThrow && !this.index.throwInFlight) {
      // A throw by the engine itself (TypeError…) has no THROW event: the frame's exit is its only trace.
      index.throws.push({ stepIndex: Math.max(0, this.lastStep()), eventOffset: -1, frameIndex: frame });
      this.index.throwInFlight = true;
    }
  }

  private suspend(recorderId: FrameId, offset: number): void {
    const frame = this.frameOf(recorderId);
    if (frame >= 0) this.popTo(frame, ActivationEnd.SUSPEND, offset);
  }

  private resume(recorderId: FrameId): void {
    const frame = this.frameOf(recorderId);
    if (frame < 0) return;
    // A resume starts a fresh activation: RETURN is counted per activation (events.ts EXIT rule).
    this.pendingReturns.delete(frame);
    this.index.throwInFlight = false;
    this.index.origins.resumed(this.top);
    this.pushActivation(frame);
  }

  private thrown(offset: number): void {
    const frame = this.top >= 0 ? this.index.actFrame.get(this.top) : -1;
    this.index.throws.push({ stepIndex: Math.max(0, this.lastStep()), eventOffset: offset, frameIndex: frame });
    this.index.throwInFlight = true;
  }

  /**
   * scopeFrameId: the recorder's id from a scope word, or RUNNING_FRAME for a WRITE without one.
   * Returns the scope written in: a frame, or ModuleScope.scopeKey.
   */
  private write(probe: number, scopeFrameId: FrameId, offset: number): FrameIndex {
    const index = this.index;
    if (this.resumedByCatch) {
      this.resumedByCatch = false;
      if (scopeFrameId > 0 && scopeFrameId !== RUNNING_FRAME && this.top < 0) this.resume(scopeFrameId);
    }
    if (scopeFrameId === ModuleScope.frameId) {
      appendTo(index.moduleWrites, probe, offset);
      return ModuleScope.scopeKey;
    }
    let frame = scopeFrameId > 0 && scopeFrameId !== RUNNING_FRAME ? this.frameOf(scopeFrameId) : -1;
    if (frame < 0) frame = this.top >= 0 ? index.actFrame.get(this.top) : this.unknownFrame(probe);
    const dense = index.denseFrameWrites.get(frame);
    if (dense) {
      appendTo(dense, probe, offset);
      return frame;
    }
    const write = index.writeOffset.push(offset);
    index.writePrev.push(index.frameLastWrite.get(frame));
    index.frameLastWrite.set(frame, write);
    const flags = index.frameFlags.get(frame) + (1 << FRAME_FLAG_BITS);
    index.frameFlags.set(frame, flags);
    if (flags >>> FRAME_FLAG_BITS >= DENSE_FRAME_AFTER) this.makeDense(frame);
    return frame;
  }

  /** An APPEND (format 3.9): a write of its probe, in the scope its scope word names. */
  private appended(words: Int32Array, at: number, offset: number): void {
    const index = this.index;
    const scope = words[at + APPEND_SCOPE];
    const scopeFrameId = (scope & KIND_MASK) === SCOPE_TAG ? scope >> 4 : RUNNING_FRAME;
    index.appendScope.set(offset, this.write(words[at + APPEND_PROBE], scopeFrameId, offset));
  }

  /** A frame with many writes (a long loop) switches to per-probe lists, so lookups stay logarithmic. */
  private makeDense(frame: FrameIndex): void {
    const index = this.index;
    const lists = new Map<number, IntList>();
    const offsets: number[] = [];
    for (let write = index.frameLastWrite.get(frame); write >= 0; write = index.writePrev.get(write))
      offsets.push(index.writeOffset.get(write));
    for (let at = offsets.length - 1; at >= 0; at--) appendTo(lists, index.writeProbeAt(offsets[at]), offsets[at]);
    index.denseFrameWrites.set(frame, lists);
  }

  /** PROP_SET / PROP_DELETE / MUTATOR: the target value follows the header. */
  private objectEvent(targetWord: number, offset: number): void {
    if ((targetWord & KIND_MASK) === ValueTag.OBJECT) this.addObjectEvent(targetWord >>> 4, offset);
  }

  private addObjectEvent(objectId: number, offset: number): void {
    const index = this.index;
    index.objectLast.ensure(objectId);
    index.objectCount.ensure(objectId);
    const event = index.objectEventOffset.push(offset);
    index.objectEventPrev.push(index.objectLast.get(objectId));
    index.objectLast.set(objectId, event);
    const count = index.objectCount.get(objectId) + 1;
    index.objectCount.set(objectId, count);
    if (count === DENSE_AFTER) {
      const list = new IntList(DENSE_AFTER * 2);
      for (let at = event; at >= 0; at = index.objectEventPrev.get(at)) list.push(at);
      list.items.subarray(0, list.length).reverse();
      index.denseObjectEvents.set(objectId, list);
    } else if (count > DENSE_AFTER) index.denseObjectEvents.get(objectId)!.push(event);
  }

  private ext(subkind: number, words: Int32Array, at: number, offset: number): void {
    if (POSITIONED[subkind]) this.index.extPositions.add(subkind, this.index.stepCount, offset);
    EXT_HANDLER_BY_SUBKIND[subkind]?.(this, words, at, offset);
  }

  /**
   * The EXT subkinds this indexer reads, one handler each: exactly those extKinds.ts declares
   * `indexed` (the type says so). The others (and subkinds of a newer format) are skipped.
   */
  static readonly extHandlers: { readonly [K in ExtNamesWith<'indexed', true>]: ExtHandler } = {
    APPEND: (self, words, at, offset) => self.appended(words, at, offset),
    SNAPSHOT: (self, words, at, offset) => self.addObjectEvent(words[at + SNAPSHOT_OBJECT], offset),
    // Shapes by the offset of their SHAPE (read lazily: objects.ts), checked whole here: a damaged
    // one is refused where it is.
    SHAPE: ({ index }, words, at, offset) => {
      const shape = readShape(words, at);
      index.shapeOffset.ensure(shape.shapeId);
      index.shapeCount.ensure(shape.shapeId);
      index.shapeOffset.set(shape.shapeId, offset);
      index.shapeCount.set(shape.shapeId, shape.count);
    },
    SHAPED_SNAPSHOT: (self, words, at, offset) => {
      const values = countShapedValues(words, at);
      const { objectId, shapeId } = shapedSnapshotFields(words, at);
      const expected = self.index.shapeCount.get(shapeId);
      if (expected >= 0 && values !== expected)
        throw new TraceFormatError(`SHAPED_SNAPSHOT of ${values} values for a shape of ${expected}`, at);
      self.addObjectEvent(objectId, offset);
    },
    NEW_OBJECT: (self, words, at, offset) => self.addObjectEvent(words[at + NEW_OBJECT_OBJECT], offset),
    PROTOTYPE: (self, words, at, offset) => self.addObjectEvent(words[at + PROTOTYPE_OBJECT], offset),
    // Strings by the offset of the event that defines them (read lazily: recorded.ts).
    STRING_DEF: ({ index }, words, at, offset) => {
      index.stringOffset.ensure(words[at + STRING_ID]);
      index.stringOffset.set(words[at + STRING_ID], offset);
    },
    STRING_SLICE: ({ index }, words, at, offset) => {
      index.stringOffset.ensure(words[at + SLICE_ID]);
      index.stringOffset.set(words[at + SLICE_ID], offset);
    },
    // Its gap is kept by position (extKinds.ts); here only the count.
    LOST: ({ index }, words, at) => {
      index.lostEvents += words[at + LOST_EVENTS];
    },
    ORIGIN: (self, words, at) => self.index.origins.scheduled(words, at, self.top >= 0 ? self.lastStep() : -1),
    ORIGIN_RUN: (self, words, at) => self.index.origins.running(words, at, self.top),
    REQUEST: (self, words, at) => self.index.requests.seen(words, at, self.index.stepCount, self.top),
    REQUEST_PEER: ({ index }, words, at) => index.requests.connection(words, at),
    REQUEST_TRACE: ({ index }, words, at) => index.requests.traceContext(words, at),
    EMIT: (self, words, at) => self.index.origins.emitCall(words, at, self.top),
    MESSAGE: (self, words, at) =>
      self.index.origins.messages.seen(
        words[at + MESSAGE_ACTION],
        words[at + MESSAGE_WORKER],
        words[at + MESSAGE_SEQUENCE],
        self.top,
        self.top >= 0 ? self.lastStep() : -1,
      ),
  };
}

type ExtHandler = (indexer: EventIndexer, words: Int32Array, at: number, offset: number) => void;

const SNAPSHOT_OBJECT = extFieldOffset('SNAPSHOT', 'objectId');
const NEW_OBJECT_OBJECT = extFieldOffset('NEW_OBJECT', 'objectId');
const PROTOTYPE_OBJECT = extFieldOffset('PROTOTYPE', 'objectId');
const STRING_ID = extFieldOffset('STRING_DEF', 'stringId');
const SLICE_ID = extFieldOffset('STRING_SLICE', 'stringId');
const LOST_EVENTS = extFieldOffset('LOST', 'lostEvents');
const MESSAGE_ACTION = extFieldOffset('MESSAGE', 'action');
const MESSAGE_WORKER = extFieldOffset('MESSAGE', 'workerThreadId');
const MESSAGE_SEQUENCE = extFieldOffset('MESSAGE', 'sequence');

/** The handlers by subkind number: one array read per EXT event. */
const EXT_HANDLER_BY_SUBKIND: Array<ExtHandler | undefined> = [];
for (const [name, handler] of Object.entries(EventIndexer.extHandlers))
  EXT_HANDLER_BY_SUBKIND[EXT_KINDS[name as ExtName].subkind] = handler;
/** The subkinds declared `positions`, by number. */
const POSITIONED: boolean[] = [];
for (const name of EXT_NAMES) POSITIONED[EXT_KINDS[name].subkind] = (EXT_KINDS[name] as ExtKindSpec).positions === true;

/** Keeps the deepest depth (and the first step reaching it) per summary block. */
function summarise(maxDepth: Column, deepestStep: Column, block: number, depth: number, stepIndex: number): void {
  if (block >= maxDepth.length) {
    maxDepth.push(depth);
    deepestStep.push(stepIndex);
  } else if (depth > maxDepth.get(block)) {
    maxDepth.set(block, depth);
    deepestStep.set(block, stepIndex);
  }
}

function appendTo(lists: Map<number, IntList>, key: number, value: number): void {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = new IntList(2)));
  list.push(value);
}
