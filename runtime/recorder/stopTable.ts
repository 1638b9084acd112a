// The live-stop table's layout, shared by a producer, its drain worker and its loader threads: one
// flag byte per probe id, then two text areas (sharedText.ts): the breakpoint filters and the
// breakpoints pending in files not loaded yet. Constants only.
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
} as const;

/** Where the filter area starts (after the flags, word-aligned). */
export const FILTER_AREA_OFFSET = MAX_PROBE_ID + 1;
/** Where the pending breakpoints' area starts. */
export const PENDING_AREA_OFFSET = FILTER_AREA_OFFSET + TEXT_AREA_BYTES;
export const STOP_TABLE_BYTES = PENDING_AREA_OFFSET + TEXT_AREA_BYTES;
