// Answers history.ts's queries from one ThreadIndex: the one place that turns absolute steps into
// the window's own (index) steps and back, and that knows which indexes are dense lists and which
// are backward chains. Reads the index only; a re-indexed thread gets a new IndexHistory.
import {
  EXT_KINDS,
  Ext,
  ModuleScope,
  eventEnd,
  extFieldOffset,
  type FrameId,
  type ProducerProbeId,
} from '../../runtime/format';
import { walkBackWithin, walkForwardWithin } from './callSkips';
import { upperBound, type IntList } from './columns';
import type { AscendingList } from './ascendingList';
import type { RecordedRequest } from './httpRequests';
import type { MessageKey } from './messageLinks';
import type { AbsoluteStep, WindowStep } from './stepBase';
import {
  type EventWords,
  type ExtEventList,
  type ExtWordField,
  type FrameIndex,
  type GapInfo,
  type IdList,
  type OffsetList,
  type PositionedExt,
  type StepList,
  type ThreadHistory,
  type ThrowInfo,
} from './history';
import { COARSE_SHIFT, FrameFlag, SUMMARY_SHIFT, type ThreadIndex } from './threadIndex';

const LOST_EVENTS = extFieldOffset('LOST', 'lostEvents');
const LOST_REASON = extFieldOffset('LOST', 'reason');
const BUILTIN_OBJECT = extFieldOffset('BUILTIN_PROTOTYPE', 'objectId');
const BUILTIN_NUMBER = extFieldOffset('BUILTIN_PROTOTYPE', 'prototype');
const EMPTY_STEPS: StepList = { length: 0, get: () => -1 };

function lastBefore(list: IntList, cutoffOffset: number): number {
  const at = upperBound(list.length, cutoffOffset - 1, (index) => list.get(index)) - 1;
  return at >= 0 ? list.get(at) : -1;
}

export class IndexHistory implements ThreadHistory {
  private readonly gapsSeen: GapInfo[] = [];
  private readonly builtinsSeen = new Map<number, number>();
  private builtinEventsSeen = 0;
  private readonly throwsSeen: ThrowInfo[] = [];
  /** Each recorded request seen with absolute steps: one view per request, so identity is stable. */
  private readonly requestViews = new Map<RecordedRequest, RecordedRequest>();
  private readonly requestList: RecordedRequest[] = [];

  constructor(private readonly index: ThreadIndex) {}

  get producerId(): number {
    return this.index.producerId;
  }

  get firstStep(): AbsoluteStep {
    return this.index.firstStep;
  }

  get endStep(): AbsoluteStep {
    return this.index.firstStep + this.index.stepCount;
  }

  get lostEvents(): number {
    return this.index.lostEvents;
  }

  get throwInFlight(): boolean {
    return this.index.throwInFlight;
  }

  get words(): EventWords {
    return this.index.words;
  }

  probeOfEvent(offset: number): ProducerProbeId {
    return this.index.writeProbeAt(offset) as ProducerProbeId;
  }

  /** Window steps → absolute, for a step that may be -1 (none). */
  private absolute(step: WindowStep): AbsoluteStep {
    return step < 0 ? (step as number) : step + this.index.firstStep;
  }

  private window(step: AbsoluteStep): WindowStep {
    return step - this.index.firstStep;
  }

  get gaps(): readonly GapInfo[] {
    const { extPositions, words, firstStep } = this.index;
    for (let at = this.gapsSeen.length; at < extPositions.count(Ext.LOST); at++) {
      const offset = extPositions.offset(Ext.LOST, at);
      this.gapsSeen.push({
        stepIndex: extPositions.stepsBefore(Ext.LOST, at) + firstStep,
        lostEvents: words.word(offset + LOST_EVENTS),
        reason: words.word(offset + LOST_REASON),
      });
    }
    return this.gapsSeen;
  }

  get builtinPrototypeObjects(): ReadonlyMap<number, number> {
    const { extPositions, words } = this.index;
    for (; this.builtinEventsSeen < extPositions.count(Ext.BUILTIN_PROTOTYPE); this.builtinEventsSeen++) {
      const offset = extPositions.offset(Ext.BUILTIN_PROTOTYPE, this.builtinEventsSeen);
      this.builtinsSeen.set(words.word(offset + BUILTIN_NUMBER), words.word(offset + BUILTIN_OBJECT));
    }
    return this.builtinsSeen;
  }

