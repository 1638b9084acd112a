// emitRejections.ts learns Node's addCatch from this Node's own emit, before any replacement: each
// position names a `node:events` line whose text does what the copy does there (checked end to
// end, plain against recorded, by the ins-13-emit-capture-rejections fixture on Node 20 and 24),
// and the function it hands back is Node's emitUnhandledRejectionOrErr, which emits 'error' with
// the emitter's capture turned off while it runs.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nodeRejectionSites } from '../../../runtime/recorder/emitRejections';

const emit = EventEmitter.prototype.emit as (...args: never[]) => unknown;

describe('nodeRejectionSites', () => {
  it("finds every addCatch site in node:events, in addCatch's order and before emit's", () => {
    const sites = nodeRejectionSites(emit, true)!;
    expect(sites).toBeDefined();
    const { thenRead, thenCall, tick, catchEmit, loneCatch, manyCatch } = sites;
    const lines = [thenRead, thenCall, tick, catchEmit, loneCatch, manyCatch!].map((site) => site.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    for (const site of [thenRead, thenCall, tick, catchEmit, loneCatch, manyCatch!])
      expect(site.column).toBeGreaterThan(1);
    expect(nodeRejectionSites(emit, false)!.manyCatch).toBeUndefined();
  });

  it("hands back Node's emitUnhandledRejectionOrErr, which emits 'error' with capture off", () => {
    const { rejected } = nodeRejectionSites(emit, false)!;
    const emitter = new EventEmitter({ captureRejections: true });
    const kCapture = Object.getOwnPropertySymbols(emitter).find((key) => key.description === 'kCapture')!;
    const capture = () => (emitter as unknown as Record<symbol, unknown>)[kCapture];
    const seen: unknown[] = [];
    emitter.on('error', function (this: EventEmitter, error: Error) {
      // Node turns the emitter's capture off while 'error' runs, so a rejecting handler cannot loop.
      seen.push(error.message, this === emitter, capture());
    });
    (rejected as (...args: unknown[]) => void)(emitter, new Error('lost'), 'job', []);
    expect(seen).toEqual(['lost', true, false]);
    expect(capture()).toBe(true);
  });

  it('leaves process.nextTick, the stack limit and the formatter as they were', () => {
    const nextTick = Object.getOwnPropertyDescriptor(process, 'nextTick');
    const limit = Error.stackTraceLimit;
    const prepare = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    nodeRejectionSites(emit, true);
    expect(Object.getOwnPropertyDescriptor(process, 'nextTick')).toEqual(nextTick);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')).toEqual(prepare);
  });
});
