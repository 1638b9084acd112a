// HTTP requests of a server recorded live (issue 11 with issue 13): at a live stop, `rewind/requests`
// for the stopped thread (what the timeline's request spans show) lists the requests served so far,
// answered, and the one the stop holds, unfinished.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RequestsBody } from '../../../protocol/requests';
import { httpGet } from './support/http';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const NAME = 'liveServer.js';

async function untilPort(output: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const port = /listening on (\d+)/.exec(output.join(''))?.[1];
    if (port) return Number(port);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server never printed its port');
}

describe('HTTP requests of a server recorded live', () => {
  it("at a live stop, the stopped thread's requests: those answered and the held one", async () => {
    const client = newClient();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.start();
    await client.configureLaunch(programArgs(NAME, { live: true }));
    const port = await untilPort(output, 20_000);
    expect(await httpGet(port, '/alice')).toBe('hello alice\n');
    expect(await httpGet(port, '/bob')).toBe('hello bob\n');

    const server = fixture(NAME);
    await client.setBreakpointsRequest({
      source: { path: server },
      breakpoints: [{ line: lineOf(server, 'server-handler') }],
    });
    const stopped = client.waitForEvent('stopped', 20_000);
    const held = httpGet(port, '/carol').catch(() => 'ended unanswered');
    const stoppedEvent = (await stopped) as DebugProtocol.StoppedEvent;

    // The stop is where the program stopped (request 3), not the line's first recorded hit (request 1,
    // run before the breakpoint existed).
    const { stackFrames } = (await client.stackTraceRequest({ threadId: stoppedEvent.body.threadId! })).body;
    const handlerFrame = stackFrames[0];
    expect(handlerFrame.line).toBe(lineOf(server, 'server-handler'));
    const name = await client.evaluateRequest({
      expression: 'parsed.name',
      frameId: handlerFrame.id,
      context: 'watch',
    });
    expect(name.body.result).toBe("'carol'");

    const response = await client.request('rewind/requests', { currentThread: true });
    expect(response.success).toBe(true);
    const { requests } = response.body as RequestsBody;
    expect(
      requests.map((request) => `${request.method} ${request.url} ${request.finished ? request.status : '…'}`),
    ).toEqual(['GET /alice 200', 'GET /bob 200', 'GET /carol …']);
    expect(requests.every((request, index) => index === 0 || request.firstStep > requests[index - 1].lastStep)).toBe(
      true,
    );
    await client.disconnectRequest({ terminateDebuggee: true });
    expect(await held).toBe('ended unanswered');
  });
});
