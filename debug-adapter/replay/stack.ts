// The call stack at a step: the physical chain of activations, each with the step where it
// stands, plus — below a resumed async function — a label row and the stack that first called
// it (its async origin), and below a callback (timer, tick, promise reaction, I/O, listener) a
// label naming what scheduled it and the stack at the step that scheduled it, as js-debug shows;
// below a listener, the label of the emit that ran it ("EventEmitter 'x'"; then, for Node's emits
// from the event loop, what scheduled the I/O); below a worker 'message' listener, a row naming
// the message, whose sender (another thread) the engine adds (messageSender.ts).
// A pure function of the step (DAP-07).
import type { AbsoluteStep, FrameIndex, MessageKey, ThreadHistory } from '../trace/history';

export interface StackRow {
  kind: 'frame' | 'asyncLabel';
  frameIndex: FrameIndex;
  activation: number;
  /** The step whose probe is this row's position; -1 when the activation has no step yet. */
  locationStep: AbsoluteStep;
  /** A callback origin's label row: what scheduled the callback ("setTimeout", "EventEmitter: data"). */
  label?: string;
  /** Rows below an origin label: the scheduling step, whose values they show (else the stop's step). */
  momentStep?: AbsoluteStep;
  /** The last row, below a listener run by a worker message: the message (posted in another thread). */
  message?: MessageKey;
  /** Rows of another thread (a message's sender): its producer id; else the stack's own thread. */
  threadId?: number;
}

const MAX_ROWS = 512;

/** The last step of `activation` at or before `stepIndex` (skipping nested calls), or -1. */
export function lastStepIn(thread: ThreadHistory, activation: number, stepIndex: AbsoluteStep): AbsoluteStep {
  const step = thread.walkBackWithin(activation, stepIndex);
  return step >= thread.activationStart(activation) ? step : -1;
}

export function stackAt(thread: ThreadHistory, stepIndex: AbsoluteStep): StackRow[] {
  const rows: StackRow[] = [];
  if (stepIndex < thread.firstStep || stepIndex >= thread.endStep) return rows;
  let activation = thread.activationAt(stepIndex);
  let location = stepIndex;
  let momentStep: number | undefined;
  while (activation >= 0 && rows.length < MAX_ROWS) {
    const frameIndex = thread.frameOf(activation);
    rows.push({ kind: 'frame', frameIndex, activation, locationStep: location, momentStep });
    let below = thread.callerOf(activation);
    let childStart = thread.activationStart(activation);
    let bottom = activation;
    const first = thread.frameFirstActivation(frameIndex);
    if (below < 0 && first !== activation && first >= 0) {
      // A resumed frame runs from the event loop: show who first called it, behind a label.
      rows.push({ kind: 'asyncLabel', frameIndex, activation, locationStep: -1, momentStep });
      below = thread.callerOf(first);
      childStart = thread.activationStart(first);
      bottom = first;
    }
    // A listener run by an emit(…) (the program's, or Node's as an http server's 'request'): its label.
    const emitted = thread.listenerLabel(bottom);
    if (emitted !== undefined)
      rows.push({ kind: 'asyncLabel', frameIndex, activation: -1, locationStep: -1, label: emitted, momentStep });
    if (below < 0) {
      // Run by a message from another thread: that thread's send is the cause (the engine adds it).
      const message = thread.messageOf(bottom);
      if (message !== undefined) {
        rows.push({ kind: 'asyncLabel', frameIndex, activation: -1, locationStep: -1, message, momentStep });
        break;
      }
      // A callback: what scheduled it, then the stack at that step with that step's values.
      const origin = thread.originOf(bottom);
      const scheduledAt = origin >= 0 ? thread.originSchedulingStep(origin) : -1;
      if (scheduledAt < 0 || scheduledAt >= thread.activationStart(bottom)) break;
      rows.push({
        kind: 'asyncLabel',
        frameIndex,
        activation: -1,
        locationStep: -1,
        label: thread.originLabel(origin),
      });
      momentStep = scheduledAt;
      location = scheduledAt;
      activation = thread.activationAt(scheduledAt);
      continue;
    }
    // Below a listener's label: the frames that called emit(…), as they are now.
    location = lastStepIn(thread, below, childStart - 1);
    activation = below;
  }
  return rows;
}
