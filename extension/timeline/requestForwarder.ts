// Forwards one validated webview request to the Rewind debug session as the custom DAP request of
// the same name and turns the outcome into exactly one response message. Adapter bodies are
// re-checked (known fields kept, wrong types refused) before they reach the webview.
// Knows no vscode API beyond the one method it calls, so tests can pass a fake session.
import { LIMITS, sanitizeBody, type ResponseMessage, type WebviewMessage } from '../../protocol/requests';

export interface CustomRequester {
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}
export type RequestMessage = Extract<WebviewMessage, { type: 'request' }>;

export async function forwardRequest(
  session: CustomRequester | undefined,
  message: RequestMessage,
): Promise<ResponseMessage> {
  const { requestId, command } = message;
  const fail = (text: string): ResponseMessage => ({
    type: 'response',
    requestId,
    command,
    success: false,
    message: text.slice(0, LIMITS.errorChars),
  });
  if (session === undefined) return fail('No active Rewind debug session.');
  let raw: unknown;
  try {
    raw = await session.customRequest(command, message.args);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const body = sanitizeBody(command, raw);
  if (body === undefined) return fail(`The debug adapter answered ${command} with a malformed body.`);
  return { type: 'response', requestId, command, success: true, body } as ResponseMessage;
}
