// At re-execution, the ports a fed TCP handle had in the deferred run, for the recorder's own reads
// (request links, the listening registry: channelReads.portOf). Those read Node's native methods
// so as not to consume the program's logged answers, but a fed handle really sits on a loopback port
// Rewind chose: a trace that showed those would not be true. A fed handle's ports are what the log
// answered the program (its getsockname, getpeername), an accepted connection's local port its
// server's; one the program never asked for is unknown (0). Knows handles and ports, not the log.
import { B } from './builtins';

type AddressRead = 'getsockname' | 'getpeername';

interface FedPorts {
  getsockname: number;
  getpeername: number;
  /** An accepted connection's server handle: its local port is the server's. */
  server: object | undefined;
}

const fed = new B.WeakMap<object, FedPorts>();

/** `handle` is fed: its native ports are not the recorded run's. */
export function markFed(handle: object, server?: object): void {
  if (B.weakMapGet(fed, handle) === undefined) B.weakMapSet(fed, handle, { getsockname: 0, getpeername: 0, server });
}

/** The log answered the program's `read` on a fed handle with these fields. */
export function noteFedAddress(handle: object, read: AddressRead, fields: Record<string, unknown>): void {
  const ports = B.weakMapGet(fed, handle) as FedPorts | undefined;
  if (ports !== undefined && typeof fields.port === 'number') ports[read] = fields.port;
}

/** A fed handle's port as the recorded run saw it (0: unknown), or undefined for any other handle. */
export function fedPort(handle: object, read: AddressRead): number | undefined {
  const ports = B.weakMapGet(fed, handle) as FedPorts | undefined;
  if (ports === undefined) return undefined;
  if (ports[read] !== 0 || read === 'getpeername' || ports.server === undefined) return ports[read];
  return fedPort(ports.server, 'getsockname') ?? 0;
}
