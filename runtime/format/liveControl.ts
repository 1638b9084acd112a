// The live-session control protocol between the collector and a producer's drain: the lines the
// collector sends (newline-delimited JSON), the breakpoint filters they may carry (liveFilter.ts)
// and the NOTE a drain sends when its producer stopped. Pure: types, a validating parser and the
// note's shape; no I/O.
import { isLiveFilter, type LiveFilter } from './liveFilter';
import type { CatchMapFile } from './liveUncaught';

export interface LiveUncaught {
  probes: number[];
  files: CatchMapFile[];
}

function isLiveUncaught(value: unknown): value is LiveUncaught {
  if (typeof value !== 'object' || value === null) return false;
  const uncaught = value as Record<string, unknown>;
  return (
    Array.isArray(uncaught.probes) &&
    uncaught.probes.every(isProbeId) &&
    Array.isArray(uncaught.files) &&
    uncaught.files.every(
      (file: unknown) =>
        typeof file === 'object' &&
        file !== null &&
        typeof (file as CatchMapFile).path === 'string' &&
        Array.isArray((file as CatchMapFile).fns) &&
        Array.isArray((file as CatchMapFile).tries),
    )
  );
}

/** What the collector may send; anything else is ignored. */
export type LiveControlMessage =
  /** Wait at the next ring publish (also when the program is idle: the idle flush publishes). */
  | { type: 'pause' }
  /**
   * Resume a stopped producer; `next`: stop again at its next step (live stepping); `step`: only
   * at the next step of the frame `depth` (≤ 0) frames above the one it is held in, or once that
   * frame is left ('over'), or only once it is left ('out'): a Step Over / Out in one line.
   */
  | { type: 'resume'; next?: boolean; step?: LiveStep }
  /**
   * Flag exactly these probe ids as breakpoints (the previous set is cleared); `filters` add
   * probes where the recorder itself may decide that a hit is not one (liveFilter.ts).
   */
  | {
      type: 'breakpoints';
      probes: number[];
      filters?: LiveFilter[];
      pending?: PendingBreakpoints[];
      /** The "uncaught" exception filter: its throw probes, and the catch map that decides them. */
      uncaught?: LiveUncaught;
      /**
       * Asks for an answer (LIVE_BREAKPOINTS_NOTE with this number) once the flags are set: the
       * adapter answers setBreakpoints only then, so a request sent right after it stops there.
       */
      generation?: number;
    }
  /** Stop at the next step (pause at the current statement). */
  | { type: 'stopNext' };

export interface LiveStep {
  mode: 'over' | 'out';
  depth: number;
  /** 'over' in a function that is not a generator: its frame's await goes on at its resume. */
  awaits?: boolean;
  /** 'over' from a frame already suspended at an await: the recorder's frame id to wait for. */
  resumeOf?: number;
}

function isLiveStep(value: unknown): value is LiveStep {
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Record<string, unknown>;
  return (
    (step.mode === 'over' || step.mode === 'out') &&
    Number.isInteger(step.depth) &&
    (step.depth as number) <= 0 &&
    (step.awaits === undefined || typeof step.awaits === 'boolean') &&
    (step.resumeOf === undefined || (Number.isInteger(step.resumeOf) && (step.resumeOf as number) > 0))
  );
}

/**
 * Line breakpoints by file, for files a producer has not loaded yet (issue 13 item 3): its loader
 * flags the step probes they snap to as it registers the file, before the file's code runs.
 */
export interface PendingBreakpoints {
  path: string;
  lines: number[];
}

function isPendingBreakpoints(value: unknown): value is PendingBreakpoints {
  if (typeof value !== 'object' || value === null) return false;
  const pending = value as Record<string, unknown>;
  return (
    typeof pending.path === 'string' &&
    Array.isArray(pending.lines) &&
    pending.lines.every((line) => Number.isInteger(line) && (line as number) > 0)
  );
}

/** A live-stop NOTE's message prefix, then the probe id: the collector takes such notes off the stream. */
/** The most a drain queues for its socket before it stops taking batches (the producer then feels the ring fill). */
export const SEND_QUEUE_BYTES = 16 << 20;

/**
 * The most a live session's drain queues for its socket: a stop waits for everything queued ahead
 * of it (16 MiB took seconds under load, DAP-13). Also what a killed live producer may have had
 * queued and never sent, beside its ring (debug-adapter/recording/liveTraceFile.ts).
 */
export const LIVE_SEND_QUEUE_BYTES = 512 << 10;

export const LIVE_STOP_NOTE = 'rewind:live-stop ';

export function liveStopNoteMessage(probeId: number): string {
  return `${LIVE_STOP_NOTE}${probeId}`;
}

/**
 * A drain's answer to 'pause', sent in its stream once its ring is drained: every record its
 * producer published before it (and the live-stop note of a step it stopped at) is ahead of it.
 */
export const LIVE_PAUSED_NOTE = 'rewind:live-paused';

export function isLivePausedNote(message: unknown): boolean {
  return message === LIVE_PAUSED_NOTE;
}

/**
 * A drain's answer to a 'breakpoints' line that carried a generation: its flags are in the stop
 * table, so every step its producer runs from now on sees them.
 */
export const LIVE_BREAKPOINTS_NOTE = 'rewind:live-breakpoints ';

export function liveBreakpointsNoteMessage(generation: number): string {
  return `${LIVE_BREAKPOINTS_NOTE}${generation}`;
}

/** The generation a breakpoints answer's message names, or undefined for any other note. */
export function parseLiveBreakpointsNote(message: unknown): number | undefined {
  if (typeof message !== 'string' || !message.startsWith(LIVE_BREAKPOINTS_NOTE)) return undefined;
  const generation = Number(message.slice(LIVE_BREAKPOINTS_NOTE.length));
  return Number.isInteger(generation) && generation > 0 ? generation : undefined;
}

/** The probe id of a live-stop note's message, or undefined for any other note. */
export function parseLiveStopNote(message: unknown): number | undefined {
  if (typeof message !== 'string' || !message.startsWith(LIVE_STOP_NOTE)) return undefined;
  const probeId = Number(message.slice(LIVE_STOP_NOTE.length));
  return Number.isInteger(probeId) && probeId >= 0 ? probeId : undefined;
}

export function parseLiveControl(line: string): LiveControlMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'pause' || message.type === 'stopNext') return { type: message.type };
  if (message.type === 'resume') {
    const step = message.next === true && isLiveStep(message.step) ? { step: message.step } : {};
    return { type: 'resume', next: message.next === true, ...step };
  }
  if (message.type === 'breakpoints' && Array.isArray(message.probes) && message.probes.every(isProbeId)) {
    const filters = Array.isArray(message.filters) ? message.filters.filter(isLiveFilter) : undefined;
    const pending = Array.isArray(message.pending) ? message.pending.filter(isPendingBreakpoints) : undefined;
    const uncaught = isLiveUncaught(message.uncaught) ? { uncaught: message.uncaught } : {};
    const generation =
      Number.isInteger(message.generation) && (message.generation as number) > 0
        ? { generation: message.generation as number }
        : {};
    return { type: 'breakpoints', probes: message.probes as number[], filters, pending, ...uncaught, ...generation };
  }
  return undefined;
}

function isProbeId(id: unknown): boolean {
  return Number.isInteger(id) && (id as number) > 0;
}
