// The `rewind/*` contract (protocol/requests.ts): the closed schema of the webview ⇄ host messages
// (SEC-07), as tables — each row a message and whether it passes; accepted messages come back as
// fresh objects holding only known keys — and the same argument rules in the adapter's words.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { SessionContext } from '../../debug-adapter/session/context';
import { customHandlers } from '../../debug-adapter/session/handlers/custom';
import {
  argsProblem,
  LIMITS,
  parseHostMessage,
  parsePositionBody,
  parseWebviewMessage,
  sanitizeBody,
} from '../../protocol/requests';

const timelineBody = {
  totalSteps: 100,
  startStep: 0,
  endStep: 100,
  currentStep: 5,
  buckets: [
    { startStep: 0, endStep: 50, maxDepth: 1, depths: [0, -1] },
    { startStep: 50, endStep: 100, maxDepth: 0, depths: [1] },
  ],
  functions: [
    { id: 0, name: 'main', path: '/a.js', line: 1 },
    { id: 1, name: '<img src=x>', path: '/b.js', line: 2 },
  ],
  markers: [
    { step: 3, kind: 'breakpoint' },
    { step: 7, kind: 'gap', text: 'lost 3 events' },
  ],
  wallTimeMs: [
    { step: 0, timeMs: 0 },
    { step: 99, timeMs: 1.5 },
  ],
};

describe('parseWebviewMessage', () => {
  it.each([
    [{ type: 'ready' }],
    [{ type: 'focusChanged', focused: true }],
    [{ type: 'focusChanged', focused: false }],
    [
      {
        type: 'request',
        requestId: 1,
        command: 'rewind/timeline',
        args: { startStep: 0, endStep: 10_000_000, bucketCount: 1200 },
      },
    ],
    [{ type: 'request', requestId: 2, command: 'rewind/seek', args: { step: 42 } }],
    [{ type: 'request', requestId: 3, command: 'rewind/search', args: { query: 'main' } }],
    [{ type: 'request', requestId: 4, command: 'rewind/search', args: { query: 'src/a.js:12', limit: 50 } }],
    [{ type: 'request', requestId: 5, command: 'rewind/console', args: { startIndex: 0, count: 100 } }],
  ])('accepts %j', (message) => {
    expect(parseWebviewMessage(message)).toEqual(message);
  });

  it.each([
    ['a string', 'ready'],
    ['null', null],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'evaluate', expression: 'process.exit()' }],
    ['an extra key', { type: 'ready', html: '<b>' }],
    ['a focus report that is not a boolean', { type: 'focusChanged', focused: 'yes' }],
    ['a focus report without its flag', { type: 'focusChanged' }],
    ['a focus report with an extra key', { type: 'focusChanged', focused: true, step: 1 }],
    ['an unknown command', { type: 'request', requestId: 1, command: 'evaluate', args: {} }],
    ['a non-rewind DAP command', { type: 'request', requestId: 1, command: 'disconnect', args: {} }],
    ['a missing requestId', { type: 'request', command: 'rewind/seek', args: { step: 1 } }],
    ['a fractional step', { type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 1.5 } }],
    ['a negative step', { type: 'request', requestId: 1, command: 'rewind/seek', args: { step: -1 } }],
    ['a string step', { type: 'request', requestId: 1, command: 'rewind/seek', args: { step: '1' } }],
    ['NaN', { type: 'request', requestId: 1, command: 'rewind/seek', args: { step: Number.NaN } }],
    ['an extra argument', { type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 1, threadId: 1 } }],
    [
      'zero buckets',
      { type: 'request', requestId: 1, command: 'rewind/timeline', args: { startStep: 0, endStep: 1, bucketCount: 0 } },
    ],
    [
      'too many buckets',
      {
        type: 'request',
        requestId: 1,
        command: 'rewind/timeline',
        args: { startStep: 0, endStep: 1, bucketCount: LIMITS.bucketCount + 1 },
      },
    ],
    [
      'a huge query',
      {
        type: 'request',
        requestId: 1,
        command: 'rewind/search',
        args: { query: 'x'.repeat(LIMITS.searchQueryChars + 1) },
      },
    ],
    [
      'a huge console page',
      {
        type: 'request',
        requestId: 1,
        command: 'rewind/console',
        args: { startIndex: 0, count: LIMITS.consolePage + 1 },
      },
    ],
    [
      'a class instance',
      {
        type: 'request',
        requestId: 1,
        command: 'rewind/seek',
        args: new (class {
          step = 1;
        })(),
      },
    ],
    ['an own __proto__ key', JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')],
  ])('drops %s', (_label, message) => {
    expect(parseWebviewMessage(message)).toBeUndefined();
  });

  it('survives a throwing getter', () => {
    const message = {
      type: 'request',
      requestId: 1,
      command: 'rewind/seek',
      get args(): never {
        throw new Error('boom');
      },
    };
    expect(parseWebviewMessage(message)).toBeUndefined();
  });
});

