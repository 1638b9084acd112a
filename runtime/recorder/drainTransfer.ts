// What a DrainMessage's post hands over rather than copies: a FILE record's bytes (tens of MB for a
// huge generated file) move to the drain worker without a structured-clone copy. Its own module so
// the senders (recorder.ts, the off-thread ESM loader) need not load the drain worker's entry.
import type { DrainMessage } from './drainWorker';

export function drainTransfer(message: DrainMessage): ArrayBuffer[] | undefined {
  return message.type === 'file' && typeof message.json !== 'string' ? [message.json.buffer as ArrayBuffer] : undefined;
}
