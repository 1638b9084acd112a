// A recorded client linked to the recorded server request it caused (issue 11 item 5): the parent
// of linkedParent.js sends two requests over one kept-alive connection to its forked child's server
// on 127.0.0.1, then one to the test's own unrecorded server. The recorder sends a W3C traceparent
// to the recorded child only (never to the unrecorded server: its bytes are a plain run's) and takes
// it out before the child's program runs; `rewind/requests` gives each linked request its peer (both
// ways) and `rewind/seek` to the peer lands in the child's handler. A traceparent the program sends
// itself is the link, and reaches the server as it was sent.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestsBody, RequestSummary } from '../../../protocol/requests';
import type { RecordingClient } from './support/client';
import { fixture, lineOf, programArgs, useClient } from './support/session';
import { nodeBinaries } from '../../support/nodeBinaries';
import { seekThread } from './support/threads';

const newClient = useClient();
const NAME = 'requests/linkedParent.js';
const CHILD = fixture('requests/linkedChild.js');
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

/** The test's own server, not recorded: a TCP server that keeps the bytes of each request it got. */
const plainRequests: string[] = [];
let plain: Server;
beforeAll(async () => {
  plain = createServer((socket) => {
    let bytes = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      bytes += chunk;
      if (!bytes.endsWith('\r\n\r\n')) return;
      plainRequests.push(bytes);
      bytes = '';
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nplain', () => socket.end());
    });
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

async function requests(client: RecordingClient): Promise<RequestSummary[]> {
  const response = await client.request('rewind/requests', {});
  if (!response.success) throw new Error(response.message);
  return (response.body as RequestsBody).requests;
}

describe.each(nodeBinaries())('a recorded client and the recorded server it called, on $label', ({ path: node }) => {
  it('links each client request to the server request it caused, both ways, and jumps from one to the other', async () => {
    const port = (plain.address() as AddressInfo).port;
    plainRequests.length = 0; // this run's only (the test runs once per Node)
    const client = newClient();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.start();
    await client.launchAndStop(programArgs(NAME, { args: [String(port)], runtimeExecutable: node }));
    const all = await requests(client);
    const sent = all.filter((request) => request.kind === 'client');
    const served = all.filter((request) => request.kind === 'server');
    expect(sent.map((request) => request.url.replace(/:\d+/, ':PORT'))).toEqual([
      'http://127.0.0.1:PORT/orders/42',
      'http://127.0.0.1:PORT/orders/7',
      'http://127.0.0.1:PORT/plain',
    ]);
    expect(served.map((request) => request.url)).toEqual(['/orders/42', '/orders/7']);
    expect(new Set(served.map((request) => request.threadId)).size).toBe(1);
    expect(served[0].threadId).not.toBe(sent[0].threadId);
    // Each of the child's requests is linked to the parent's that sent it, in order on the one connection.
    for (const [at, request] of served.entries()) {
      expect(request.peer).toEqual({ threadId: sent[at].threadId, id: sent[at].id, firstStep: sent[at].firstStep });
      expect(sent[at].peer).toEqual({ threadId: request.threadId, id: request.id, firstStep: request.firstStep });
    }
    // Linked by W3C trace context: each carried a traceparent of the recorder's, the same on both ends.
    for (const [at, request] of served.entries()) {
      expect(sent[at].traceparent).toMatch(TRACEPARENT);
      expect(request.traceparent).toBe(sent[at].traceparent);
    }
    expect(sent[0].traceparent).not.toBe(sent[1].traceparent);
    // The unrecorded server's request has no peer, and was sent no trace context.
    expect(sent[2].peer).toBeUndefined();
    expect(sent[2].traceparent).toBeUndefined();
    // From the parent's second request to the child's handler that served it.
    const peer = sent[1].peer!;
    const frames = await seekThread(client, peer.threadId, peer.firstStep);
    expect(frames[0].source?.path).toBe(CHILD);
    expect(frames[0].line).toBe(lineOf(CHILD, 'child-handler'));
    expect(await client.evaluate('request.url')).toBe("'/orders/7'");
    // The child's program saw the headers of a plain run: the recorder's were taken out before it ran.
    expect(await client.evaluate('request.rawHeaders.length')).toBe('4');
    // …and so its headers and headersDistinct (built from them): the names it answered with.
    expect(output.join('')).toContain('child saw /orders/42 Host,Connection host,connection host,connection\n');
    expect(output.join('')).toContain('child saw /orders/7 Host,Connection host,connection host,connection\n');
    // The unrecorded server got a plain run's bytes: no trace context.
    expect(plainRequests).toEqual([`GET /plain HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`]);
  });

  it('uses a traceparent the program sends itself for the link, and sends it as it is', async () => {
    const client = newClient();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.start();
    await client.launchAndStop(programArgs('requests/ownTraceparent.js', { runtimeExecutable: node }));
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    // The child's program saw the program's traceparent, no tracestate, and three raw headers (Host, Connection).
    expect(output.join('')).toContain(`child saw ${own} undefined 6\n`);
    const all = await requests(client);
    const sent = all.filter((request) => request.kind === 'client');
    const served = all.filter((request) => request.kind === 'server');
    expect(sent.map((request) => request.traceparent)).toEqual([own]);
    expect(served.map((request) => request.traceparent)).toEqual([own]);
    expect(served[0].peer).toEqual({ threadId: sent[0].threadId, id: sent[0].id, firstStep: sent[0].firstStep });
    expect(sent[0].peer).toEqual({ threadId: served[0].threadId, id: served[0].id, firstStep: served[0].firstStep });
  });
});

describe('fetch() between recorded processes', () => {
  it('links fetch() requests to the server requests they caused, and shows failed requests with their error', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('requests/fetchParent.js'));
    const all = await requests(client);
    const sent = all.filter((request) => request.kind === 'client');
    const served = all.filter((request) => request.kind === 'server');
    expect(served.map((request) => request.url)).toEqual(['/orders/1', '/orders/2']);
    const fetched = sent.filter((request) => request.url.includes('/orders/'));
    expect(
      fetched.map((request) => `${request.method} ${request.url.replace(/:\d+/, ':PORT')} ${request.status}`),
    ).toEqual(['GET http://127.0.0.1:PORT/orders/1 200', 'GET http://127.0.0.1:PORT/orders/2 200']);
    for (const [at, request] of served.entries()) {
      expect(fetched[at].peer).toEqual({ threadId: request.threadId, id: request.id, firstStep: request.firstStep });
      expect(request.peer).toEqual({
        threadId: fetched[at].threadId,
        id: fetched[at].id,
        firstStep: fetched[at].firstStep,
      });
      // undici's request carried the recorder's trace context to the recorded child.
      expect(fetched[at].traceparent).toMatch(TRACEPARENT);
      expect(request.traceparent).toBe(fetched[at].traceparent);
    }
    // From the second fetch to the child's handler that served it.
    const frames = await seekThread(client, fetched[1].peer!.threadId, fetched[1].peer!.firstStep);
    expect(frames[0].source?.path).toBe(CHILD);
    expect(await client.evaluate('request.url')).toBe("'/orders/2'");
    // Failed requests: finished, no status, the error that ended them; linked to nothing.
    const failed = sent.filter((request) => !request.url.includes('/orders/'));
    expect(failed.map((request) => request.url.replace(/:\d+/, ':PORT'))).toEqual([
      'http://127.0.0.1:PORT/refused',
      'http://127.0.0.1:PORT/refused',
      'http://127.0.0.1:PORT/reset',
    ]);
    expect(
      failed.map((request) => ({ status: request.status, finished: request.finished, peer: request.peer })),
    ).toEqual(failed.map(() => ({ status: 0, finished: true, peer: undefined })));
    expect(failed[0].error).toMatch(/ECONNREFUSED/);
    expect(failed[1].error).toMatch(/ECONNREFUSED/);
    expect(failed[2].error).toMatch(/ECONNRESET|socket hang up/);
    expect(all.filter((request) => request.error !== undefined)).toHaveLength(3);
    // The filter finds them by their URL as it finds any request.
    const response = await client.request('rewind/requests', { filter: '/refused' });
    expect((response.body as RequestsBody).requests.map((request) => request.error !== undefined)).toEqual([
      true,
      true,
    ]);
  });
});
