// The store: whole files and live streams index the same; FILE records may come after the
// events that use them; unknown probes never crash; several producers become threads; damaged
// tails keep the valid prefix; progress is reported while indexing.
import { describe, expect, it } from 'vitest';
import { RecordType } from '../../../runtime/format';
import { TraceStore, createReplayEngine, loadRecording, openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder, frameTrace } from '../../support/traceBuilder';
import { MAIN, longLoopProgram, loopProgram } from '../replay/programs';
import { indexOf } from '../../../debug-adapter/trace/indexedThread';

function stateAt(engine: ReturnType<typeof createReplayEngine>, step: number) {
  engine.gotoStep(step);
  const frames = engine.stackTrace().frames;
  return frames.map((frame) => `${frame.name}@${frame.source.line1}`).join(' < ');
}

describe('TraceStore', () => {
  it('indexes a live stream pushed in small chunks exactly like the whole file', () => {
    const bytes = loopProgram().builder.end().bytes();
    const whole = openRecording(bytes).engine;
    const store = new TraceStore();
    const live = createReplayEngine(store);
    for (let at = 0; at < bytes.length; at += 7) store.appendBytes(bytes.subarray(at, at + 7));
    expect(live.summary()).toMatchObject({ totalSteps: 15, ended: true });
    for (let step = 0; step < 15; step++) expect(stateAt(live, step)).toBe(stateAt(whole, step));
  });

  it('resolves probes whose FILE record arrives after their events', () => {
    const { builder } = loopProgram();
    const records = builder.end().takeRecords();
    const files = records.filter((record) => record.type === RecordType.FILE);
    const rest = records.filter((record) => record.type !== RecordType.FILE);
    const store = new TraceStore();
    const engine = createReplayEngine(store);
    store.append(rest);
    expect(engine.setBreakpoints(MAIN, [{ line1: 3 }])[0].verified).toBe(false);
    engine.gotoStep(3);
    expect(engine.stackTrace().frames[0]).toMatchObject({
      name: expect.stringContaining('unknown function'),
      source: { path: undefined },
    });
    store.append(files);
    expect(engine.stackTrace().frames[0].name).toBe('add');
    expect(engine.setBreakpoints(MAIN, [{ line1: 3 }])[0].verified).toBe(true);
    engine.gotoStep(0);
    expect(engine.continue('forward').stepIndex).toBe(4);
  });

  it('shows unknown probes as unknown locations and never crashes', () => {
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1 });
    const s1 = builder.stmt(1, module);
    const frame = builder.enter(module);
    builder.step(s1).step(999_999);
    const ghost = builder.enter(888_888);
    builder.write(777_777, 5, ghost).step(999_998).exit(ghost, 888_888);
    builder.step(s1).exit(frame, module);
    const engine = openRecording(builder.end().bytes()).engine;
    engine.gotoStep(2);
    const frames = engine.stackTrace().frames;
    expect(frames.map((each) => each.name)).toEqual(['<unknown function #888888>', '<module>']);
    expect(frames[0].source.path).toBeUndefined();
    const local = engine.scopes(frames[0].id)[0];
    expect(engine.variables({ variablesReference: local.variablesReference })).toMatchObject([
      { name: '<variable #777777>', value: '5' },
    ]);
    expect(engine.next('forward').stepIndex).toBe(3);
    expect(engine.timeline(0, 3, 4).buckets).toHaveLength(4);
  });

  it('keeps each producer as its own thread with its own steps', () => {
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1 });
    const [s1, s2] = [builder.stmt(1, module), builder.stmt(2, module)];
    const main = builder.enter(module);
    builder.step(s1).step(s2).exit(main, module);
    builder.end();
    builder.producer(2).loadFilesAgain();
    const worker = builder.enter(module);
    builder.step(s2).exit(worker, module);
    builder.end();
    const engine = openRecording(builder.bytes()).engine;
    expect(engine.threads().map((thread) => thread.id)).toEqual([1, 2]);
    expect(engine.summary().totalSteps).toBe(2);
    engine.selectThread(2);
    expect(engine.summary().totalSteps).toBe(1);
    expect(engine.open()).toMatchObject({ stepIndex: 0, threadId: 2 });
  });

  it("resolves each producer's probe ids with its own files: ids restart in every process", () => {
    const builder = new TraceBuilder().file('/app/parent.js');
    const parentModule = builder.module({ line: 1, endLine: 9 });
    const parentStep = builder.stmt(3, parentModule);
    const parentFrame = builder.enter(parentModule);
    builder.step(parentStep).exit(parentFrame, parentModule).end();
    builder.producer(2).restartProbeIds().file('/app/child.js');
    const childModule = builder.module({ line: 1, endLine: 9 });
    const work = builder.fn('work', childModule, { line: 5, endLine: 7 });
    const workStep = builder.stmt(6, work);
    const callStep = builder.stmt(8, childModule);
    expect([childModule, work]).toEqual([parentModule, parentStep]); // the same ids, different code
    const childFrame = builder.enter(childModule);
    builder.step(callStep);
    const workFrame = builder.enter(work);
    builder.step(workStep).ret(work, 1).exit(workFrame, work).exit(childFrame, childModule).end();
    const engine = openRecording(builder.bytes()).engine;
    expect(engine.loadedSources().sort()).toEqual(['/app/child.js', '/app/parent.js']);
    engine.selectThread(1);
    engine.gotoStep(0);
    expect(
      engine.stackTrace().frames.map((frame) => `${frame.name}@${frame.source.path}:${frame.source.line1}`),
    ).toEqual(['<module>@/app/parent.js:3']);
    engine.selectThread(2);
    engine.gotoStep(1);
    expect(
      engine.stackTrace().frames.map((frame) => `${frame.name}@${frame.source.path}:${frame.source.line1}`),
    ).toEqual(['work@/app/child.js:6', '<module>@/app/child.js:8']);
    // A breakpoint in the child's file binds through the child's table and is where the run first stops.
    expect(engine.setBreakpoints('/app/child.js', [{ line1: 6 }])[0]).toMatchObject({ verified: true, line1: 6 });
    expect(engine.setBreakpoints('/app/parent.js', [{ line1: 6 }])[0].verified).toBe(false);
    engine.selectThread(1);
    expect(engine.open()).toMatchObject({ threadId: 2, stepIndex: 1, reason: 'breakpoint' });
    expect(engine.gotoTargets('/app/child.js', 6)).toMatchObject([{ threadId: 2, stepIndex: 1 }]);
  });

  it('keeps the valid prefix of a damaged file and says so', () => {
    const bytes = loopProgram().builder.end().bytes();
    const cut = bytes.subarray(0, bytes.length - 30);
    const { store, engine } = openRecording(cut);
    expect(store.notes.join(' ')).toMatch(/damaged|incomplete/);
    expect(engine.summary().totalSteps).toBe(15);
    expect(engine.summary().ended).toBe(false);
  });

  it('notes corrupt event words instead of throwing', () => {
    const records = loopProgram().builder.end().takeRecords();
    const events = records.find((record) => record.type === RecordType.EVENTS)!;
    const words = new Int32Array(events.payload.buffer, events.payload.byteOffset, events.payload.length / 4);
    words[3] = 0x7fffffff; // an impossible header in the middle
    const { store } = openRecording(frameTrace(records));
    expect(store.notes.join(' ')).toMatch(/corrupt/);
  });

  it('reports progress while indexing', () => {
    const builder = new TraceBuilder().file(MAIN);
    builder.recordWords = 64;
    const module = builder.module({ line: 1 });
    const s1 = builder.stmt(1, module);
    builder.enter(module);
    for (let index = 0; index < 50_000; index++) builder.step(s1);
    const progress: number[] = [];
    TraceStore.fromBytes(builder.end().bytes(), { onProgress: (report) => progress.push(report.steps) });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(50_000);
  });
});

