// Deferred recording's file-system sources: what a program reads of files — contents (readFile in
// its three forms, readSync/read into a buffer, which fs.createReadStream uses, readvSync/readv
// across buffers, FileHandle reads), existence, stats (stat/lstat/fstat), file-system stats
// (statfs) and directory listings (readdir), each synchronous, callback and promise form — through
// the Tap. Node's loaders reading a module's code are let through (code is checked by its
// hash), and so is a read Node makes inside a logged read (readFileSync of bytes calls readSync).
// Knows fs's functions and their argument shapes, not the log's encoding.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import Module from 'node:module';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import { loaderSourcePath } from './loaderSourceReads';
import { captureFsTemplates } from './nondeterminismFsValues';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import {
  completion,
  replaceFunction,
  settled,
  wrapPromised,
  wrapRead,
  wrapUnlessCallback,
  ONE_VALUE,
  type AnyFunction,
  type CallbackShape,
} from './nondeterminismWrap';

interface ModuleCache {
  _cache: Record<string, { loaded?: boolean } | undefined>;
}

/** Captured: the program may replace it. */
const { isView } = ArrayBuffer;

/** Above 0 while a logged read (or the module loader's) runs: reads Node makes inside it are its own. */
let inside = 0;
/** Descriptors whose fs.read calls are another source's (stdin redirected from a file: its stream's). */
const throughFds = new B.Set<number>();

export function letThroughFd(fd: number): void {
  B.setAdd(throughFds, fd);
}

/** Runs a logged read (or Node's loader's) whose own inner fs calls are not logged again. */
export function throughNode<T>(run: () => T): T {
  inside++;
  try {
    return run();
  } finally {
    inside--;
  }
}

/** Whether Node is inside a logged read (or its loader's): its fs calls are that read's own. */
export function insideRead(): boolean {
  return inside > 0;
}

export function wrapFileReads(tap: Tap): void {
  captureFsTemplates();
  const cache = (Module as unknown as ModuleCache)._cache;
  const source = ndSourceId('fs.readFileSync');
  replaceFunction(fs, 'readFileSync', (real) =>
    shapedLike(real, (self, args) =>
      throughNode(() => {
        // Node's CommonJS loader reading a module's code: code is checked by its hash, not logged.
        const path = args[0];
        if (typeof path === 'string' && cache[path] !== undefined && cache[path]?.loaded === false)
          return B.apply(real, self, args as never[]);
        // Node 20's ES loader reading a CommonJS file an import loads: code too (loaderSourceReads.ts).
        if (typeof path !== 'string' && loaderSourcePath(path, args[1]) !== undefined)
          return B.apply(real, self, args as never[]);
        return tap.read(source, 'file', real, self, args);
      }),
    ),
  );
  wrapRead(fs, 'existsSync', 'fs.existsSync', 'json', tap);
  wrapUnlessCallback(fs, 'readFile', 'fs.readFile', 'file', tap);
  wrapRead(fs, 'statSync', 'fs.statSync', 'fs', tap);
  wrapRead(fs, 'lstatSync', 'fs.lstatSync', 'fs', tap);
  wrapRead(fs, 'fstatSync', 'fs.fstatSync', 'fs', tap);
  wrapRead(fs, 'readdirSync', 'fs.readdirSync', 'fs', tap);
  wrapRead(fs, 'statfsSync', 'fs.statfsSync', 'fs', tap);
  wrapUnlessCallback(fs, 'stat', 'fs.stat', 'fs', tap, ONE_VALUE, true);
  wrapUnlessCallback(fs, 'lstat', 'fs.lstat', 'fs', tap, ONE_VALUE, true);
  wrapUnlessCallback(fs, 'fstat', 'fs.fstat', 'fs', tap, ONE_VALUE, true);
  wrapUnlessCallback(fs, 'readdir', 'fs.readdir', 'fs', tap, ONE_VALUE, true);
  wrapUnlessCallback(fs, 'statfs', 'fs.statfs', 'fs', tap, ONE_VALUE, true);
  wrapBufferReads(tap);
  wrapScatteredReads(tap);
  const promises = fs.promises as unknown as object;
  wrapPromised(promises, 'readFile', 'fs.promises.readFile', 'file', tap);
  wrapPromised(promises, 'stat', 'fs.promises.stat', 'fs', tap);
  wrapPromised(promises, 'lstat', 'fs.promises.lstat', 'fs', tap);
  wrapPromised(promises, 'readdir', 'fs.promises.readdir', 'fs', tap);
  wrapPromised(promises, 'statfs', 'fs.promises.statfs', 'fs', tap);
  wrapFileHandles(promises, tap);
}

