// Deferred recording's file opens (openSync, open, fs.promises.open; write streams open through
// fs.open, read streams too): whether a file opened is something the program reads from the disk,
// whether it opens it to write or only to read. A deferred run performs each open and logs its
// outcome (the descriptor, or the error). Its re-execution, possibly days later, must see the same
// outcome whatever the disk holds now, and must not touch the user's file: a fed open throws the
// logged error, or gives the descriptor of a private scratch file (created exclusively, mode 0600,
// unlinked at once; opened read-only again when the program opened to read, so a write through it
// fails as it did). What the program then reads through that descriptor is fed from the log
// (nondeterminismFiles.ts); what it writes reaches only the scratch file. Opens Node makes inside a
// logged read (readFileSync of bytes opens with openSync) or for its module loader are theirs and
// are let through. Knows fs's open functions and their flags, not the log's encoding.
import fs from 'node:fs';
import os from 'node:os';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import { insideRead } from './nondeterminismFiles';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { replaceFunction, type AnyFunction } from './nondeterminismWrap';

/** Captured when this module loads, before any wrapper: a fed open's stand-in operations. */
const realOpenSync = fs.openSync;
const realOpen = fs.open;
const realCloseSync = fs.closeSync;
const realUnlinkSync = fs.unlinkSync;
const realFstatSync = fs.fstatSync;
/** os.tmpdir is a logged read once the program runs: where scratch files go is fixed at load. */
const scratchFolder = os.tmpdir();
/** A re-execution's process.pid is the deferred run's (nondeterminismProcessIds.ts): its files take this one's. */
const ownPid = process.pid;
const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
const WRITING_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
/** A scratch file: created here, never an existing one, private to the user. */
const SCRATCH_FLAGS = 'wx+';
const SCRATCH_MODE = 0o600;
/** How a scratch file stands in for a file the program opened only to read. */
const READ_ONLY = 'r';

let scratchFiles = 0;

/** Whether `flags` (open's second argument: a string, a number, or absent for 'r') may change the file. */
export function opensToWrite(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & WRITING_FLAGS) !== 0;
  if (typeof flags !== 'string') return false;
  return flags.includes('+') || flags.includes('w') || flags.includes('a');
}

/** The log's sources for each open function: [to read, to write]. */
const OPEN_SOURCES = {
  openSync: [ndSourceId('fs.openSync (to read)'), ndSourceId('fs.openSync (to write)')],
  open: [ndSourceId('fs.open (to read)'), ndSourceId('fs.open (to write)')],
  promisesOpen: [ndSourceId('fs.promises.open (to read)'), ndSourceId('fs.promises.open (to write)')],
} as const;

function openSource(form: keyof typeof OPEN_SOURCES, toWrite: boolean): number {
  return OPEN_SOURCES[form][toWrite ? 1 : 0];
}

/** A fresh private file's path in the temporary folder, for a fed open. */
function scratchPath(): string {
  scratchFiles++;
  return `${scratchFolder}/rewind-reexecuted-${ownPid}-${scratchFiles}-${B.dateNow()}`;
}

/** Creates a scratch file (not yet unlinked) and gives its path, for an open to read to open again. */
function createScratchSync(): string {
  const path = scratchPath();
  B.apply(realCloseSync, fs, [B.apply(realOpenSync, fs, [path, SCRATCH_FLAGS, SCRATCH_MODE] as never[])] as never[]);
  return path;
}

/**
 * One unlinked scratch file every open to read can open again read-only through /proc/self/fd (Linux):
 * one open per fed open, not four (create, close, open, unlink: ~55 µs each on this machine's disk).
 * Its descriptor is checked before each use, since the program may close it and reuse the number.
 */
const shared = { fd: -1, inode: -1, usable: true };

function sharedScratchPath(): string | undefined {
  if (!shared.usable) return undefined;
  if (shared.fd >= 0 && stillShared()) return `/proc/self/fd/${shared.fd}`;
  const path = scratchPath();
  try {
    shared.fd = B.apply(realOpenSync, fs, [path, SCRATCH_FLAGS, SCRATCH_MODE] as never[]) as number;
    B.apply(realUnlinkSync, fs, [path] as never[]);
    shared.inode = (B.apply(realFstatSync, fs, [shared.fd] as never[]) as fs.Stats).ino;
    const probe = `/proc/self/fd/${shared.fd}`;
    B.apply(realCloseSync, fs, [B.apply(realOpenSync, fs, [probe, READ_ONLY] as never[])] as never[]);
    return probe;
  } catch {
    shared.usable = false; // no /proc (macOS): a scratch file per open
    return undefined;
  }
}

function stillShared(): boolean {
  try {
    return (B.apply(realFstatSync, fs, [shared.fd] as never[]) as fs.Stats).ino === shared.inode;
  } catch {
    return false;
  }
}

/** Where a fed open to read opens read-only, and whether that path is to be unlinked once open. */
function readStandIn(): { path: string; unlink: boolean } {
  const path = sharedScratchPath();
  return path === undefined ? { path: createScratchSync(), unlink: true } : { path, unlink: false };
}

