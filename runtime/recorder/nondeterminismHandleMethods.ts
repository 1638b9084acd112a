// Deferred recording's socket handle methods that are reads (TCP, Pipe and UDP handles): a bind,
// listen or connect's outcome (0 or an error number), logged for the program's handles and, at
// re-execution, answered from the log while something harmless runs for real in its place; and the
// addresses a handle reports (getsockname, getpeername: each fills its argument), logged as [error
// number, the fields] and answered from the log. The recorder's own calls go to the native
// (functionText.ts nativeOf), so they never consume a logged answer. Also the little-endian words
// the socket logs' byte values start with. Knows the methods' shapes, not which handles are the
// program's nor what stands in for them.
import type { NdSource } from '../format/deferred';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

export type AddressRead = 'getsockname' | 'getpeername';

type AnyFunction = (...args: never[]) => unknown;

/**
 * `prototype[key]`, an outcome (0 or an error number) for the handles `subjectOf` names: logged, and
 * at re-execution the log's, once `atReexecution` (the harmless stand-in: a bind on the loopback, a
 * connect to a sink) has run for real; if that fails, a divergence saying `failed(subject, error)`.
 */
export function wrapOutcome<Subject>(
  tap: Tap,
  feed: FeedTap | undefined,
  prototype: object,
  key: string,
  name: NdSource,
  subjectOf: (self: unknown) => Subject | undefined,
  atReexecution: (real: AnyFunction, subject: Subject) => number,
  failed: (subject: Subject, error: number) => string,
): void {
  const source = ndSourceId(name);
  replaceFunction(prototype, key, (real) =>
    shapedLike(real, (self, args) => {
      const subject = subjectOf(self);
      if (subject === undefined) return B.apply(real, self, args as never[]);
      const result = tap.read(source, 'number', real, self, args);
      if (feed && result === 0) {
        const error = atReexecution(real, subject);
        if (error !== 0) feed.diverge(failed(subject, error));
      }
      return result;
    }),
  );
}

/** `ours`: the handles whose answers are logged; `answered`: told each answer the program got. */
export function wrapAddressRead(
  tap: Tap,
  prototype: object,
  key: AddressRead,
  name: NdSource,
  ours: (self: unknown) => boolean,
  answered?: (self: object, key: AddressRead, fields: Record<string, unknown>) => void,
): void {
  const source = ndSourceId(name);
  replaceFunction(prototype, key, (real) =>
    shapedLike(real, (self, args) => {
      if (!ours(self)) return B.apply(real, self, args as never[]);
      const out = args[0] as Record<string, unknown>;
      const reported = (): [unknown, Record<string, unknown>] => {
        const error = B.apply(real, self, args as never[]);
        const fields: Record<string, unknown> = {};
        const keys = B.ownKeys(out);
        for (let at = 0; at < keys.length; at++)
          if (typeof keys[at] === 'string') fields[keys[at] as string] = out[keys[at] as string];
        return [error, fields];
      };
      const answer = tap.read(source, 'json', reported, self, []) as [unknown, Record<string, unknown>];
      const fields = answer[1];
      answered?.(self as object, key, fields);
      const keys = B.ownKeys(fields);
      for (let at = 0; at < keys.length; at++) out[keys[at] as string] = fields[keys[at] as string];
      return answer[0];
    }),
  );
}

/** Writes a 32-bit word little-endian, by hand: the program may have replaced DataView's methods. */
export function writeWord(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

/** Reads a signed 32-bit little-endian word. */
export function readWord(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}
