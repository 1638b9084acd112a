// Deferred recording's reads of a socket handle's addresses (TCP and UDP handles' getsockname and
// getpeername: each fills its argument and returns 0 or an error number): for the program's
// handles, logged as [error number, the fields] and, at re-execution, answered from the log. The
// recorder's own calls go to the native (functionText.ts nativeOf), so they never consume a logged
// answer. Knows the methods' shape, not which handles are the program's.
import type { NdSource } from '../format/deferred';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

export type AddressRead = 'getsockname' | 'getpeername';

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
