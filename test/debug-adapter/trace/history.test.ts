// The history interface (trace/history.ts) speaks absolute steps: a thread whose oldest history the
// window dropped answers every query at the same step numbers as a store that kept everything, so
// replay never converts. Checked through the engine (moves, values, hits, output, search, timeline)
// and directly on the history of both stores.
import { describe, expect, it } from 'vitest';
import { TraceStore, createReplayEngine } from '../../../debug-adapter/replay';
import { indexOf } from '../../../debug-adapter/trace/indexedThread';
import { TraceBuilder } from '../../support/traceBuilder';
import { MAIN, loopProgram } from '../replay/programs';

/**
 * The loop of programs.ts's loopProgram run 3000 times, in small records (64 words), so a small window drops whole
 * records.
 */
function callsProgram(): TraceBuilder {
  return loopProgram(undefined, { iterations: 3000, recordWords: 64 }).builder.end();
}

function stores() {
  const records = callsProgram().takeRecords();
  const windowed = new TraceStore({ windowBytes: 64 * 1024 });
  for (const record of records) windowed.append([record]);
  const whole = new TraceStore();
  whole.append(records);
  return { windowed, whole };
}

describe('the history interface: absolute steps at the seam', () => {
  it('a windowed thread answers at the same step numbers as the whole recording', () => {
    const { windowed, whole } = stores();
    const part = [...windowed.threads.values()][0].history;
    const all = [...whole.threads.values()][0].history;
    expect(part.firstStep).toBeGreaterThan(1000); // the window dropped history
    expect(part.endStep).toBe(all.endStep);
    // Calls of `add` that began inside the window: the same absolute start, end and caller's steps.
    let compared = 0;
    for (let step = part.firstStep + 200; step < part.endStep; step += 37) {
      expect(part.probeAt(step)).toBe(all.probeAt(step));
      const [here, there] = [part.activationAt(step), all.activationAt(step)];
      if (part.callerOf(here) < 0) continue; // the module body: begun before the window
      compared++;
      expect(part.activationStart(here)).toBe(all.activationStart(there));
      expect(part.activationEnd(here)).toBe(all.activationEnd(there));
      const [caller, allCaller] = [part.callerOf(here), all.callerOf(there)];
      expect(part.walkBackWithin(caller, step)).toBe(all.walkBackWithin(allCaller, step));
      expect(part.walkForwardWithin(caller, step)).toBe(all.walkForwardWithin(allCaller, step));
      expect(part.frameEntryStep(part.frameOf(here))).toBe(all.frameEntryStep(all.frameOf(there)));
    }
    expect(compared).toBeGreaterThan(10);
    const hits = part.hitsOfProbes([part.probeAt(part.endStep - 7)]);
    const allHits = all.hitsOfProbes([all.probeAt(all.endStep - 7)]);
    expect(hits.get(hits.length - 1)).toBe(allHits.get(allHits.length - 1));
    expect(hits.get(0)).toBeGreaterThanOrEqual(part.firstStep);
    const outputs = Array.from({ length: part.outputCount }, (_, index) => part.outputStep(index));
    const allOutputs = Array.from({ length: all.outputCount }, (_, index) => all.outputStep(index));
    expect(outputs).toEqual(allOutputs.slice(allOutputs.length - outputs.length));
    expect(part.deepestStep(part.endStep - 10, part.endStep - 1)).toBe(
      all.deepestStep(all.endStep - 10, all.endStep - 1),
    );
  });

  it('moves, values, hits and output of a windowed engine match the whole engine step for step', () => {
    const { windowed, whole } = stores();
    const part = createReplayEngine(windowed);
    const all = createReplayEngine(whole);
    const firstStep = part.summary().firstStep;
    for (const engine of [part, all]) engine.setBreakpoints(MAIN, [{ line1: 3 }]);
    for (const start of [firstStep + 300, firstStep + 1003, part.summary().totalSteps - 30]) {
      for (const move of [
        (engine: typeof part) => engine.next('backward'),
        (engine: typeof part) => engine.next('forward'),
        (engine: typeof part) => engine.stepIn('forward'),
        (engine: typeof part) => engine.stepOut('backward'),
        (engine: typeof part) => engine.continue('backward'),
        (engine: typeof part) => engine.continue('forward'),
      ]) {
        part.gotoStep(start);
        all.gotoStep(start);
        const [a, b] = [move(part), move(all)];
        expect(a.stepIndex).toBe(b.stepIndex);
        expect(a.reason).toBe(b.reason);
        const [top, allTop] = [part.stackTrace().frames[0], all.stackTrace().frames[0]];
        expect(top.source).toEqual(allTop.source);
        if (top.name === 'add') expect(part.evaluate('b').result).toBe(all.evaluate('b').result);
      }
    }
    part.gotoStep(part.summary().totalSteps - 10);
    all.gotoStep(part.summary().totalSteps - 10);
    expect(part.stackTrace().frames[0].source).toEqual(all.stackTrace().frames[0].source);
    const targets = part.gotoTargets(MAIN, 7);
    expect(targets[0].stepIndex).toBeGreaterThanOrEqual(firstStep);
    for (const target of targets.slice(0, 3)) expect(all.gotoStep(target.stepIndex).stepIndex).toBe(target.stepIndex);
    expect(all.stackTrace().frames[0].source.line1).toBe(7);
    const console = part.console(0, 1000).messages;
    expect(console.map((message) => message.step)).toEqual(
      all
        .console(0, 1000)
        .messages.map((message) => message.step)
        .slice(-console.length),
    );
    expect(part.search('add', 5).matches[0].step).toBeGreaterThanOrEqual(firstStep);
    const timeline = part.timeline(0, part.summary().totalSteps, 20);
    expect(timeline.startStep).toBe(firstStep);
    expect(timeline.buckets.at(-1)!.endStep).toBe(part.summary().totalSteps - 1);
  });

  it("a store hands out a thread's history, never the index behind it (replay cannot reach around the seam)", () => {
    const { whole } = stores();
    const thread = [...whole.threads.values()][0];
    // @ts-expect-error the index is trace/'s own: replay/ cannot import indexedThread.ts to reach it
    const index = thread.index;
    // @ts-expect-error nor the indexer, the index's one writer
    const indexer = thread.indexer;
    expect(indexer).toBeDefined();
    expect(index).toBe(indexOf(thread));
    expect(indexOf(thread).stepCount).toBe(thread.history.endStep - thread.history.firstStep);
    expect(whole.stepsIndexed).toBe(thread.history.endStep);
  });
});
