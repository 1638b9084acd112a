// The timeline webview's requests return exactly the shapes of customProtocol.ts: buckets with
// depth/function per level, functions, markers, current step; search by name and file:line;
// console pages.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder } from '../../support/traceBuilder';
import { MAIN, loopProgram } from './programs';

describe('timeline, search and console', () => {
  const { builder, probes } = loopProgram();
  const engine = openRecording(builder.end().bytes()).engine;

  it('summarises the call depth and functions per bucket', () => {
    engine.gotoStep(6);
    engine.setBreakpoints(MAIN, [{ line1: 2 }]);
    const result = engine.timeline(0, 14, 15);
    expect(result).toMatchObject({ totalSteps: 15, startStep: 0, endStep: 14, currentStep: 6 });
    expect(result.buckets).toHaveLength(15);
    expect(result.buckets[3]).toEqual({ startStep: 3, endStep: 3, maxDepth: 1, depths: [probes.module, probes.add] });
    expect(result.buckets[0]).toEqual({ startStep: 0, endStep: 0, maxDepth: 0, depths: [probes.module] });
    expect(result.functions).toEqual(expect.arrayContaining([{ id: probes.add, name: 'add', path: MAIN, line: 1 }]));
    expect(result.markers).toEqual(
      expect.arrayContaining([
        { step: 14, kind: 'console', text: '3\n' },
        { step: 3, kind: 'breakpoint', text: undefined },
      ]),
    );
  });

  it('groups steps into fewer buckets, each showing its deepest moment', () => {
    const result = engine.timeline(0, 14, 3);
    expect(result.buckets.map((bucket) => [bucket.startStep, bucket.endStep, bucket.maxDepth])).toEqual([
      [0, 4, 1],
      [5, 9, 1],
      [10, 14, 1],
    ]);
  });

  it('searches functions and file:line', () => {
    expect(engine.search('add')).toEqual({
      total: 3,
      matches: [
        { step: 3, label: 'add()', path: MAIN, line: 2 },
        { step: 7, label: 'add()', path: MAIN, line: 2 },
        { step: 11, label: 'add()', path: MAIN, line: 2 },
      ],
    });
    expect(engine.search('main.js:3', 2)).toEqual({
      total: 3,
      matches: [
        { step: 4, label: 'main.js:3 (hit 1 of 3)', path: MAIN, line: 3 },
        { step: 8, label: 'main.js:3 (hit 2 of 3)', path: MAIN, line: 3 },
      ],
    });
    expect(engine.search('nothing')).toEqual({ total: 0, matches: [] });
  });

  it('searches console text too, in time order with the calls found', () => {
    const printing = openRecording(
      loopProgram((builder) => builder.output('adding done\nTotal is READY\n', 2))
        .builder.end()
        .bytes(),
    ).engine;
    expect(printing.search('ready')).toEqual({
      total: 1,
      matches: [{ step: 14, label: 'console: Total is READY', path: MAIN, line: 9 }],
    });
    const both = printing.search('add');
    expect(both.total).toBe(4);
    expect(both.matches.map((match) => match.label)).toEqual(['add()', 'add()', 'add()', 'console: adding done']);
  });

  it('pages the console', () => {
    // Each message carries the place of the statement that printed it (the Debug Console's link).
    expect(engine.console(0, 10)).toEqual({
      total: 1,
      messages: [
        { step: 14, stream: 'stdout', text: '3\n', source: expect.objectContaining({ path: MAIN, line1: 9 }) },
      ],
    });
    expect(engine.console(5, 10)).toEqual({ total: 1, messages: [] });
  });
});

describe('wall-clock samples', () => {
  it('map TIME records to the steps recorded when they were taken', () => {
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1 });
    const s1 = builder.stmt(1, module);
    builder.enter(module);
    builder.step(s1).step(s1).time(1000);
    builder.step(s1).step(s1).time(1500);
    const engine = openRecording(builder.end().bytes()).engine;
    // The sample at step 4 is one past the last step (taken after the run's last event); step 3 lies
    // between it and step 2's, so it comes with the range: the timeline had no time for step 3 (issue 9 CI).
    expect(engine.timeline(0, 3, 4).wallTimeMs).toEqual([
      { step: 2, timeMs: 1000 },
      { step: 4, timeMs: 1500 },
    ]);
  });

  it('come with the nearest sample either side of the range asked for', () => {
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1 });
    const s1 = builder.stmt(1, module);
    builder.enter(module);
    for (const timeMs of [1000, 2000, 3000, 4000]) builder.step(s1).step(s1).time(timeMs);
    const engine = openRecording(builder.end().bytes()).engine;
    // Samples at steps 2, 4, 6, 8; the range 5..5 lies between 4 and 6 and holds none itself.
    expect(engine.timeline(5, 5, 1).wallTimeMs).toEqual([
      { step: 4, timeMs: 2000 },
      { step: 6, timeMs: 3000 },
    ]);
    expect(engine.timeline(3, 4, 2).wallTimeMs).toEqual([
      { step: 2, timeMs: 1000 },
      { step: 4, timeMs: 2000 },
      { step: 6, timeMs: 3000 },
    ]);
  });
});
