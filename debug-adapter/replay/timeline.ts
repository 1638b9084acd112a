// The timeline webview's level-of-detail summary: per bucket the deepest call depth and the
// function at each depth at that deepest moment, read from the index's per-64-step and coarser summaries
// (threadIndex.ts SUMMARY_SHIFT, COARSE_SHIFT; so the whole recording answers in milliseconds), plus markers and wall-clock samples.
import { eventEnd } from '../../runtime/format';
import { upperBound } from '../trace/columns';
import { COARSE_SHIFT, SUMMARY_SHIFT, type ThreadIndex } from '../trace/threadIndex';
import type { TimelineBucket, TimelineFunction, TimelineMarker, TimelineResult } from './api';
import type { StepList } from './hitLists';
import type { Locations } from './locations';

const MAX_LEVELS = 256;

export interface MarkerSource {
  kind: TimelineMarker['kind'];
  steps: StepList;
  text?: (index: number) => string | undefined;
}

/**
 * The deepest step in [start, end] from the two summary levels: a coarse block (4096 steps) or
 * fine block (64 steps) answers when its deepest step lies in the range; only the ragged edges
 * of fine blocks are scanned step by step.
 */
function deepestStep(thread: ThreadIndex, start: number, end: number): number {
  let best = start;
  let bestDepth = -1;
  const take = (depth: number, step: number) => {
    if (depth > bestDepth) {
      bestDepth = depth;
      best = step;
    }
  };
  const coarseShift = SUMMARY_SHIFT + COARSE_SHIFT;
  let step = start;
  while (step <= end) {
    const coarse = step >>> coarseShift;
    const coarseEnd = ((coarse + 1) << coarseShift) - 1;
    const coarseDeepest = thread.coarseDeepestStep.get(coarse);
    if (coarseEnd <= end && coarseDeepest >= step) {
      take(thread.coarseMaxDepth.get(coarse), coarseDeepest);
      step = coarseEnd + 1;
      continue;
    }
    const block = step >>> SUMMARY_SHIFT;
    const blockEnd = Math.min(end, ((block + 1) << SUMMARY_SHIFT) - 1);
    const deepest = thread.summaryDeepestStep.get(block);
    if (deepest >= step && deepest <= blockEnd) take(thread.summaryMaxDepth.get(block), deepest);
    else for (let each = step; each <= blockEnd; each++) take(thread.depthOf(thread.stepActivation.get(each)), each);
    step = blockEnd + 1;
  }
  return best;
}

export function timeline(
  thread: ThreadIndex,
  locations: Locations,
  request: { startStep: number; endStep: number; bucketCount: number; currentStep: number; markers: MarkerSource[] },
): TimelineResult {
  const total = thread.stepCount;
  const startStep = Math.max(0, Math.min(request.startStep, total - 1));
  const endStep = Math.max(startStep, Math.min(request.endStep, total - 1));
  const span = endStep - startStep + 1;
  const bucketCount = Math.max(1, Math.min(request.bucketCount, span, 10_000));
  const buckets: TimelineBucket[] = [];
  const functionIds = new Set<number>();
  if (total > 0) {
    // Wide buckets snap their edges to summary blocks, so no bucket scans single steps.
    const stepsPerBucket = span / bucketCount;
    const unit =
      stepsPerBucket >= 8 << (SUMMARY_SHIFT + COARSE_SHIFT)
        ? 1 << (SUMMARY_SHIFT + COARSE_SHIFT)
        : stepsPerBucket >= 8 << SUMMARY_SHIFT
          ? 1 << SUMMARY_SHIFT
          : 1;
    const edge = (bucket: number) => {
      if (bucket === 0) return startStep;
      if (bucket === bucketCount) return endStep + 1;
      const exact = startStep + Math.floor((span * bucket) / bucketCount);
      return Math.round(exact / unit) * unit;
    };
    for (let bucket = 0; bucket < bucketCount; bucket++) {
      const first = edge(bucket);
      const last = edge(bucket + 1) - 1;
      if (last < first) continue;
      const deepest = deepestStep(thread, first, last);
      const depths = stackFunctions(thread, deepest);
      depths.forEach((id) => id >= 0 && functionIds.add(id));
      buckets.push({ startStep: first, endStep: last, maxDepth: depths.length - 1, depths });
    }
  }
  const functions: TimelineFunction[] = [...functionIds].map((id) => {
    const span = locations.span(id);
    return { id, name: locations.functionName(id), path: span.path ?? '', line: span.line1 };
  });
  return {
    totalSteps: total,
    startStep,
    endStep,
    buckets,
    functions,
    markers: markers(request.markers, buckets),
    currentStep: request.currentStep,
    wallTimeMs: wallTimes(thread, startStep, endStep),
  };
}

