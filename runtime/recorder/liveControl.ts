// Live stops, the drain worker's side: applies the collector's control lines (format/liveControl.ts)
// to the producer's stop-flag table (breakpoint probes, stop at the next step, resume) and, once
// the producer stopped and its records are out, makes the live-stop NOTE (the collector takes it
// off the stream: it never reaches a trace). Knows the table and the control block; not the sink,
// the adapter or what a breakpoint means.
import type { NoteInfo } from '../format';
import {
  LIVE_PAUSED_NOTE,
  liveBreakpointsNoteMessage,
  liveStopNoteMessage,
  type LiveControlMessage,
  type LiveStep,
  type LiveUncaught,
} from '../format/liveControl';
import type { LiveFilter } from '../format/liveFilter';
import { Control } from './layout';
import { START_STOP_PROBES } from './liveStops';
import { publishText, textArea, type TextArea } from './sharedText';
import {
  CATCH_AREA_OFFSET,
  CheckBit,
  FILTER_AREA_OFFSET,
  PENDING_AREA_OFFSET,
  STEP_AREA_OFFSET,
  StepMode,
  StepWord,
  StopFlag,
} from './stopTable';

export class LiveControl {
  private readonly flags: Uint8Array;
  private readonly control: Int32Array;
  private breakProbes: number[] = [];
  /** Probes flagged FILTER and WRITE probes flagged WATCH by the last breakpoints line. */
  private filterProbes: number[] = [];
  private watchProbes: number[] = [];
  /** Function probes flagged ENTRY: their frames own a watched binding. */
  private entryProbes: number[] = [];
  private readonly filters: TextArea | undefined;
  private readonly pending: TextArea | undefined;
  private readonly catchMap: TextArea | undefined;
  /** Throw probes flagged UNCAUGHT. */
  private uncaughtProbes: number[] = [];
  /** The live step's words (stopTable.ts StepWord), when the table has them. */
  private readonly step: Int32Array | undefined;
  /** NEXT may be set on ids below this (the start's range, or every probe allocated when asked). */
  private nextUpTo: number;
  /** A 'pause' line was applied and its answer (LIVE_PAUSED_NOTE) is not sent yet. */
  private pauseAsked = false;
  /** The generation of the last applied 'breakpoints' line that asked for an answer, until it is sent. */
  private breakpointsApplied: number | undefined;

  constructor(stopFlags: SharedArrayBuffer, control: SharedArrayBuffer, stopAtStart: boolean) {
    this.flags = new Uint8Array(stopFlags);
    this.control = new Int32Array(control);
    this.filters = textArea(stopFlags, FILTER_AREA_OFFSET);
    this.pending = textArea(stopFlags, PENDING_AREA_OFFSET);
    this.catchMap = textArea(stopFlags, CATCH_AREA_OFFSET);
    this.step =
      stopFlags.byteLength >= STEP_AREA_OFFSET + StepWord.WORDS * 4
        ? new Int32Array(stopFlags, STEP_AREA_OFFSET, StepWord.WORDS)
        : undefined;
    this.nextUpTo = stopAtStart ? START_STOP_PROBES : 0;
  }

  /** Applies a control line; the old pause (PAUSE: wait at the next publish) stays as it was. */
  apply(message: LiveControlMessage): void {
    if (message.type === 'pause') {
      this.pauseAsked = true;
      return setPaused(this.control, true);
    }
    if (message.type === 'breakpoints') {
      // For files loaded from now on: their loader flags these before the file's code runs.
      if (this.pending) publishText(this.pending, message.pending?.length ? JSON.stringify(message.pending) : '');
      this.setUncaught(message.uncaught);
      this.setBreakpoints(message.probes, message.filters ?? []);
      if (message.generation !== undefined) this.breakpointsApplied = message.generation;
      return;
    }
    if (message.type === 'stopNext') {
      this.setStep(undefined);
      return this.setNext(true);
    }
    this.pauseAsked = false; // resumed before it was answered: the answer would be stale
    this.setStep(message.step);
    this.setNext(message.next === true);
    setPaused(this.control, false);
  }

  /**
   * Written before PAUSE is cleared or NEXT set: the producer takes it at its next flagged probe. Without a step, NEXT
   * stops anywhere.
   */
  private setStep(step: LiveStep | undefined): void {
    if (!this.step) return;
    const mode = step === undefined ? StepMode.NONE : step.mode === 'over' ? StepMode.OVER : StepMode.OUT;
    Atomics.store(this.step, StepWord.DEPTH, step?.depth ?? 0);
    Atomics.store(this.step, StepWord.AWAITS, step?.awaits === true ? 1 : 0);
    Atomics.store(this.step, StepWord.RESUME_OF, step?.resumeOf ?? 0);
    Atomics.store(this.step, StepWord.MODE, mode);
    Atomics.add(this.step, StepWord.GENERATION, 1);
  }

