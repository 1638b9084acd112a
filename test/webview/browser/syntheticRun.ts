// A synthetic 10-million-step recording computed on demand: the fake adapter answers
// `rewind/timeline`, `rewind/search` and `rewind/console` from formulas, never from per-step
// arrays. Function names, marker texts and console lines include hostile strings (SEC-06 tests).
// Runs in the browser page (bundled into the fake host) and in Node tests alike.
import type {
  ConsoleBody,
  FunctionInfo,
  SearchBody,
  TimelineArgs,
  TimelineBody,
  TimelineMarker,
} from '../../../protocol/requests';

export const TOTAL_STEPS = 10_000_000;
export const MAX_DEPTH = 11;
export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_SCRIPT = '</script><script>window.__pwned=2</script>';
export const CONSOLE_TOTAL = 500;

const NAMES = [
  'main',
  'runServer',
  'handleRequest',
  HOSTILE_NAME,
  'parseHeaders',
  HOSTILE_SCRIPT,
  'route',
  'render',
  'compile',
  'visit',
  'emit',
  'flush',
  'hash',
  'encode',
  'decode',
  'query',
  'sortRows',
  'mergeSort',
  'compare',
];
export const FUNCTIONS: FunctionInfo[] = NAMES.map((name, id) => ({
  id,
  name,
  path: `/work/app/src/${id === 3 ? '"><img src=x>' : `mod${id}`}.js`,
  line: 10 + id * 3,
}));

export function periodOf(depth: number): number {
  return Math.max(1, Math.floor(TOTAL_STEPS / 4 ** depth));
}

/** Deepest level present at a step: levels continue while their segment index is not 2 mod 3. */
export function maxDepthAt(step: number): number {
  let depth = 1;
  while (depth <= MAX_DEPTH && Math.floor(step / periodOf(depth)) % 3 !== 2) depth++;
  return depth - 1;
}

export function functionAt(depth: number, step: number): number {
  if (depth === 0) return 0;
  return ((depth * 7 + Math.floor(step / periodOf(depth))) % (NAMES.length - 1)) + 1;
}

const MARKERS: TimelineMarker[] = [
  ...Array.from({ length: 10 }, (_, index) => ({ step: index * 1_000_000 + 123, kind: 'breakpoint' as const })),
  { step: 3_333_333, kind: 'exception', text: `TypeError: ${HOSTILE_NAME}` },
  { step: 7_777_777, kind: 'exception', text: HOSTILE_SCRIPT },
  ...Array.from({ length: 40 }, (_, index) => ({
    step: index * 250_000 + 77,
    kind: 'console' as const,
    text: `log ${index}`,
  })),
  ...Array.from({ length: 7 }, (_, index) => ({
    step: index * 1_500_000 + 7,
    kind: 'logpoint' as const,
    text: `x = ${index}`,
  })),
  { step: 5_000_000, kind: 'gap', text: 'lost 1234 events' },
];

export function timeline(args: TimelineArgs): TimelineBody {
  const endStep = Math.min(args.endStep, TOTAL_STEPS);
  const startStep = Math.min(args.startStep, endStep);
  const count = Math.max(1, Math.min(args.bucketCount, endStep - startStep));
  const used = new Set<number>();
  const buckets = Array.from({ length: count }, (_, index) => {
    const from = startStep + Math.floor((index * (endStep - startStep)) / count);
    const to = startStep + Math.floor(((index + 1) * (endStep - startStep)) / count);
    const middle = Math.floor((from + Math.max(from, to - 1)) / 2);
    const maxDepth = maxDepthAt(middle);
    const depths = Array.from({ length: maxDepth + 1 }, (_, depth) => functionAt(depth, middle));
    for (const id of depths) used.add(id);
    return { startStep: from, endStep: Math.max(to, from + 1), maxDepth, depths };
  });
  const wallTimeMs = [];
  for (let step = Math.ceil(startStep / 500_000) * 500_000; step <= endStep; step += 500_000)
    wallTimeMs.push({ step, timeMs: step / 1000 });
  return {
    totalSteps: TOTAL_STEPS,
    startStep,
    endStep,
    buckets,
    currentStep: 0,
    functions: FUNCTIONS.filter((fn) => used.has(fn.id)),
    markers: MARKERS.filter((marker) => marker.step >= startStep && marker.step < endStep),
    wallTimeMs,
  };
}

export function search(query: string, limit = 100): SearchBody {
  const needle = query.toLowerCase();
  const hits = FUNCTIONS.filter(
    (fn) => fn.name.toLowerCase().includes(needle) || `${fn.path}:${fn.line}`.endsWith(query),
  );
  const matches = hits.flatMap((fn) =>
    Array.from({ length: 50 }, (_, index) => ({
      step: fn.id * 1000 + index * 197_003,
      label: fn.name,
      path: fn.path,
      line: fn.line,
    })),
  );
  return { matches: matches.slice(0, limit), total: matches.length };
}

export function consoleMessage(index: number): ConsoleBody['messages'][number] {
  const text = index === 3 ? HOSTILE_NAME : index === 4 ? HOSTILE_SCRIPT : `message ${index}`;
  return { step: index * 20_000 + 5, stream: index % 10 === 9 ? 'stderr' : 'stdout', text };
}

export function consolePage(startIndex: number, count: number): ConsoleBody {
  const end = Math.min(CONSOLE_TOTAL, startIndex + count);
  return {
    total: CONSOLE_TOTAL,
    messages: Array.from({ length: Math.max(0, end - startIndex) }, (_, offset) => consoleMessage(startIndex + offset)),
  };
}
