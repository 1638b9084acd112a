// Where the request span layer draws each HTTP request: from its first to its last step in the
// timeline's pixels, only the visible ones, overlapping requests on separate rows, labelled with
// method, URL and status (an unfinished one marked, a failed one drawn as failed with its error).
import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../protocol/requests';
import { placeRequestSpans } from '../../webview/ui/requestSpans';

const request = (
  id: number,
  firstStep: number,
  lastStep: number,
  extra: Partial<RequestSummary> = {},
): RequestSummary => ({
  threadId: 1,
  id,
  kind: 'server',
  method: 'GET',
  url: `/orders/${id}`,
  status: 200,
  firstStep,
  lastStep,
  finished: true,
  ...extra,
});

describe('request spans', () => {
  it('spans a request from its first to its last step, in the view', () => {
    const [span] = placeRequestSpans([request(42, 100, 199)], { startStep: 0, endStep: 1000 }, 500);
    expect(span).toEqual({
      label: 'GET /orders/42 200',
      firstStep: 100,
      xPx: 50,
      widthPx: 50,
      row: 0,
      failed: false,
    });
  });

  it('leaves out requests outside the view and stacks overlapping ones', () => {
    const spans = placeRequestSpans(
      [request(1, 0, 50), request(2, 40, 80), request(3, 90, 95), request(4, 2000, 2100)],
      { startStep: 0, endStep: 100 },
      100,
    );
    expect(spans.map((span) => [span.firstStep, span.row])).toEqual([
      [0, 0],
      [40, 1],
      [90, 0],
    ]);
  });

  it('marks an unfinished request', () => {
    const [span] = placeRequestSpans(
      [request(7, 0, 9, { status: 0, finished: false })],
      { startStep: 0, endStep: 10 },
      10,
    );
    expect(span.label).toBe('GET /orders/7 …');
  });

  it('marks a failed client request, its label saying why', () => {
    const [span] = placeRequestSpans(
      [request(9, 0, 9, { kind: 'client', status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' })],
      { startStep: 0, endStep: 10 },
      10,
    );
    expect(span).toMatchObject({
      label: 'GET /orders/9 failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
      failed: true,
    });
  });

  it('names the server request a client request was made for, refused ones too', () => {
    const spans = placeRequestSpans(
      [
        request(1, 0, 9),
        request(2, 3, 4, {
          kind: 'client',
          url: 'http://127.0.0.1:9/stock/1',
          status: 0,
          error: 'ECONNREFUSED',
          cause: { threadId: 1, id: 1, firstStep: 0 },
        }),
      ],
      { startStep: 0, endStep: 10 },
      10,
    );
    expect(spans.map((span) => span.label)).toEqual([
      'GET /orders/1 200',
      'GET http://127.0.0.1:9/stock/1 failed: ECONNREFUSED (for GET /orders/1)',
    ]);
  });
});
