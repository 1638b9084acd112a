// Deferred recording's file-system writes: what a program changes on disk (whole-file writes,
// directories made and removed, renames, copies, links, modes, times; files opened to write are
// nondeterminismOpens.ts's). A deferred run performs each for real and logs how
// it ended (its value or its error). Its re-execution, possibly days later, must not do it again:
// it would append to logs twice, overwrite files the user has changed since, delete what they
// made. So a fed write performs nothing and returns (or throws, or calls back with) what the
// deferred run got. Reads are fed from the log either way (nondeterminismFiles.ts), so the program
// sees what it wrote. Knows fs's writing functions and their argument shapes, not the log's encoding.
import fs from 'node:fs';
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';
import { endCompound, enterLoggedOperation, leaveLoggedOperation, startCompound } from './nondeterminismNesting';
import { replaceFunction, settled, type AnyFunction } from './nondeterminismWrap';

/** Captured when this module loads, before any wrapper: a fed write's stand-in for the event loop. */
const realAccess = fs.access;
/**
 * The same for the promise forms, captured by captureRealPromisesAccess() before any wrapper: not
 * as this module loads, since fs.promises loads node:fs/promises (and readline under it), which a
 * `full` recording has no use for (docs/PERFORMANCE.md, "Session 34").
 */
let realPromisesAccess: typeof fs.promises.access | undefined;

/** Called by installNondeterminism before it wraps anything (fs.promises.access is wrapped as a read). */
export function captureRealPromisesAccess(): void {
  realPromisesAccess = fs.promises.access;
}

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
 * their own callbacks: until their async forms complete, those calls are theirs (nondeterminismNesting.ts).
 */
const COMPOUND = new B.Set<string>(['rm', 'rmdir', 'cp']);

/** One path-taking write's wrapping: its forms share the rules. */
interface PathWrite {
  /** Its form's name in the log. */
  source: number;
  reexecuting: boolean;
  /** Called with a descriptor (or FileHandle), not a path: let through. */
  onDescriptor(args: unknown[]): boolean;
  /** Its async form calls other public fs functions until it completes (COMPOUND). */
  compound: boolean;
}

export function wrapFileWrites(tap: Tap, reexecuting: boolean): void {
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (let index = 0; index < PATH_WRITES.length; index++) {
    const name = PATH_WRITES[index];
    const onDescriptor = (args: unknown[]): boolean => B.setHas(TAKES_DESCRIPTOR, name) && isDescriptor(args[0]);
    const write = (form: string): PathWrite => ({
      source: ndSourceId(form as NdSource),
      reexecuting,
      onDescriptor,
      compound: B.setHas(COMPOUND, name),
    });
    wrapSync(fs, `${name}Sync`, write(`fs.${name}Sync`), tap);
    wrapCallback(fs, name, write(`fs.${name}`), tap);
    wrapPromise(promises, name, write(`fs.promises.${name}`), tap);
  }
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
function wrapSync(target: object, key: string, { source, onDescriptor }: PathWrite, tap: Tap): void {
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
function wrapCallback(target: object, key: string, write: PathWrite, tap: Tap): void {
  const { source, reexecuting, onDescriptor, compound } = write;
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function' || onDescriptor(args)) return B.apply(real, self, args as never[]);
      const callback = loggedCallback(tap, source, args[last] as AnyFunction);
      if (reexecuting) return void B.apply(realAccess, fs, ['/', callback] as never[]);
      enterLoggedOperation();
      if (compound) startCompound();
      let inFlight = compound;
      const end = (): void => {
        if (inFlight) endCompound();
        inFlight = false;
      };
      args[last] = function (this: unknown, ...outcome: unknown[]): unknown {
        end();
        return B.apply(callback, this, outcome as never[]);
      };
      try {
        return B.apply(real, self, args as never[]);
      } catch (error) {
        end();
        throw error;
      } finally {
        leaveLoggedOperation();
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
function wrapPromise(target: Record<string, unknown>, key: string, write: PathWrite, tap: Tap): void {
  const { source, reexecuting, onDescriptor, compound } = write;
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      if (onDescriptor(args)) return B.apply(real, self, args as never[]);
      return settled(tap, source, 'fs', async () => {
        if (reexecuting) return B.apply(realPromisesAccess as AnyFunction, target, ['/'] as never[]);
        if (compound) startCompound();
        try {
          let pending: Promise<unknown>;
          enterLoggedOperation();
          try {
            pending = B.apply(real, self, args as never[]) as Promise<unknown>;
          } finally {
            leaveLoggedOperation();
          }
          return await pending;
        } finally {
          if (compound) endCompound();
        }
      });
    }),
  );
}
