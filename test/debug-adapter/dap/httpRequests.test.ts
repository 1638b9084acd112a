// HTTP requests in a recording (issue 11 item 5), replayed through the built adapter on a real
// server on 127.0.0.1 and its bounded client: `rewind/requests` lists every request served and sent
// with method, URL and status, filtered by text; a request's first and last steps are its handler's
// first step and the last step of its async descendants (the timer that answers), reachable with
// `rewind/seek`; a breakpoint condition can name `$request`.
import { describe, expect, it } from 'vitest';
import type { RequestsBody } from '../../../protocol/requests';
import type { RecordingClient } from './support/client';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';
import { seekThread } from './support/threads';

const newClient = useClient();
const NAME = 'requests/server.js';
const FILE = fixture(NAME);

async function requests(client: RecordingClient, args: Record<string, unknown> = {}): Promise<RequestsBody> {
  const response = await client.request('rewind/requests', args);
  if (!response.success) throw new Error(response.message);
  return response.body as RequestsBody;
}

describe('HTTP requests of a recorded server and its client', () => {
  it('lists every request served and sent, with method, URL and status, filterable by text', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(NAME));
    const all = await requests(client);
    const server = all.requests.filter((request) => request.kind === 'server');
    const sent = all.requests.filter((request) => request.kind === 'client');
    expect(server.map((request) => `${request.method} ${request.url} ${request.status}`)).toEqual([
      'GET /orders/42 200',
      'GET /orders/7 200',
      'GET /missing/1 404',
    ]);
    expect(
      sent.map((request) => `${request.method} ${request.url.replace(/:\d+/, ':PORT')} ${request.status}`),
    ).toEqual([
      'GET http://127.0.0.1:PORT/orders/42 200',
      'GET http://127.0.0.1:PORT/orders/7 200',
      'GET http://127.0.0.1:PORT/missing/1 404',
    ]);
    expect(all.requests.every((request) => request.finished && request.firstStep <= request.lastStep)).toBe(true);
    const filtered = await requests(client, { filter: 'get /orders/42' });
    expect(filtered.requests.map((request) => `${request.kind} ${request.url}`)).toEqual(['server /orders/42']);
    expect((await requests(client, { limit: 1 })).total).toBe(6);
    const refused = await client.request('rewind/requests', { limit: 0 });
    expect(refused.success).toBe(false);
  });

  it("jumps to a request's first step (its handler) and last step (the timer that answered it)", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(NAME));
    const found = await requests(client, { filter: 'GET /orders/7' });
    const second = found.requests.find((request) => request.kind === 'server')!;
    expect(second).toMatchObject({ kind: 'server', url: '/orders/7' });
    const first = await seekThread(client, second.threadId, second.firstStep);
    expect([first[0].name, first[0].line]).toEqual(['answer', lineOf(FILE, 'handler')]);
    expect(await client.evaluate('request.url')).toBe("'/orders/7'");
    expect(await client.evaluate('$request.url')).toBe("'/orders/7'");
    const last = await seekThread(client, second.threadId, second.lastStep);
    expect(last[0].name).toBe('reply');
    expect(last.find((frame) => frame.presentationHint === 'label')?.name).toBe('setTimeout');
    expect(await client.evaluate('id')).toBe("'7'");
    expect(await client.evaluate('$request.status')).toBe('200');
  });

  it('a breakpoint condition can name the request', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs(NAME), () =>
      breakAt(client, NAME, 'reply', { condition: "$request.url.includes('/missing')" }),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'reply'));
    expect(await client.evaluate('id')).toBe("'1'");
    expect(await client.evaluate('$request.method')).toBe("'GET'");
    // Code that runs on behalf of no request sees no request.
    await client.move('reverseContinue');
    expect(await client.evaluate('$request')).toBe('undefined');
  });
});
