// Workers started with an environment of their own: Node reads such a worker's NODE_OPTIONS (so the
// bootloader's `--require`) from the `env` object it is given — or from process.env, which no longer
// holds it, when only `execArgv` is given. `Worker` becomes a stand-in for Node's class that passes
// the recorder's NODE_OPTIONS in a copy of that env; the worker's bootloader puts the
// program's own NODE_OPTIONS back (restoreWorkerOptions), so its process.env is exactly the program's.
// The inherited `--stack-size` leaves a worker's process.execArgv the same way. Knows Node's Worker
// options, not what the variables mean.
import workerThreads from 'node:worker_threads';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { B } from './builtins';
import { disguise } from './functionText';
import { applyRaisingLimit } from './hiddenFrames';
import type { RecorderVariables } from './hiddenEnvironment';

const NODE_OPTIONS = 'NODE_OPTIONS';
/** Environment data: the `--stack-size` the launcher added, which workers inherit in execArgv. */
const ADDED_EXEC_ARG_KEY = 'rewind.addedExecArg';
/** Environment data, set only while one such worker is constructed: its own NODE_OPTIONS (false: none). */
const OWN_OPTIONS_KEY = 'rewind.workerNodeOptions';
const entries = Object.entries;
const construct = Reflect.construct;
const setPrototypeOf = Reflect.setPrototypeOf;
const slice = Array.prototype.slice;

type WorkerOptions = Record<string, unknown> & { env?: unknown; execArgv?: unknown };

interface Adjusted {
  options: WorkerOptions;
  /** The NODE_OPTIONS the worker's environment had (undefined: none), for its bootloader to put back. */
  own: string | undefined;
}

/**
 * Options carrying the recorder's NODE_OPTIONS for a worker that would not inherit it, or undefined.
 * As for child processes, only when the worker's NODE_OPTIONS is the program's own (unset and empty alike).
 */
function withRecorderOptions(
  options: unknown,
  recorderOptions: string,
  userOptions: string | undefined,
): Adjusted | undefined {
  if (options === null || typeof options !== 'object') return undefined;
  const given = options as WorkerOptions;
  const ownEnv = given.env !== null && typeof given.env === 'object';
  if (!ownEnv && (given.env != null || given.execArgv === undefined)) return undefined; // inherits ours
  // Read once, as Node's constructor reads it (own enumerable entries, values as strings).
  const env = { __proto__: null } as unknown as Record<string, string>;
  const pairs = entries(ownEnv ? (given.env as object) : B.processEnv);
  for (let i = 0; i < pairs.length; i++) env[pairs[i][0]] = `${pairs[i][1] as string}`;
  const own = env[NODE_OPTIONS];
  if ((own ?? '') !== (userOptions ?? '')) return undefined;
  env[NODE_OPTIONS] = recorderOptions;
  const adjusted = { __proto__: given } as unknown as WorkerOptions;
  B.defineProperty(adjusted, 'env', { value: env, enumerable: true, writable: true, configurable: true });
  return { options: adjusted, own };
}

/** Reflect.construct, as a frame of this bundle's (so the stack formatter leaves it out, hiddenFrames.ts). */
function constructWorker(target: new (...args: unknown[]) => object, args: unknown[], newTarget: unknown): object {
  return construct(target, args, newTarget as typeof target);
}

/**
 * In a recording thread: `Worker` (both the module's export and the prototype's constructor)
 * becomes a function standing for Node's class. A function, not a Proxy: V8 names a receiver in a
 * stack (`Worker.onMessage`) after the first `constructor` on its prototype chain that is a real
 * function, so a Proxy there made every Worker listener's frame read `EventEmitter.…`. It shares
 * Node's prototype, statics (its [[Prototype]] is the class's) and text; a Worker error thrown at
 * the program has a plain run's stack. util.inspect reads its real text: `[Function: Worker]`.
 */
export function installWorkerEnvironment(ours: RecorderVariables, userOptions: string | undefined): void {
  const recorderOptions = ours[NODE_OPTIONS];
  const exports = workerThreads as unknown as { Worker: new (...args: unknown[]) => object };
  const NodeWorker = exports.Worker;
  if (recorderOptions === undefined || typeof NodeWorker !== 'function') return;
  const prototype = NodeWorker.prototype as { constructor?: unknown };
  // Named by its key: V8 names the receiver by the function's own compiled name, which a bundler may
  // rename in a declaration (`function Worker2`), never in a property key.
  const stand = {
    Worker: function (this: unknown, ...args: unknown[]): object {
      // Called without new: Node's class throws its own TypeError.
      if (new.target === undefined)
        return applyRaisingLimit(NodeWorker as unknown as (...args: never[]) => unknown, this, args, 2) as object;
      // A subclass of ours constructs as a subclass of Node's (its prototype chain holds Node's prototype).
      const newTarget = new.target === stand ? NodeWorker : new.target;
      const adjusted = withRecorderOptions(args[1], recorderOptions, userOptions);
      if (!adjusted) return applyRaisingLimit(constructWorker, undefined, [NodeWorker, args, newTarget], 3) as object;
      const passed = [args[0], adjusted.options, ...(B.apply(slice, args, [2]) as unknown[])];
      // Node copies environment data into the worker as it is constructed: this worker's alone.
      setEnvironmentData(OWN_OPTIONS_KEY, adjusted.own ?? false); // false: it had none
      try {
        return applyRaisingLimit(constructWorker, undefined, [NodeWorker, passed, newTarget], 3) as object;
      } finally {
        setEnvironmentData(OWN_OPTIONS_KEY, undefined);
      }
    },
  }.Worker;
  disguise(stand, NodeWorker);
  // Node's prototype, read-only as a class's is; statics inherited as from Node's class.
  B.defineProperty(stand, 'prototype', { value: NodeWorker.prototype, writable: false });
  setPrototypeOf(stand, B.getPrototypeOf(NodeWorker) as object);
  const exported = B.getOwnPropertyDescriptor(exports, 'Worker');
  const constructor = B.getOwnPropertyDescriptor(prototype, 'constructor');
  if (!exported?.writable && !exported?.configurable) return;
  B.defineProperty(exports, 'Worker', { ...exported, value: stand });
  if (constructor?.configurable || constructor?.writable)
    B.defineProperty(prototype, 'constructor', { ...constructor, value: stand });
}

/** In the thread that took the launcher's `--stack-size` out of its own execArgv: its workers take it out too. */
export function passAddedExecArg(added: string | undefined): void {
  setEnvironmentData(ADDED_EXEC_ARG_KEY, added);
}

/**
 * In a worker, before the program runs: the recorder's NODE_OPTIONS (passed in its own env) gives
 * way to the program's, and an inherited `--stack-size` of the launcher's leaves execArgv.
 */
export function restoreWorkerOptions(inherited: RecorderVariables, userOptionsName: string): void {
  const env = B.processEnv;
  const own: unknown = getEnvironmentData(OWN_OPTIONS_KEY);
  setEnvironmentData(OWN_OPTIONS_KEY, undefined); // not for this worker's own workers
  if (inherited[NODE_OPTIONS] !== undefined && env[NODE_OPTIONS] === inherited[NODE_OPTIONS]) {
    const user = typeof own === 'string' || own === false ? own : inherited[userOptionsName];
    if (user === false || user === undefined) delete env[NODE_OPTIONS];
    else env[NODE_OPTIONS] = user;
  }
  const added: unknown = getEnvironmentData(ADDED_EXEC_ARG_KEY);
  if (typeof added === 'string' && process.execArgv[0] === added) process.execArgv.splice(0, 1);
}
