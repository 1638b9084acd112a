// The program's own async_hooks see only the program's resources (issue 14 item 3): the recorder's
// (its flush interval, the drain's and loader's message ports, the ticks of its start-up, all
// created before the program runs, and whatever their callbacks create) never reach a hook the
// program creates. async_hooks.createHook is replaced (disguised as Node's) by one that hands Node
// the program's callbacks behind a filter by asyncId. Where the recorder's own hooks make Node give
// every promise an asyncId (Node 20; on Node 24 they leave promises to V8, promiseTracking.ts, and
// Node numbers none): until the program creates a hook (or, on Node 20, enables an
// AsyncLocalStorage, whose hook does the same), a promise job (an ES module's top level included)
// reads executionAsyncId() and triggerAsyncId() 0 and executionAsyncResource() (a stand-in for)
// Node's top-level resource, and what such a job schedules reads trigger 0, as in a plain run (issue
// 14 item 3). Told by asyncId alone: nothing here calls executionAsyncResource() unless the program
// does (it would switch Node's callbackTrampoline on, callbackRuns.ts). Knows nothing of what the
// recorder creates.
import asyncHooks, { AsyncResource } from 'node:async_hooks';
import Module from 'node:module';
import { B } from './builtins';
import { disguise } from './functionText';
import { applyHidingOwnFrames } from './ownFrames';

type HookCallback = (this: unknown, ...args: unknown[]) => unknown;
/** Captured: the program may replace it on the module object. */
const { executionAsyncId, triggerAsyncId, executionAsyncResource } = asyncHooks;
/** Whether the program created a hook: from then on its promises have asyncIds in a plain run too. */
let programHooks = false;
const CALLBACK_NAMES = B.freeze(['init', 'before', 'after', 'destroy', 'promiseResolve'] as const);

/** Resources created in a callback of one of ours, after the program started (kept: they are few). */
const createdByOurs = new B.Set<number>();
/** Every asyncId below it was taken before the program ran: by the recorder or Node's start-up for it. */
let firstProgramId = Infinity;

/** 0 (no resource) and 1 (the process's root, where the program's first line runs) are everyone's. */
function ours(asyncId: number): boolean {
  return asyncId > 1 && (asyncId < firstProgramId || B.setHas(createdByOurs, asyncId));
}

/** The program's callback, skipped for our resources; `init` also learns which resources are ours. */
function filtered(name: (typeof CALLBACK_NAMES)[number], callback: HookCallback): HookCallback {
  // Node's arity for each hook, so `arguments` reads as it would (and no array spread, INS-25).
  if (name === 'init')
    return function init(this: unknown, asyncId: unknown, type: unknown, triggerAsyncId: unknown, resource: unknown) {
      if (ours(executionAsyncId()) || ours(triggerAsyncId as number)) {
        B.setAdd(createdByOurs, asyncId);
        return undefined;
      }
      return B.apply(callback, this, [asyncId, type, triggerAsyncId, resource]);
    };
  return function hook(this: unknown, asyncId: unknown): unknown {
    return ours(asyncId as number) ? undefined : B.apply(callback, this, [asyncId]);
  };
}

/**
 * Bit i set: asyncId i is a promise's or a fast-path microtask's, which only the recorder's hooks gave it (a plain run
 * gives none).
 */
let promiseIdBits = new B.Uint8Array(1 << 12);

/** Called by the recorder's own init for each promise Node numbers for it (and fast-path microtask). */
export function notePromiseId(asyncId: number): void {
  const byte = asyncId >>> 3;
  if (byte >= promiseIdBits.length) {
    let size = promiseIdBits.length * 2;
    while (size <= byte) size *= 2;
    const grown = new B.Uint8Array(size);
    // Indexed: TypedArray.prototype.set is the program's to replace (INS-25).
    for (let i = 0; i < promiseIdBits.length; i++) grown[i] = promiseIdBits[i];
    promiseIdBits = grown;
  }
  promiseIdBits[byte] |= 1 << (asyncId & 7);
}

function isPromiseId(asyncId: number): boolean {
  const byte = asyncId >>> 3;
  return byte < promiseIdBits.length && (promiseIdBits[byte] & (1 << (asyncId & 7))) !== 0;
}

/** Whether the program has created a hook (or enabled a hook-based AsyncLocalStorage). */
export function programHasHooks(): boolean {
  return programHooks;
}

