// Deferred recording's directory streams: fs.opendirSync / fs.opendir / fs.promises.opendir (whether
// the directory opened: undefined or the error) and each entry a Dir gives (Dir.prototype's readSync,
// read — callback and promise — and its async iteration, which Node runs on private reads, so it is
// replaced by the same loop over the logged read). Entries are logged as Dirents (or null at the
// end) and fed back as Node's Dirent; the real Dir still reads at re-execution (its callbacks' timing
// is the real read's), but the program gets the logged entries. A directory that opened in the
// deferred run and does not open at re-execution (removed since) is stood in for by an empty private
// one, removed as it opens, whose Dir answers `path` with the program's path.
// Knows fs.Dir's methods, not the log's encoding.
import fs from 'node:fs';
import os from 'node:os';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import { disguise } from './functionText';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { completion, replaceFunction, settled, ONE_VALUE, type AnyFunction } from './nondeterminismWrap';

/** Captured when this module loads, before any wrapper: a stand-in directory's operations. */
const realMkdtempSync = fs.mkdtempSync;
const realRmdirSync = fs.rmdirSync;
/** os.tmpdir is a logged read once the program runs: where stand-ins go is fixed at load. */
const standInPrefix = `${os.tmpdir()}/rewind-reexecuted-dir-`;
/** Stand-in Dirs, by the program's path they stand for (what their `path` getter answers). */
const standInPaths = new B.WeakMap<object, unknown>();

export function wrapDirectories(tap: Tap, feed: FeedTap | undefined): void {
  // Node 20 defines both as getters that load fs.Dir and become data properties on first use.
  void fs.opendir;
  const realOpendirSync = fs.opendirSync as (path: string) => fs.Dir;
  let standIn: StandIn | undefined;
  if (feed) {
    wrapPathGetter(fs.Dir.prototype as unknown as object);
    standIn = (path) => standInDir(realOpendirSync, path, (why) => feed.diverge(why));
  }
  wrapOpenSync(tap, standIn);
  wrapOpenCallback(tap, standIn);
  wrapOpenPromised(tap, standIn);
  wrapDirPrototype(fs.Dir.prototype as unknown as object, tap);
}

/** What stands in for a directory that opened in the deferred run and does not open now. */
type StandIn = (path: unknown) => unknown;

/**
 * An empty private directory, opened and removed at once (its Dir reads nothing: the entries are
 * fed), answering `path` with the program's. If even that fails, the re-execution stops there.
 */
function standInDir(
  realOpendirSync: (path: string) => fs.Dir,
  path: unknown,
  diverge: (why: string) => never,
): unknown {
  try {
    const folder = B.apply(realMkdtempSync, fs, [standInPrefix] as never[]) as string;
    try {
      const dir = B.apply(realOpendirSync, fs, [folder] as never[]) as object;
      B.weakMapSet(standInPaths, dir, path);
      return dir;
    } finally {
      B.apply(realRmdirSync, fs, [folder] as never[]);
    }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return diverge(
      `the directory ${String(path)} opened in the deferred run and no stand-in opens now (${String(code)})`,
    );
  }
}

/** The Dir the program gets: the one that opened, or (re-executing, it did not open again) a stand-in. */
function reopened(dir: unknown, path: unknown, standIn: StandIn | undefined): unknown {
  return dir !== undefined || !standIn ? dir : standIn(path);
}

/** A stand-in Dir's `path` is the program's; every other Dir's is Node's. */
function wrapPathGetter(prototype: object): void {
  const descriptor = B.getOwnPropertyDescriptor(prototype, 'path');
  const real = descriptor?.get;
  if (typeof real !== 'function' || !descriptor?.configurable) return;
  const get = {
    get path(): unknown {
      const standsFor = B.weakMapGet(standInPaths, this as object);
      return standsFor === undefined ? B.apply(real, this, []) : standsFor;
    },
  };
  const wrapper = B.getOwnPropertyDescriptor(get, 'path')?.get as AnyFunction;
  disguise(wrapper, real);
  B.defineProperty(prototype, 'path', { ...descriptor, get: wrapper });
}

/** What the program gets when the logged open failed: the logged error; a Dir opened now is closed. */
function closeUnused(dir: unknown): void {
  if (dir instanceof fs.Dir) (dir as fs.Dir).close(() => undefined);
}

