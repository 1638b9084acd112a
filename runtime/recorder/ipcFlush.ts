// A child process's IPC sends publish the open batch first, as a printed line does (recorder.ts
// publishAfterOutput). A parent that ends its child when the message it waits for arrives (a test
// runner's worker reporting its results: vitest's forks, jest-worker, tinypool) would otherwise take
// the steps that led to that message with it: a SIGTERM'd process ends its recording nowhere, since
// Rewind keeps no signal listener (exit.ts), and the idle flush comes only after ~20 ms of quiet.
// Wraps Node's `process._send` (child_process setupChannel, Node 20–24), which `process.send` calls
// once connected: the program's `process.send` stays Node's own function. Knows nothing of the ring.
import { B } from './builtins';
import { disguise } from './functionText';

export function publishBeforeIpcSends(publish: () => void): void {
  const target = process as unknown as { _send?: unknown };
  const descriptor = B.getOwnPropertyDescriptor(target, '_send');
  const original = descriptor?.value as ((...args: unknown[]) => unknown) | undefined;
  if (!descriptor || typeof original !== 'function' || !descriptor.writable) return;
  const replacement = function _send(this: unknown): unknown {
    publish();
    // eslint-disable-next-line prefer-rest-params
    return B.apply(original, this, arguments as unknown as unknown[]);
  };
  disguise(replacement, original);
  B.defineProperty(target, '_send', { ...descriptor, value: replacement });
}
