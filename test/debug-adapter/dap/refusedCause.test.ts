// A client request refused before connecting (issue 11 leftover): it has no ports, so no peer, but
// it was made on behalf of the server request being handled (through a timer, an await, fetch) —
// `rewind/requests` names that request as its cause, with its error, and `rewind/seek` to the
// cause lands in the handler that made it. A refused request made outside any handler has none.
// Node 20 and 24, through the built adapter.
import { describe, expect, it } from 'vitest';
import type { RequestsBody, RequestSummary } from '../../../protocol/requests';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, programArgs, useClient } from './support/session';
import { seekThread } from './support/threads';

const newClient = useClient();
const NAME = 'requests/refusedUpstream.js';
const FILE = fixture(NAME);

describe.each(nodeBinaries())('a refused request made on behalf of a server request, on $label', ({ path: node }) => {
  it('names the server request it was made for; a seek to it lands in the handler', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(NAME, { runtimeExecutable: node }));
    const response = await client.request('rewind/requests', {});
    const all = (response.body as RequestsBody).requests;
    const describe = (request: RequestSummary | undefined) =>
      request && `${request.kind} ${request.method} ${request.url.replace(/:\d+/, ':PORT')}`;
    const byId = (ref: RequestSummary['cause']) =>
      all.find((request) => request.threadId === ref?.threadId && request.id === ref?.id);
    const refused = all.filter((request) => request.error !== undefined);
    expect(
      refused.map((request) => [describe(request), describe(byId(request.cause)), request.peer, request.finished]),
    ).toEqual([
      ['client GET http://127.0.0.1:PORT/alone', undefined, undefined, true],
      ['client GET http://127.0.0.1:PORT/stock/1', 'server GET /orders/1', undefined, true],
      ['client GET http://127.0.0.1:PORT/stock/2', 'server GET /orders/2', undefined, true],
    ]);
    for (const request of refused) expect(request.error).toMatch(/ECONNREFUSED/);
    // The requests the program sent to its own server were made by no handler.
    const sent = all.filter((request) => request.kind === 'client' && request.error === undefined);
    expect(sent.map((request) => [describe(request), request.cause])).toEqual([
      ['client GET http://127.0.0.1:PORT/orders/1', undefined],
      ['client GET http://127.0.0.1:PORT/orders/2', undefined],
    ]);
    // From the refused request to the moment its cause was being handled.
    const cause = refused[1].cause!;
    const frames = await seekThread(client, cause.threadId, cause.firstStep);
    expect(frames[0].source?.path).toBe(FILE);
    expect(await client.evaluate('request.url')).toBe("'/orders/1'");
    expect(frames[0].line).toBeLessThan(lineOf(FILE, 'upstream-get'));
  });
});
