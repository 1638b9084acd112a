// The live indexing queue: records pushed as they arrive index exactly like an immediate append,
// a slice of time at a time (timers run in between), and a drain reports its backlog by bytes.
import { describe, expect, it } from 'vitest';
import { TraceStore, createReplayEngine, openRecording } from '../../../debug-adapter/replay';
import { IndexQueue, type DrainProgress } from '../../../debug-adapter/trace/indexQueue';
import { TraceBuilder } from '../../support/traceBuilder';
import { MAIN, loopProgram } from '../replay/programs';

function manyRecords(steps: number) {
  const builder = new TraceBuilder().file(MAIN);
  builder.recordWords = 1 << 12;
  const module = builder.module({ line: 1 });
  const statement = builder.stmt(1, module);
  builder.enter(module);
  for (let index = 0; index < steps; index++) builder.step(statement);
  return builder.end().takeRecords();
}

describe('IndexQueue', () => {
  it('indexes what was pushed exactly like the whole file', async () => {
    const bytes = loopProgram().builder.end().bytes();
    const store = new TraceStore();
    const queue = new IndexQueue(store);
    for (const record of loopProgram().builder.end().takeRecords()) queue.push(record);
    await queue.drain();
    expect(createReplayEngine(store).summary()).toEqual(openRecording(bytes).engine.summary());
    expect(queue.pendingBytes).toBe(0);
  });

  it('drains a backlog with progress by bytes, letting timers run between slices', async () => {
    const records = manyRecords(400_000);
    const store = new TraceStore();
    const queue = new IndexQueue(store, 0);
    for (const record of records) queue.push(record);
    const backlog = queue.pendingBytes;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const reports: DrainProgress[] = [];
    await queue.drain((progress) => reports.push(progress));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
    expect(reports.length).toBeGreaterThan(10);
    expect(reports.at(-1)).toEqual({ doneBytes: backlog, totalBytes: backlog });
    expect(createReplayEngine(store).summary().totalSteps).toBe(400_000);
  });
});
