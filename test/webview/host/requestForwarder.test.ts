// The host relays a validated webview request to the session's custom DAP request and always
// answers exactly once: the sanitised body, or a failure with a message.
import { describe, expect, it } from 'vitest';
import { forwardRequest, type CustomRequester } from '../../../extension/timeline/requestForwarder';

const seek = { type: 'request', requestId: 4, command: 'rewind/seek', args: { step: 12 } } as const;
const search = { type: 'request', requestId: 5, command: 'rewind/search', args: { query: 'main', limit: 10 } } as const;

function session(answer: (command: string, args: unknown) => unknown): CustomRequester & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    customRequest: async (command, args) => {
      calls.push([command, args]);
      return answer(command, args);
    },
  };
}

describe('forwardRequest', () => {
  it('calls the custom request of the same name with the same arguments', async () => {
    const fake = session(() => undefined);
    expect(await forwardRequest(fake, seek)).toEqual({
      type: 'response',
      requestId: 4,
      command: 'rewind/seek',
      success: true,
      body: {},
    });
    expect(fake.calls).toEqual([['rewind/seek', { step: 12 }]]);
  });

  it('passes a body through with unknown fields dropped', async () => {
    const fake = session(() => ({
      matches: [{ step: 1, label: 'main', path: '/a.js', line: 2, internal: 1 }],
      total: 1,
      cursor: 'x',
    }));
    expect(await forwardRequest(fake, search)).toEqual({
      type: 'response',
      requestId: 5,
      command: 'rewind/search',
      success: true,
      body: { matches: [{ step: 1, label: 'main', path: '/a.js', line: 2 }], total: 1 },
    });
  });

  it('turns adapter errors, malformed bodies and a missing session into failures', async () => {
    const failing = session(() => {
      throw new Error('no such step');
    });
    expect(await forwardRequest(failing, seek)).toMatchObject({
      requestId: 4,
      success: false,
      message: 'no such step',
    });
    expect(
      await forwardRequest(
        session(() => ({ matches: 'x', total: 1 })),
        search,
      ),
    ).toMatchObject({ success: false, message: expect.stringContaining('malformed') });
    expect(await forwardRequest(undefined, seek)).toMatchObject({
      success: false,
      message: expect.stringContaining('No active Rewind'),
    });
  });

  it('bounds the length of error messages', async () => {
    const failing = session(() => {
      throw new Error('x'.repeat(10_000));
    });
    const response = await forwardRequest(failing, seek);
    expect(response.success === false && response.message.length).toBe(2000);
  });
});
