// Retroactive logpoints: on a recording, a logpoint's message exists for EVERY hit across time,
// so setting one prints them all, in time order, each as an `output` event that carries its step
// (`data.step`) and place, so a client can jump there with `rewind/seek`. Capped: a logpoint in a
// hot loop must not flood the editor (DAP-15); the rest is announced and stays in the timeline.
import type { ReplayEngine } from '../replay/api';
import type { OutputStepData } from '../customProtocol';
import type { SessionContext } from './context';

export const MAX_LOGPOINT_MESSAGES = 1000;

/** Prints the messages of the given engine breakpoint ids (all logpoints when omitted). */
export function replayLogpoints(context: SessionContext, engine: ReplayEngine, onlyEngineIds?: ReadonlySet<number>): void {
  const messages = engine.logpointMessages().filter((message) =>
    onlyEngineIds ? onlyEngineIds.has(message.breakpointId) : context.breakpoints.isLogpoint(message.breakpointId));
  context.output.flush();
  for (const message of messages.slice(0, MAX_LOGPOINT_MESSAGES)) {
    const span = context.sources.toClient(message.source);
    const data: OutputStepData = { step: message.stepIndex };
    context.event('output', { category: 'console', output: `${message.text}\n`, source: span.source, line: span.line, column: span.column, data });
  }
  if (messages.length > MAX_LOGPOINT_MESSAGES) {
    context.event('output', { category: 'important', output: `[rewind] ${messages.length - MAX_LOGPOINT_MESSAGES} more logpoint messages are not shown here; the timeline has them all.\n` });
  }
}