  extEvents<K extends PositionedExt>(name: K): ExtEventList<K> {
    const { extPositions, words, firstStep } = this.index;
    const subkind = EXT_KINDS[name].subkind;
    return {
      length: extPositions.count(subkind),
      stepOf: (at) => extPositions.stepsBefore(subkind, at) + firstStep,
      offsetOf: (at) => extPositions.offset(subkind, at),
      field: (at, field: ExtWordField<K>) => words.word(extPositions.offset(subkind, at) + extFieldOffset(name, field)),
    };
  }

  get throws(): readonly ThrowInfo[] {
    const throws = this.index.throws;
    for (let at = this.throwsSeen.length; at < throws.length; at++)
      this.throwsSeen.push({ ...throws[at], stepIndex: throws[at].stepIndex + this.index.firstStep });
    return this.throwsSeen;
  }

  // ---- steps ----------------------------------------------------------------------------------

  activationAt(step: AbsoluteStep): number {
    return this.index.stepActivation.get(this.window(step));
  }

  frameAt(step: AbsoluteStep): FrameIndex {
    return this.index.frameOfStep(this.window(step));
  }

  /** Probe ids read from event words are the producer's: this is where they get that type. */
  probeAt(step: AbsoluteStep): ProducerProbeId {
    return this.index.probeOfStep(this.window(step)) as ProducerProbeId;
  }

  stepAtOrBefore(offset: number): AbsoluteStep {
    return this.absolute(this.index.stepOffset.stepAtOrBefore(offset));
  }

  cutoffOffset(step: AbsoluteStep): number {
    return this.index.cutoffOffset(this.window(step));
  }

  // ---- activations ----------------------------------------------------------------------------

  get activationCount(): number {
    return this.index.actFrame.length;
  }

  frameOf(activation: number): FrameIndex {
    return this.index.actFrame.get(activation);
  }

  callerOf(activation: number): number {
    return this.index.actBelow.get(activation);
  }

  activationStart(activation: number): AbsoluteStep {
    return this.index.actStartStep.get(activation) + this.index.firstStep;
  }

  activationEnd(activation: number): AbsoluteStep {
    return this.absolute(this.index.actEndStep.get(activation));
  }

  activationEndOffset(activation: number): number {
    return this.index.actEndOffset.get(activation);
  }

  activationEndKind(activation: number): number {
    return this.index.endKindOf(activation);
  }

  depthOf(activation: number): number {
    return this.index.depthOf(activation);
  }

  nextActivationOfFrame(activation: number): number {
    return this.index.nextActivationOfFrame(activation);
  }

  previousActivationOfFrame(activation: number): number {
    return this.index.previousActivationOfFrame(activation);
  }

  /** Leaving the activation may land on the step before the window: it stays a plain number. */
  walkBackWithin(activation: number, step: AbsoluteStep): AbsoluteStep {
    return walkBackWithin(this.index, activation, this.window(step)) + this.index.firstStep;
  }

  walkForwardWithin(activation: number, step: AbsoluteStep): AbsoluteStep {
    return this.absolute(walkForwardWithin(this.index, activation, this.window(step)));
  }

  stackProbesAt(step: AbsoluteStep, maxLevels: number): ProducerProbeId[] {
    const { stepActivation, actBelow, actFrame, frameProbe } = this.index;
    const probes: ProducerProbeId[] = [];
    for (
      let activation = stepActivation.get(this.window(step));
      activation >= 0 && probes.length < maxLevels;
      activation = actBelow.get(activation)
    )
      probes.push(frameProbe.get(actFrame.get(activation)) as ProducerProbeId);
    return probes;
  }

  // ---- frames ---------------------------------------------------------------------------------

  get frameCount(): number {
    return this.index.frameProbe.length;
  }

  frameProbe(frame: FrameIndex): ProducerProbeId {
    return this.index.frameProbe.get(frame) as ProducerProbeId;
  }

  frameFirstActivation(frame: FrameIndex): number {
    return this.index.frameFirstAct.get(frame);
  }

  frameThisOffset(frame: FrameIndex): number {
    return this.index.frameThisOffset.get(frame);
  }

  frameBegunBefore(frame: FrameIndex): boolean {
    return (this.index.frameFlags.get(frame) & FrameFlag.UNKNOWN) !== 0;
  }

  frameEntryStep(frame: FrameIndex): AbsoluteStep {
    return this.absolute(this.index.frameEntryStep(frame));
  }

  frameReturnOffset(frame: FrameIndex): number {
    return this.index.frameReturnOffset(frame);
  }

  framesOfFunction(functionProbe: ProducerProbeId): IdList | undefined {
    return this.index.framesByFunction.get(functionProbe);
  }

