// The timeline webview's level-of-detail summary: per bucket the deepest call depth and the
// function at each depth at that deepest moment, found by the history's summaries (per 64 steps
// and coarser, so the whole recording answers in milliseconds), plus markers (emitted events' listeners
// among them) and wall-clock samples.
import {
  SUMMARY_BLOCK_STEPS,
  COARSE_BLOCK_STEPS,
  upperBound,
  type StepList,
  type ThreadHistory,
} from '../trace/history';
import type { ProducerProbeId } from '../../runtime/format';
import type { TimelineBucket, TimelineFunction, TimelineMarker, TimelineResult } from './api';
import type { Locations } from './locations';

const MAX_LEVELS = 256;

export interface MarkerSource {
  kind: TimelineMarker['kind'];
  steps: StepList;
  text?: (index: number) => string | undefined;
}

/**
 * Each listener an emit ran (the program's or Node's: an http server's 'request', a stream's 'data'),
 * at its first step, named by its event ("EventEmitter 'request'"); one whose steps are no longer
 * kept stands at the first kept step.
 */
export function emitMarkers(thread: ThreadHistory): MarkerSource {
  const activations = thread.listenerActivations();
  return {
    kind: 'emit',
    steps: {
      length: activations.length,
      get: (index) => Math.max(thread.firstStep, thread.activationStart(activations[index])),
    },
    text: (index) => thread.listenerLabel(activations[index]),
  };
}

export function timeline(
  thread: ThreadHistory,
  locations: Locations,
  request: { startStep: number; endStep: number; bucketCount: number; currentStep: number; markers: MarkerSource[] },
): TimelineResult {
  const total = thread.endStep;
  const first = thread.firstStep;
  const startStep = Math.max(first, Math.min(request.startStep, total - 1));
  const endStep = Math.max(startStep, Math.min(request.endStep, total - 1));
  const span = endStep - startStep + 1;
  const bucketCount = Math.max(1, Math.min(request.bucketCount, span, 10_000));
  const buckets: TimelineBucket[] = [];
  const functionIds = new Set<ProducerProbeId>();
  if (total > first) {
    // Wide buckets snap their edges to summary blocks (which start at the first kept step), so no
    // bucket scans single steps.
    const stepsPerBucket = span / bucketCount;
    const unit =
      stepsPerBucket >= 8 * COARSE_BLOCK_STEPS
        ? COARSE_BLOCK_STEPS
        : stepsPerBucket >= 8 * SUMMARY_BLOCK_STEPS
          ? SUMMARY_BLOCK_STEPS
          : 1;
    const edge = (bucket: number) => {
      if (bucket === 0) return startStep;
      if (bucket === bucketCount) return endStep + 1;
      const exact = startStep + Math.floor((span * bucket) / bucketCount);
      return first + Math.round((exact - first) / unit) * unit;
    };
    for (let bucket = 0; bucket < bucketCount; bucket++) {
      const from = edge(bucket);
      const last = edge(bucket + 1) - 1;
      if (last < from) continue;
      const deepest = thread.deepestStep(from, last);
      const depths = stackFunctions(thread, deepest);
      depths.forEach((id) => id >= 0 && functionIds.add(id));
      buckets.push({ startStep: from, endStep: last, maxDepth: depths.length - 1, depths });
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
function stackFunctions(thread: ThreadHistory, stepIndex: number): ProducerProbeId[] {
  return thread.stackProbesAt(stepIndex, MAX_LEVELS).reverse();
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
export function wallTimeByStep(thread: ThreadHistory, stepIndex: number): number | undefined {
  const samples = thread.wallTimes();
  return (samples.find((sample) => sample.step >= stepIndex) ?? samples[samples.length - 1])?.timeMs;
}

function wallTimes(
  thread: ThreadHistory,
  startStep: number,
  endStep: number,
): Array<{ step: number; timeMs: number }> | undefined {
  const samples = thread.wallTimes();
  if (samples.length === 0) return undefined;
  // One sample either side of the range too: a step between the range's last sample and the next
  // one (often the sample one past the run's last step) still has two to interpolate between.
  const first = upperBound(samples.length, startStep - 1, (at) => samples[at].step);
  const end = upperBound(samples.length, endStep, (at) => samples[at].step);
  return samples.slice(Math.max(0, first - 1), Math.min(samples.length, end + 1));
}
