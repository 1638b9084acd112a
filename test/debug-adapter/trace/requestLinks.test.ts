// Which client request caused which server request (trace/requestLinks.ts), as tables: by W3C
// traceparent first (the k-th sender of a value with its k-th receiver, whatever their connections),
// then by connection for the requests that carried none.
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../debug-adapter/trace/httpRequests';
import { linkRequests } from '../../../debug-adapter/trace/requestLinks';

const TRACE_A = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const TRACE_B = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function request(
  id: number,
  kind: 'client' | 'server',
  ports: [local: number, remote: number] | undefined,
  traceparent = '',
): RecordedRequest {
  const [localPort, remotePort] = ports ?? [0, 0];
  return {
    id,
    kind,
    method: 'GET',
    url: `/${id}`,
    status: 200,
    error: '',
    startStep: id,
    endStep: id,
    handler: -1,
    localPort,
    remotePort,
    traceparent,
  };
}

/** "thread:id→thread:id" for every link, sorted. */
function pairs(threads: Map<number, RecordedRequest[]>): string[] {
  return [...linkRequests(threads)].map(([from, to]) => `${from}→${to.threadId}:${to.id}`).sort();
}

describe('linkRequests', () => {
  it('links by traceparent where the connections differ (a proxy between the two ends)', () => {
    const threads = new Map([
      [1, [request(1, 'client', [40000, 8080], TRACE_A)]],
      [2, [request(1, 'server', [9090, 50000], TRACE_A)]],
    ]);
    expect(pairs(threads)).toEqual(['1:1→2:1', '2:1→1:1']);
  });

  it('pairs a traceparent sent more than once in order, and never by a different one', () => {
    const threads = new Map([
      [1, [request(1, 'client', undefined, TRACE_A), request(2, 'client', undefined, TRACE_A)]],
      [2, [request(5, 'server', undefined, TRACE_A), request(6, 'server', undefined, TRACE_B)]],
      [3, [request(9, 'server', undefined, TRACE_A)]],
    ]);
    expect(pairs(threads)).toEqual(['1:1→2:5', '1:2→3:9', '2:5→1:1', '3:9→1:2']);
  });

  it('links the rest by connection, the k-th with the k-th, and keeps a trace link over a connection one', () => {
    // One kept-alive connection 40000>8080: its first request carried a trace context, its second none.
    const threads = new Map([
      [1, [request(1, 'client', [40000, 8080], TRACE_B), request(2, 'client', [40000, 8080])]],
      [2, [request(3, 'server', [8080, 40000], TRACE_B), request(4, 'server', [8080, 40000])]],
    ]);
    expect(pairs(threads)).toEqual(['1:1→2:3', '1:2→2:4', '2:3→1:1', '2:4→1:2']);
  });

  it('links nothing that neither a traceparent nor a connection ties', () => {
    const threads = new Map([
      [1, [request(1, 'client', [40000, 8080], TRACE_A), request(2, 'client', undefined)]],
      [2, [request(1, 'server', [8080, 40001], TRACE_B), request(2, 'server', undefined)]],
    ]);
    expect(pairs(threads)).toEqual([]);
  });
});
