// A saved recording's program output, printed again when it is opened (issue 15 §3: reopening
// a recording showed no output). Each line is an `output` event with the place of the statement
// that printed it (`source`/`line`, clickable in VS Code's Debug Console, as js-debug's are) and
// its step (`data.step`, for `rewind/seek`). Capped like logpoints: the timeline has them all.
import type { ReplayEngine } from '../replay/api';
import type { OutputStepData } from '../customProtocol';
import type { SessionContext } from './context';

export const MAX_REPLAYED_OUTPUT_MESSAGES = 10_000;
const PAGE = 1000;

export function replayRecordedOutput(context: SessionContext, engine: ReplayEngine): void {
  context.output.flush();
  let total = 0;
  for (let start = 0; start < MAX_REPLAYED_OUTPUT_MESSAGES; start += PAGE) {
    const page = engine.console(start, Math.min(PAGE, MAX_REPLAYED_OUTPUT_MESSAGES - start));
    total = page.total;
    for (const message of page.messages) {
      const data: OutputStepData = { step: message.step };
      const body: Record<string, unknown> = { category: message.stream, output: message.text, data };
      if (message.source?.path !== undefined) {
        const span = context.sources.toClient(message.source);
        Object.assign(body, { source: span.source, line: span.line, column: span.column });
      }
      context.event('output', body);
    }
    if (start + PAGE >= total) break;
  }
  if (total > MAX_REPLAYED_OUTPUT_MESSAGES) {
    context.event('output', { category: 'important', output: `[rewind] ${total - MAX_REPLAYED_OUTPUT_MESSAGES} more output messages of the recording are not shown here; the timeline's console has them all.\n` });
  }
}