function wrapOpenSync(tap: Tap, standIn: StandIn | undefined): void {
  const source = ndSourceId('fs.opendirSync');
  replaceFunction(fs, 'opendirSync', (real) =>
    shapedLike(real, (self, args) => {
      let dir: unknown;
      let failure: unknown;
      let failed = false;
      try {
        dir = B.apply(real, self, args as never[]);
      } catch (error) {
        failure = error;
        failed = true;
      }
      const outcome = (): undefined => {
        if (failed) throw failure;
        return undefined;
      };
      try {
        tap.read(source, 'fs', outcome, undefined, []);
      } catch (error) {
        closeUnused(dir);
        throw error;
      }
      return reopened(dir, args[0], standIn);
    }),
  );
}

function wrapOpenCallback(tap: Tap, standIn: StandIn | undefined): void {
  const source = ndSourceId('fs.opendir');
  replaceFunction(fs, 'opendir', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function') return B.apply(real, self, args as never[]);
      let dir: unknown;
      const callback = completion(
        tap,
        source,
        'fs',
        args[last] as AnyFunction,
        { value: () => undefined, args: () => [reopened(dir, args[0], standIn)] },
        true,
      );
      args[last] = function (this: unknown, error: unknown, opened: unknown): unknown {
        dir = opened;
        return B.apply(callback, this, [error, opened] as never[]);
      };
      return B.apply(real, self, args as never[]);
    }),
  );
}

function wrapOpenPromised(tap: Tap, standIn: StandIn | undefined): void {
  const source = ndSourceId('fs.promises.opendir');
  const open = async (real: AnyFunction, self: unknown, args: unknown[]): Promise<unknown> => {
    let dir: unknown;
    try {
      await settled(tap, source, 'fs', async () => {
        dir = await (B.apply(real, self, args as never[]) as Promise<unknown>);
        return undefined;
      });
    } catch (error) {
      closeUnused(dir);
      throw error;
    }
    return reopened(dir, args[0], standIn);
  };
  replaceFunction(fs.promises as unknown as object, 'opendir', (real) =>
    shapedLike(real, (self, args) => open(real, self, args)),
  );
}

/** readSync, read (callback or promise) and the async iteration give logged entries: a Dirent, or null at the end. */
function wrapDirPrototype(prototype: object, tap: Tap): void {
  const syncSource = ndSourceId('Dir.readSync');
  replaceFunction(prototype, 'readSync', (real) =>
    shapedLike(real, (self, args) => tap.read(syncSource, 'fs', real, self, args)),
  );
  const source = ndSourceId('Dir.read');
  const realRead = B.getOwnPropertyDescriptor(prototype, 'read')?.value as AnyFunction | undefined;
  const realClose = B.getOwnPropertyDescriptor(prototype, 'close')?.value as AnyFunction | undefined;
  if (typeof realRead !== 'function' || typeof realClose !== 'function') return;
  const readPromised = (self: unknown): Promise<unknown> =>
    settled(tap, source, 'fs', () => B.apply(realRead, self, [] as never[]));
  replaceFunction(prototype, 'read', () =>
    shapedLike(realRead, (self, args) => {
      if (typeof args[0] !== 'function') return readPromised(self);
      const callback = completion(tap, source, 'fs', args[0] as AnyFunction, ONE_VALUE, true);
      return B.apply(realRead, self, [callback] as never[]);
    }),
  );
  wrapIteration(prototype, readPromised, realClose);
}

/** Node's `entries` (also Symbol.asyncIterator) reads through private fields: the same loop, over the logged read. */
function wrapIteration(prototype: object, read: (self: unknown) => Promise<unknown>, close: AnyFunction): void {
  const real = B.getOwnPropertyDescriptor(prototype, 'entries');
  if (typeof real?.value !== 'function' || !real.configurable) return;
  const entries = {
    async *entries(this: unknown): AsyncGenerator<unknown> {
      try {
        while (true) {
          const entry = await read(this);
          if (entry === null) break;
          yield entry;
        }
      } finally {
        await (B.apply(close, this, [] as never[]) as Promise<unknown>);
      }
    },
  }.entries;
  const ownPrototype = B.getOwnPropertyDescriptor(real.value as object, 'prototype');
  if (ownPrototype) B.defineProperty(entries, 'prototype', ownPrototype);
  disguise(entries, real.value as object);
  B.defineProperty(prototype, 'entries', { ...real, value: entries });
  const iterator = B.getOwnPropertyDescriptor(prototype, Symbol.asyncIterator);
  if (iterator?.value === real.value && iterator?.configurable)
    B.defineProperty(prototype, Symbol.asyncIterator, { ...iterator, value: entries });
}
