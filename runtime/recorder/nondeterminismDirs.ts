// Deferred recording's directory streams: fs.opendirSync / fs.opendir / fs.promises.opendir (whether
// the directory opened: undefined or the error) and each entry a Dir gives (Dir.prototype's readSync,
// read — callback and promise — and its async iteration, which Node runs on private reads, so it is
// replaced by the same loop over the logged read). Entries are logged as Dirents (or null at the
// end) and fed back as Node's Dirent; the real Dir still reads at re-execution (its callbacks' timing
// is the real read's), but the program gets the logged entries. At re-execution the directory must
// open again, as a file opened for a stream must (a divergence says so if it does not).
// Knows fs.Dir's methods, not the log's encoding.
import fs from 'node:fs';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import { disguise } from './functionText';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { completion, replaceFunction, settled, ONE_VALUE, type AnyFunction } from './nondeterminismWrap';

type Diverge = ((why: string) => never) | undefined;

export function wrapDirectories(tap: Tap, feed: FeedTap | undefined): void {
  const diverge: Diverge = feed ? (why) => feed.diverge(why) : undefined;
  // Node 20 defines both as getters that load fs.Dir and become data properties on first use.
  void fs.opendir;
  void fs.opendirSync;
  wrapOpenSync(tap, diverge);
  wrapOpenCallback(tap, diverge);
  wrapOpenPromised(tap, diverge);
  wrapDirPrototype(fs.Dir.prototype as unknown as object, tap);
}

/** A re-execution whose directory did not open again has no Dir to give the program: it stops there. */
function reopened(dir: unknown, path: unknown, error: unknown, diverge: Diverge): unknown {
  if (dir !== undefined || !diverge) return dir;
  const code = (error as { code?: unknown } | null)?.code;
  return diverge(`the directory ${String(path)} opened in the deferred run and does not open now (${String(code)})`);
}

/** What the program gets when the logged open failed: the logged error; a Dir opened now is closed. */
function closeUnused(dir: unknown): void {
  if (dir instanceof fs.Dir) (dir as fs.Dir).close(() => undefined);
}

function wrapOpenSync(tap: Tap, diverge: Diverge): void {
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
      return reopened(dir, args[0], failure, diverge);
    }),
  );
}

function wrapOpenCallback(tap: Tap, diverge: Diverge): void {
  const source = ndSourceId('fs.opendir');
  replaceFunction(fs, 'opendir', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function') return B.apply(real, self, args as never[]);
      let dir: unknown;
      let failure: unknown;
      const callback = completion(
        tap,
        source,
        'fs',
        args[last] as AnyFunction,
        { value: () => undefined, args: () => [reopened(dir, args[0], failure, diverge)] },
        true,
      );
      args[last] = function (this: unknown, error: unknown, opened: unknown): unknown {
        dir = opened;
        failure = error;
        return B.apply(callback, this, [error, opened] as never[]);
      };
      return B.apply(real, self, args as never[]);
    }),
  );
}

function wrapOpenPromised(tap: Tap, diverge: Diverge): void {
  const source = ndSourceId('fs.promises.opendir');
  const open = async (real: AnyFunction, self: unknown, args: unknown[]): Promise<unknown> => {
    let dir: unknown;
    let failure: unknown;
    try {
      await settled(tap, source, 'fs', async () => {
        try {
          dir = await (B.apply(real, self, args as never[]) as Promise<unknown>);
        } catch (error) {
          failure = error;
          throw error;
        }
        return undefined;
      });
    } catch (error) {
      closeUnused(dir);
      throw error;
    }
    return reopened(dir, args[0], failure, diverge);
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
