// The request span layer: the HTTP requests of the thread the timeline shows (`rewind/requests`
// with currentThread) as labelled spans under the timeline, each from its first to its last step,
// filtered by a text box ("GET /orders/42"); a click jumps to the request's first step. A client
// request names the server request it was made for. Text only
// (SEC-06). Knows the step ↔ pixel geometry (layout.ts) and the jump callback, not the timeline.
import type { HostClient } from '../host';
import { bucketSpan, type Viewport } from '../layout';
import type { RequestSummary } from '../../protocol/requests';
import { el } from './dom';

const DEBOUNCE_MS = 250;
/** Spans drawn at most: the filter narrows them. */
const MAX_SPANS = 500;

export interface PlacedSpan {
  label: string;
  firstStep: number;
  xPx: number;
  widthPx: number;
  /** Row, so overlapping requests (a server's concurrent ones) do not cover each other. */
  row: number;
  /** A client request that failed (refused, reset): drawn as failed, its label saying why. */
  failed: boolean;
}

/** Where each request goes: visible ones only, in rows packed first-fit. Pure, for the tests. */
export function placeRequestSpans(
  requests: readonly RequestSummary[],
  view: Viewport,
  widthPx: number,
  maxRows = 4,
): PlacedSpan[] {
  const rowEnds: number[] = [];
  const placed: PlacedSpan[] = [];
  const byId = new Map(requests.map((each) => [`${each.threadId}:${each.id}`, each]));
  const ordered = [...requests].sort((a, b) => a.firstStep - b.firstStep);
  for (const request of ordered) {
    if (request.lastStep < view.startStep || request.firstStep >= view.endStep) continue;
    const span = bucketSpan(request.firstStep, request.lastStep + 1, view, widthPx);
    let row = rowEnds.findIndex((end) => end <= span.xPx);
    if (row < 0) row = rowEnds.length < maxRows ? rowEnds.length : maxRows - 1;
    rowEnds[row] = span.xPx + span.widthPx;
    const status = request.error
      ? ` failed: ${request.error}`
      : request.status
        ? ` ${request.status}`
        : request.finished
          ? ''
          : ' …';
    // A client request made while handling a server request says for which (a refused one has no other link).
    const cause = request.cause && byId.get(`${request.cause.threadId}:${request.cause.id}`);
    const made = cause ? ` (for ${cause.method} ${cause.url})` : '';
    placed.push({
      label: `${request.method} ${request.url}${status}${made}`,
      firstStep: request.firstStep,
      ...span,
      row,
      failed: request.error !== undefined,
    });
  }
  return placed;
}

export class RequestSpans {
  readonly element = el('div', { id: 'request-spans', role: 'group', 'aria-label': 'HTTP requests' });
  readonly input = el('input', {
    id: 'request-filter',
    type: 'search',
    placeholder: 'Filter requests (GET /orders/42)',
    'aria-label': 'Filter the HTTP requests shown under the timeline',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  private readonly strip = el('div', { id: 'request-strip' });
  private requests: RequestSummary[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly host: HostClient,
    private readonly jump: (step: number) => void,
    private readonly changed: () => void,
  ) {
    this.element.append(this.input, this.strip);
    this.element.hidden = true;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), DEBOUNCE_MS);
    });
  }

  /** Asks for the requests again (a new stop may be on another thread; the filter changed). */
  load(): void {
    const asked = ++this.asked;
    const filter = this.input.value.trim();
    this.host.request('rewind/requests', { limit: MAX_SPANS, currentThread: true, ...(filter ? { filter } : {}) }).then(
      (body) => {
        if (asked !== this.asked) return;
        this.requests = body.requests;
        // Shown once the recording has a request; kept while a filter hides them all.
        this.element.hidden = body.requests.length === 0 && filter === '';
        this.changed();
      },
      () => undefined,
    );
  }

  place(view: Viewport, widthPx: number): void {
    const spans = placeRequestSpans(this.requests, view, widthPx);
    this.strip.replaceChildren(
      ...spans.map((span) => {
        const button = el('button', {
          class: span.failed ? 'request-span failed' : 'request-span',
          type: 'button',
          title: span.label,
        });
        button.textContent = span.label;
        button.style.left = `${span.xPx}px`;
        button.style.width = `${span.widthPx}px`;
        button.style.top = `${span.row * 18}px`;
        button.addEventListener('click', () => this.jump(span.firstStep));
        return button;
      }),
    );
  }
}
