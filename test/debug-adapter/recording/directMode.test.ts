// The collector in direct mode (issue 9 §1): producers write the trace file themselves and send
// only progress lines; the collector keeps the books and appends, for a producer that vanishes,
// an END with an estimate of its unflushed tail (issue 10 item 3) — after cutting off a record a
// fatal signal tore in half. Fake producers: raw socket clients writing the file and the lines.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeEnd,
  decodeNote,
  decodeProducer,
  readTrace,
  RecordType,
  type TraceRecord,
} from '../../../runtime/format';
import { TraceCollector } from '../../../debug-adapter/recording/collector';
import { TailEstimator } from '../../../debug-adapter/recording/tailEstimate';
import {
  concatBytes,
  encodeHeader,
  encodeRecord,
  endRecord,
  jsonPayload,
  testHeader,
  wordsPayload,
} from '../../support/traceFile';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function directCollector(): Promise<{ collector: TraceCollector; file: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'rewind-direct-'));
  const file = join(directory, 'trace.rwd');
  const collector = await TraceCollector.create({ directFile: file });
  cleanups.push(
    () => collector.finish(),
    () => rmSync(directory, { recursive: true, force: true }),
  );
  return { collector, file };
}

async function progressSocket(collector: TraceCollector, lines: unknown[]): Promise<Socket> {
  const socket = connect(collector.socketPath);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return socket;
}

const hello = { type: 'hello', producerId: 0, pid: 100, capacityWords: 1 << 20 };
const progress = (fields: Record<string, number>) => ({
  type: 'progress',
  nextSequence: 2,
  accountedEvents: 3,
  lostEvents: 0,
  publishedEvents: 3,
  fileBytes: 0,
  wallTimeMs: Date.now(),
  ...fields,
});
/** Producer 0 (pid 100) as its drain starts a file: the header, its PRODUCER record, three events. */
const producerWithEvents = () =>
  concatBytes([
    encodeHeader(testHeader({ pid: 100 })),
    encodeRecord({ type: RecordType.PRODUCER, sequence: 0, payload: jsonPayload({ producerId: 0, pid: 100 }) }),
    encodeRecord({ type: RecordType.EVENTS, sequence: 1, payload: wordsPayload([0x11, 0x21, 0x31]) }),
  ]);
const lastEnd = (file: string) => decodeEnd(readTrace(readFileSync(file)).records.at(-1) as TraceRecord);

