// Which recorded client request caused which recorded server request, across the threads
// (processes) of one recording. First by W3C trace context (REQUEST_TRACE, format 3.8): the server
// request received the traceparent the client request sent (the recorder's, or the program's own;
// the k-th sender of a value pairs with its k-th receiver). Then, for the rest, by connection: both
// sides saw the same TCP connection (REQUEST_PEER), the client's (local, remote) ports being the
// server's (remote, local), and a connection carries its requests one at a time, so the k-th on one
// side is the k-th on the other. Pure: request lists in, pairs out; knows nothing of steps, frames or DAP.
import type { RecordedRequest } from './httpRequests';

export interface RequestRef {
  /** The producer (process or worker) that saw the request. */
  threadId: number;
  id: number;
}

/** Both directions: "threadId:id" of a client → its server request, and of a server → its client. */
export type RequestLinks = ReadonlyMap<string, RequestRef>;

export function requestKey(ref: RequestRef): string {
  return `${ref.threadId}:${ref.id}`;
}

export function linkRequests(threads: ReadonlyMap<number, readonly RecordedRequest[]>): RequestLinks {
  const links = new Map<string, RequestRef>();
  pairInOrder(
    links,
    queues(threads, (request) => request.traceparent || undefined),
  );
  pairInOrder(
    links,
    queues(threads, (request) => {
      if (request.localPort === 0 || request.remotePort === 0) return undefined;
      // The connection as the client names it ("clientPort>serverPort").
      return request.kind === 'client'
        ? `${request.localPort}>${request.remotePort}`
        : `${request.remotePort}>${request.localPort}`;
    }),
  );
  return links;
}

interface Sides {
  clients: Map<string, RequestRef[]>;
  servers: Map<string, RequestRef[]>;
}

/** Each side's requests by `keyOf` (undefined: not linkable so), in order. */
function queues(
  threads: ReadonlyMap<number, readonly RecordedRequest[]>,
  keyOf: (request: RecordedRequest) => string | undefined,
): Sides {
  const sides: Sides = { clients: new Map(), servers: new Map() };
  for (const [threadId, list] of threads) {
    for (const request of list) {
      const key = keyOf(request);
      if (key === undefined) continue;
      const side = request.kind === 'client' ? sides.clients : sides.servers;
      const queue = side.get(key) ?? [];
      queue.push({ threadId, id: request.id });
      side.set(key, queue);
    }
  }
  return sides;
}

/** The k-th client of a key with the k-th server of it, both ways; a request linked already stays so. */
function pairInOrder(links: Map<string, RequestRef>, { clients, servers }: Sides): void {
  for (const [key, sent] of clients) {
    const served = servers.get(key);
    if (!served) continue;
    for (let at = 0; at < Math.min(sent.length, served.length); at++) {
      if (links.has(requestKey(sent[at])) || links.has(requestKey(served[at]))) continue;
      links.set(requestKey(sent[at]), served[at]);
      links.set(requestKey(served[at]), sent[at]);
    }
  }
}
