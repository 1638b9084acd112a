// Deferred recording's file-system writes: what a program changes on disk (whole-file writes,
// directories made and removed, renames, copies, links, modes, times; files opened to write,
// which streams and FileHandles write through). A deferred run performs each for real and logs how
// it ended (its value or its error). Its re-execution, possibly days later, must not do it again:
// it would append to logs twice, overwrite files the user has changed since, delete what they
// made. So a fed write performs nothing and returns (or throws, or calls back with) what the
// deferred run got, and a file opened to write is a private scratch file instead, unlinked at once:
// writes through its descriptor, a stream or a FileHandle work as they did and reach no file of the
// user's. Reads are fed from the log either way (nondeterminismFiles.ts), so the program sees what
// it wrote. Knows fs's writing functions and their argument shapes, not the log's encoding.
import fs from 'node:fs';
import os from 'node:os';
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { enterLoggedOperation, leaveLoggedOperation } from './nondeterminismNesting';
import { replaceFunction, settled, type AnyFunction } from './nondeterminismWrap';

/** Captured when this module loads, before any wrapper: a fed write's stand-in operations. */
const realOpenSync = fs.openSync;
const realOpen = fs.open;
const realCloseSync = fs.closeSync;
const realUnlinkSync = fs.unlinkSync;
const realAccess = fs.access;
const realPromisesAccess = fs.promises.access;
/** os.tmpdir is a logged read once the program runs: where scratch files go is fixed at load. */
const scratchFolder = os.tmpdir();
/** A re-execution's process.pid is the deferred run's (nondeterminismProcessIds.ts): its files take this one's. */
const ownPid = process.pid;
const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
const WRITING_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
/** A scratch file: created here, never an existing one, private to the user. */
const SCRATCH_FLAGS = 'wx+';
const SCRATCH_MODE = 0o600;

/** The path-taking functions that change the disk, by name (each has a Sync and a promise form). */
const PATH_WRITES = [
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'cp',
  'truncate',
  'chmod',
  'chown',
  'lchown',
  'utimes',
  'lutimes',
  'symlink',
  'link',
] as const;
/**
 * writeFile and appendFile take a descriptor (or a FileHandle) too: writing to one (stdout, a
 * scratch file) is let through.
 */
const TAKES_DESCRIPTOR = new B.Set<string>(['writeFile', 'appendFile']);
/**
 * Node implements these (some versions, some forms) over other public fs functions called from
 * their own callbacks: their async forms stay a logged operation until they complete.
 */
const COMPOUND = new B.Set<string>(['rm', 'rmdir', 'cp']);

let scratchFiles = 0;

export function wrapFileWrites(tap: Tap, reexecuting: boolean): void {
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (let index = 0; index < PATH_WRITES.length; index++) {
    const name = PATH_WRITES[index];
    const onDescriptor = (args: unknown[]): boolean => B.setHas(TAKES_DESCRIPTOR, name) && isDescriptor(args[0]);
    const compound = B.setHas(COMPOUND, name);
    wrapSync(fs, `${name}Sync`, `fs.${name}Sync` as NdSource, tap, onDescriptor);
    wrapCallback(fs, name, `fs.${name}` as NdSource, tap, reexecuting, onDescriptor, compound);
    wrapPromise(promises, name, `fs.promises.${name}` as NdSource, tap, reexecuting, onDescriptor, compound);
  }
  wrapOpens(tap, reexecuting);
}

/** A descriptor number, or a FileHandle (fs.promises' forms take one). */
function isDescriptor(target: unknown): boolean {
  if (typeof target === 'number') return true;
  return typeof target === 'object' && target !== null && typeof (target as { fd?: unknown }).fd === 'number';
}

/** `real` as a logged operation: what it calls of fs meanwhile is its own, not logged. */
function asOneOperation(real: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]): unknown {
    enterLoggedOperation();
    try {
      return B.apply(real, this, args as never[]);
    } finally {
      leaveLoggedOperation();
    }
  };
}

/** The synchronous form as one logged outcome: performed and logged, or (fed) only returned. */
function wrapSync(
  target: object,
  key: string,
  name: NdSource,
  tap: Tap,
  onDescriptor: (args: unknown[]) => boolean,
): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) => {
    const operation = asOneOperation(real);
    return shapedLike(real, (self, args) =>
      onDescriptor(args) ? B.apply(real, self, args as never[]) : tap.read(source, 'fs', operation, self, args),
    );
  });
}

/**
 * The callback form: performed, its outcome logged at the callback's turn; fed, a harmless real
 * access of the root stands in for it (so the callback comes from the event loop as before, at its
 * logged turn) and the callback gets the logged outcome.
 */
function wrapCallback(
  target: object,
  key: string,
  name: NdSource,
  tap: Tap,
  reexecuting: boolean,
  onDescriptor: (args: unknown[]) => boolean,
  compound: boolean,
): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function' || onDescriptor(args)) return B.apply(real, self, args as never[]);
      const callback = loggedCallback(tap, source, args[last] as AnyFunction);
      if (reexecuting) return void B.apply(realAccess, fs, ['/', callback] as never[]);
      enterLoggedOperation();
      let held = compound;
      args[last] = function (this: unknown, ...outcome: unknown[]): unknown {
        if (held) leaveLoggedOperation();
        held = false;
        return B.apply(callback, this, outcome as never[]);
      };
      try {
        return B.apply(real, self, args as never[]);
      } catch (error) {
        if (held) leaveLoggedOperation();
        held = false;
        throw error;
      } finally {
        if (!compound) leaveLoggedOperation();
      }
    }),
  );
}

