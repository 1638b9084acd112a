// Which server request a thread's code runs on behalf of, as the export streams its events: a
// server request's start makes it current (its handler runs next), each callback scheduled while
// one is current (EXT ORIGIN) belongs to it — or, scheduled by Node with no request current, to
// its async trigger's — and a callback's run (ORIGIN_RUN) makes its request current again. A
// client request started then was made on its behalf (even one refused before connecting, which
// has no ports to link by). Holds a bounded table of callbacks; knows event words, not trace events.

/** Callbacks and server requests remembered at most (oldest go first): memory stays bounded. */
const MAX_ORIGINS = 1 << 16;
const MAX_SERVER_REQUESTS = 1 << 12;

function remember<T>(map: Map<number, T>, key: number, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as number);
}

export class RequestCauses {
  /** Origin id → the server request (its recorder id) it was scheduled on behalf of. */
  private readonly ofOrigin = new Map<number, number>();
  /** The server request the running code is on behalf of, 0 for none. */
  private current = 0;
  private readonly serverNames = new Map<number, string>();

  /** ORIGIN [hdr, 3, originId, triggerId, kind]. */
  scheduled(originId: number, triggerId: number): void {
    const request = this.current || (this.ofOrigin.get(triggerId) ?? 0);
    if (request !== 0) remember(this.ofOrigin, originId, request, MAX_ORIGINS);
  }

  /** ORIGIN_RUN [hdr, n, ids…]: the callback about to run. */
  running(count: number, firstOriginId: number): void {
    this.current = count > 0 ? (this.ofOrigin.get(firstOriginId) ?? 0) : 0;
  }

  /** A server request ("METHOD URL") started: its handler runs next. */
  serverStarted(requestId: number, name: string): void {
    this.current = requestId;
    remember(this.serverNames, requestId, name, MAX_SERVER_REQUESTS);
  }

  /** The server request a client request starting now is made on behalf of, if any. */
  cause(): { requestId: number; name: string } | undefined {
    const name = this.current === 0 ? undefined : this.serverNames.get(this.current);
    return name === undefined ? undefined : { requestId: this.current, name };
  }
}