describe('bounded window', () => {
  it('drops the oldest history past maxSteps, keeps step numbers absolute and says so', () => {
    const builder = longLoopProgram(200, 32);
    const store = new TraceStore({ maxSteps: 100 });
    const engine = createReplayEngine(store);
    store.append(builder.end().takeRecords());
    const summary = engine.summary();
    expect(summary.totalSteps).toBe(400);
    expect(summary.firstStep).toBeGreaterThan(250);
    expect(summary.notes.join(' ')).toMatch(/before step \d+ was dropped/);
    expect(engine.gotoStep(399)).toMatchObject({ stepIndex: 399 });
    expect(engine.evaluate('n').result).toBe('199');
    expect(engine.continue('backward')).toMatchObject({ stepIndex: summary.firstStep, reason: 'start' });
    expect(engine.gotoStep(0).stepIndex).toBe(summary.firstStep);
    expect(engine.search('main.js:3', 1).matches[0].step).toBeGreaterThanOrEqual(summary.firstStep);
  });

  /** 20,000 iterations of `n = …` in a loop: a long run of small records (64 words each). */
  function longLoop(): TraceBuilder {
    return longLoopProgram(20_000, 64);
  }

  it('keeps a live store within windowBytes: the oldest history goes, the note and the first step say where it starts (issue 10 item 5)', () => {
    const windowBytes = 64 * 1024;
    const store = new TraceStore({ windowBytes });
    const engine = createReplayEngine(store);
    const records = longLoop().end().takeRecords();
    let peakWords = 0;
    for (const record of records) {
      store.append([record]);
      for (const thread of store.threads.values()) peakWords = Math.max(peakWords, indexOf(thread).words.totalWords);
    }
    const unbounded = new TraceStore();
    unbounded.append(records);
    const fullWords = indexOf([...unbounded.threads.values()][0]).words.totalWords;
    expect(fullWords * 4).toBeGreaterThan(4 * windowBytes); // the window matters for this run
    // 25% over the window (and one record) triggers a drop.
    expect(peakWords * 4).toBeLessThanOrEqual(windowBytes * 1.25 + 64 * 4);
    const summary = engine.summary();
    expect(summary.totalSteps).toBe(40_000); // step numbers stay absolute
    expect(summary.firstStep).toBeGreaterThan(0);
    expect(summary.notes.join(' ')).toContain(`before step ${summary.firstStep} was dropped to keep memory bounded`);
    expect(engine.gotoStep(39_999).stepIndex).toBe(39_999);
    expect(engine.evaluate('n').result).toBe('19999');
    const start = engine.continue('backward');
    expect(start).toMatchObject({ stepIndex: summary.firstStep, reason: 'start' });
    expect(start.text).toContain(`The ${summary.firstStep} steps before this one are no longer kept`);
    // The timeline marks where history starts, as it marks a gap.
    const markers = engine.timeline(0, 39_999, 10).markers.filter((marker) => marker.kind === 'gap');
    expect(markers).toContainEqual(
      expect.objectContaining({
        step: summary.firstStep,
        text: expect.stringContaining(`the ${summary.firstStep} steps before are no longer kept`),
      }),
    );
  });

  it('a file larger than the window opens at its end: older records are counted, not indexed', async () => {
    const bytes = longLoop().end().bytes();
    const windowBytes = 96 * 1024;
    expect(bytes.length).toBeGreaterThan(4 * windowBytes);
    const { store, engine } = await loadRecording(bytes, { windowBytes });
    const summary = engine.summary();
    expect(summary.totalSteps).toBe(40_000);
    expect(summary.firstStep).toBeGreaterThan(0);
    expect(summary.notes.join(' ')).toMatch(/before step \d+ (was not loaded|was dropped) to keep memory bounded/);
    // At most the window's share of the file was ever indexed (plus a record either side).
    const thread = [...store.threads.values()][0];
    expect(indexOf(thread).words.totalWords * 4).toBeLessThanOrEqual(windowBytes * 1.25 + 64 * 4);
    expect(engine.gotoStep(39_999).stepIndex).toBe(39_999);
    expect(engine.evaluate('n').result).toBe('19999');
    // The same moment reads the same as in a store that holds everything.
    const whole = openRecording(bytes).engine;
    for (const step of [39_999, 39_000, summary.firstStep + 50]) {
      whole.gotoStep(step);
      engine.gotoStep(step);
      expect(engine.evaluate('n').result).toBe(whole.evaluate('n').result);
    }
  });
});
