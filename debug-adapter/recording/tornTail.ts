// Direct mode's repair of a file whose last producer died inside a write: a fatal signal can stop
// a write to a regular file between pages, leaving a torn record at the end. Before the collector
// appends an END there, the tail after the last reported record boundary is checked and a torn
// end cut off, so the END is readable. Only when no producer can still append. Knows the file and
// the reader, not the producers.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { parseTraceHeader, readTrace } from '../../runtime/format';
import { nativeCrc32 } from './framing';

const HEADER_PROBE_BYTES = 1 << 16;

/**
 * Cuts a torn record off the end of `path`; `fromBytes` is a known record boundary (0: right after the header). Returns
 * bytes removed.
 */
export function cutTornTail(path: string, fromBytes: number): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    const probe = Buffer.alloc(Math.min(size, HEADER_PROBE_BYTES));
    readSync(fd, probe, 0, probe.length, 0);
    const header = parseTraceHeader(probe);
    if ('need' in header) return 0;
    const start = Math.max(fromBytes, header.sizeBytes);
    if (start >= size) return 0;
    const tail = Buffer.alloc(header.sizeBytes + size - start);
    probe.copy(tail, 0, 0, header.sizeBytes);
    readSync(fd, tail, header.sizeBytes, size - start, start);
    const trace = readTrace(tail, { checksum: nativeCrc32 });
    if (!trace.error) return 0;
    const validEnd = start + trace.validBytes - header.sizeBytes;
    ftruncateSync(fd, validEnd);
    return size - validEnd;
  } catch {
    return 0; // a file we cannot read back is left as it is: the reader will say where it ends
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
