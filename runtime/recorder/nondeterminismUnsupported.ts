// What a deferred recording cannot re-execute faithfully, noticed while it runs (a server's clients,
// a program's outgoing connections, TCP or local sockets, UDP sockets and child processes are fed:
// nondeterminismSockets.ts, nondeterminismConnections.ts, nondeterminismDatagrams.ts,
// nondeterminismProcesses.ts): TLS and HTTP/2 (they read their sockets in native code), worker
// threads (and so the SharedArrayBuffer races between threads), native addons (their own I/O is not
// logged). Each kind is logged once (ND_UNSUPPORTED); `rewind expand` refuses such a recording with
// the reasons. (A handle received over an IPC channel is refused where reads are logged:
// nondeterminismSockets.ts.)
// Knows async resource types (seen through nondeterminismOrder.ts's hook) and process.dlopen, not the encoding.
import { B } from './builtins';
import { disguise } from './functionText';
import { logUnsupported } from './nondeterminismLog';

/** Async resource types (async_hooks) a re-execution cannot reproduce, and why. */
const UNSUPPORTED_TYPES = new B.Map<string, string>(
  Object.entries({
    TLSWRAP: 'a TLS connection was made: its bytes are decrypted in native code, where the log does not see them',
    HTTP2SESSION: 'an HTTP/2 session was opened: it reads its socket in native code, where the log does not see it',
    WORKER: 'a worker thread was started: threads (and memory they share) interleave differently at re-execution',
  }),
);

/** Installs the native-addon check; returns what to call with each async resource's type as it is created. */
export function detectUnsupported(): (type: string) => void {
  const seen = new B.Set<string>();
  const flag = (reason: string): void => {
    if (B.setHas(seen, reason)) return;
    B.setAdd(seen, reason);
    logUnsupported(reason);
  };
  const dlopen = process.dlopen;
  const wrapper = {
    dlopen(this: unknown, ...args: unknown[]): unknown {
      const module = args[1];
      flag(`a native addon was loaded${typeof module === 'string' ? ` (${module})` : ''}: its own I/O is not logged`);
      return B.apply(dlopen, this, args as never[]);
    },
  }.dlopen;
  disguise(wrapper, dlopen);
  B.defineProperty(process, 'dlopen', { ...B.getOwnPropertyDescriptor(process, 'dlopen'), value: wrapper });
  return (type) => {
    const reason = B.mapGet(UNSUPPORTED_TYPES, type) as string | undefined;
    if (reason !== undefined) flag(reason);
  };
}