/** The bytes a read put into `buffer` at `offset`. */
function region(buffer: ArrayBufferView, offset: number, count: number): Uint8Array {
  return new B.Uint8Array(buffer.buffer, buffer.byteOffset + offset, count);
}

/** Puts fed bytes where the read would have put them; returns how many. */
function fill(buffer: unknown, offset: number, bytes: unknown): number {
  const view = bytes as Uint8Array;
  if (isView(buffer) && view.buffer !== buffer.buffer) region(buffer, offset, B.typedArrayLength(view)).set(view);
  return B.typedArrayLength(view);
}

/** fs.readSync/fs.read's offset into their buffer, by Node's rules for their argument forms (callback excluded). */
function readOffset(args: readonly unknown[], count: number): number {
  if (!isView(args[1])) return offsetOf(args[1]); // read(fd, options) / read(fd)
  if (count <= 3 || (typeof args[2] === 'object' && args[2] !== null)) return offsetOf(args[2]);
  return typeof args[2] === 'number' ? args[2] : 0;
}

function offsetOf(options: unknown): number {
  const offset = (options as { offset?: unknown } | null | undefined)?.offset;
  return typeof offset === 'number' ? offset : 0;
}

/** readSync and read fill a buffer: the bytes they read are the value (fs.createReadStream reads with fs.read). */
function wrapBufferReads(tap: Tap): void {
  const syncSource = ndSourceId('fs.readSync');
  replaceFunction(fs, 'readSync', (real) =>
    shapedLike(real, (self, args) => {
      if (inside > 0) return B.apply(real, self, args as never[]);
      const offset = readOffset(args, args.length);
      const readInto = (): Uint8Array =>
        region(args[1] as ArrayBufferView, offset, B.apply(real, self, args as never[]) as number);
      return fill(args[1], offset, tap.read(syncSource, 'bytes', readInto, self, []));
    }),
  );
  const source = ndSourceId('fs.read');
  replaceFunction(fs, 'read', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (inside > 0 || typeof args[last] !== 'function' || B.setHas(throughFds, args[0]))
        return B.apply(real, self, args as never[]);
      const offset = readOffset(args, last);
      // Node calls back (error, bytesRead, buffer): the bytes are the value, put back into that buffer.
      const shape: CallbackShape = {
        value: (values) => (isView(values[1]) ? region(values[1], offset, (values[0] as number) || 0) : undefined),
        args: (fed, values) => [fed === undefined ? 0 : fill(values[1], offset, fed), values[1]],
      };
      args[last] = completion(tap, source, 'bytes', args[last] as AnyFunction, shape);
      return B.apply(real, self, args as never[]);
    }),
  );
}

/** The first `count` bytes a readv put across `buffers`, in order, as one run of bytes. */
function gathered(buffers: unknown, count: number): Uint8Array {
  const bytes = new B.Uint8Array(count);
  const list = buffers as ArrayBufferView[];
  for (let index = 0, at = 0; at < count && index < list.length; index++) {
    const take = list[index].byteLength < count - at ? list[index].byteLength : count - at;
    bytes.set(region(list[index], 0, take), at);
    at += take;
  }
  return bytes;
}

