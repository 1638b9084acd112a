// The store's steps at level `calls`: ENTER and RETURN of `calls`-level files (and an EXIT by throw)
// are steps, full-level files keep only their STEP events, the sparse step offsets walk to the same
// events in any order, a late FILE record re-indexes, and caught throws are told apart.
import { describe, expect, it } from 'vitest';
import { EventKind, RecordType } from '../../../runtime/format';
import { TraceStore, createReplayEngine, openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder } from '../../support/traceBuilder';
import { LIB, MAIN, atLevelCalls, callsBytes, mixedProgram, roomsProgram } from '../replay/callsPrograms';
import { indexOf } from '../../../debug-adapter/trace/indexedThread';

function kindsOfSteps(store: TraceStore): number[] {
  const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
  return Array.from({ length: thread.stepCount }, (_, step) => thread.words.word(thread.stepOffset.get(step)) & 0xf);
}

describe('steps of a calls-level recording', () => {
  it('are the ENTER and RETURN events; a module EXIT is not one', () => {
    const store = openRecording(callsBytes(roomsProgram().builder)).store;
    const { ENTER, RETURN } = EventKind;
    expect(kindsOfSteps(store)).toEqual([ENTER, ENTER, ENTER, RETURN, RETURN, ENTER, ENTER, RETURN, RETURN]);
    const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
    expect(thread.exitStepOffsets.length).toBe(0);
  });

  it('the same recording at level full has none (no STEP events)', () => {
    const store = openRecording(roomsProgram().builder.bytes()).store;
    expect(kindsOfSteps(store)).toEqual([]);
  });

  it('in a mixed recording, only the calls-level file gets synthesized steps', () => {
    const { builder, probes } = mixedProgram();
    const { store, engine } = openRecording(callsBytes(builder, [LIB]));
    const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
    const stepProbes = Array.from({ length: thread.stepCount }, (_, step) => thread.probeOfStep(step));
    expect(stepProbes).toEqual([probes.s1, probes.libModule, probes.s5, probes.s3, probes.twice, probes.twiceReturn]);
    engine.gotoStep(4);
    expect(engine.stackTrace().frames.map((frame) => `${frame.name}@${frame.source.line1}`)).toEqual([
      'twice@1',
      '<module>@5',
    ]);
    expect(engine.evaluate('x').result).toBe('4');
    engine.gotoStep(3);
    expect(engine.next('forward').stepIndex).toBe(4);
    expect(engine.stepIn('backward').stepIndex).toBe(3);
    expect(engine.breakpointLocations(MAIN, 2, 3)).toEqual([{ line1: 3, column0: 2, endLine1: 3, endColumn0: 80 }]);
  });

  it("finds every step's event from the sparse offsets, in any order and after a cache miss", () => {
    const b = new TraceBuilder().file(MAIN);
    const module = b.module({ line: 1, endLine: 9 });
    const square = b.fn('square', module, { line: 1, endLine: 3, paramNames: ['n'] });
    const wN = b.writeProbe('n', square, square, { line: 1, declarationKind: 'param' });
    const ret = b.probe('return', { line: 2, column: 2, functionProbe: square });
    b.recordWords = 64; // many EVENTS records: walks cross record edges
    const moduleFrame = b.enter(module);
    for (let n = 0; n < 100; n++) {
      const frame = b.enter(square);
      b.write(wN, n, frame)
        .ret(ret, n * n)
        .exit(frame, square);
    }
    b.exit(moduleFrame, module).end();
    const { store, engine } = openRecording(callsBytes(b));
    const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
    expect(thread.stepCount).toBe(201);
    const expected = [module, ...Array.from({ length: 100 }, () => [square, ret]).flat()];
    const order = Array.from({ length: 201 }, (_, index) => (index * 37) % 201);
    for (const step of order) expect(thread.probeOfStep(step)).toBe(expected[step]);
    engine.gotoStep(151);
    expect(engine.evaluate('n').result).toBe('75');
    // The module made 100 calls without a step of its own: skips take the walks back to its entry.
    expect(thread.skipChild.length).toBe(6);
    expect(engine.stackTrace().frames.map((frame) => `${frame.name}@${frame.source.line1}`)).toEqual([
      'square@1',
      '<module>@1',
    ]);
    expect(engine.next('backward').stepIndex).toBe(0);
    expect(engine.next('forward')).toMatchObject({ stepIndex: 200, reason: 'end' });
  });

  it('format 3: a RETURN whose probe ends its frame, with no EXIT after it, indexes as RETURN + EXIT did', () => {
    // main.js (calls): 1 function square(n) { 2 return n * n; } called 3 times, then a throw from square.
    const build = (endsFrame: boolean) => {
      const b = new TraceBuilder().file(MAIN);
      const module = b.module({ line: 1, endLine: 9 });
      const square = b.fn('square', module, { line: 1, endLine: 3, paramNames: ['n'] });
      const wN = b.writeProbe('n', square, square, { line: 1, declarationKind: 'param' });
      const ret = b.probe('return', { line: 2, column: 2, functionProbe: square, ...(endsFrame ? { endsFrame } : {}) });
      const moduleFrame = b.enter(module);
      for (let n = 1; n <= 3; n++) {
        const frame = b.enter(square);
        b.write(wN, n, frame).ret(ret, n * n);
        if (!endsFrame) b.exit(frame, square);
      }
      const thrower = b.enter(square);
      b.write(wN, 'x', thrower).exit(thrower, square); // left by a throw: its EXIT is always written
      b.exit(moduleFrame, module).end();
      return openRecording(callsBytes(b));
    };
    const walk = ({ store, engine }: ReturnType<typeof build>) => {
      const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
      const stacks: string[] = [];
      for (let step = 0; step < thread.stepCount; step++) {
        engine.gotoStep(step);
        stacks.push(
          engine
            .stackTrace()
            .frames.map((frame) => `${frame.name}@${frame.source.line1}`)
            .join(' < '),
        );
      }
      engine.gotoStep(2);
      const overForward = engine.next('forward').stepIndex;
      engine.gotoStep(4);
      const outForward = engine.stepOut('forward').stepIndex;
      return {
        steps: thread.stepCount,
        stacks,
        overForward,
        outForward,
        exits: thread.exitStepOffsets.length,
        throws: thread.throws.length,
      };
    };
    const withExits = walk(build(false));
    expect(walk(build(true))).toEqual(withExits);
    expect(withExits.stacks).toEqual(
      [
        '<module>@1',
        'square@1',
        'square@2',
        'square@1',
        'square@2',
        'square@1',
        'square@2',
        'square@1',
        'square@1',
      ].map((top) => (top === '<module>@1' ? top : `${top} < <module>@1`)),
    );
    expect(withExits.throws).toBe(1);
  });

  it('steps over and back across a long run of calls made by one full-level statement', () => {
    // main.js (full): 1 items.forEach(each);  2 done();    lib.js (calls): 1 function each(item) { return item; }
    const b = new TraceBuilder().file(MAIN);
    const module = b.module({ line: 1, endLine: 2 });
    const [s1, s2] = [1, 2].map((line) => b.stmt(line, module));
    b.file(LIB);
    const each = b.fn('each', -1, { line: 1, paramNames: ['item'] });
    const ret = b.probe('return', { line: 1, column: 24, functionProbe: each });
    const moduleFrame = b.enter(module);
    b.step(s1);
    for (let item = 0; item < 40; item++) {
      const frame = b.enter(each);
      b.ret(ret, item).exit(frame, each);
    }
    b.step(s2).exit(moduleFrame, module).end();
    const { engine } = openRecording(callsBytes(b, [LIB]));
    engine.gotoStep(0);
    expect(engine.next('forward').stepIndex).toBe(81);
    expect(engine.next('backward').stepIndex).toBe(0);
    engine.gotoStep(70);
    expect(engine.stackTrace().frames.map((frame) => `${frame.name}@${frame.source.line1}`)).toEqual([
      'each@1',
      '<module>@1',
    ]);
    expect(engine.stepOut('forward').stepIndex).toBe(71);
    expect(engine.stepOut('backward').stepIndex).toBe(0);
  });
});