describe('parseHostMessage', () => {
  const response = (command: string, body: unknown): unknown => ({
    type: 'response',
    requestId: 7,
    command,
    success: true,
    body,
  });

  it.each([
    [response('rewind/timeline', timelineBody)],
    [response('rewind/seek', {})],
    [response('rewind/search', { matches: [{ step: 1, label: 'main', path: '/a.js', line: 3 }], total: 9 })],
    [response('rewind/console', { total: 1, messages: [{ step: 4, stream: 'stderr', text: '</script>' }] })],
    [{ type: 'response', requestId: 7, command: 'rewind/seek', success: false, message: 'no such step' }],
    [{ type: 'event', event: 'rewind/position', body: { step: 3, totalSteps: 10 } }],
    [{ type: 'session', state: 'active', sessionId: 'abc' }],
    [{ type: 'session', state: 'none' }],
    [{ type: 'focus' }],
    [{ type: 'key', key: 'ArrowLeft', shiftKey: true }],
    [{ type: 'key', key: '+', shiftKey: false }],
  ])('accepts %j', (message) => {
    expect(parseHostMessage(message)).toEqual(message);
  });

  it('refuses a focus message with anything more', () => {
    expect(parseHostMessage({ type: 'focus', element: '#search-input' })).toBeUndefined();
  });

  it('refuses a key message for a key the timeline has not, or with anything more', () => {
    expect(parseHostMessage({ type: 'key', key: 'Delete', shiftKey: false })).toBeUndefined();
    expect(parseHostMessage({ type: 'key', key: 'ArrowLeft' })).toBeUndefined();
    expect(parseHostMessage({ type: 'key', key: 'ArrowLeft', shiftKey: true, code: 'x' })).toBeUndefined();
  });

  it.each([
    ['a body with an extra key', response('rewind/timeline', { ...timelineBody, html: '<b>' })],
    [
      'a bucket with an extra key',
      response('rewind/timeline', { ...timelineBody, buckets: [{ ...timelineBody.buckets[0], x: 1 }] }),
    ],
    ['an unknown marker kind', response('rewind/timeline', { ...timelineBody, markers: [{ step: 1, kind: 'html' }] })],
    [
      'a function id below -1 in depths',
      response('rewind/timeline', {
        ...timelineBody,
        buckets: [{ startStep: 0, endStep: 1, maxDepth: 0, depths: [-2] }],
      }),
    ],
    ['a non-empty seek body', response('rewind/seek', { step: 1 })],
    ['a body for another command', response('rewind/search', timelineBody)],
    ['success as a string', { type: 'response', requestId: 7, command: 'rewind/seek', success: 'true', body: {} }],
    ['an error without message', { type: 'response', requestId: 7, command: 'rewind/seek', success: false }],
    ['an unknown event', { type: 'event', event: 'output', body: { step: 3, totalSteps: 10 } }],
    [
      'a position beyond safe integers',
      { type: 'event', event: 'rewind/position', body: { step: 2 ** 60, totalSteps: 10 } },
    ],
    ['an unknown session state', { type: 'session', state: 'running' }],
    [
      'an overlong marker text',
      response('rewind/timeline', {
        ...timelineBody,
        markers: [{ step: 1, kind: 'console', text: 'x'.repeat(LIMITS.markerTextChars + 1) }],
      }),
    ],
  ])('drops %s', (_label, message) => {
    expect(parseHostMessage(message)).toBeUndefined();
  });

  it('returns fresh objects, not the input', () => {
    const message = { type: 'event', event: 'rewind/position', body: { step: 3, totalSteps: 10 } };
    const parsed = parseHostMessage(message);
    expect(parsed).not.toBe(message);
    expect((parsed as { body: unknown }).body).not.toBe(message.body);
  });
});

