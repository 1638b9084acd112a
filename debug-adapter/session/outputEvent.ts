// The body of a DAP `output` event for program output: category and text, and — when the
// recording knows where it was printed — the printing statement (`source`/`line`/`column`,
// clickable in VS Code's Debug Console) and its step (`data.step`; `data.threadId` when a child
// process or a worker printed it). Shared by live output
// (context.ts) and a saved recording's output (recordedOutput.ts); knows nothing of either.
import type { OutputStepData } from '../customProtocol';
import type { PrintedAt } from './recording';
import type { Sources } from './sources';
import { toClientThreadId } from './threadIds';

/** An `output` event's body; with `at`, the link to the printing statement and its step (live output too). */
export function outputBody(sources: Sources, category: string, text: string, at?: PrintedAt): Record<string, unknown> {
  const body: Record<string, unknown> = { category, output: text };
  if (!at) return body;
  const data: OutputStepData =
    at.threadId === undefined ? { step: at.step } : { step: at.step, threadId: toClientThreadId(at.threadId) };
  body.data = data;
  if (at.source?.path !== undefined) {
    const span = sources.toClient(at.source);
    Object.assign(body, { source: span.source, line: span.line, column: span.column });
  }
  return body;
}
