// Deferred recording's path questions: whether a path is accessible (access in its three forms,
// the callback-only `exists`) and what it resolves to (realpath and its `.native` forms, readlink),
// each through the Tap like the other fs reads. Node's CommonJS loader resolving a module calls
// fs.realpathSync with its cache (an options object holding a symbol of Node's): that call is let
// through, as the loader's readFileSync is — module code is identified by its hash, not logged — and
// so is the fs.access Node's own `exists` makes. Knows these functions' shapes, not the log's encoding.
import fs from 'node:fs';
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import { insideRead, throughNode } from './nondeterminismFiles';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { completion, replaceFunction, wrapPromised, type AnyFunction, type CallbackShape } from './nondeterminismWrap';

/** `(error)` alone: fs.access calls back with no value. */
const NO_VALUE: CallbackShape = { value: () => undefined, args: () => [] };

/** Node's CommonJS loader passes fs.realpathSync an options object keyed by a symbol of its own (its cache). */
function loaderOptions(options: unknown): boolean {
  if (typeof options !== 'object' || options === null || B.isProxy(options)) return false;
  const keys = B.ownKeys(options);
  for (let index = 0; index < keys.length; index++) if (typeof keys[index] === 'symbol') return true;
  return false;
}

export function wrapPathReads(tap: Tap): void {
  wrapPathRead(fs, 'accessSync', 'fs.accessSync', tap);
  wrapPathCallback(fs, 'access', 'fs.access', tap, NO_VALUE);
  wrapExists(tap);
  const realpathSync = wrapPathRead(fs, 'realpathSync', 'fs.realpathSync', tap);
  const realpath = wrapPathCallback(fs, 'realpath', 'fs.realpath', tap);
  // `.native` hangs off the function: the wrapper carries Node's (withOwnProperties), wrapped in its turn.
  if (realpathSync) wrapPathRead(realpathSync, 'native', 'fs.realpathSync.native', tap);
  if (realpath) wrapPathCallback(realpath, 'native', 'fs.realpath.native', tap);
  wrapPathRead(fs, 'readlinkSync', 'fs.readlinkSync', tap);
  wrapPathCallback(fs, 'readlink', 'fs.readlink', tap);
  const promises = fs.promises as unknown as object;
  wrapPromised(promises, 'access', 'fs.promises.access', 'fs', tap);
  wrapPromised(promises, 'realpath', 'fs.promises.realpath', 'fs', tap);
  wrapPromised(promises, 'readlink', 'fs.promises.readlink', 'fs', tap);
}

/** A synchronous read (its value: undefined, a path string or a Buffer); the loader's calls go through. */
function wrapPathRead(target: object, key: string, name: NdSource, tap: Tap): AnyFunction | undefined {
  const source = ndSourceId(name);
  return replaceFunction(target, key, (real) =>
    withOwnProperties(
      real,
      shapedLike(real, (self, args) => {
        if (insideRead() || loaderOptions(args[1])) return B.apply(real, self, args as never[]);
        return throughNode(() => tap.read(source, 'fs', real, self, args));
      }),
    ),
  );
}

/** A callback form (the callback last): an async read by ticket; a failed one calls back with its error alone. */
function wrapPathCallback(
  target: object,
  key: string,
  name: NdSource,
  tap: Tap,
  shape?: CallbackShape,
): AnyFunction | undefined {
  const source = ndSourceId(name);
  return replaceFunction(target, key, (real) =>
    withOwnProperties(
      real,
      shapedLike(real, (self, args) => {
        const last = args.length - 1;
        if (insideRead() || typeof args[last] !== 'function') return B.apply(real, self, args as never[]);
        args[last] = completion(tap, source, 'fs', args[last] as AnyFunction, shape, true);
        return throughNode(() => B.apply(real, self, args as never[]));
      }),
    ),
  );
}

/**
 * fs.exists calls back `(exists)` with no error (Node answers it with fs.access, let through here).
 * Its util.promisify form (a property of Node's function) calls fs.exists, so it comes here too.
 */
function wrapExists(tap: Tap): void {
  const source = ndSourceId('fs.exists');
  replaceFunction(fs, 'exists', (real) =>
    withOwnProperties(
      real,
      shapedLike(real, (self, args) => {
        const callback = args[1];
        if (insideRead() || typeof callback !== 'function') return B.apply(real, self, args as never[]);
        const ticket = tap.issue();
        args[1] = function (this: unknown, exists: unknown): unknown {
          return tap.turn('async read', ticket, () => {
            const [, fed] = tap.complete(source, 'json', ticket, null, exists);
            return B.apply(callback as AnyFunction, this, [fed] as never[]);
          });
        };
        return throughNode(() => B.apply(real, self, args as never[]));
      }),
    ),
  );
}

/** Node's function's own properties other than its shape's (`native`, util.promisify's symbol) go on its wrapper. */
function withOwnProperties(real: AnyFunction, wrapper: AnyFunction): AnyFunction {
  const keys = B.ownKeys(real);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    B.defineProperty(wrapper, key, B.getOwnPropertyDescriptor(real, key)!);
  }
  return wrapper;
}
