// What a step is at each recording level: the one definition every reader counts by (the
// indexer, the store's count of history before its window, the probe table's line index and
// `rewind info`). At level `full` a step is each STEP event (a statement, a loop test). At level
// `calls` no STEP is written: each ENTER and RETURN is one, and so is the EXIT of a function frame
// left by a throw — whether a frame was is known only from the events before (ExitsByThrow).
import { EventKind } from './events';
import type { ProbeKind } from './probes';

/** The probes whose events are steps, by their file's level. */
export const STEP_PROBE_KINDS: Readonly<Record<'full' | 'calls', ReadonlySet<ProbeKind>>> = {
  full: new Set(['statement', 'loopHead']),
  calls: new Set(['module', 'function', 'return']),
};

/** Is an event of this kind a step, whatever came before it? (EXIT: see exitIsStep.) */
export function kindIsStep(kind: number, callsLevel: boolean): boolean {
  if (kind === EventKind.STEP) return true;
  return callsLevel && (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS || kind === EventKind.RETURN);
}

/**
 * Is an EXIT a step? At level `calls`, when its frame — a function's, not a module body's (which
 * never RETURNs: its EXIT is its normal end) — was running and left by a throw.
 */
export function exitIsStep(callsLevel: boolean, moduleBody: boolean, byThrow: boolean, running: boolean): boolean {
  return callsLevel && !moduleBody && byThrow && running;
}

/**
 * The frames running in one producer, enough to tell an EXIT by throw (no RETURN since the frame's
 * last ENTER or RESUME) from a normal one, for a reader that keeps no other call stack.
 */
export class ExitsByThrow {
  /** Recorder frame ids, innermost last, each with whether it RETURNed since it last ran. */
  private readonly frames: number[] = [];
  private readonly returned: boolean[] = [];

  entered(frameId: number): void {
    this.frames.push(frameId);
    this.returned.push(false);
  }

  /** A RETURN of the running frame; `endsFrame`: its probe says no EXIT follows (format 3). */
  returnedFrom(endsFrame: boolean): void {
    if (this.frames.length === 0) return;
    if (endsFrame) this.popTo(this.frames.length - 1);
    else this.returned[this.returned.length - 1] = true;
  }

  suspended(frameId: number): void {
    const at = this.frames.lastIndexOf(frameId);
    if (at >= 0) this.popTo(at);
  }

  /** The frame leaves: returns whether it was running and left by a throw. */
  exited(frameId: number): { running: boolean; byThrow: boolean } {
    const at = this.frames.lastIndexOf(frameId);
    if (at < 0) return { running: false, byThrow: false };
    const byThrow = !this.returned[at];
    this.popTo(at);
    return { running: true, byThrow };
  }

  private popTo(at: number): void {
    this.frames.length = at;
    this.returned.length = at;
  }
}
