// Test support: a COMPACT_EVENTS payload of stored words run through decodeEventWords, as the
// format tests need it — the words a reader sees, or the TraceFormatError it refuses them with.
// Knows only the format's public decoding entry; the tables of words are each test's own.
import { RecordType, TraceFormatError, decodeEventWords } from '../../runtime/format';

/** The event words a reader sees for `stored`, a COMPACT_EVENTS payload starting at file byte `recordAt`. */
export function expandCompactPayload(stored: number[], recordAt: number): number[] {
  const payload = new Uint8Array(new Int32Array(stored).buffer);
  return Array.from(decodeEventWords({ type: RecordType.COMPACT_EVENTS, flags: 0, payload, byteOffset: recordAt }));
}

/** The TraceFormatError expanding `stored` throws; a test failure when it expands. */
export function compactPayloadRefusal(stored: number[], recordAt: number): TraceFormatError {
  try {
    expandCompactPayload(stored, recordAt);
  } catch (error) {
    if (error instanceof TraceFormatError) return error;
    throw error;
  }
  throw new Error('expanded without a refusal');
}