/** Function probe per depth (0 = bottom) of the stack at a step. */
function stackFunctions(thread: ThreadIndex, stepIndex: number): number[] {
  const chain: number[] = [];
  for (
    let activation = thread.stepActivation.get(stepIndex);
    activation >= 0 && chain.length < MAX_LEVELS;
    activation = thread.actBelow.get(activation)
  ) {
    chain.push(thread.frameProbe.get(thread.actFrame.get(activation)));
  }
  return chain.reverse();
}

/** At most one marker per kind per bucket (the first), so a flood of output stays drawable. */
function markers(sources: MarkerSource[], buckets: TimelineBucket[]): TimelineMarker[] {
  const result: TimelineMarker[] = [];
  for (const source of sources) {
    for (const bucket of buckets) {
      const index = upperBound(source.steps.length, bucket.startStep - 1, (at) => source.steps.get(at));
      if (index >= source.steps.length || source.steps.get(index) > bucket.endStep) continue;
      result.push({ step: source.steps.get(index), kind: source.kind, text: source.text?.(index) });
    }
  }
  return result.sort((a, b) => a.step - b.step);
}

/**
 * About when a step ran: the wall time of the first clock sample at or after it (samples are
 * sparse, taken as the drain receives events), else of the last one before it (the program ended
 * before the next sample); undefined when the thread has no sample at all.
 */
export function wallTimeByStep(thread: ThreadIndex, stepIndex: number): number | undefined {
  const samples = wallTimes(thread, 0, Number.MAX_SAFE_INTEGER) ?? [];
  return (samples.find((sample) => sample.step >= stepIndex) ?? samples[samples.length - 1])?.timeMs;
}

function wallTimes(
  thread: ThreadIndex,
  startStep: number,
  endStep: number,
): Array<{ step: number; timeMs: number }> | undefined {
  if (thread.timeSamples.length === 0) return undefined;
  const marks = thread.eventMarks;
  const samples: Array<{ step: number; timeMs: number }> = [];
  for (const sample of thread.timeSamples) {
    const at = upperBound(marks.length, sample.eventIndex, (index) => marks[index].eventIndex) - 1;
    const step = at >= 0 ? stepAtEvent(thread, marks[at], sample.eventIndex) : 0;
    if (step >= startStep && step <= endStep) samples.push({ step, timeMs: sample.wallTimeMs });
  }
  return samples;
}

/** The step about to run when the producer had emitted `eventIndex` events: walk the record from its start. */
function stepAtEvent(
  thread: ThreadIndex,
  mark: { eventIndex: number; stepIndex: number; wordOffset: number },
  eventIndex: number,
): number {
  const words = thread.words;
  let step = mark.stepIndex;
  let offset = mark.wordOffset;
  for (let event = mark.eventIndex; event < eventIndex && offset < words.totalWords; event++) {
    words.locate(offset);
    if (thread.isStepEvent(words.words[words.local], offset)) step++;
    offset += eventEnd(words.words, words.local) - words.local;
  }
  return step;
}
