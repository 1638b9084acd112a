// The read-only history of one thread, as replay sees it: named queries over the indexes that
// eventIndexer.ts alone writes (threadHistory.ts answers them). Steps are absolute at this seam —
// numbered from the recording's start, the bounded window's first kept step is `firstStep` — so
// nothing outside trace/ converts window-relative steps. Activations, frames, object ids and event
// offsets are handles of the current index. Says nothing of how the indexes are stored.
import type {
  EXT_KINDS,
  EndInfo,
  ExtFieldName,
  ExtName,
  FrameId,
  ProducerInfo,
  ProducerProbeId,
} from '../../runtime/format';
import type { RecordedRequest } from './httpRequests';
import type { MessageKey } from './messageLinks';
import type { ProbeTable } from './probeTable';
import type { AbsoluteStep } from './stepBase';
export type { MessageKey } from './messageLinks';

export type { RecordedRequest } from './httpRequests';
export type { AbsoluteStep } from './stepBase';
export type { ProbeTable, ResolvedProbe } from './probeTable';
export { normalisePath } from './probeTable';
export { upperBound } from './columns';
export { linkRequests, requestKey } from './requestLinks';

/**
 * How an activation (one ENTER or RESUME of a frame, until its EXIT or SUSPEND) ended. END: a
 * module body ran to its last statement (its EXIT comes without a RETURN and carries no value).
 */
export const ActivationEnd = { OPEN: 0, RETURN: 1, THROW: 2, SUSPEND: 3, END: 4 } as const;

/**
 * A frame's handle in this history (0, 1, … in ENTER order; -1 "no frame"). Not the recorder's
 * FrameId (runtime/format/hotPath.ts), which events carry: tagged so that neither passes for the
 * other. As a scope of writes, ModuleScope.scopeKey (runtime/format/moduleScope.ts) stands beside it.
 */
export type FrameIndex = number & { readonly __frame?: 'index' };

/**
 * Steps per fine and coarse summary block: deepestStep answers whole blocks at once (the timeline
 * snaps wide buckets to them). Blocks start at the first kept step.
 */
export const SUMMARY_BLOCK_STEPS = 64;
export const COARSE_BLOCK_STEPS = 4096;

/** Absolute steps, ascending. */
export interface StepList {
  readonly length: number;
  get(index: number): AbsoluteStep;
  /** The number of entries ≤ value, when the list can answer faster than a search through `get`. */
  upperBound?(value: AbsoluteStep): number;
}

/** Frame indexes ascending, searchable. */
export interface IdList {
  readonly length: number;
  get(index: number): FrameIndex;
  upperBound(value: FrameIndex): number;
}

/** Event offsets ascending. */
export interface OffsetList {
  readonly length: number;
  get(index: number): number;
}

/** `Step`: absolute at this seam; the index keeps its own with window steps. */
export interface GapInfo<Step extends number = AbsoluteStep> {
  /** The first step after the gap (the gap lies between stepIndex-1 and stepIndex). */
  stepIndex: Step;
  lostEvents: number;
  reason: number;
}

export interface ThrowInfo<Step extends number = AbsoluteStep> {
  stepIndex: Step;
  /** The THROW event's offset, or -1 for a throw recorded only as a frame exiting by throw. */
  eventOffset: number;
  frameIndex: FrameIndex;
}

/** Reading event words by global offset: `locate` points `words`/`local` at one (no allocation). */
export interface EventWords {
  readonly totalWords: number;
  readonly words: Int32Array;
  readonly local: number;
  locate(offset: number): void;
  word(offset: number): number;
}

/** The subkinds runtime/format/extKinds.ts declares `positions`: the index keeps where each happened. */
export type PositionedExt = {
  [K in ExtName]: (typeof EXT_KINDS)[K] extends { readonly positions: true } ? K : never;
}[ExtName];
/** The fields of a subkind's layout that are one word (every field but a variable-length last one). */
export type ExtWordField<K extends ExtName> = {
  [F in ExtFieldName<K>]: (typeof EXT_KINDS)[K]['fields'][F] extends 'word' ? F : never;
}[ExtFieldName<K>];