/** Puts fed bytes across `buffers` as readv would have; returns how many. */
function scattered(buffers: unknown, bytes: unknown): number {
  const view = bytes as Uint8Array;
  const count = B.typedArrayLength(view);
  const list = buffers as ArrayBufferView[];
  for (let index = 0, at = 0; at < count && index < list.length; index++) {
    const take = list[index].byteLength < count - at ? list[index].byteLength : count - at;
    region(list[index], 0, take).set(new B.Uint8Array(view.buffer, view.byteOffset + at, take));
    at += take;
  }
  return count;
}

/** readvSync and readv fill a list of buffers in turn: the bytes they read, as one run, are the value. */
function wrapScatteredReads(tap: Tap): void {
  const syncSource = ndSourceId('fs.readvSync');
  replaceFunction(fs, 'readvSync', (real) =>
    shapedLike(real, (self, args) => {
      if (inside > 0 || !B.isArray(args[1])) return B.apply(real, self, args as never[]);
      const readInto = (): Uint8Array => gathered(args[1], B.apply(real, self, args as never[]) as number);
      return scattered(args[1], tap.read(syncSource, 'bytes', readInto, self, []));
    }),
  );
  const source = ndSourceId('fs.readv');
  replaceFunction(fs, 'readv', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      const buffers = args[1];
      if (inside > 0 || typeof args[last] !== 'function' || !B.isArray(buffers) || B.setHas(throughFds, args[0]))
        return B.apply(real, self, args as never[]);
      // Node calls back (error, bytesRead, buffers) — the buffers and a count even after an error.
      const shape: CallbackShape = {
        value: (values) => gathered(buffers, (values[0] as number) || 0),
        args: (fed) => [fed === undefined ? 0 : scattered(buffers, fed), buffers],
      };
      args[last] = completion(tap, source, 'bytes', args[last] as AnyFunction, shape);
      return B.apply(real, self, args as never[]);
    }),
  );
}

/**
 * FileHandle (fs.promises.open's) is not exported: its prototype's reads are wrapped when the first
 * handle is opened, before the program gets it. read (into a buffer), readFile and stat; readLines
 * and createReadStream on a handle read through its read.
 */
function wrapFileHandles(promises: object, tap: Tap): void {
  let wrapped = false;
  const opened = async (real: AnyFunction, self: unknown, args: unknown[]): Promise<unknown> => {
    const handle = (await B.apply(real, self, args as never[])) as object;
    if (!wrapped) {
      wrapped = true;
      wrapHandlePrototype(B.getPrototypeOf(handle) as object, tap);
    }
    return handle;
  };
  replaceFunction(promises, 'open', (real) => shapedLike(real, (self, args) => opened(real, self, args)));
}

function wrapHandlePrototype(prototype: object, tap: Tap): void {
  wrapPromised(prototype, 'readFile', 'FileHandle.readFile', 'file', tap);
  wrapPromised(prototype, 'stat', 'FileHandle.stat', 'fs', tap);
  const source = ndSourceId('FileHandle.read');
  const read = async (real: AnyFunction, self: unknown, args: unknown[]): Promise<unknown> => {
    // read(buffer, offset…) / read(buffer, options) / read(options) / read()
    const given = isView(args[0]) ? args[0] : (args[0] as { buffer?: unknown } | undefined)?.buffer;
    const offset = isView(args[0])
      ? typeof args[1] === 'object' && args[1] !== null
        ? offsetOf(args[1])
        : typeof args[1] === 'number'
          ? args[1]
          : 0
      : offsetOf(args[0]);
    let buffer = isView(given) ? given : undefined;
    const bytes = await settled(tap, source, 'bytes', async () => {
      const result = (await B.apply(real, self, args as never[])) as { bytesRead: number; buffer: ArrayBufferView };
      buffer = result.buffer;
      return region(result.buffer, offset, result.bytesRead);
    });
    // Fed with no real buffer (the real read failed): Node's own default size.
    buffer ??= Buffer.alloc(16384);
    return { bytesRead: fill(buffer, offset, bytes), buffer };
  };
  replaceFunction(prototype, 'read', (real) => shapedLike(real, (self, args) => read(real, self, args)));
}
