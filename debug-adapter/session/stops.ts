// Turning an engine stop into what the client sees: `rewind/position`, then a `stopped` event
// (DAP reasons, client thread and breakpoint ids) — position first, so whoever reacts to the
// stop already knows the step. Also the one mapping of thread ids:
// producers may be numbered from 0, DAP clients treat 0 as "no thread", so we shift by one.
import type { StopReason, StopResult } from '../replay/api';
import { RewindEvent, type PositionEventBody } from '../customProtocol';
import type { SessionContext } from './context';
import type { HandlerResult } from './dispatch';
import { faultPoint } from './faultPoints';
import { tellConditionFailures } from './logpoints';
import { fromClientThreadId, toClientThreadId } from './threadIds';

/** DAP has no reason for the recording's edges or a gap: those stop as a 'step' and say why. */
const DAP_REASON: Record<StopReason, string> = {
  step: 'step',
  breakpoint: 'breakpoint',
  'function breakpoint': 'function breakpoint',
  'data breakpoint': 'data breakpoint',
  exception: 'exception',
  entry: 'entry',
  goto: 'goto',
  end: 'step',
  start: 'step',
  gap: 'step',
  pause: 'pause',
};

const EDGE_TEXT: Partial<Record<StopReason, string>> = {
  end: 'End of the recording',
  start: 'Start of the recording',
  gap: 'Gap in the recording',
};

export { fromClientThreadId, toClientThreadId };

/**
 * Sends the stop. `reason` overrides the engine's (restartFrame reports 'restart'). The `stopped`
 * event goes out whatever fails before it: a client never told of a stop shows the program running
 * for ever (issue 12 item 11), so what prepares it is guarded, and a failure is told, not fatal.
 */
export function reportStop(context: SessionContext, stop: StopResult, reason?: string): void {
  const failures: string[] = [];
  const guarded = (what: string, work: () => void): void => {
    try {
      work();
    } catch (error) {
      failures.push(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  guarded("flushing the program's output", () => {
    faultPoint('stop.details');
    context.output.flush();
  });
  guarded('forgetting the return values', () => context.returnValues.clear());
  guarded('telling the conditions that failed', () => {
    const engine = context.engineIfReady();
    if (engine) tellConditionFailures(context, engine);
  });
  context.stoppedThreadId = stop.threadId;
  const body: Record<string, unknown> = {
    reason: reason ?? DAP_REASON[stop.reason] ?? 'step',
    threadId: toClientThreadId(stop.threadId),
    allThreadsStopped: true,
    preserveFocusHint: false,
  };
  let description = stop.text ?? EDGE_TEXT[stop.reason];
  guarded('counting the events lost at the end', () => {
    const lostAtEnd = stop.reason === 'end' ? (context.engineIfReady()?.summary().lostAfterLastStep ?? 0) : 0;
    // drop-newest with a full buffer: the program went on after the last recorded step (issue 10 item 12).
    if (lostAtEnd > 0)
      description = `${description ?? 'End of the recording'} ${lostAtEnd} later events were not recorded (the buffer was full): the program ran on past this step.`;
  });
  if (description) {
    body.description = description;
    body.text = description;
  }
  guarded('naming the breakpoints hit', () => {
    const hitIds = context.breakpoints.toSessionIds(stop.hitBreakpointIds);
    if (hitIds.length > 0) body.hitBreakpointIds = hitIds;
  });
  guarded('reporting the position', () => reportPosition(context, stop.stepIndex));
  for (const failure of failures)
    context.event('output', { category: 'important', output: `[rewind:dap] ${failure}; stopped anyway\n` });
  context.event('stopped', body);
}

/**
 * A move the client did not ask for by a DAP request (the `rewind/` ones: seek, stepBackOut), as a
 * handler's result. VS Code marks its threads running only for its own requests (a simulated
 * `continued`); without one, a custom jump kept the old stop's exception widget, badge and "Paused
 * on …" header. So a custom move says `continued` BEFORE its response and stops after it, as VS
 * Code's own moves run (response, simulated `continued`, then `stopped`). VS Code handles a response
 * in a task of its own but two events in one: sent back to back, `continued`'s handler cleared the
 * new stop's details one microtask after `stopped` had added them, and the Call Stack header stayed
 * blank (issue 15 §1.3). With the response between them, `continued` is done before `stopped` comes.
 */
export function customMove(context: SessionContext, stop: StopResult, reason?: string): HandlerResult {
  return {
    before: () => {
      faultPoint('customMove.before');
      context.event('continued', { threadId: toClientThreadId(stop.threadId), allThreadsContinued: true });
    },
    after: () => reportStop(context, stop, reason),
  };
}

function reportPosition(context: SessionContext, stepIndex: number): void {
  const totalSteps = context.engineIfReady()?.summary().totalSteps ?? 0;
  const position: PositionEventBody = { step: stepIndex, totalSteps };
  context.event(RewindEvent.POSITION, position);
}
