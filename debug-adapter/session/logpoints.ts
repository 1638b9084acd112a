// Retroactive logpoints: on a recording, a logpoint's message exists for EVERY hit across time,
// so setting one prints them all, in time order, each as an `output` event that carries its step
// (`data.step`) and place, so a client can jump there with `rewind/seek`. Capped: a logpoint in a
// hot loop must not flood the editor (DAP-15); the rest is announced and stays in the timeline.
// Also tells, once each, of breakpoint conditions that failed at a hit (as js-debug does).
import type { ReplayEngine } from '../replay/api';
import type { OutputStepData } from '../customProtocol';
import type { SessionContext } from './context';

export const MAX_LOGPOINT_MESSAGES = 1000;

/** Prints the past messages of the logpoints (of one client file, or all) not printed before. */
export function replayLogpoints(context: SessionContext, engine: ReplayEngine, clientPath?: string): void {
  const untold = context.breakpoints.untoldLogpointIds(clientPath);
  const messages =
    untold.size === 0 ? [] : engine.logpointMessages().filter((message) => untold.has(message.breakpointId));
  context.output.flush();
  tellConditionFailures(context, engine);
  for (const message of messages.slice(0, MAX_LOGPOINT_MESSAGES)) {
    const span = context.sources.toClient(message.source);
    const data: OutputStepData = { step: message.stepIndex };
    context.event('output', {
      category: 'console',
      output: `${message.text}\n`,
      source: span.source,
      line: span.line,
      column: span.column,
      data,
    });
  }
  if (messages.length > MAX_LOGPOINT_MESSAGES) {
    context.event('output', {
      category: 'important',
      output: `[rewind] ${messages.length - MAX_LOGPOINT_MESSAGES} more logpoint messages are not shown here; the timeline has them all.\n`,
    });
  }
}

/** Conditions that could not be evaluated at a hit (that hit did not stop): each told once. */
export function tellConditionFailures(context: SessionContext, engine: ReplayEngine): void {
  for (const failure of engine.conditionFailures()) {
    const data: OutputStepData = { step: failure.stepIndex };
    context.event('output', {
      category: 'stderr',
      data,
      output: `[rewind] The breakpoint condition ${JSON.stringify(failure.condition)} could not be evaluated at step ${failure.stepIndex}: ${failure.message} (a hit where it fails does not stop).\n`,
    });
  }
}
