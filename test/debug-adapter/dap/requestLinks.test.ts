// A recorded client linked to the recorded server request it caused (issue 11 item 5): the parent
// of linkedParent.js sends two requests over one kept-alive connection to its forked child's server
// on 127.0.0.1, then one to the test's own unrecorded server. `rewind/requests` gives each linked
// request its peer (both ways) and `rewind/seek` to the peer lands in the child's handler; the
// unrecorded server, and the child's program, see exactly the headers of a plain run.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestsBody, RequestSummary } from '../../../protocol/requests';
import type { RecordingClient } from './support/client';
import { fixture, lineOf, programArgs, useClient } from './support/session';
import { seekThread } from './support/threads';

const newClient = useClient();
const NAME = 'requests/linkedParent.js';
const CHILD = fixture('requests/linkedChild.js');

/** The test's own server: not recorded. Keeps the raw headers of every request it got. */
const plainHeaders: string[][] = [];
let plain: Server;
beforeAll(async () => {
  plain = createServer((request, response) => {
    plainHeaders.push(request.rawHeaders);
    response.end('plain');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

async function requests(client: RecordingClient): Promise<RequestSummary[]> {
  const response = await client.request('rewind/requests', {});
  if (!response.success) throw new Error(response.message);
  return (response.body as RequestsBody).requests;
}

describe('a recorded client and the recorded server it called', () => {
  it('links each client request to the server request it caused, both ways, and jumps from one to the other', async () => {
    const port = (plain.address() as AddressInfo).port;
    const client = newClient();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.start();
    await client.launchAndStop(programArgs(NAME, { args: [String(port)] }));
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
      expect(sent[at].traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
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
    expect(plainHeaders).toEqual([['Host', `127.0.0.1:${port}`, 'Connection', 'keep-alive']]);
  });

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
