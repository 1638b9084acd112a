// Deferred recording's asynchronous child processes (child_process.spawn, exec, execFile, fork): a
// re-execution, possibly days later, must not start a child again (a `git` that now answers
// otherwise, an `rm -rf`, a deploy), so what each child did is logged at its process handle and
// made to happen again from the log. A deferred run logs what each spawn came to (its error number
// and the child's pid), what each kill returned and, as an async read at its turn, how the child
// exited; the child's stdio pipes and IPC channel are numbered with the connections, so their reads
// and writes are logged as a connection's are (nondeterminismSockets.ts, nondeterminismSocketWrites.ts).
// At re-execution the handle spawns a stand-in instead: a plain Node of Rewind's that holds the
// program's pipes open, reads and drops whatever the program writes to them, writes nothing, and
// ends when the logged exit's turn comes (or when its parent is gone). The program sees the logged
// pid; only the logged reads reach its pipes; its kills signal nothing; at the logged exit's turn
// the stand-in is killed and the logged exit handed to Node. A Node child is recorded by the deferred
// run as a producer of its own (its own log): its parent's expansion feeds what it printed.
// Knows Node's process handle (spawn, kill, onexit) and its stdio options, not the log's encoding
// nor how a turn is kept.
import os from 'node:os';
import { CHILDREN_FED_REASON, ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import { readyOnceMade } from './nondeterminismWaits';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

const SPAWN = ndSourceId('ProcessWrap.spawn');
const KILL = ndSourceId('ProcessWrap.kill');
const EXITED = ndSourceId('ProcessWrap.onexit');

/** Captured at load: the program may replace them. */
const nodePath = process.execPath;
/** This process's real pid (a re-execution's program sees its logged one: nondeterminismProcessIds.ts). */
const ownPid = process.pid;
const SIGKILL = os.constants.signals.SIGKILL;

/**
 * The stand-in child at re-execution, given a label (what `ps` shows: whose stand-in it is), its
 * parent's pid and the descriptors of the program's pipes: it reads and drops each (a program writing to its child's
 * stdin never blocks), writes nothing, and leaves when its parent is gone (the re-execution ended
 * before the child's logged exit: an unref'd child).
 */
const STAND_IN_SCRIPT = [
  "const net = require('net');",
  // Given, not read: the parent may be gone before this starts.
  'const parent = Number(process.argv[2]);',
  'const orphaned = () => { if (process.ppid !== parent) process.exit(0); };',
  'orphaned();',
  'setInterval(orphaned, 500);',
  'for (const fd of process.argv.slice(3)) {',
  '  const pipe = new net.Socket({ fd: Number(fd), readable: true, writable: false });',
  "  pipe.on('error', () => undefined);",
  '  pipe.resume();',
  '}',
].join('\n');

/** The stand-in's first argument, before the pid the program was given for its child. */
const STAND_IN_LABEL = 'rewind-stand-in-for-child-pid:';

/** A stdio entry of the options Node hands the process handle's spawn (child_process getValidStdio). */
interface StdioEntry {
  type?: unknown;
  handle?: unknown;
}

/** The process handle (process_wrap's Process) as Node's ChildProcess uses it. */
interface ProcessHandle {
  pid?: number;
  onexit?: unknown;
}

/** Re-execution: a child the program spawned, waiting for its logged exit. */
interface Child {
  handle: ProcessHandle;
  /** Node's onexit, which the native side would have called. */
  exit: AnyFunction;
  /** The pid the program was given (the deferred run's). */
  pid: number;
  /** The stand-in has really exited (its status is not the log's). */
  ended: boolean;
}

/**
 * Returns what to call with each PROCESSWRAP as it is created (nondeterminismOrder.ts's hook): the
 * first wraps Process.prototype's spawn and kill. `adopt` numbers a child's pipe with the connections.
 */
export function watchChildProcesses(
  tap: Tap,
  feed: FeedTap | undefined,
  adopt: (handle: object) => number,
): (resource: object) => void {
  let wrapped = false;
  return (resource) => {
    if (wrapped) return;
    wrapped = true;
    wrapProcessHandle(tap, feed, B.getPrototypeOf(resource) as object, adopt);
  };
}

function wrapProcessHandle(
  tap: Tap,
  feed: FeedTap | undefined,
  prototype: object,
  adopt: (handle: object) => number,
): void {
  const realSpawn = B.getOwnPropertyDescriptor(prototype, 'spawn')?.value as AnyFunction | undefined;
  const realKill = B.getOwnPropertyDescriptor(prototype, 'kill')?.value as AnyFunction | undefined;
  if (typeof realSpawn !== 'function' || typeof realKill !== 'function') return;
  /** The program's children by handle (their numbers), and, at re-execution, those yet to exit by number. */
  const numbers = new B.WeakMap<object, number>();
  const waiting = new B.Map<number, Child>();
  const pids = new B.Map<number, Child>();
  let count = 0;
  let marked = false;
  replaceFunction(prototype, 'spawn', (real) =>
    shapedLike(real, (self, args) => {
      const handle = self as ProcessHandle;
      const stdio = stdioOf(args);
      if (!feed && !marked) {
        // Only a reader that feeds children may expand this log; older ones refuse it.
        marked = true;
        logUnsupported(CHILDREN_FED_REASON);
      }
      const number = ++count;
      const outcome = tap.read(
        SPAWN,
        'json',
        () => {
          const error = B.apply(real, self, args as never[]) as number;
          return [error, error === 0 ? handle.pid : 0];
        },
        self,
        args,
      ) as number[];
      const error = outcome[0];
      const pipes = pipesOf(stdio);
      if (error !== 0) {
        // libuv opens a failed spawn's pipes all the same (Node reads their ends): so does a spawn
        // that cannot start, at re-execution, and the program gets the logged error.
        if (feed) B.apply(realSpawn, self, standInArguments(args, stdio, pipes, 0, true) as never[]);
        return error;
      }
      B.weakMapSet(numbers, handle as object, number);
      const exit = handle.onexit;
      if (!feed) {
        for (let index = 0; index < pipes.length; index++) adopt(pipes[index]);
        if (typeof exit === 'function') handle.onexit = loggingExit(tap, number, exit as AnyFunction);
        return error;
      }
      const child: Child = {
        handle,
        exit: exit as AnyFunction,
        pid: outcome[1],
        ended: false,
      };
      const standIn = standInArguments(args, stdio, pipes, child.pid, false);
      const started = B.apply(realSpawn, self, standIn as never[]) as number;
      if (started !== 0) feed.diverge(`child process #${number} could not start Rewind's stand-in (error ${started})`);
      for (let index = 0; index < pipes.length; index++) adopt(pipes[index]);
      // The pid the deferred run's program was given, as Node's native side sets it (a data property).
      handle.pid = child.pid;
      B.mapSet(waiting, number, child);
      B.mapSet(pids, child.pid, child);
      // A logged exit may be waiting for it (the program starts a child in a callback the log does not order).
      feed.start();
      handle.onexit = shapedLike(child.exit, () => {
        child.ended = true;
        return undefined;
      });
      return error;
    }),
  );
  // A kill of one of the program's children: logged; at re-execution the logged result, and no signal.
  replaceFunction(prototype, 'kill', (real) =>
    shapedLike(real, (self, args) =>
      B.weakMapGet(numbers, self as object) === undefined
        ? B.apply(real, self, args as never[])
        : tap.read(KILL, 'number', real, self, args),
    ),
  );
  if (!feed) return;
  injectExits(tap, feed, waiting, realKill, () => count);
  keepKillsFromStandIns(pids);
}

/** The pipes Node made for the child (stdio 'pipe' and 'ipc'), in descriptor order: the same in both runs. */
function pipesOf(stdio: unknown): object[] {
  const pipes: object[] = [];
  if (!B.isArray(stdio)) return pipes;
  const entries = stdio as StdioEntry[];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (typeof entry !== 'object' || entry === null) continue;
    if ((entry.type === 'pipe' || entry.type === 'overlapped') && typeof entry.handle === 'object' && entry.handle)
      pipes[pipes.length] = entry.handle;
  }
  return pipes;
}