/**
 * A promise job, or a microtask a plain run queues on Node 24's fast path (fastMicrotasks.ts), that
 * has an asyncId only because the recorder's hooks are on: 0 in a plain run.
 */
function unhookedPromiseJob(): boolean {
  // By id, not by executionAsyncResource(): calling that switches Node's callbackTrampoline on (callbackRuns.ts).
  return !programHooks && isPromiseId(executionAsyncId());
}

/** `name` on the module object, replaced by `replacement` disguised as Node's own. */
function replaceExport(exports: Record<string, unknown>, name: string, replacement: object): void {
  const descriptor = B.getOwnPropertyDescriptor(exports, name);
  if (typeof descriptor?.value !== 'function' || !descriptor.writable) return;
  disguise(replacement, descriptor.value as object);
  B.defineProperty(exports, name, { ...descriptor, value: replacement });
}

/**
 * Call last in the boot, right before the program's first line: every async resource that exists
 * by then is the recorder's. Both `require('async_hooks')` and `import … from 'node:async_hooks'` see it.
 */
export function hideRecorderAsyncResources(): void {
  const exports = asyncHooks as unknown as Record<string, unknown>;
  const descriptor = B.getOwnPropertyDescriptor(exports, 'createHook');
  const createHook = descriptor?.value as ((callbacks: unknown) => unknown) | undefined;
  if (typeof createHook !== 'function' || !descriptor!.writable) return;
  // Read before createHook is replaced: on Node 22 this getter loads Node's AsyncLocalStorage module,
  // which creates its hook then, through the module's createHook — through ours, it would pass for
  // the program's, and every promise job would show the id our hooks gave it.
  const storage = (exports.AsyncLocalStorage as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  // What a plain run's promise jobs see is Node's top-level resource, an empty object no other
  // call returns (the main script's own is another): a stand-in like it, since asking Node for
  // it (executionAsyncResource() at an empty async stack) switches its callbackTrampoline on.
  const topLevel = {};
  // The next asyncId Node hands out (no destroy: it is never emitted for a manual-destroy resource).
  firstProgramId = new AsyncResource('REWIND', { requireManualDestroy: true }).asyncId() + 1;
  const replacement = {
    createHook(this: unknown, callbacks: unknown): unknown {
      // Node's own checks (and TypeErrors) for anything but an object of callbacks.
      if (typeof callbacks !== 'object' || callbacks === null)
        return applyHidingOwnFrames(createHook, this, [callbacks], 2);
      programHooks = true;
      const shown: Record<string, unknown> = { __proto__: null } as unknown as Record<string, unknown>;
      // Read once each, in Node's order: a getter runs as it would.
      for (let i = 0; i < CALLBACK_NAMES.length; i++) {
        const name = CALLBACK_NAMES[i];
        const callback = (callbacks as Record<string, unknown>)[name];
        shown[name] = typeof callback === 'function' ? filtered(name, callback as HookCallback) : callback;
      }
      return applyHidingOwnFrames(createHook, this, [shown], 2);
    },
  }.createHook;
  disguise(replacement, createHook);
  B.defineProperty(exports, 'createHook', { ...descriptor, value: replacement });
  const ids = {
    executionAsyncId(): number {
      return unhookedPromiseJob() ? 0 : executionAsyncId();
    },
    // A resource made in such a promise job (a timer, a microtask) names the promise as its trigger:
    // in a plain run the job's id, 0.
    triggerAsyncId(): number {
      if (unhookedPromiseJob()) return 0;
      const trigger = triggerAsyncId();
      return !programHooks && isPromiseId(trigger) ? 0 : trigger;
    },
    executionAsyncResource(): object {
      // Called as the program asked (Node notes the use: its trampoline from then on, as in a plain run).
      const resource = executionAsyncResource();
      return unhookedPromiseJob() ? topLevel : resource;
    },
  };
  replaceExport(exports, 'executionAsyncId', ids.executionAsyncId);
  replaceExport(exports, 'triggerAsyncId', ids.triggerAsyncId);
  replaceExport(exports, 'executionAsyncResource', ids.executionAsyncResource);
  // Node 20's and 22's AsyncLocalStorage turns on its own hook (Node 24's needs none): from then on, real ids.
  const enable = storage?._enable as ((this: unknown) => unknown) | undefined;
  if (storage && typeof enable === 'function') {
    const noted = {
      _enable(this: unknown): unknown {
        programHooks = true;
        return B.apply(enable, this, []);
      },
    };
    replaceExport(storage, '_enable', noted._enable);
  }
  (Module as unknown as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}