  frameOfRecorderId(recorderId: FrameId): FrameIndex {
    return this.index.frameByRecorderId(recorderId);
  }

  // ---- hits, writes, objects --------------------------------------------------------------------

  hitsOfProbes(probes: readonly ProducerProbeId[]): StepList {
    const lists = probes
      .map((probe) => this.index.hitsByProbe.get(probe))
      .filter((list): list is AscendingList<WindowStep> => !!list);
    const first = this.index.firstStep;
    if (lists.length === 0) return EMPTY_STEPS;
    if (lists.length === 1) {
      const list = lists[0];
      // Nothing dropped: the window's steps are the absolute ones, so the list serves as it is.
      if (first === 0) return list as AscendingList<number>;
      return {
        get length() {
          return list.length;
        },
        get: (index) => list.get(index) + first,
        upperBound: (value) => list.upperBound(value - first),
      };
    }
    const merged = new Int32Array(lists.reduce((sum, list) => sum + list.length, 0));
    let at = 0;
    for (const list of lists) {
      merged.set(list.toArray(), at);
      at += list.length;
    }
    merged.sort();
    return { length: merged.length, get: (index) => merged[index] + first };
  }

  /** Per-probe offset lists of a scope, when it keeps them (module scope, frames with many writes). */
  private denseWrites(scope: FrameIndex): Map<number, IntList> | undefined {
    return scope === ModuleScope.scopeKey ? this.index.moduleWrites : this.index.denseFrameWrites.get(scope);
  }

  latestWrites(
    scope: FrameIndex,
    cutoffOffset: number,
    include: (writeProbe: ProducerProbeId) => boolean,
    into: Map<ProducerProbeId, number>,
  ): Map<ProducerProbeId, number> {
    const dense = this.denseWrites(scope);
    if (dense) {
      for (const [id, list] of dense) {
        const probe = id as ProducerProbeId;
        if (!include(probe)) continue;
        const offset = lastBefore(list, cutoffOffset);
        if (offset >= 0) into.set(probe, offset);
      }
      return into;
    }
    const index = this.index;
    for (let write = index.frameLastWrite.get(scope); write >= 0; write = index.writePrev.get(write)) {
      const offset = index.writeOffset.get(write);
      if (offset >= cutoffOffset) continue;
      const probe = index.writeProbeAt(offset) as ProducerProbeId;
      if (!into.has(probe) && include(probe)) into.set(probe, offset);
    }
    return into;
  }

  appendScopeAt(offset: number): FrameIndex | undefined {
    return this.index.appendScope.get(offset);
  }

  writesOf(scope: FrameIndex, include: (writeProbe: ProducerProbeId) => boolean): number[] {
    const dense = this.denseWrites(scope);
    if (dense)
      return [...dense]
        .filter(([probe]) => include(probe as ProducerProbeId))
        .flatMap(([, list]) => Array.from(list.items.subarray(0, list.length)))
        .sort((a, b) => a - b);
    const offsets: number[] = [];
    const index = this.index;
    for (let write = index.frameLastWrite.get(scope); write >= 0; write = index.writePrev.get(write)) {
      const offset = index.writeOffset.get(write);
      if (include(index.writeProbeAt(offset) as ProducerProbeId)) offsets.push(offset);
    }
    return offsets.reverse();
  }

  objectEvents(objectId: number): OffsetList {
    const index = this.index;
    const dense = index.denseObjectEvents.get(objectId);
    if (dense) return { length: dense.length, get: (position) => index.objectEventOffset.get(dense.get(position)) };
    // Few events (at most DENSE_AFTER): the backward chain, read into a list.
    const offsets: number[] = [];
    for (let event = index.objectLast.get(objectId); event >= 0; event = index.objectEventPrev.get(event))
      offsets.push(index.objectEventOffset.get(event));
    offsets.reverse();
    return { length: offsets.length, get: (position) => offsets[position] };
  }

  stringOffset(stringId: number): number {
    return this.index.stringOffset.get(stringId);
  }

  shapeOffset(shapeId: number): number {
    return this.index.shapeOffset.get(shapeId);
  }

  // ---- output, origins, requests ----------------------------------------------------------------

  get outputCount(): number {
    return this.index.outputStep.length;
  }

  outputStep(index: number): AbsoluteStep {
    return this.index.outputStep.get(index) + this.index.firstStep;
  }

  outputOffset(index: number): number {
    return this.index.outputOffset.get(index);
  }

  originOf(activation: number): number {
    return this.index.origins.ofActivation(activation);
  }

  originLabel(origin: number): string {
    return this.index.origins.label(origin);
  }

