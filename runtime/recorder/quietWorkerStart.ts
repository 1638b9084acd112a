// Starting the recorder's own worker without leaving work in Node's tick queue (issue 14 item 5).
// Node 24's Worker constructor ends with `process.nextTick(() => process.emit('worker', w))`. A tick
// queued before the program runs makes Node drain the first microtasks from
// processTicksAndRejections, so an ES module's body (and anything after a top-level await) gains a
// `process.processTicksAndRejections` frame a plain run does not have. The constructor's ticks run
// as soon as it returns instead: at boot no program listener can see the difference. Knows nothing
// of what the worker does.
import { B } from './builtins';

type Tick = { callback: (...args: unknown[]) => unknown; args: unknown[] };

/** `start()` (which constructs a Worker) with the process.nextTick calls it makes run right after it returns. */
export function withoutQueuedTicks<T>(start: () => T): T {
  const descriptor = B.getOwnPropertyDescriptor(process, 'nextTick');
  if (!descriptor || !descriptor.configurable || typeof descriptor.value !== 'function') return start();
  const ticks = B.list<Tick>();
  B.defineProperty(process, 'nextTick', {
    ...descriptor,
    value(callback: (...args: unknown[]) => unknown, ...args: unknown[]): void {
      B.listPush(ticks, { callback, args });
    },
  });
  let result: T;
  try {
    result = start();
  } finally {
    B.defineProperty(process, 'nextTick', descriptor);
  }
  for (let i = 0; i < ticks.length; i++) B.apply(ticks[i].callback, undefined, ticks[i].args);
  return result;
}