describe('TraceCollector in direct mode', () => {
  it('a producer that wrote its own END and said so: the file is left as the producer wrote it, complete', async () => {
    const { collector, file } = await directCollector();
    const bytes = concatBytes([
      encodeHeader(testHeader({ pid: 100 })),
      encodeRecord({ type: RecordType.EVENTS, sequence: 0, payload: wordsPayload([0x11]) }),
      encodeRecord({ ...endRecord(), sequence: 1 }),
    ]);
    writeFileSync(file, bytes);
    const socket = await progressSocket(collector, [hello, progress({ fileBytes: bytes.length }), { type: 'end' }]);
    await new Promise<void>((resolve) => socket.end(resolve));
    expect(await collector.waitForIdle(5000)).toBe(true);
    const summary = await collector.finish();
    expect(summary).toMatchObject({ complete: true, producers: 1, sizeBytes: bytes.length, outFile: file });
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
  });

  it('a producer that died by a signal: END signal with the estimate, after its last whole record (a torn one is cut off)', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    const whole = producerWithEvents();
    const reportedBytes = whole.length;
    // Written after the last report: one more whole record, then one torn by the death.
    const later = encodeRecord({ type: RecordType.EVENTS, sequence: 2, payload: wordsPayload([0x41]) });
    const torn = encodeRecord({ type: RecordType.EVENTS, sequence: 3, payload: wordsPayload([1, 2, 3, 4]) }).subarray(
      0,
      15,
    );
    writeFileSync(file, whole);
    appendFileSync(file, concatBytes([later, torn]));
    const nowMs = Date.now();
    // 1000 events per ms published, 500 of them not yet in the file at the last report.
    const socket = await progressSocket(collector, [
      hello,
      progress({ wallTimeMs: nowMs - 20, accountedEvents: 1000, publishedEvents: 1000, fileBytes: reportedBytes - 10 }),
      progress({ wallTimeMs: nowMs - 10, accountedEvents: 10_500, publishedEvents: 11_000, fileBytes: reportedBytes }),
    ]);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    collector.reportExit(100, { code: null, signal: 'SIGTERM' });
    expect(await collector.waitForIdle(5000)).toBe(true);
    const trace = readTrace(readFileSync(file));
    expect(trace.error).toBeUndefined();
    expect(trace.complete).toBe(false);
    expect(trace.records.map((record) => record.type)).toEqual([
      RecordType.PRODUCER,
      RecordType.EVENTS,
      RecordType.EVENTS,
      RecordType.END,
    ]);
    const end = lastEnd(file);
    expect(end).toMatchObject({ reason: 'signal', signal: 'SIGTERM', eventsEmitted: 10_500, eventsLost: 0 });
    // The backlog (500) plus ~1000/ms over the ≥ 10 ms between the last report and the death.
    expect(end.unflushedEventsEstimate).toBeGreaterThanOrEqual(500 + 9000);
    expect((await collector.finish()).complete).toBe(false);
  });

  it('SIGKILL: END killed, incomplete', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    writeFileSync(
      file,
      concatBytes([
        encodeHeader(testHeader({ pid: 100 })),
        encodeRecord({ type: RecordType.EVENTS, sequence: 0, payload: wordsPayload([0x11]) }),
      ]),
    );
    const socket = await progressSocket(collector, [hello]);
    socket.destroy();
    collector.reportExit(100, { code: null, signal: 'SIGKILL' });
    expect(await collector.waitForIdle(5000)).toBe(true);
    expect(lastEnd(file)).toMatchObject({ reason: 'killed', signal: 'SIGKILL' });
    expect(readTrace(readFileSync(file)).complete).toBe(false);
  });
});

