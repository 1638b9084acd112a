// The trace format's identity: magic bytes and version. Owns nothing else.
// The minor version follows the EXT table: a new subkind's `since` raises it, so adding an event
// kind needs no edit here. Raise DECLARED_MINOR for any other additive change readers may ignore
// (a record type, a flag); bump FORMAT_MAJOR for anything an older reader would misread.
// test/runtime/format/encodingGuard.test.ts fails if the encoding changes without a bump (TR-08).
import { EXT_KINDS, EXT_NAMES, type ExtKindSpec } from './extKinds';

/** "RWND" as bytes: the first four bytes of every trace file. */
export const TRACE_MAGIC = [0x52, 0x57, 0x4e, 0x44] as const;
export const FORMAT_MAJOR = 3;
/**
 * The minor version set by hand: the last additive change that was not a new EXT subkind. 10: a
 * STRING_DEF may define a string longer than the intern limit, truncated as an inline STRING is
 * (its true length kept), for the STRING_REFs that write it again (a 3.9 reader shows such a
 * reference's first characters as the whole string; the store warns that the trace is newer).
 * 11: probe tables in binary PACKED_PROBES records (packedProbes.ts); the FILE record says
 * `probes: []` and `packedProbes` (a 3.10 reader skips those records, knows the files but none of
 * their probes, shows their events at unknown locations and warns that the trace is newer). Also
 * 11: a STRING_DEF may hold more units than the limit when it is the source of STRING_SLICEs,
 * which alone refer to it (a 3.10 reader shows a reference to a slice as an empty string).
 * 12: event words in COMPACT_EVENTS records (type 21, compactEvents.ts): ENTER and ENTER_THIS with
 * their frame id implied, RETURN of undefined in one word (a 3.11 reader skips the records, shows
 * no events and warns that the trace is newer). Also 12: object snapshots by shape (SHAPE,
 * SHAPED_SNAPSHOT; their `since` says so too), inside those records.
 * 13: one-byte strings in COMPACT_EVENTS records (oneByteStrings.ts): a STRING whose captured length
 * carries ONE_BYTE_BIT holds its units one a byte (a 3.12 reader refuses the record: the captured
 * length runs past it, or, inside a sized EXT, exceeds the true length when the value is decoded).
 * 14: ND_VALUE sources for file-system writes and opens to write (format/deferred.ts): a deferred
 * run logs their outcomes, and its re-execution is fed them (a 3.13 expander meets an unknown
 * source number and diverges there, naming `source #N`).
 * 15: ND_VALUE sources for opens to read, the terminal, synchronous child processes and file
 * watchers (format/deferred.ts; a 3.14 expander diverges at the first, naming `source #N`, or
 * refuses a log with watchers, which also holds an ND_UNSUPPORTED only older readers keep).
 * 16: ND_VALUE sources for file-system stats, fs.statfs in its three forms, and a terminal's size
 * as Node refreshes it on SIGWINCH (format/deferred.ts; a 3.15 expander meets an unknown source
 * number at the first and diverges there, naming `source #N`). Also 16: TCP servers' connections
 * and reads (nondeterminismSockets.ts), whose log also holds an ND_UNSUPPORTED only older readers
 * keep, so a 3.15 expander refuses it rather than wait for clients that never come.
 * 17: an ND_VALUE source for a deferred server's writes to its clients (TCP.write), compared at
 * re-execution; its log also holds an ND_UNSUPPORTED only older readers keep (a 3.16 expander
 * refuses it).
 * 18: ND_VALUE sources for outgoing TCP connections (TCP.connect, TCP.connect complete) and local
 * sockets (Pipe.bind, Pipe.listen, Pipe.connect, Pipe.connect complete) and UDP sockets (UDP.bind …
 * UDP.onmessage), fed at re-execution; their log also holds an ND_UNSUPPORTED only older readers
 * keep (a 3.17 expander refuses it, as it refused any outgoing connection, local socket or UDP).
 * 19: ND_VALUE sources for asynchronous child processes (ProcessWrap.spawn, ProcessWrap.kill,
 * ProcessWrap.onexit), fed at re-execution, with their pipes' reads and writes under the TCP
 * sources; their log also holds an ND_UNSUPPORTED only older readers keep (a 3.18 expander refuses
 * it, as it refused any child process started asynchronously).
 */
const DECLARED_MINOR = 19;

/** The newest minor version among `declaredMinor` and the subkinds' `since` (all of them `FORMAT_MAJOR`.x). */
export function formatMinorOf(specs: readonly Pick<ExtKindSpec, 'since'>[], declaredMinor: number): number {
  let minor = declaredMinor;
  for (const { since } of specs) {
    const [major, specMinor] = since.split('.').map(Number);
    if (major !== FORMAT_MAJOR) throw new Error(`an EXT subkind since ${since} in format ${FORMAT_MAJOR}.x`);
    minor = Math.max(minor, specMinor);
  }
  return minor;
}

export const FORMAT_MINOR = formatMinorOf(
  EXT_NAMES.map((name) => EXT_KINDS[name]),
  DECLARED_MINOR,
);

/** Bumped whenever instrument() output or the cache entry layout changes; part of the instrumentation cache key. */
export const INSTRUMENTER_VERSION = '21';

declare const __REWIND_INSTRUMENTER_BUILD__: string | undefined;
/**
 * The hash of the runtime sources this bundle was built from (scripts/build.mjs defines it; code
 * run unbundled, as in unit tests, says 'unbundled'). Also part of the cache key: a build whose
 * instrumented code differs never reads another build's entries, bumped version or not.
 */
export const INSTRUMENTER_BUILD: string =
  typeof __REWIND_INSTRUMENTER_BUILD__ === 'string' ? __REWIND_INSTRUMENTER_BUILD__ : 'unbundled';
