// Decides which level-of-detail buckets to fetch and keeps at most one request in flight per
// view: while one is out, newer wishes replace each other and only the latest is asked next.
// Knows the host client and the layout math, not how anything is drawn.
import type { HostClient } from './host';
import { bucketRequestFor, coversView, type BucketRequest, type Viewport } from './layout';
import type { LoadedRange, TimelineModel } from './model';

export class RangeLoader {
  private inFlight: BucketRequest | undefined;
  private wanted: BucketRequest | undefined;
  private generation = 0;

  constructor(
    private readonly host: HostClient,
    private readonly onLoaded: (range: LoadedRange) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Ask for `request` unless it or a covering answer is already out. */
  want(request: BucketRequest): void {
    this.wanted = request;
    this.pump();
  }

  /** Forget everything, e.g. when the session changes; late answers are ignored. */
  reset(): void {
    this.generation++;
    this.inFlight = undefined;
    this.wanted = undefined;
  }

  private pump(): void {
    const request = this.wanted;
    if (this.inFlight !== undefined || request === undefined) return;
    this.wanted = undefined;
    this.inFlight = request;
    const generation = this.generation;
    this.host
      .request('rewind/timeline', request)
      .then(
        (body) => {
          if (generation === this.generation) this.onLoaded({ request, body });
        },
        (error: Error) => {
          if (generation === this.generation) this.onError(error);
        },
      )
      .finally(() => {
        if (generation !== this.generation) return;
        this.inFlight = undefined;
        this.pump();
      });
  }
}

/** The detail request for a view, or undefined when the data already loaded (or asked for) draws it sharply. */
export function detailRequestFor(
  model: TimelineModel,
  view: Viewport,
  widthPx: number,
  asked: BucketRequest | undefined,
): BucketRequest | undefined {
  if (model.totalSteps === 0) return undefined;
  for (const loaded of [model.detail, model.overview])
    if (loaded !== undefined && coversView(loaded.request, view, widthPx)) return undefined;
  if (asked !== undefined && coversView(asked, view, widthPx)) return undefined;
  return bucketRequestFor(view, widthPx, model.totalSteps);
}

export function overviewRequestFor(totalSteps: number, widthPx: number): BucketRequest {
  return bucketRequestFor({ startStep: 0, endStep: Math.max(1, totalSteps) }, widthPx, totalSteps, 0);
}