// The root process writes the header before its drain starts; killed in between, it never says
// hello. Before the fix such a file kept no END and `rewind record` called it empty.
describe('TraceCollector in direct mode: a launched process that never said hello', () => {
  it('wrote only the header: a PRODUCER made from the header, a NOTE bounding the loss, END killed', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    const options = { level: 'full', bufferWords: 1 << 20 };
    writeFileSync(file, encodeHeader(testHeader({ pid: 100, argv: ['node', '/app/main.js'], options })));
    collector.reportExit(100, { code: null, signal: 'SIGKILL' });
    const summary = await collector.finish();
    expect(summary).toMatchObject({ complete: false, producers: 1 });
    const trace = readTrace(readFileSync(file));
    expect(trace.error).toBeUndefined();
    expect(trace.records.map((record) => record.type)).toEqual([RecordType.PRODUCER, RecordType.NOTE, RecordType.END]);
    expect(decodeProducer(trace.records[0])).toMatchObject({ producerId: 0, pid: 100, argv: ['node', '/app/main.js'] });
    // A ring of 1M words holds at most 1M events, none of which reached the file.
    expect(decodeNote(trace.records[1]).message).toMatch(/up to about 1048576 events/);
    expect(lastEnd(file)).toMatchObject({ reason: 'killed', signal: 'SIGKILL', eventsEmitted: 0 });
  });

  it('wrote records, its hello lost: END after a torn last record, by its exit, with what the file holds', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    const whole = producerWithEvents();
    const torn = encodeRecord({ type: RecordType.EVENTS, sequence: 2, payload: wordsPayload([1, 2]) }).subarray(0, 9);
    writeFileSync(file, concatBytes([whole, torn]));
    collector.reportExit(100, { code: null, signal: 'SIGINT' });
    expect(await collector.finish()).toMatchObject({ complete: false, producers: 1 });
    const trace = readTrace(readFileSync(file));
    expect(trace.error).toBeUndefined();
    expect(trace.records.map((record) => [record.type, record.sequence])).toEqual([
      [RecordType.PRODUCER, 0],
      [RecordType.EVENTS, 1],
      [RecordType.NOTE, 2],
      [RecordType.END, 3],
    ]);
    expect(lastEnd(file)).toMatchObject({ reason: 'signal', signal: 'SIGINT', eventsEmitted: 3, eventsLost: 0 });
  });

  it('drained its own ring at its exit (its END in the file): counted, complete, the file left as it is', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    // What runtime/recorder/exitDrain.ts appends: PRODUCER, events, END, and no hello.
    const bytes = concatBytes([producerWithEvents(), encodeRecord({ ...endRecord(), sequence: 2 })]);
    writeFileSync(file, bytes);
    collector.reportExit(100, { code: 0, signal: null });
    expect(await collector.finish()).toMatchObject({ complete: true, producers: 1, sizeBytes: bytes.length });
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
  });

  it('another producer that said hello keeps its own END; only the silent one is ended', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    const bytes = concatBytes([
      encodeHeader(testHeader({ pid: 100 })),
      encodeRecord({ type: RecordType.PRODUCER, producerId: 7, sequence: 0, payload: jsonPayload({ producerId: 7 }) }),
      encodeRecord({ ...endRecord(7), sequence: 1 }),
    ]);
    writeFileSync(file, bytes);
    const socket = await progressSocket(collector, [
      { ...hello, producerId: 7, pid: 200 },
      progress({ fileBytes: bytes.length }),
      { type: 'end' },
    ]);
    await new Promise<void>((resolve) => socket.end(resolve));
    expect(await collector.waitForIdle(5000)).toBe(true);
    collector.reportExit(100, { code: null, signal: 'SIGKILL' });
    expect(await collector.finish()).toMatchObject({ complete: false, producers: 2 });
    const records = readTrace(readFileSync(file)).records;
    expect(records.map((record) => [record.producerId, record.type])).toEqual([
      [7, RecordType.PRODUCER],
      [7, RecordType.END],
      [0, RecordType.PRODUCER],
      [0, RecordType.NOTE],
      [0, RecordType.END],
    ]);
  });

  it('said hello: nothing is added at the end (its END came from the collector as before)', async () => {
    const { collector, file } = await directCollector();
    collector.awaitExitOf(100);
    writeFileSync(file, encodeHeader(testHeader({ pid: 100 })));
    const socket = await progressSocket(collector, [hello]);
    socket.destroy();
    collector.reportExit(100, { code: null, signal: 'SIGKILL' });
    expect(await collector.waitForIdle(5000)).toBe(true);
    await collector.finish();
    expect(readTrace(readFileSync(file)).records.map((record) => record.type)).toEqual([RecordType.END]);
  });
});

describe('TailEstimator', () => {
  const sample = (wallTimeMs: number, accountedEvents: number, publishedEvents = accountedEvents, traceBytes = 0) => ({
    wallTimeMs,
    accountedEvents,
    publishedEvents,
    traceBytes,
  });

  it('is 0 with nothing observed, and for a producer whose rate was 0', () => {
    expect(new TailEstimator().estimate(1000)).toBe(0);
    const idle = new TailEstimator();
    idle.observe(sample(0, 50));
    idle.observe(sample(100, 50));
    expect(idle.estimate(5000)).toBe(0);
  });

  it('carries the recent rate over at most 100 ms past the last report (a busy producer would have reported again)', () => {
    const busy = new TailEstimator();
    busy.observe(sample(0, 0));
    busy.observe(sample(10, 10_000));
    expect(busy.estimate(30)).toBe(20_000);
    expect(busy.estimate(10_000)).toBe(100_000);
  });

  it("never more than a ring holds, in events at the trace's own words per event", () => {
    // 2 words per event (8 bytes), a 1024-word ring: at most 512 events can be unflushed.
    const bounded = new TailEstimator(1024);
    bounded.observe(sample(0, 0));
    bounded.observe(sample(10, 1000, 1000, 8000));
    expect(bounded.estimate(50)).toBe(512);
  });
});