/**
 * The spawn's stdio entries: Node 20 and 22 hand the handle's spawn one options object; Node 24 its
 * fields one by one (file, args, cwd, envPairs, stdio, flags, uid, gid).
 */
function stdioOf(args: unknown[]): unknown {
  if (typeof args[0] === 'string') return args[4];
  const options = args[0];
  return typeof options === 'object' && options !== null ? (options as { stdio?: unknown }).stdio : undefined;
}

/**
 * The stand-in's spawn arguments, in the shape the program's call had: this Node running
 * STAND_IN_SCRIPT with no environment of the program's, given the program's pipes at their
 * descriptors and nothing else (an inherited descriptor, a file, a socket: 'ignore'), so it can
 * touch nothing the program's child could; no flags (detached, Windows' verbatim arguments).
 * `failing`: a file that cannot be executed instead (a path below this Node's executable file).
 */
function standInArguments(
  args: unknown[],
  stdio: unknown,
  pipes: object[],
  loggedPid: number,
  failing: boolean,
): unknown[] {
  const standInStdio: StdioEntry[] = [];
  const descriptors: string[] = [];
  const entries = (B.isArray(stdio) ? stdio : []) as StdioEntry[];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const isPipe = typeof entry === 'object' && entry !== null && holds(pipes, entry.handle);
    standInStdio[index] = isPipe ? entry : { type: 'ignore' };
    if (isPipe) descriptors[descriptors.length] = `${index}`;
  }
  const argv = [nodePath, '-e', STAND_IN_SCRIPT, `${STAND_IN_LABEL}${loggedPid}`, `${ownPid}`];
  for (let index = 0; index < descriptors.length; index++) argv[argv.length] = descriptors[index];
  const file = failing ? `${nodePath}/rewind-no-such-file` : nodePath;
  if (typeof args[0] === 'string') return [file, argv, undefined, [], standInStdio, 0, undefined, undefined];
  return [{ file, args: argv, envPairs: [], stdio: standInStdio, windowsHide: true }];
}

