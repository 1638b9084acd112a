// Protocol invariants that hold before any recording exists: the capabilities golden (DAP-01),
// malformed and unknown input answered while the session goes on (DAP-02), exactly one response
// per request with seq rising by one and nothing after the disconnect response (DAP-04).
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingClient } from './support/client';
import { expectGolden, transcript } from './support/golden';
import { RawAdapter, type RawMessage } from './support/rawAdapter';

let raw: RawAdapter | undefined;
let client: RecordingClient | undefined;
afterEach(async () => {
  raw?.kill();
  raw = undefined;
  await client?.close();
  client = undefined;
});

const INITIALIZE = {
  seq: 1,
  type: 'request',
  command: 'initialize',
  arguments: { adapterID: 'rewind', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true },
};

function responses(messages: RawMessage[]): RawMessage[] {
  return messages.filter((message) => message.type === 'response');
}

describe('capabilities (DAP-01)', () => {
  it('match the golden file', async () => {
    client = new RecordingClient();
    await client.start();
    const initialized = client.waitForEvent('initialized');
    await client.initializeRequest({
      adapterID: 'rewind',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    await initialized;
    expectGolden('capabilities', transcript(client.log));
  });

  it('offer stepping back but never setVariable (history is read-only)', async () => {
    client = new RecordingClient();
    await client.start();
    const { body } = await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    expect(body).toMatchObject({
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsDataBreakpoints: true,
      supportsSetVariable: false,
    });
    expect(body?.exceptionBreakpointFilters?.map((filter) => filter.filter)).toEqual(['all', 'uncaught']);
  });
});

describe('rewind dap', () => {
  it('serves the same adapter on stdio', async () => {
    raw = new RawAdapter(['dist/cli.js', 'dap']);
    raw.send(INITIALIZE);
    await raw.until((messages) => messages.some((message) => message.event === 'initialized'));
    expect(raw.responseTo(1)).toMatchObject({ success: true, body: { supportsStepBack: true } });
  });
});

describe('malformed and unknown input (DAP-02, DAP-04)', () => {
  it('answers bad JSON, bad headers, non-requests and unknown commands, and keeps serving', async () => {
    raw = new RawAdapter();
    raw.send(INITIALIZE);
    raw.writeRaw('Content-Length: 9\r\n\r\n{"seq": 2');
    raw.writeRaw('Content-Length: nope\r\n\r\n');
    raw.send([1, 2, 3]);
    raw.send({ seq: 3, type: 'request' });
    raw.send({ seq: 4, type: 'request', command: 'noSuchCommand', arguments: {} });
    raw.send({ seq: 5, type: 'request', command: 'stackTrace', arguments: 'not an object' });
    raw.send({ seq: 6, type: 'request', command: 'threads' });
    await raw.until(() => raw!.responseTo(6) !== undefined);
    expect(raw.responseTo(1)?.success).toBe(true);
    expect(raw.responseTo(3)).toMatchObject({ success: false });
    expect(raw.responseTo(4)).toMatchObject({ success: false, command: 'noSuchCommand' });
    expect(raw.responseTo(4)?.message).toContain('[rewind:dap]');
    expect(raw.responseTo(5)?.message).toContain('"arguments" must be an object');
    expect(raw.responseTo(6)).toMatchObject({ success: true, body: { threads: [{ id: 1, name: 'main' }] } });
    // bad JSON, bad header and the array each got an error response too (request_seq 0: unknowable)
    const anonymous = responses(raw.messages).filter((message) => message.request_seq === 0);
    expect(anonymous.length).toBe(3);
    expect(
      anonymous.every(
        (message) => message.success === false && message.message?.startsWith('[rewind:dap] malformed message'),
      ),
    ).toBe(true);
    expect(raw.exited).toBe(false);
  });

  it('answers each request exactly once, seq rising by one, nothing after the disconnect response', async () => {
    raw = new RawAdapter();
    raw.send(INITIALIZE);
    const commands = [
      'threads',
      'bogus',
      'stackTrace',
      'variables',
      'evaluate',
      'rewind/timeline',
      'next',
      'stepBack',
      'scopes',
      'launch',
    ];
    commands.forEach((command, index) => raw!.send({ seq: index + 2, type: 'request', command, arguments: {} }));
    const disconnectSeq = commands.length + 2;
    raw.send({ seq: disconnectSeq, type: 'request', command: 'disconnect', arguments: {} });
    await raw.until(() => raw!.responseTo(disconnectSeq) !== undefined);
    raw.send({ seq: disconnectSeq + 1, type: 'request', command: 'threads' });
    await raw.until(() => raw!.exited, 5000);
    for (let seq = 1; seq <= disconnectSeq; seq++) {
      expect(
        responses(raw.messages).filter((message) => message.request_seq === seq),
        `responses to ${seq}`,
      ).toHaveLength(1);
    }
    expect(raw.messages.map((message) => message.seq)).toEqual(raw.messages.map((_, index) => index + 1));
    expect(raw.messages[raw.messages.length - 1]).toMatchObject({ type: 'response', command: 'disconnect' });
  });
});
