// Promise origins and reactions through V8's own promise hooks (node:v8 promiseHooks), where the
// recorder's async_hooks hook leaves promises untracked (promiseTracking.ts; Node 24): Node's
// promise hook then stays off, so a reaction writes nothing to Node's arrays (a plain run's), but
// executionAsyncId() no longer names the promise inside it. V8's hooks push nothing anywhere: each
// promise gets an id of ours here (a private field, as identity.ts stamps objects: a plain run's
// promises carry no symbols), and which reaction runs is tracked from `before` to `after`. Promise ids count
// down from 2^31 − 2 while Node's asyncIds count up from 1, so the trace's origin ids never meet.
// Where Node tracks promises (Node 20), nothing here is installed and currentAsyncId() is Node's.
// Knows promises and Node's execution ids, not how origins or runs are written.
import asyncHooks from 'node:async_hooks';
import { promiseHooks } from 'node:v8';
import { B } from './builtins';
import { programHasHooks } from './hiddenAsyncResources';
import { ReturnsItsArgument } from './identity';

/** Captured: hiddenAsyncResources.ts replaces the module's export with the program's view. */
const { executionAsyncId } = asyncHooks;

/** The first promise id; the next ones count down (ring words are int32; 2^31 − 1 is no id). */
const FIRST_PROMISE_ID = 0x7ffffffe;
let nextPromiseId = FIRST_PROMISE_ID;

/** A promise's id as a private field: invisible to the program, and ~5x cheaper than a WeakMap entry (identity.ts). */
class PromiseStamp extends ReturnsItsArgument {
  #rwPromiseId: number;
  constructor(promise: object, promiseId: number) {
    super(promise);
    this.#rwPromiseId = promiseId;
  }
  static read(promise: object): number | undefined {
    return #rwPromiseId in promise ? (promise as PromiseStamp).#rwPromiseId : undefined;
  }
}
/** Promises the field could not be added to (a future V8 may refuse it on non-extensible objects). */
const refused = new B.WeakMap<object, number>();

/** Reactions running, innermost last: a reaction can run another microtask queue (vm's afterEvaluate). */
let reactionIds = new B.Int32Array(8);
/** Node's executionAsyncId() as each reaction started: another id inside it is a resource Node entered. */
let nodeIdsAtStart = new B.Float64Array(8);
/** 1: the reaction has not yet met Node's own context for it (pushed after ours when Node tracks promises). */
let nodeContextUnseen = new B.Uint8Array(8);
let depth = 0;

/** Gives `promise` the next id. */
function stamp(promise: object): number {
  const promiseId = nextPromiseId--;
  try {
    new PromiseStamp(promise, promiseId);
  } catch {
    B.weakMapSet(refused, promise, promiseId);
  }
  return promiseId;
}

/** The promise's id, given now if it has none (made before the hooks were installed: no origin of its own). */
function idOf(promise: object): number {
  const known = PromiseStamp.read(promise) ?? (B.weakMapGet(refused, promise) as number | undefined);
  return known ?? stamp(promise);
}

/**
 * The asyncId of the callback running now, as Node's tracking would have named it: the promise
 * whose reaction runs, unless Node entered another resource inside it (runInAsyncScope).
 */
export function currentAsyncId(): number {
  const nodeId = executionAsyncId();
  if (depth === 0) return nodeId;
  const top = depth - 1;
  if (nodeId === nodeIdsAtStart[top]) return reactionIds[top];
  // The program's own hook made Node track promises: Node's context for this reaction came after ours.
  if (nodeContextUnseen[top] === 1 && programHasHooks()) {
    nodeIdsAtStart[top] = nodeId;
    nodeContextUnseen[top] = 0;
    return reactionIds[top];
  }
  return nodeId;
}

/**
 * The trigger to record for a resource Node announces with `triggerAsyncId`: inside a reaction,
 * Node's default (its execution id) is the promise's, as Node's tracking would have made it.
 */
export function triggerIdOf(triggerAsyncId: number): number {
  if (depth === 0 || triggerAsyncId !== executionAsyncId()) return triggerAsyncId;
  return currentAsyncId();
}

function grow(): void {
  const size = reactionIds.length * 2;
  const ids = new B.Int32Array(size);
  const nodeIds = new B.Float64Array(size);
  const unseen = new B.Uint8Array(size);
  // Indexed: TypedArray.prototype.set is the program's to replace (INS-25).
  for (let i = 0; i < depth; i++) {
    ids[i] = reactionIds[i];
    nodeIds[i] = nodeIdsAtStart[i];
    unseen[i] = nodeContextUnseen[i];
  }
  reactionIds = ids;
  nodeIdsAtStart = nodeIds;
  nodeContextUnseen = unseen;
}

/**
 * Installs V8's promise hooks (call before the program's first line): `onPromise(promiseId,
 * triggerId)` as each promise is made, its trigger the promise it continues or what runs now.
 * Hooks never throw (Node would report it as the program's uncaught exception).
 */
export function installPromiseRuns(onPromise: (promiseId: number, triggerId: number) => void): void {
  promiseHooks.onInit((promise: object, parent: unknown) => {
    // The parent's id first, as Node's tracking numbers them.
    const triggerId = typeof parent === 'object' && parent !== null ? idOf(parent) : currentAsyncId();
    onPromise(stamp(promise), triggerId);
  });
  promiseHooks.onBefore((promise: object) => {
    if (depth === reactionIds.length) grow();
    reactionIds[depth] = idOf(promise);
    nodeIdsAtStart[depth] = executionAsyncId();
    nodeContextUnseen[depth] = 1;
    depth++;
  });
  promiseHooks.onAfter(() => {
    // None when the hooks came in during a reaction (its `before` unseen).
    if (depth > 0) depth--;
  });
}
