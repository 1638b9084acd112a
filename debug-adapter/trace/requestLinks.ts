// Which recorded client request caused which recorded server request, across the threads
// (processes) of one recording: both sides saw the same TCP connection (REQUEST_PEER), the
// client's (local, remote) ports being the server's (remote, local), and a connection carries its
// requests one at a time, so the k-th on one side is the k-th on the other. Pure: request lists in,
// pairs out; knows nothing of steps, frames or DAP.
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
  // Per connection, as the client names it ("clientPort>serverPort"): each side's requests in order.
  const clients = new Map<string, RequestRef[]>();
  const servers = new Map<string, RequestRef[]>();
  for (const [threadId, list] of threads) {
    for (const request of list) {
      if (request.localPort === 0 || request.remotePort === 0) continue;
      const client = request.kind === 'client';
      const connection = client
        ? `${request.localPort}>${request.remotePort}`
        : `${request.remotePort}>${request.localPort}`;
      const side = client ? clients : servers;
      const queue = side.get(connection) ?? [];
      queue.push({ threadId, id: request.id });
      side.set(connection, queue);
    }
  }
  const links = new Map<string, RequestRef>();
  for (const [connection, sent] of clients) {
    const served = servers.get(connection);
    if (!served) continue;
    for (let at = 0; at < Math.min(sent.length, served.length); at++) {
      links.set(requestKey(sent[at]), served[at]);
      links.set(requestKey(served[at]), sent[at]);
    }
  }
  return links;
}
