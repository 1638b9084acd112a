// Reads a trace file record by record in fixed-size chunks, so a walk over a recording of any size
// holds one chunk (and at most one record) at a time, never the file. Same verification as
// readTraceFile (native CRC, bounded inflation). Knows framing only, not what records mean.
import { closeSync, openSync, readSync } from 'node:fs';
import {
  TraceStreamParser,
  type TraceHeader,
  type TraceReadError,
  type TraceRecord,
  type TraceVersion,
} from '../../runtime/format';
import { NODE_READ_OPTIONS } from '../recording/traceFiles';

const CHUNK_BYTES = 1 << 20;

export interface StreamedTrace {
  header: TraceHeader;
  version: TraceVersion;
  /** Why reading stopped before the end of the file (damage); the records before it were delivered. */
  error?: TraceReadError;
  validBytes: number;
}

/** Thrown when the file cannot be opened or has no readable header (nothing to walk). */
export class UnreadableTraceError extends Error {}

export function streamRecords(
  path: string,
  onRecord: (record: TraceRecord, header: TraceHeader) => void,
): StreamedTrace {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UnreadableTraceError(
      `cannot read the trace ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const parser = new TraceStreamParser(NODE_READ_OPTIONS);
  let fileBytes = 0;
  try {
    while (!parser.error) {
      // A fresh buffer per chunk: the parser keeps views into what it was given.
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      fileBytes += read;
      for (const record of parser.push(chunk.subarray(0, read))) onRecord(record, parser.header as TraceHeader);
    }
  } finally {
    closeSync(fd);
  }
  if (!parser.header || !parser.version) {
    const reason =
      parser.error?.message.replace(/^\[rewind:\w+\] /, '') ??
      (fileBytes === 0 ? 'empty file: not a Rewind trace' : 'trace header truncated');
    throw new UnreadableTraceError(`${path} is not a readable trace: ${reason}`);
  }
  const truncated =
    !parser.error && parser.bufferedBytes > 0
      ? {
          message: `record truncated (${parser.bufferedBytes} bytes after the last whole record)`,
          byteOffset: parser.validBytes,
        }
      : undefined;
  return {
    header: parser.header,
    version: parser.version,
    error: parser.error ?? truncated,
    validBytes: parser.validBytes,
  };
}
