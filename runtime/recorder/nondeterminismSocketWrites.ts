// Deferred recording's check on what a TCP server sends its clients (format 3.17). A deferred run
// logs, for each write the program makes to an accepted connection, the connection's number, the
// data's length and its CRC-32; a re-execution computes the same of its own writes and compares
// them with the log's, connection by connection, in order (not by place among the other reads: a
// write a completion dispatched has none). A response that comes out differently (something the
// log does not hold changed what the program computed) is then a divergence at that write, as a
// different line on stdout is, rather than a trace that silently shows values that never were.
// Wraps the stream handle's write methods (LibuvStreamWrap.prototype, shared with pipes and
// terminals: any other handle passes straight through). Knows the handles' write methods and
// their argument shapes, not the log's encoding nor which handles are connections.
import { crc32 } from '../format/crc32';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;
type Crc32Function = (data: string | Uint8Array, previous?: number) => number;

const WRITE = ndSourceId('TCP.write');
/**
 * zlib.crc32 (Node ≥ 20.15) takes strings as their UTF-8; older Nodes encode first. Captured by
 * captureZlibCrc32() as a deferred run starts, not imported: a `full` recording loaded node:zlib for
 * nothing at every start (docs/PERFORMANCE.md, "Session 34").
 */
let zlibCrc32: Crc32Function | undefined;

/** Called by installNondeterminism, before the program runs (so before it could replace zlib.crc32). */
export function captureZlibCrc32(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred runs only (see above)
  zlibCrc32 = (require('node:zlib') as { crc32?: Crc32Function }).crc32;
}
const bufferFrom = Buffer.from.bind(Buffer) as (text: string, encoding: 'utf8') => Buffer;

/** The write methods a net.Socket calls on its handle (stream_base_commons), each `(req, data…)`. */
const WRITE_METHODS = [
  'writeBuffer',
  'writev',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
  'writeUcs2String',
] as const;

/** `connectionOf` names an accepted connection's handle by its number (undefined for any other handle). */
export function watchSocketWrites(
  tap: Tap,
  feed: FeedTap | undefined,
  streamPrototype: object,
  connectionOf: (handle: unknown) => number | undefined,
): void {
  for (let index = 0; index < WRITE_METHODS.length; index++) {
    const key = WRITE_METHODS[index];
    replaceFunction(streamPrototype, key, (real) =>
      shapedLike(real, (self, args) => {
        const number = connectionOf(self);
        if (number !== undefined) checkWrite(tap, feed, self, number, digest(key, args));
        return B.apply(real as AnyFunction, self, args as never[]);
      }),
    );
  }
}

/**
 * One write (or datagram sent) on connection or socket `number`, as [length, CRC-32]: logged by a
 * deferred run, compared with the log's next for that number at re-execution.
 */
export function checkWrite(
  tap: Tap,
  feed: FeedTap | undefined,
  self: unknown,
  number: number,
  written: [number, number],
): void {
  const own = [number, written[0], written[1]];
  // Logged apart from the reads (format/deferred.ts DeferredLog.writes): compared per connection.
  if (!feed) tap.read(WRITE, 'json', () => own, self, []);
  else {
    const logged = feed.loggedWrite(number);
    if (!logged) feed.diverge(`the program wrote ${describe(own)}; the deferred run wrote nothing more there`);
    else if (logged[1] !== own[1] || logged[2] !== own[2])
      feed.diverge(`the program wrote ${describe(own)}; the deferred run wrote ${describe(logged)}`);
  }
}

/** [length, CRC-32] of buffers sent as one (a datagram's list). */
export function digestBuffers(list: unknown[]): [number, number] {
  return digest('writev', [undefined, list, true]);
}

/** [length, CRC-32] of a write's data: writev's chunks (buffers, or chunk and encoding pairs) in order. */
function digest(key: string, args: readonly unknown[]): [number, number] {
  if (key !== 'writev') return [lengthOf(args[1]), crcOf(comparable(args[1]), 0)];
  const chunks = args[1] as unknown[];
  const step = args[2] === true ? 1 : 2;
  let length = 0;
  let crc = 0;
  for (let at = 0; at < chunks.length; at += step) {
    length += lengthOf(chunks[at]);
    crc = crcOf(at === 0 ? comparable(chunks[at]) : chunks[at], crc);
  }
  return [length, crc];
}

/**
 * The data as compared: an HTTP response's head without the value of its Date header. Node adds
 * that header from its own clock (a Date made inside Node, which the log does not feed), so a
 * re-execution writes the hour it runs at; the trace never shows it (it is Node's, not the
 * program's), and everything else in the head is compared.
 */
function comparable(data: unknown): unknown {
  if (typeof data !== 'string' || B.stringIndexOf(data, 'HTTP/1.') !== 0) return data;
  const at = B.stringIndexOf(data, '\r\nDate: ');
  const headEnd = B.stringIndexOf(data, '\r\n\r\n');
  if (at < 0 || (headEnd >= 0 && at > headEnd)) return data;
  const valueEnd = B.stringIndexOf(data, '\r\n', at + 2);
  return B.stringSlice(data, 0, at + 8) + (valueEnd < 0 ? '' : B.stringSlice(data, valueEnd));
}

/** A string's characters or a buffer's bytes (Node writes Buffers: one byte an element). */
function lengthOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  return B.isTypedArray(data) ? B.typedArrayLength(data) : 0;
}

function crcOf(data: unknown, previous: number): number {
  const bytes = typeof data === 'string' ? data : B.isTypedArray(data) ? (data as Uint8Array) : undefined;
  if (bytes === undefined) return previous;
  if (zlibCrc32) return zlibCrc32(bytes, previous) >>> 0;
  const encoded = typeof bytes === 'string' ? bufferFrom(bytes, 'utf8') : bytes;
  return crc32(encoded, 0, encoded.length, previous);
}

/** "42 long (CRC 1a2b3c4d) to connection #2": bytes, or a string's characters. */
function describe(write: readonly number[]): string {
  return `${write[1]} long (CRC ${(write[2] >>> 0).toString(16)}) to connection #${write[0]}`;
}