describe('sanitizeBody (adapter answers, on the host)', () => {
  it('keeps known fields and drops unknown ones', () => {
    const body = sanitizeBody('rewind/timeline', {
      ...timelineBody,
      debugInfo: { big: true },
      buckets: [{ ...timelineBody.buckets[0], extra: 1 }],
    });
    expect(body).toEqual({ ...timelineBody, buckets: [timelineBody.buckets[0]] });
    expect(parseHostMessage(response(body))).toBeDefined();
    function response(value: unknown): unknown {
      return { type: 'response', requestId: 1, command: 'rewind/timeline', success: true, body: value };
    }
  });

  it('cuts oversize arrays to the limits the webview accepts', () => {
    const markers = Array.from({ length: LIMITS.markers + 5 }, (_, step) => ({ step, kind: 'console' }));
    const body = sanitizeBody('rewind/timeline', { ...timelineBody, markers });
    expect(body?.markers).toHaveLength(LIMITS.markers);
    expect(
      parseHostMessage({ type: 'response', requestId: 1, command: 'rewind/timeline', success: true, body }),
    ).toBeDefined();
    expect(
      parseHostMessage({
        type: 'response',
        requestId: 1,
        command: 'rewind/timeline',
        success: true,
        body: { ...timelineBody, markers },
      }),
    ).toBeUndefined();
  });

  it('treats a missing seek body as empty', () => {
    expect(sanitizeBody('rewind/seek', undefined)).toEqual({});
  });

  it('rejects wrong types', () => {
    expect(sanitizeBody('rewind/console', { total: '3', messages: [] })).toBeUndefined();
    expect(
      sanitizeBody('rewind/search', { matches: [{ step: 1, label: 2, path: '/a', line: 1 }], total: 1 }),
    ).toBeUndefined();
  });
});

describe('argsProblem: the same argument rules, naming the field, for the adapter', () => {
  it.each([
    ['rewind/timeline', { startStep: -1, endStep: 5, bucketCount: 10 }, '"startStep" must be an integer in [0, ∞]'],
    [
      'rewind/timeline',
      { startStep: 0, endStep: 5, bucketCount: LIMITS.bucketCount + 1 },
      `"bucketCount" must be an integer in [1, ${LIMITS.bucketCount}]`,
    ],
    ['rewind/seek', {}, '"step" must be an integer in [0, ∞]'],
    ['rewind/search', { query: 7 }, `"query" must be a string of at most ${LIMITS.searchQueryChars} characters`],
    ['rewind/search', { query: 'a', limit: 0 }, `"limit" must be an integer in [1, ${LIMITS.searchMatches}]`],
    ['rewind/console', { startIndex: 0, count: 1.5 }, `"count" must be an integer in [1, ${LIMITS.consolePage}]`],
  ] as const)('%s %j: %s', (command, args, problem) => {
    expect(argsProblem(command, args)).toBe(problem);
  });

  it('accepts what the webview may send, plus the threadId a DAP client adds', () => {
    expect(argsProblem('rewind/timeline', { startStep: 0, endStep: 10, bucketCount: 1, threadId: 2 })).toBeUndefined();
    expect(argsProblem('rewind/search', { query: 'main' })).toBeUndefined();
  });

  it("the adapter refuses a request with the contract's words, before touching any recording", () => {
    const handlers = customHandlers(new SessionContext(() => undefined));
    const request = { seq: 1, type: 'request', command: 'rewind/timeline' } as DebugProtocol.Request;
    expect(() => handlers['rewind/timeline']({ startStep: 0, endStep: 1, bucketCount: 0 }, request)).toThrow(
      'rewind/timeline: "bucketCount" must be an integer in [1, 4096]',
    );
    expect(() => handlers['rewind/search']({ query: 'x'.repeat(LIMITS.searchQueryChars + 1) }, request)).toThrow(
      `rewind/search: "query" must be a string of at most ${LIMITS.searchQueryChars} characters`,
    );
  });
});

describe("parsePositionBody (the adapter's rewind/position event, on the host)", () => {
  it('keeps the two counts and refuses anything else', () => {
    expect(parsePositionBody({ step: 3, totalSteps: 10, extra: true })).toEqual({ step: 3, totalSteps: 10 });
    expect(parsePositionBody({ step: -1, totalSteps: 10 })).toBeUndefined();
    expect(parsePositionBody({ step: 1 })).toBeUndefined();
    expect(parsePositionBody(null)).toBeUndefined();
  });
});
