// The live-stop table's layout, shared by a producer, its drain worker and its loader threads: one
// flag byte per probe id, then three text areas (sharedText.ts): the breakpoint filters and the
// breakpoints pending in files not loaded yet, the catch map, then the live step's words. Constants only.
import { MAX_PROBE_ID } from '../format/events';
import { TEXT_AREA_BYTES } from './sharedText';

/** Bits of a probe's stop flag. */
export const StopFlag = {
  /** A breakpoint (line, conditional, logpoint…) binds here: the adapter decides at the stop. */
  BREAK: 1,
  /** Stop at the next step anywhere (pause, live stepping, the start of a live session). */
  NEXT: 2,
  /** A breakpoint whose filter the recorder evaluates: stop only when it may be a hit. */
  FILTER: 4,
  /** A WRITE probe whose value a filter reads (liveFilters.ts keeps the latest). */
  WATCH: 8,
  /** A function probe whose frames own a watched binding: liveFilters.ts tracks its activations. */
  ENTRY: 16,
  /** A throw probe where the "uncaught" exception filter stops when liveUncaught.ts is sure. */
  UNCAUGHT: 32,
} as const;

/** Where the filter area starts (after the flags, word-aligned). */
export const FILTER_AREA_OFFSET = MAX_PROBE_ID + 1;
/** Where the pending breakpoints' area starts. */
export const PENDING_AREA_OFFSET = FILTER_AREA_OFFSET + TEXT_AREA_BYTES;
/** Where the catch map's area starts (format/liveUncaught.ts). */
export const CATCH_AREA_OFFSET = PENDING_AREA_OFFSET + TEXT_AREA_BYTES;
/** Where the live step's Int32 words start (StepWord), written by the drain before it resumes. */
export const STEP_AREA_OFFSET = CATCH_AREA_OFFSET + TEXT_AREA_BYTES;
/**
 * The live step's words: how far a resumed producer runs before it stops again (liveStops.ts).
 * GENERATION moves, after the others were written, at every resume and stop-next. AWAITS (0/1):
 * an OVER whose held frame, suspended at an await, goes on at that frame's resume (replay's Step
 * Over); RESUME_OF: the recorder's id of a held frame already suspended there (0: none); CHECKS:
 * CheckBit, not part of a step (it is in this area for its Int32 alignment).
 */
export const StepWord = { MODE: 0, DEPTH: 1, GENERATION: 2, AWAITS: 3, RESUME_OF: 4, CHECKS: 5, WORDS: 6 } as const;
/**
 * Bits of StepWord.CHECKS, the one shared word saying which checks beyond STEP's the producer makes
 * (the drain keeps it; the producer reads it at batch boundaries and after a stop, liveStops.ts):
 * CALLS while any function probe is flagged ENTRY or a live step or stop-next flags NEXT (the ENTER,
 * EXIT, SUSPEND, RESUME and CATCH checks), WATCH while any WRITE probe is flagged WATCH. Clear: a
 * call or a write never reads the table (issue 13 §Performance).
 */
export const CheckBit = { CALLS: 1, WATCH: 2 } as const;
export const STOP_TABLE_BYTES = STEP_AREA_OFFSET + StepWord.WORDS * 4;
/**
 * NONE: the NEXT flag stops at the next step. OVER: at the next step at most DEPTH frames above
 * the one it was held in (≤ 0), or any step once it went below that. OUT: any step once below.
 */
export const StepMode = { NONE: 0, OVER: 1, OUT: 2 } as const;