/** The events of one positioned EXT subkind, oldest first (as many as were indexed when asked). */
export interface ExtEventList<K extends ExtName> {
  readonly length: number;
  /** The step the `at`-th event came before: the one about to run when it was written. */
  stepOf(at: number): AbsoluteStep;
  /** Its event offset in `words` (to read a field that is not a word: a value, text or the rest). */
  offsetOf(at: number): number;
  /** One of its word fields, by the layout's name. */
  field(at: number, name: ExtWordField<K>): number;
}

export interface ThreadHistory {
  readonly producerId: number;
  /** The first step kept (steps before it were dropped by the memory window, or never loaded). */
  readonly firstStep: AbsoluteStep;
  /** One past the last step recorded so far. */
  readonly endStep: AbsoluteStep;
  readonly lostEvents: number;
  /** The last throw had not been caught (nor code run after it) when the events so far ended. */
  readonly throwInFlight: boolean;
  /** Gaps (lost events) and throws, in step order. */
  readonly gaps: readonly GapInfo[];
  readonly throws: readonly ThrowInfo[];
  readonly words: EventWords;
  /** The probe of the event at an offset (an id of this thread's producer). */
  probeOfEvent(offset: number): ProducerProbeId;

  // Steps
  activationAt(step: AbsoluteStep): number;
  frameAt(step: AbsoluteStep): FrameIndex;
  probeAt(step: AbsoluteStep): ProducerProbeId;
  /** The step whose statement contains an event offset (the last step at or before it), or -1. */
  stepAtOrBefore(offset: number): AbsoluteStep;
  /** Event offset bounding "the state at step N": everything strictly before it has happened. */
  cutoffOffset(step: AbsoluteStep): number;

  // Activations (-1: none)
  readonly activationCount: number;
  frameOf(activation: number): FrameIndex;
  /** The activation below it on the physical stack (its caller), or -1 at the bottom. */
  callerOf(activation: number): number;
  activationStart(activation: number): AbsoluteStep;
  /** Its last step, or -1 while it runs. */
  activationEnd(activation: number): AbsoluteStep;
  /** Its RETURN event when it returned, else its EXIT/SUSPEND event (-1 while it runs). */
  activationEndOffset(activation: number): number;
  activationEndKind(activation: number): number;
  depthOf(activation: number): number;
  nextActivationOfFrame(activation: number): number;
  previousActivationOfFrame(activation: number): number;
  /**
   * Walking back through `activation` from `step`, the calls it made passed over in a few hops: its
   * last own step at or before `step`; when it has none there, the step before its start where the
   * walk left it (a caller's step, or the step before the kept history).
   */
  walkBackWithin(activation: number, step: AbsoluteStep): AbsoluteStep;
  /**
   * The mirror of walkBackWithin: its first own step at or after `step`; else a step past its end
   * (or the end of the recording), or -1 when a call it made never returned.
   */
  walkForwardWithin(activation: number, step: AbsoluteStep): AbsoluteStep;
  /**
   * The function probe of each activation on the stack at `step`, innermost first, at most
   * `maxLevels` of them (one query: the timeline asks it for every bucket).
   */
  stackProbesAt(step: AbsoluteStep, maxLevels: number): ProducerProbeId[];

  // Frames
  readonly frameCount: number;
  frameProbe(frame: FrameIndex): ProducerProbeId;
  frameFirstActivation(frame: FrameIndex): number;
  /** Its ENTER_THIS event, or -1. */
  frameThisOffset(frame: FrameIndex): number;
  /** Began before the kept history: its earlier events are unknown. */
  frameBegunBefore(frame: FrameIndex): boolean;
  /** The first step of its first activation, or -1 when it ran none. */
  frameEntryStep(frame: FrameIndex): AbsoluteStep;
  /** The offset of its RETURN event when it returned, or -1. */
  frameReturnOffset(frame: FrameIndex): number;
  /** Frames of a function probe in creation (time) order. */
  framesOfFunction(functionProbe: ProducerProbeId): IdList | undefined;
  /** The frame a recorder frame id names (as events carry it), or -1 (not kept, or never entered). */
  frameOfRecorderId(recorderId: FrameId): FrameIndex;

