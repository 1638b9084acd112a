// rewind/search: "file:line" finds every execution of a line; anything else finds calls of
// functions whose name contains the query and console output that contains it. Results in time
// order, capped by `limit`.
import { producerProbeId, type ProducerProbeId } from '../../runtime/format';
import { normalisePath, type ProbeTable, type StepList, type ThreadHistory } from '../trace/history';
import type { SearchMatch, SearchResult } from './api';
import { sortedList } from './hitLists';
import type { Locations } from './locations';

/** Console output lines searched per query at most (a flood must not stall the timeline). */
const MAX_OUTPUT_SEARCHED = 200_000;
const LABEL_CHARS = 80;

export function search(
  thread: ThreadHistory,
  probes: ProbeTable,
  locations: Locations,
  query: string,
  limit = 100,
  outputText: (index: number) => string = () => '',
): SearchResult {
  const text = query.trim();
  if (!text) return { matches: [], total: 0 };
  const fileLine = /^(.+):(\d+)$/.exec(text);
  if (fileLine) return byLine(thread, probes, fileLine[1], Number(fileLine[2]), limit);
  const needle = text.toLowerCase();
  const functionProbes: ProducerProbeId[] = [];
  for (const file of probes.allFiles()) {
    file.probes.forEach((probe, localId) => {
      if (probe.kind === 'function' && probe.functionName?.toLowerCase().includes(needle))
        functionProbes.push(producerProbeId(file.probeBase, localId));
    });
  }
  // Frames are listed in creation (time) order, so the first `limit` of each function suffice.
  let total = 0;
  const candidates: number[] = [];
  for (const probe of functionProbes) {
    const frames = thread.framesOfFunction(probe);
    if (!frames) continue;
    total += frames.length;
    for (let index = 0; index < Math.min(frames.length, limit); index++) {
      const step = thread.frameEntryStep(frames.get(index));
      if (step >= 0) candidates.push(step);
    }
  }
  const steps = sortedList(candidates);
  const result = collect(steps, limit, (step) => {
    const frameProbe = thread.frameProbe(thread.frameAt(step));
    const span = locations.span(thread.probeAt(step));
    return { step, label: `${locations.functionName(frameProbe)}()`, path: span.path ?? '', line: span.line1 };
  });
  const output = outputMatches(thread, locations, needle, limit, outputText);
  const matches = [...result.matches, ...output.matches].sort((a, b) => a.step - b.step).slice(0, limit);
  return { matches, total: total + output.total };
}

/** Printed text containing the query (case-insensitive), one match per printed chunk. */
function outputMatches(
  thread: ThreadHistory,
  locations: Locations,
  needle: string,
  limit: number,
  outputText: (index: number) => string,
): SearchResult {
  const matches: SearchMatch[] = [];
  let total = 0;
  for (let index = 0; index < Math.min(thread.outputCount, MAX_OUTPUT_SEARCHED); index++) {
    const text = outputText(index);
    const at = text.toLowerCase().indexOf(needle);
    if (at < 0) continue;
    total++;
    if (matches.length >= limit) continue;
    const step = thread.outputStep(index);
    const span = locations.span(thread.probeAt(step));
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    matches.push({
      step,
      label: `console: ${line.length > LABEL_CHARS ? `${line.slice(0, LABEL_CHARS)}…` : line}`,
      path: span.path ?? '',
      line: span.line1,
    });
  }
  return { matches, total };
}

function byLine(
  thread: ThreadHistory,
  probes: ProbeTable,
  fileText: string,
  line1: number,
  limit: number,
): SearchResult {
  const wanted = normalisePath(fileText);
  const files = probes.allFiles().filter((file) => normalisePath(file.path).endsWith(wanted));
  const probeIds = files.flatMap((file) => probes.stepProbesByLine(file).get(line1) ?? []);
  const steps = thread.hitsOfProbes(probeIds);
  return collect(steps, limit, (step, index) => {
    const span = probes.resolve(thread.probeAt(step));
    return {
      step,
      label: `${fileText}:${line1} (hit ${index + 1} of ${steps.length})`,
      path: span?.file.path ?? '',
      line: line1,
    };
  });
}

function collect(steps: StepList, limit: number, match: (step: number, index: number) => SearchMatch): SearchResult {
  const matches: SearchMatch[] = [];
  for (let index = 0; index < steps.length && matches.length < limit; index++)
    matches.push(match(steps.get(index), index));
  return { matches, total: steps.length };
}
