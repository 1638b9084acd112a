// A saved recording's program output, printed again when it is opened (issue 15 §3: reopening
// a recording showed no output). Each line is an `output` event with the place of the statement
// that printed it (`source`/`line`, clickable in VS Code's Debug Console, as js-debug's are) and
// its step (`data.step`, for `rewind/seek`). Capped like logpoints, keeping the head and the
// tail: the timeline has them all.
import type { ReplayEngine } from '../replay/api';
import type { SessionContext } from './context';
import { outputBody } from './outputEvent';

const MAX_REPLAYED_OUTPUT_MESSAGES = 10_000;
const PAGE = 1000;

export function replayRecordedOutput(context: SessionContext, engine: ReplayEngine): void {
  context.output.flush();
  const total = engine.console(0, 0).total;
  // Head and tail (issue 10 item 11): a flood's last lines are what a user usually wants to see.
  const headCount = total > MAX_REPLAYED_OUTPUT_MESSAGES ? MAX_REPLAYED_OUTPUT_MESSAGES / 2 : total;
  sendMessages(context, engine, 0, headCount);
  if (total <= MAX_REPLAYED_OUTPUT_MESSAGES) return;
  const tailCount = MAX_REPLAYED_OUTPUT_MESSAGES - headCount;
  context.event('output', {
    category: 'important',
    output: `[rewind] ${total - MAX_REPLAYED_OUTPUT_MESSAGES} output messages of the recording (numbers ${headCount + 1} to ${total - tailCount}) are not shown here; the last ${tailCount} follow; the timeline's console has them all.\n`,
  });
  sendMessages(context, engine, total - tailCount, tailCount);
}

function sendMessages(context: SessionContext, engine: ReplayEngine, from: number, count: number): void {
  for (let start = from; start < from + count; start += PAGE) {
    const page = engine.console(start, Math.min(PAGE, from + count - start));
    for (const message of page.messages)
      context.event('output', outputBody(context.sources, message.stream, message.text, message));
    if (page.messages.length === 0) break;
  }
}
