// Deferred recording's process ids: process.pid and process.ppid, read once at start (after the start
// environment) — logged by a deferred run; at re-execution the program sees the logged values, as
// data properties with Node's attributes. A re-execution's process.kill of the logged pid signals
// the process itself (the pid it believes is its own), never whatever process has that number now.
// Knows these two properties and process.kill, not the log's encoding nor how it is fed.
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';

const PID = ndSourceId('process.pid');
const PPID = ndSourceId('process.ppid');

/** The real ones, as this process started (Rewind's own uses of its pid keep the real one). */
const realPid = process.pid;

/** A deferred run: both ids logged. */
export function logProcessIds(tap: Tap): void {
  tap.read(PID, 'number', () => process.pid, undefined, []);
  tap.read(PPID, 'number', () => process.ppid, undefined, []);
}

/**
 * A re-execution: the program sees the logged ids. `logged`: whether the deferred run logged them
 * (format 3.13's did not: its re-execution keeps the real ids).
 */
export function feedProcessIds(tap: Tap, logged: boolean): void {
  if (!logged) return;
  const pid = tap.read(PID, 'number', () => process.pid, undefined, []) as number;
  const ppid = tap.read(PPID, 'number', () => process.ppid, undefined, []) as number;
  setData('pid', pid);
  setData('ppid', ppid);
  if (pid === realPid) return;
  const descriptor = B.getOwnPropertyDescriptor(process, 'kill');
  const kill = descriptor?.value as ((...args: never[]) => unknown) | undefined;
  if (typeof kill !== 'function' || !descriptor?.configurable) return;
  const wrapper = shapedLike(kill, (self, args) => {
    if (args[0] === pid) args[0] = realPid;
    return B.apply(kill, self, args as never[]);
  });
  B.defineProperty(process, 'kill', { ...descriptor, value: wrapper });
}

function setData(key: 'pid' | 'ppid', value: number): void {
  const descriptor = B.getOwnPropertyDescriptor(process, key);
  if (!descriptor || !B.hasOwn(descriptor, 'value') || !descriptor.configurable) return;
  B.defineProperty(process, key, { ...descriptor, value });
  if (B.getOwnPropertyDescriptor(process, key)?.value === value) return;
  // ppid is a native accessor that looks like data and ignores a new value: it is replaced (the one
  // visible difference: it moves to the end of Object.keys(process)).
  B.deleteProperty(process, key);
  B.defineProperty(process, key, { ...descriptor, value });
}