  // Hits, writes, objects
  /** The steps of these probes, merged. */
  hitsOfProbes(probes: readonly ProducerProbeId[]): StepList;
  /**
   * The latest write offset per write probe of a scope (a frame, or ModuleScope.scopeKey with
   * `include` choosing its file's probes) strictly before `cutoffOffset`, added to `into`. A scope
   * keeping per-probe lists replaces an entry already there; one keeping a write chain keeps it.
   */
  latestWrites(
    scope: FrameIndex,
    cutoffOffset: number,
    include: (writeProbe: ProducerProbeId) => boolean,
    into: Map<ProducerProbeId, number>,
  ): Map<ProducerProbeId, number>;
  /** The scope an APPEND event (format 3.9) at `offset` wrote in (a frame or ModuleScope.scopeKey). */
  appendScopeAt(offset: number): FrameIndex | undefined;
  /** Every write offset of a scope whose probe `include` accepts, oldest first. */
  writesOf(scope: FrameIndex, include: (writeProbe: ProducerProbeId) => boolean): number[];
  /** The events of an object (snapshots, property writes, mutations), oldest first. */
  objectEvents(objectId: number): OffsetList;
  /** The offset of the event defining a string for STRING_REF (a STRING_DEF or STRING_SLICE), or -1. */
  stringOffset(stringId: number): number;
  /** The offset of the SHAPE event defining an object shape (format 3.12), or -1 (never seen, or lost). */
  shapeOffset(shapeId: number): number;
  /**
   * The recorded object standing for each builtin prototype the program touched (BUILTIN_PROTOTYPE,
   * format 3.6), by its INTRINSIC_PROTOTYPES number: its state holds the program's own members.
   */
  readonly builtinPrototypeObjects: ReadonlyMap<number, number>;

  // Output, origins, requests
  readonly outputCount: number;
  outputStep(index: number): AbsoluteStep;
  outputOffset(index: number): number;
  /** The callback origin an activation ran for, or -1. */
  originOf(activation: number): number;
  originLabel(origin: number): string;
  /** The step that scheduled it, or -1. */
  originSchedulingStep(origin: number): AbsoluteStep;
  /**
   * The label of the emit call (the program's or Node's) that ran listener `activation` ("EventEmitter 'x'"), if one
   * did.
   */
  listenerLabel(activation: number): string | undefined;
  /** The activations an emit call ran (its listeners), in the order they were entered. */
  listenerActivations(): readonly number[];
  /** The worker message whose receive ran listener `activation` (a 'message' listener), if one did. */
  messageOf(activation: number): MessageKey | undefined;
  /** The step that posted message `key` in this thread, or -1 (posted elsewhere, or not recorded). */
  messageSendStep(key: MessageKey): AbsoluteStep;
  /** HTTP requests in start order (stable objects, updated as the recording grows). */
  requests(): readonly RecordedRequest[];
  /** The server request whose handler `activation` is. */
  requestHandledBy(activation: number): RecordedRequest | undefined;

  /**
   * Every event of a subkind declared `positions` in extKinds.ts, in order, at absolute steps: a new
   * kind the debugger reads in order needs no code in trace/ (docs/ARCHITECTURE.md §7).
   */
  extEvents<K extends PositionedExt>(name: K): ExtEventList<K>;

  // Summaries
  /** The deepest step in [start, end] (the first of equals). */
  deepestStep(start: AbsoluteStep, end: AbsoluteStep): AbsoluteStep;
  /** The clock samples, each at the step that was about to run. */
  wallTimes(): Array<{ step: AbsoluteStep; timeMs: number }>;
}

/**
 * One thread of a store, as replay and the session see it: its history, its producer's probe tables
 * and what the producer said of itself — never the index behind the history (trace/indexedThread.ts).
 */
export interface ThreadRecording {
  readonly history: ThreadHistory;
  /** This producer's probe tables: its FILE records, and only its own (ids collide across producers). */
  readonly probes: ProbeTable;
  readonly producer?: ProducerInfo;
  readonly end?: EndInfo;
  /** Set when an EVENTS record could not be indexed; later records of the thread are ignored. */
  readonly broken?: string;
}
