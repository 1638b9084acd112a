// Reading a saved trace from disk on Node, for the CLI and the adapter's `trace` launch option:
// native CRC and raw-DEFLATE inflation bounded by the format's record limit. Throws RecordingError
// with the path and, for a bad header, the byte offset; damage later in the file is reported by
// the returned contents (error, complete), not thrown.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { readTrace, TraceFormatError, type TraceContents, type TraceReadOptions } from '../../runtime/format';
import { RecordingError } from './errors';
import { nativeCrc32 } from './framing';

/** Reader options for Node: zlib's CRC and an inflater that stops at the reader's bound (decompression bombs). */
export const NODE_READ_OPTIONS: TraceReadOptions = {
  checksum: nativeCrc32,
  inflate: (input, maxOutputBytes) => inflateRawSync(input, { maxOutputLength: Math.max(1, maxOutputBytes) }),
};

export function readTraceFile(path: string): TraceContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new RecordingError(
      `cannot read the trace ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return readTrace(bytes, NODE_READ_OPTIONS);
  } catch (error) {
    if (error instanceof TraceFormatError)
      throw new RecordingError(`${path} is not a readable trace: ${error.message}`);
    throw error;
  }
}