describe('a calls-level FILE record arriving after its events', () => {
  it('re-indexes the thread so the calls become steps', () => {
    const records = atLevelCalls(roomsProgram().builder.takeRecords(), [MAIN]);
    const store = new TraceStore();
    const engine = createReplayEngine(store);
    store.append(records.filter((record) => record.type !== RecordType.FILE));
    expect(indexOf(store.threads.get(store.mainThreadId()!)!).stepCount).toBe(0);
    store.append(records.filter((record) => record.type === RecordType.FILE));
    expect(indexOf(store.threads.get(store.mainThreadId()!)!).stepCount).toBe(9);
    expect(engine.open()).toMatchObject({ stepIndex: 8, reason: 'end' });
    expect(engine.stackTrace().frames.map((frame) => frame.name)).toEqual(['room', '<module>']);
  });
});

describe('throws at level calls (no THROW or CATCH events)', () => {
  /**
   * 1 function check(v) { if (v < 0) throw new RangeError(); return v; }
   * 2 function safe(v) { try { return check(v); } catch { return 0; } }
   * 3 safe(-1); safe(-2); safe(3);
   * Steps per call of safe: entry, check entry, [check exits by throw | check return], safe return.
   */
  it('each frame leaving by throw is a step; a return after it means the throw was caught', () => {
    const b = new TraceBuilder().file(MAIN);
    const module = b.module({ line: 1, endLine: 3 });
    const check = b.fn('check', module, { line: 1, paramNames: ['v'] });
    const safe = b.fn('safe', module, { line: 2, paramNames: ['v'] });
    const checkReturn = b.probe('return', { line: 1, column: 40, functionProbe: check });
    const safeReturn = b.probe('return', { line: 2, column: 50, functionProbe: safe });
    const moduleFrame = b.enter(module);
    for (const v of [-1, -2, 3]) {
      const safeFrame = b.enter(safe);
      const checkFrame = b.enter(check);
      if (v < 0) b.exit(checkFrame, check);
      else b.ret(checkReturn, v).exit(checkFrame, check);
      b.ret(safeReturn, Math.max(v, 0)).exit(safeFrame, safe);
    }
    b.exit(moduleFrame, module).end();
    const { store, engine } = openRecording(callsBytes(b));
    const thread = indexOf(store.threads.get(store.mainThreadId()!)!);
    expect(thread.throws.map((each) => each.stepIndex)).toEqual([3, 7]);
    engine.setExceptionBreakpoints(['all']);
    engine.gotoStep(0);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 3, reason: 'exception' });
    expect(engine.stackTrace().frames.map((frame) => frame.name)).toEqual(['check', 'safe', '<module>']);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 7, reason: 'exception' });
  });
});