/** Whether `list` holds `value` (no Array.prototype method: the program may have replaced them). */
function holds(list: readonly unknown[], value: unknown): boolean {
  for (let index = 0; index < list.length; index++) if (list[index] === value) return true;
  return false;
}

/** A deferred run's exit stand-in: logs how the child exited, at its turn, then Node's own runs. */
function loggingExit(tap: Tap, number: number, exit: AnyFunction): AnyFunction {
  return shapedLike(exit, (self, args) => {
    // Node's own on the handle again, as the native side left it: a stack taken in the program's
    // 'exit' listener reads as in a plain run (INS-19).
    if (typeof self === 'object' && self !== null) (self as ProcessHandle).onexit = exit;
    const ticket = tap.issue();
    return tap.turn('async read', ticket, () => {
      tap.complete(EXITED, 'json', ticket, null, [number, args[0], args[1]]);
      return B.apply(exit, self, args as never[]);
    });
  });
}

/**
 * At re-execution: each logged exit is handed to Node at its turn, the stand-in killed just before
 * (if it has not ended). Not once it has really ended: meanwhile the program's pipes, ended by the
 * log, would close before Node hears of the exit, where in the deferred run they closed after. Its
 * real end (and its pipes', dropped) is never the program's; reaping it is left to the end of the
 * re-execution, since Node closes the handle. An exit whose child the program has not started yet
 * waits for it (`started`: how many children it has started, numbered in program order; what
 * starts it may come in a callback the log does not order, such as another child's 'close':
 * nondeterminismWaits.ts).
 */
function injectExits(
  tap: Tap,
  feed: FeedTap,
  waiting: Map<number, Child>,
  realKill: AnyFunction,
  started: () => number,
): void {
  const logged = (ticket: number): unknown[] => tap.complete(EXITED, 'json', ticket, null, undefined)[1] as unknown[];
  const ready = readyOnceMade(
    feed,
    (ticket) => logged(ticket)[0] as number,
    started,
    (number, waitedMs) =>
      `child process #${number} exited in the log, but the program had not started it ${waitedMs} ms later`,
  );
  feed.inject(
    'async read',
    EXITED,
    (ticket) => {
      const value = logged(ticket);
      const number = value[0] as number;
      const child = B.mapGet(waiting, number) as Child | undefined;
      if (!child) return feed.diverge(`child process #${number} exited in the log, but was never started here`);
      B.mapDelete(waiting, number);
      if (!child.ended) B.apply(realKill, child.handle, [SIGKILL] as never[]);
      // Called as the native side calls it: on the handle, whose `onexit` it is again (INS-19).
      child.handle.onexit = child.exit;
      B.apply(child.exit, child.handle, [value[1], value[2]] as never[]);
    },
    ready,
  );
}

/**
 * At re-execution, process.kill of a child's logged pid signals nothing (that number may be any
 * process's now, and the stand-in ends at the logged exit's turn): it returns true, as the
 * deferred run's kill of its running child did.
 */
function keepKillsFromStandIns(pids: Map<number, Child>): void {
  const descriptor = B.getOwnPropertyDescriptor(process, 'kill');
  const kill = descriptor?.value as AnyFunction | undefined;
  if (typeof kill !== 'function' || !descriptor?.configurable) return;
  const wrapper = shapedLike(kill, (self, args) => {
    if (typeof args[0] === 'number' && B.mapGet(pids, args[0]) !== undefined) return true;
    return B.apply(kill, self, args as never[]);
  });
  B.defineProperty(process, 'kill', { ...descriptor, value: wrapper });
}