  originSchedulingStep(origin: number): AbsoluteStep {
    return this.absolute(this.index.origins.schedulingStep(origin));
  }

  listenerLabel(activation: number): string | undefined {
    return this.index.origins.listenerLabel(activation);
  }

  listenerActivations(): readonly number[] {
    return this.index.origins.listenerActivations;
  }

  messageOf(activation: number): MessageKey | undefined {
    return this.index.origins.messages.messageOf(activation);
  }

  messageSendStep(key: MessageKey): AbsoluteStep {
    const step = this.index.origins.messages.sendStep(key);
    return step < 0 ? -1 : this.absolute(step);
  }

  requests(): readonly RecordedRequest[] {
    const list = this.index.requests.list;
    for (let at = this.requestList.length; at < list.length; at++) this.requestList.push(this.requestView(list[at]));
    return this.requestList;
  }

  requestHandledBy(activation: number): RecordedRequest | undefined {
    const request = this.index.requests.handledBy(activation);
    return request && this.requestView(request);
  }

  /** The request with absolute steps; its status, end and handler follow the index as it grows. */
  private requestView(request: RecordedRequest): RecordedRequest {
    let view = this.requestViews.get(request);
    if (!view) {
      const absolute = (step: number) => this.absolute(step);
      view = {
        id: request.id,
        kind: request.kind,
        method: request.method,
        url: request.url,
        get status() {
          return request.status;
        },
        get error() {
          return request.error;
        },
        get startStep() {
          return absolute(request.startStep);
        },
        get endStep() {
          return absolute(request.endStep);
        },
        get handler() {
          return request.handler;
        },
        get localPort() {
          return request.localPort;
        },
        get remotePort() {
          return request.remotePort;
        },
        get traceparent() {
          return request.traceparent;
        },
      };
      this.requestViews.set(request, view);
    }
    return view;
  }

  // ---- summaries ------------------------------------------------------------------------------

  /**
   * From the two summary levels: a coarse block (4096 steps) or fine block (64 steps) answers when
   * its deepest step lies in the range; only the ragged edges of fine blocks are scanned step by step.
   */
  deepestStep(start: AbsoluteStep, end: AbsoluteStep): AbsoluteStep {
    const index = this.index;
    const first = index.firstStep;
    let best = start - first;
    let bestDepth = -1;
    const take = (depth: number, step: number) => {
      if (depth > bestDepth) {
        bestDepth = depth;
        best = step;
      }
    };
    const coarseShift = SUMMARY_SHIFT + COARSE_SHIFT;
    const last = end - first;
    let step = start - first;
    while (step <= last) {
      const coarse = step >>> coarseShift;
      const coarseEnd = ((coarse + 1) << coarseShift) - 1;
      const coarseDeepest = index.coarseDeepestStep.get(coarse);
      if (coarseEnd <= last && coarseDeepest >= step) {
        take(index.coarseMaxDepth.get(coarse), coarseDeepest);
        step = coarseEnd + 1;
        continue;
      }
      const block = step >>> SUMMARY_SHIFT;
      const blockEnd = Math.min(last, ((block + 1) << SUMMARY_SHIFT) - 1);
      const deepest = index.summaryDeepestStep.get(block);
      if (deepest >= step && deepest <= blockEnd) take(index.summaryMaxDepth.get(block), deepest);
      else for (let each = step; each <= blockEnd; each++) take(index.depthOf(index.stepActivation.get(each)), each);
      step = blockEnd + 1;
    }
    return best + first;
  }

  wallTimes(): Array<{ step: AbsoluteStep; timeMs: number }> {
    const index = this.index;
    const marks = index.eventMarks;
    return index.timeSamples.map((sample) => {
      const at = upperBound(marks.length, sample.eventIndex, (each) => marks[each].eventIndex) - 1;
      const step = at >= 0 ? this.stepAtEvent(marks[at], sample.eventIndex) : 0;
      return { step: step + index.firstStep, timeMs: sample.wallTimeMs };
    });
  }

  /** The step about to run when the producer had emitted `eventIndex` events: walk the record from its start. */
  private stepAtEvent(mark: { eventIndex: number; stepIndex: number; wordOffset: number }, eventIndex: number): number {
    const index = this.index;
    const words = index.words;
    let step = mark.stepIndex;
    let offset = mark.wordOffset;
    for (let event = mark.eventIndex; event < eventIndex && offset < words.totalWords; event++) {
      words.locate(offset);
      if (index.isStepEvent(words.words[words.local], offset)) step++;
      offset += eventEnd(words.words, words.local) - words.local;
    }
    return step;
  }
}
