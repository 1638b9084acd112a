// Reading what Node's diagnostics channels hand a subscriber, without running any of the program's
// code: own data properties only (a getter is never called), Node's private symbols by their
// description, a TCP handle's ports; and a subscription whose handler never throws into the
// program. Shared by the request events (httpRequests.ts) and the trace context (traceContext.ts).
import { subscribe } from 'node:diagnostics_channel';
import { B } from './builtins';
import { fedPort } from './fedAddresses';
import { nativeOf } from './functionText';

export function on(channel: string, handler: (message: unknown) => void): void {
  subscribe(channel, (message) => {
    try {
      handler(message);
    } catch {
      // never into the program: the request simply goes unrecorded
    }
  });
}

/** An own data property, or undefined: a getter is never called. */
export function own(target: unknown, key: string): unknown {
  if (typeof target !== 'object' || target === null || B.isProxy(target)) return undefined;
  return B.getOwnPropertyDescriptor(target, key)?.value;
}

/** An own data property under Node's private symbol of that description (kOutHeaders, kHandle), or undefined. */
export function ownSymbol(target: unknown, description: string): unknown {
  const key = symbolNamed(target, description);
  return key === undefined ? undefined : B.getOwnPropertyDescriptor(target as object, key)?.value;
}

/** The own symbol key of that description, or undefined. */
export function symbolNamed(target: unknown, description: string): symbol | undefined {
  if (typeof target !== 'object' || target === null || B.isProxy(target)) return undefined;
  const keys = B.ownKeys(target);
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at];
    if (typeof key === 'symbol' && B.symbolDescription(key) === description) return key;
  }
  return undefined;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The port a TCP handle's getsockname/getpeername reports (Node's native methods; a fed handle's logged one), or 0. */
export function portOf(handle: object, method: 'getsockname' | 'getpeername'): number {
  // At re-execution a fed handle's native ports are Rewind's loopback ones: the recorded run's instead.
  const fed = fedPort(handle, method);
  if (fed !== undefined) return fed;
  // Node's own method: where deferred recording logs the program's calls to it, this one is not the program's.
  const read = nativeOf((handle as Record<string, unknown>)[method]);
  if (typeof read !== 'function') return 0;
  const out: { port?: unknown } = {};
  if (B.apply(read, handle, [out]) !== 0) return 0;
  return typeof out.port === 'number' ? out.port : 0;
}