  /**
   * Filters first (the producer reads them at a FILTER probe), then the flags; a probe without a
   * filter the producer can read stops as a plain breakpoint.
   */
  private setBreakpoints(probes: number[], filters: LiveFilter[]): void {
    const published =
      this.filters !== undefined && publishText(this.filters, filters.length ? JSON.stringify(filters) : '');
    const inTable = (id: number) => id < FILTER_AREA_OFFSET && id < this.flags.length;
    const filterProbes = filters.flatMap((filter) => filter.probes).filter(inTable);
    const watchProbes = filters.flatMap((filter) => filter.bindings.flat()).filter(inTable);
    const entryProbes = filters.flatMap((filter) => filter.owners.filter((owner) => owner >= 0)).filter(inTable);
    const breakProbes = probes.filter(inTable);
    if (!published) breakProbes.push(...filterProbes);
    this.setBits(StopFlag.ENTRY, this.entryProbes, published ? entryProbes : []);
    this.setBits(StopFlag.WATCH, this.watchProbes, published ? watchProbes : []);
    this.setBits(StopFlag.FILTER, this.filterProbes, published ? filterProbes : []);
    this.setBits(StopFlag.BREAK, this.breakProbes, breakProbes);
    this.storeChecks();
  }

  /**
   * The CHECKS word (stopTable.ts CheckBit) after the flags changed: the producer reads it at its
   * next batch boundary or stop, and until then checks as before, which errs only one way (a frame
   * entered meanwhile is untracked: its filter stops; a stale CALLS bit only costs a table load).
   */
  private storeChecks(): void {
    if (!this.step) return;
    const calls = this.entryProbes.length > 0 || this.nextUpTo > 0 ? CheckBit.CALLS : 0;
    const watch = this.watchProbes.length > 0 ? CheckBit.WATCH : 0;
    Atomics.store(this.step, StepWord.CHECKS, calls | watch);
  }

  /** The catch map first (the producer reads it at an UNCAUGHT probe), then the flags; none without a map. */
  private setUncaught(uncaught: LiveUncaught | undefined): void {
    const published =
      uncaught !== undefined &&
      this.catchMap !== undefined &&
      publishText(this.catchMap, uncaught.probes.length ? JSON.stringify(uncaught.files) : '');
    const ids = published ? uncaught.probes.filter((id) => id < FILTER_AREA_OFFSET && id < this.flags.length) : [];
    this.setBits(StopFlag.UNCAUGHT, this.uncaughtProbes, ids);
  }

  /** Sets `bit` on the new ids, then clears it from the old ones not among them. */
  private setBits(bit: number, old: number[], ids: number[]): void {
    for (const id of ids) this.flags[id] |= bit;
    const kept = new Set(ids);
    for (const id of old) if (!kept.has(id)) this.flags[id] &= ~bit;
    old.length = 0;
    old.push(...ids);
  }

  /** The producer stopped (Control.LIVE_STOP) and its records were drained: the NOTE to send, once. */
  takeStop(): NoteInfo | undefined {
    const stopped = Atomics.load(this.control, Control.LIVE_STOP);
    if (stopped === 0) return undefined;
    Atomics.store(this.control, Control.LIVE_STOP, 0);
    return { level: 'info', message: liveStopNoteMessage(stopped - 1) };
  }

  /** After a 'pause' line, once the ring is drained (`ringDrained`): the NOTE that answers it, once. */
  takePauseAnswer(ringDrained: boolean): NoteInfo | undefined {
    if (!this.pauseAsked || !ringDrained) return undefined;
    this.pauseAsked = false;
    return { level: 'info', message: LIVE_PAUSED_NOTE };
  }

  /** After a 'breakpoints' line that asked for one: the NOTE that says its flags are set, once. */
  takeBreakpointsAnswer(): NoteInfo | undefined {
    const generation = this.breakpointsApplied;
    if (generation === undefined) return undefined;
    this.breakpointsApplied = undefined;
    return { level: 'info', message: liveBreakpointsNoteMessage(generation) };
  }

  /** NEXT on every probe allocated so far (a memset), or off wherever it was set. */
  private setNext(on: boolean): void {
    const allocated = Math.min(this.flags.length, Math.max(Atomics.load(this.control, Control.PROBE_COUNTER), 1));
    if (on) {
      for (let id = 0; id < allocated; id++) this.flags[id] |= StopFlag.NEXT;
      this.nextUpTo = Math.max(this.nextUpTo, allocated);
    } else if (this.nextUpTo > 0) {
      for (let id = 0; id < this.nextUpTo; id++) this.flags[id] &= ~StopFlag.NEXT;
      this.nextUpTo = 0;
    }
    this.storeChecks(); // before the resume that follows: the stopped producer reads it as it goes on
  }
}

export function setPaused(control: Int32Array, paused: boolean): void {
  Atomics.store(control, Control.PAUSE, paused ? 1 : 0);
  Atomics.notify(control, Control.PAUSE);
}