/** A scratch file's descriptor: read-write, or read-only when it stands in for an open to read. */
function openScratchSync(toWrite: boolean): number {
  if (!toWrite) {
    const standIn = readStandIn();
    try {
      return B.apply(realOpenSync, fs, [standIn.path, READ_ONLY] as never[]) as number;
    } finally {
      if (standIn.unlink) B.apply(realUnlinkSync, fs, [standIn.path] as never[]);
    }
  }
  const path = scratchPath();
  try {
    return B.apply(realOpenSync, fs, [path, SCRATCH_FLAGS, SCRATCH_MODE] as never[]) as number;
  } finally {
    B.apply(realUnlinkSync, fs, [path] as never[]);
  }
}

/** An open Node makes for itself (inside a logged read, or its module loader's): performed, not logged. */
function nodesOwn(): boolean {
  return insideRead();
}

export function wrapFileOpens(tap: Tap, reexecuting: boolean): void {
  wrapOpenSync(tap, reexecuting);
  wrapOpenCallback(tap, reexecuting);
  wrapOpenPromise(tap, reexecuting);
}

/** openSync: the descriptor or the error, logged; fed, the logged error or a scratch file's descriptor. */
function wrapOpenSync(tap: Tap, reexecuting: boolean): void {
  replaceFunction(fs, 'openSync', (real) =>
    shapedLike(real, (self, args) => {
      if (nodesOwn()) return B.apply(real, self, args as never[]);
      const toWrite = opensToWrite(args[1]);
      const source = openSource('openSync', toWrite);
      if (!reexecuting) return tap.read(source, 'fs', real, self, args);
      tap.read(source, 'fs', real, self, args); // throws the logged error, if it failed
      return openScratchSync(toWrite);
    }),
  );
}

/**
 * fs.open with a callback, at its logged turn; fed, a scratch file opened for real stands in, so it
 * still completes from the event loop.
 */
function wrapOpenCallback(tap: Tap, reexecuting: boolean): void {
  replaceFunction(fs, 'open', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function' || nodesOwn()) return B.apply(real, self, args as never[]);
      const toWrite = opensToWrite(args[1]);
      const source = openSource('open', toWrite);
      const callback = args[last] as AnyFunction;
      const ticket = tap.issue();
      const opened = function (this: unknown, error: unknown, fd?: unknown): unknown {
        return tap.turn('async read', ticket, () => {
          const [fedError] = tap.complete(source, 'fs', ticket, error, fd);
          if (fedError === null || fedError === undefined) return B.apply(callback, this, [null, fd] as never[]);
          if (reexecuting && typeof fd === 'number') B.apply(realCloseSync, fs, [fd] as never[]);
          return B.apply(callback, this, [fedError] as never[]);
        });
      };
      if (!reexecuting) {
        args[last] = opened;
        return B.apply(real, self, args as never[]);
      }
      const standIn = toWrite ? { path: scratchPath(), unlink: true } : readStandIn();
      return void B.apply(realOpen, fs, [
        standIn.path,
        ...(toWrite ? [SCRATCH_FLAGS, SCRATCH_MODE] : [READ_ONLY]),
        (error: unknown, fd?: number) => {
          // A write's scratch exists once opened; a read's was made before (or is the shared one).
          if (standIn.unlink && (fd !== undefined || !toWrite)) B.apply(realUnlinkSync, fs, [standIn.path] as never[]);
          return B.apply(opened, undefined, [error, fd] as never[]);
        },
      ] as never[]);
    }),
  );
}

/** fs.promises.open: its FileHandle at its logged turn; fed, a scratch file's FileHandle. */
function wrapOpenPromise(tap: Tap, reexecuting: boolean): void {
  const promises = fs.promises as unknown as object;
  replaceFunction(promises, 'open', (real) =>
    shapedLike(real, (self, args) => {
      if (nodesOwn()) return B.apply(real, self, args as never[]);
      const toWrite = opensToWrite(args[1]);
      return openedAtTurn(tap, openSource('promisesOpen', toWrite), reexecuting, () => {
        if (!reexecuting) return B.apply(real, self, args as never[]);
        const standIn = toWrite ? { path: scratchPath(), unlink: true } : readStandIn();
        // Through the wrapper beneath (nondeterminismFiles.ts wraps FileHandle's reads at the first open).
        const opening = B.apply(
          real,
          self,
          (toWrite ? [standIn.path, SCRATCH_FLAGS, SCRATCH_MODE] : [standIn.path, READ_ONLY]) as never[],
        );
        const unlinked = (): void => {
          if (standIn.unlink) B.apply(realUnlinkSync, fs, [standIn.path] as never[]);
        };
        return (opening as Promise<{ fd: number }>).then(
          (handle) => {
            unlinked();
            return handle;
          },
          (error: unknown) => {
            if (!toWrite) unlinked();
            throw error;
          },
        );
      });
    }),
  );
}

/** A FileHandle at its logged turn: the logged outcome is its descriptor or its error. */
async function openedAtTurn(tap: Tap, source: number, reexecuting: boolean, start: () => unknown): Promise<unknown> {
  const ticket = tap.issue();
  let error: unknown = null;
  let handle: { fd: number; close(): Promise<void> } | undefined;
  try {
    handle = (await start()) as typeof handle;
  } catch (thrown) {
    error = thrown;
  }
  return await new B.Promise((resolve, reject) =>
    tap.turn('async read', ticket, () => {
      const [fedError] = tap.complete(source, 'fs', ticket, error, handle?.fd);
      if (fedError === null || fedError === undefined) return resolve(handle);
      if (reexecuting) void handle?.close();
      reject(fedError);
    }),
  );
}
