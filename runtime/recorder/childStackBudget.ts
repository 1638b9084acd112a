// The recorded program's Node children get the same larger V8 stack budget as its main process
// (issue 14 item 7: ~65% of the plain recursion depth without it). `--stack-size` cannot travel in
// NODE_OPTIONS, so the spawn of a recorded Node child receives it as its first argument, together
// with the variable that tells the child's bootloader to take it back out of process.execArgv.
// What the parent observes (spawnargs, errors, the options it passed) is unchanged. Also owns the
// spawn wrapper itself, which hiddenEnvironment.ts uses to give children the recorder's variables.
// Knows spawn options (file, args, envPairs), nothing of recording or of the budget's size.
import { ChildProcess } from 'node:child_process';
import { B } from './builtins';
import { quietRegExp } from './quietRegExp';
import { disguise } from './functionText';

export interface SpawnOptions {
  file?: unknown;
  args?: unknown;
  envPairs?: unknown;
}

/** What a budgeted spawn adds, and how it recognises a recorded Node child. */
export interface ChildBudget {
  /** `--stack-size=…`, this process's own budget. */
  addedArg: string;
  /** The variable naming it, so the child's bootloader hides it from process.execArgv. */
  envName: string;
  /** This process's Node. */
  execPath: string;
  /** The bootloader (dist/bootloader.js): a child whose NODE_OPTIONS names it is recorded. */
  bootloaderFile: string;
}
const nodeBasename = quietRegExp(/^node(?:\.exe)?$/);

/** The budget this process passes on: `addedArg` is its own `--stack-size=…`, `envName` the variable naming it. */
export function childBudget(addedArg: string, envName: string, bootloaderFile: string): ChildBudget {
  return { addedArg, envName, execPath: process.execPath, bootloaderFile };
}

/**
 * Wraps the two places every child_process API ends in: ChildProcess.prototype.spawn (spawn, fork,
 * exec, execFile) and the spawn_sync binding (spawnSync, execSync, execFileSync). `adjust` returns
 * changed spawn options (a copy) or undefined to leave them as the program made them.
 */
export function installSpawnAdjustment(adjust: (options: SpawnOptions) => SpawnOptions | undefined): void {
  const withBudget = (options: SpawnOptions): SpawnOptions => adjust(options) ?? options;
  const prototype = ChildProcess.prototype as unknown as { spawn?: (options: SpawnOptions) => unknown };
  const asyncSpawn = prototype.spawn;
  if (typeof asyncSpawn === 'function') {
    const replacement = {
      spawn(this: { spawnargs?: unknown }, options: SpawnOptions): unknown {
        const budgeted = withBudget(options);
        try {
          return B.apply(asyncSpawn, this, [budgeted]);
        } finally {
          // Node sets spawnargs from the options it was given: the program sees its own arguments.
          if (budgeted !== options && this.spawnargs === budgeted.args) this.spawnargs = options.args;
        }
      },
    }.spawn;
    disguise(replacement, asyncSpawn);
    B.defineProperty(prototype, 'spawn', { ...B.getOwnPropertyDescriptor(prototype, 'spawn'), value: replacement });
  }
  const binding = spawnSyncBinding();
  const syncSpawn = binding?.spawn;
  if (binding && typeof syncSpawn === 'function') {
    const replacement = {
      spawn(this: unknown, options: SpawnOptions): unknown {
        return B.apply(syncSpawn, this, [withBudget(options)]);
      },
    }.spawn;
    disguise(replacement, syncSpawn);
    B.defineProperty(binding, 'spawn', { ...B.getOwnPropertyDescriptor(binding, 'spawn'), value: replacement });
  }
}

/** The object child_process.spawnSync calls `.spawn` on (process.binding hands out the same one). */
function spawnSyncBinding(): { spawn?: unknown } | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): unknown }).binding('spawn_sync');
    return binding !== null && typeof binding === 'object' ? (binding as { spawn?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A copy of spawn options that starts a recorded Node child with the budget, or undefined when the
 * child is not Node, not recorded, or already given a stack size. Reads only captured builtins:
 * it runs while the program runs, after it may have replaced any prototype method.
 */
export function budgetedOptions(options: SpawnOptions, budget: ChildBudget): SpawnOptions | undefined {
  const { addedArg, envName, execPath, bootloaderFile } = budget;
  if (options === null || typeof options !== 'object') return undefined;
  const { file, args, envPairs } = options;
  if (typeof file !== 'string' || !isNodeFile(file, execPath)) return undefined;
  if (!B.isArray(args) || !B.isArray(envPairs) || args.length < 1) return undefined;
  if (!namesBootloader(envPairs as unknown[], bootloaderFile)) return undefined;
  for (let i = 1; i < args.length; i++) {
    const arg: unknown = args[i];
    if (typeof arg === 'string' && B.stringIndexOf(arg, '--stack-size') === 0) return undefined;
  }
  const budgetedArgs = ownArray(1 + args.length);
  setIndex(budgetedArgs, 0, args[0]);
  setIndex(budgetedArgs, 1, addedArg);
  for (let i = 1; i < args.length; i++) setIndex(budgetedArgs, i + 1, args[i]);
  const budgetedEnv = ownArray(envPairs.length + 1);
  for (let i = 0; i < envPairs.length; i++) setIndex(budgetedEnv, i, envPairs[i]);
  setIndex(budgetedEnv, envPairs.length, `${envName}=${addedArg}`);
  return { ...options, args: budgetedArgs, envPairs: budgetedEnv };
}

function isNodeFile(file: string, execPath: string): boolean {
  if (file === execPath) return true;
  const slash = B.stringLastIndexOf(file, '/');
  return nodeBasename(slash < 0 ? file : B.stringSlice(file, slash + 1)) !== null;
}

function namesBootloader(envPairs: readonly unknown[], bootloaderFile: string): boolean {
  for (let i = 0; i < envPairs.length; i++) {
    const pair: unknown = envPairs[i];
    if (
      typeof pair === 'string' &&
      B.stringIndexOf(pair, 'NODE_OPTIONS=') === 0 &&
      B.stringIndexOf(pair, bootloaderFile) > 0
    )
      return true;
  }
  return false;
}

/**
 * A real array (the spawn bindings check for one) filled by defining indices: no setter a program put on
 * Array.prototype runs.
 */
export function ownArray(length: number): unknown[] {
  const array: unknown[] = [];
  B.defineProperty(array, 'length', { value: length, writable: true });
  return array;
}

export function setIndex(array: unknown[], index: number, value: unknown): void {
  B.defineProperty(array, index, { value, writable: true, enumerable: true, configurable: true });
}
