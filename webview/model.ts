// What the webview knows about the recording: run length, current step, the level-of-detail
// buckets last fetched for the overview and the detail view, function names and clock samples.
// Never holds per-step arrays for the whole run. Knows nothing about drawing or messages.
import type { BucketRequest } from './layout';
import type { FunctionInfo, TimelineBody, TimelineBucket, WallTimeSample } from '../protocol/requests';

export interface LoadedRange {
  request: BucketRequest;
  body: TimelineBody;
}

/** Function names arrive with the buckets that use them; past this many we start over. */
const MAX_KNOWN_FUNCTIONS = 200_000;
const MAX_WALL_SAMPLES = 100_000;

export class TimelineModel {
  totalSteps = 0;
  currentStep = 0;
  sessionId: string | undefined;
  overview: LoadedRange | undefined;
  detail: LoadedRange | undefined;
  readonly functions = new Map<number, FunctionInfo>();
  /** Sorted by step, no duplicate steps. */
  wallTimes: WallTimeSample[] = [];

  reset(sessionId: string | undefined): void {
    this.sessionId = sessionId;
    this.totalSteps = 0;
    this.currentStep = 0;
    this.overview = undefined;
    this.detail = undefined;
    this.functions.clear();
    this.wallTimes = [];
  }

  absorb(body: TimelineBody): void {
    this.totalSteps = body.totalSteps;
    if (this.functions.size + body.functions.length > MAX_KNOWN_FUNCTIONS) this.functions.clear();
    for (const fn of body.functions) this.functions.set(fn.id, fn);
    if (body.wallTimeMs !== undefined && body.wallTimeMs.length > 0)
      this.wallTimes = mergeSamples(this.wallTimes, body.wallTimeMs);
  }

  /** The function drawn at (step, depth): from the detail data when it covers the step, else the overview. */
  functionAt(step: number, depth: number): FunctionInfo | undefined {
    for (const range of [this.detail, this.overview]) {
      if (range === undefined) continue;
      const bucket = bucketAt(range.body.buckets, step);
      if (bucket === undefined) continue;
      const id = depth <= bucket.maxDepth ? bucket.depths[depth] : -1;
      return id === undefined || id < 0 ? undefined : this.functions.get(id);
    }
    return undefined;
  }

  /**
   * Time since the run started at a step (issue 15 §5: the position read "t = 1796246914.64 s",
   * raw epoch time). The earliest sample is the run's start: the overview, loaded first, spans
   * the whole run, so its samples include the first one.
   */
  sinceStartAt(step: number): number | undefined {
    const timeMs = this.timeAt(step);
    return timeMs === undefined ? undefined : timeMs - this.wallTimes[0].timeMs;
  }

  /** Wall-clock time at a step, interpolated between the sparse samples; undefined without samples around it. */
  timeAt(step: number): number | undefined {
    const samples = this.wallTimes;
    if (samples.length === 0) return undefined;
    const after = lowerBound(samples, step, (sample) => sample.step);
    if (after < samples.length && samples[after].step === step) return samples[after].timeMs;
    if (after === 0 || after === samples.length) return undefined;
    const a = samples[after - 1];
    const b = samples[after];
    return a.timeMs + ((b.timeMs - a.timeMs) * (step - a.step)) / (b.step - a.step);
  }
}

/** The bucket whose [startStep, next bucket's startStep) holds `step`, if any. */
export function bucketAt(buckets: readonly TimelineBucket[], step: number): TimelineBucket | undefined {
  const index = lowerBound(buckets, step + 1, (bucket) => bucket.startStep) - 1;
  if (index < 0) return undefined;
  const bucket = buckets[index];
  const end = Math.max(bucket.endStep, bucket.startStep + 1, buckets[index + 1]?.startStep ?? 0);
  return step < end ? bucket : undefined;
}

/** First index whose key is >= target in an array sorted by key. */
export function lowerBound<T>(items: readonly T[], target: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(items[mid]) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function mergeSamples(a: readonly WallTimeSample[], b: readonly WallTimeSample[]): WallTimeSample[] {
  const byStep = new Map<number, number>();
  for (const sample of a) byStep.set(sample.step, sample.timeMs);
  for (const sample of b) byStep.set(sample.step, sample.timeMs);
  const merged = [...byStep].map(([step, timeMs]) => ({ step, timeMs })).sort((x, y) => x.step - y.step);
  return merged.length > MAX_WALL_SAMPLES ? merged.filter((_, index) => index % 2 === 0) : merged;
}