/** The program's callback, called at its logged turn with the outcome (the real one, or the logged one when fed). */
function loggedCallback(tap: Tap, source: number, callback: AnyFunction): AnyFunction {
  const ticket = tap.issue();
  return function (this: unknown, error: unknown, value?: unknown): unknown {
    return tap.turn('async read', ticket, () => {
      const [fedError, fedValue] = tap.complete(source, 'fs', ticket, error, value);
      const failed = fedError !== null && fedError !== undefined;
      // Node's fs calls back (error) or (null, value): a result-less write's callback gets null alone.
      const callbackArgs = failed ? [fedError] : fedValue === undefined ? [null] : [null, fedValue];
      return B.apply(callback, this, callbackArgs as never[]);
    });
  };
}

/** The promise form: settled at its logged turn with the real outcome, or (fed) the logged one. */
function wrapPromise(
  target: Record<string, unknown>,
  key: string,
  name: NdSource,
  tap: Tap,
  reexecuting: boolean,
  onDescriptor: (args: unknown[]) => boolean,
  compound: boolean,
): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      if (onDescriptor(args)) return B.apply(real, self, args as never[]);
      return settled(tap, source, 'fs', async () => {
        if (reexecuting) return B.apply(realPromisesAccess, target, ['/'] as never[]);
        enterLoggedOperation();
        let held = true;
        try {
          const pending = B.apply(real, self, args as never[]) as Promise<unknown>;
          if (!compound) {
            leaveLoggedOperation();
            held = false;
          }
          return await pending;
        } finally {
          if (held) leaveLoggedOperation();
        }
      });
    }),
  );
}

/** Whether `flags` (open's second argument: a string, a number, or absent for 'r') may change the file. */
export function opensToWrite(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & WRITING_FLAGS) !== 0;
  if (typeof flags !== 'string') return false;
  return flags.includes('+') || flags.includes('w') || flags.includes('a');
}

/** A fresh private file in the temporary folder, for a fed open to write into. */
function scratchPath(): string {
  scratchFiles++;
  return `${scratchFolder}/rewind-reexecuted-${ownPid}-${scratchFiles}-${B.dateNow()}`;
}

/**
 * Opens to write (openSync, open, fs.promises.open; fs.createWriteStream opens with fs.open): a
 * deferred run opens the file and logs the descriptor or the error; a fed one throws the logged
 * error, or opens a scratch file (unlinked at once) and gives its descriptor or FileHandle.
 */
function wrapOpens(tap: Tap, reexecuting: boolean): void {
  const syncSource = ndSourceId('fs.openSync (to write)');
  replaceFunction(fs, 'openSync', (real) =>
    shapedLike(real, (self, args) => {
      if (!opensToWrite(args[1])) return B.apply(real, self, args as never[]);
      if (!reexecuting) return tap.read(syncSource, 'fs', real, self, args);
      tap.read(syncSource, 'fs', real, self, args); // throws the logged error, if it failed
      return openScratchSync();
    }),
  );
  const source = ndSourceId('fs.open (to write)');
  replaceFunction(fs, 'open', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function' || !opensToWrite(args[1])) return B.apply(real, self, args as never[]);
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
      const path = scratchPath();
      return void B.apply(realOpen, fs, [
        path,
        SCRATCH_FLAGS,
        SCRATCH_MODE,
        (error: unknown, fd?: number) => {
          if (fd !== undefined) B.apply(realUnlinkSync, fs, [path] as never[]);
          return B.apply(opened, undefined, [error, fd] as never[]);
        },
      ] as never[]);
    }),
  );
  const promiseSource = ndSourceId('fs.promises.open (to write)');
  const promises = fs.promises as unknown as object;
  replaceFunction(promises, 'open', (real) =>
    shapedLike(real, (self, args) => {
      if (!opensToWrite(args[1])) return B.apply(real, self, args as never[]);
      return openedAtTurn(tap, promiseSource, reexecuting, () => {
        if (!reexecuting) return B.apply(real, self, args as never[]);
        const path = scratchPath();
        // Through the wrapper beneath (nondeterminismFiles.ts wraps FileHandle's reads at the first open).
        return (B.apply(real, self, [path, SCRATCH_FLAGS, SCRATCH_MODE] as never[]) as Promise<{ fd: number }>).then(
          (handle) => {
            B.apply(realUnlinkSync, fs, [path] as never[]);
            return handle;
          },
        );
      });
    }),
  );
}

function openScratchSync(): number {
  const path = scratchPath();
  const fd = B.apply(realOpenSync, fs, [path, SCRATCH_FLAGS, SCRATCH_MODE] as never[]) as number;
  B.apply(realUnlinkSync, fs, [path] as never[]);
  return fd;
}

/** A FileHandle opened to write, at its logged turn: the logged outcome is its descriptor or its error. */
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
