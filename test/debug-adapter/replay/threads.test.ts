// Threads (producers) in the engine: each keeps its own cursor and its own references; the first
// stop is the first thread with a breakpoint hit, else with an uncaught exception; a thread's
// exception, scopes and evaluation are its own (issue 11 item 2).
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder, obj } from '../../support/traceBuilder';

/**
 * Producer 1, /app/parent.js: `let count = 1;` `count = 2;` `count = 3;` (lines 1-3), then it ends.
 * Producer 2, /app/child.js (its ids restart): `let size = 7;` (line 1), then `throw` (line 2),
 * uncaught.
 */
function crashedChild() {
  const b = new TraceBuilder().file('/app/parent.js');
  const parentModule = b.module({ line: 1, endLine: 3 });
  const parentSteps = [1, 2, 3].map((line) => b.stmt(line, parentModule));
  const count = b.writeProbe('count', parentModule, parentModule, { declarationKind: 'let' });
  const parentFrame = b.enter(parentModule);
  parentSteps.forEach((step, index) => b.step(step).write(count, index + 1, 0));
  b.exit(parentFrame, parentModule).end();
  b.producer(2).restartProbeIds().file('/app/child.js');
  const childModule = b.module({ line: 1, endLine: 2 });
  const [declare, crash] = [1, 2].map((line) => b.stmt(line, childModule));
  const size = b.writeProbe('size', childModule, childModule, { declarationKind: 'let' });
  const throwProbe = b.probe('throw', { line: 2, functionProbe: childModule });
  const childFrame = b.enter(childModule);
  b.step(declare).write(size, 7, 0).step(crash).throw(throwProbe, obj(1)).exit(childFrame, childModule);
  b.end({ reason: 'uncaught-exception', exitCode: 1, error: { name: 'Error', message: 'child failed' } });
  return openRecording(b.bytes()).engine;
}

function lookup(engine: ReturnType<typeof crashedChild>, name: string): string {
  return engine.evaluate(name).result;
}

describe('threads in the engine', () => {
  it('opens at the uncaught exception of a child when nothing else stops, each thread at its own first stop', () => {
    const engine = crashedChild();
    expect(engine.threads().map((thread) => thread.id)).toEqual([1, 2]);
    expect(engine.open()).toMatchObject({ threadId: 2, reason: 'exception', stepIndex: 1 });
    expect(engine.exceptionInfo()).toMatchObject({ breakMode: 'unhandled' });
    expect(lookup(engine, 'size')).toBe('7');
    engine.selectThread(1);
    expect(engine.currentStep).toBe(2); // the parent rests at its last step
    expect(engine.exceptionInfo()).toBeUndefined();
    expect(lookup(engine, 'count')).toBe('2');
    expect(() => lookup(engine, 'size')).toThrow();
  });

  it('moving one thread leaves the cursor and the references of the other', () => {
    const engine = crashedChild();
    engine.open();
    engine.selectThread(2);
    const childFrame = engine.stackTrace().frames[0].id;
    engine.selectThread(1);
    expect(engine.next('backward')).toMatchObject({ threadId: 1, stepIndex: 1 });
    // The child's frame reference still answers, about the child, and focuses on it.
    const scopes = engine.scopes(childFrame);
    expect(scopes.length).toBeGreaterThan(0);
    expect(engine.currentStep).toBe(1);
    expect(engine.evaluate('size', childFrame).result).toBe('7');
    expect(engine.next('backward')).toMatchObject({ threadId: 2, stepIndex: 0 });
    // Now the child moved: its old reference is stale; the parent stayed where it was.
    expect(() => engine.scopes(childFrame)).toThrow(/earlier stop/);
    engine.selectThread(1);
    expect(engine.currentStep).toBe(1);
  });

  it('a breakpoint hit in the parent is the first stop, before a child’s exception', () => {
    const engine = crashedChild();
    expect(engine.setBreakpoints('/app/parent.js', [{ line1: 2 }])[0].verified).toBe(true);
    expect(engine.open()).toMatchObject({ threadId: 1, reason: 'breakpoint', stepIndex: 1 });
    engine.selectThread(2);
    expect(engine.currentStep).toBe(1); // the child still starts at its own first stop, its throw
  });

  it("a data breakpoint watches its own thread's variable, whichever thread is focused when it is set", () => {
    const engine = crashedChild();
    engine.open();
    engine.selectThread(1);
    const parentLocals = engine
      .scopes(engine.stackTrace().frames[0].id)
      .find((scope) =>
        engine
          .variables({ variablesReference: scope.variablesReference })
          .some((variable) => variable.name === 'count'),
      )!;
    const dataId = engine.dataBreakpointInfo(parentLocals.variablesReference, 'count').dataId!;
    engine.selectThread(2);
    expect(engine.setDataBreakpoints([{ dataId }])[0].verified).toBe(true);
    // The child never writes the parent's `count`: it runs to its start.
    expect(engine.continue('backward')).toMatchObject({ threadId: 2, reason: 'start' });
    engine.selectThread(1);
    expect(engine.continue('backward')).toMatchObject({ threadId: 1, reason: 'data breakpoint', stepIndex: 1 });
  });
});
