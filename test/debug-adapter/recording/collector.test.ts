// The collector with fake producers (raw Unix-socket clients streaming framed traces): merging
// several producers into one readable trace, the END 'killed' for a producer that vanished,
// control messages, the 0700 socket directory (SEC-09) and the 0600 trace file (SEC-10).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeEnd,
  decodeEventWords,
  decodeProducer,
  EventKind,
  Ext,
  readTrace,
  RecordType,
  type TraceRecord,
} from '../../../runtime/format';
import { TraceCollector } from '../../../debug-adapter/recording/collector';
import {
  concatBytes,
  encodeHeader,
  encodeRecord,
  endRecord,
  jsonPayload,
  testHeader,
  wordsPayload,
} from '../../support/traceFile';

const collectors: TraceCollector[] = [];
const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((collector) => collector.finish()));
  for (const directory of scratch.splice(0)) rmSync(directory, { recursive: true, force: true });
});

async function newCollector(options = {}): Promise<TraceCollector> {
  const collector = await TraceCollector.create(options);
  collectors.push(collector);
  return collector;
}

async function producer(collector: TraceCollector): Promise<Socket> {
  const socket = connect(collector.socketPath);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** One producer's stream: header (its pid) then EVENTS with its words, then END unless cut short. */
function producerStream(pid: number, words: number[], withEnd: boolean): Uint8Array {
  const records = [encodeRecord({ type: RecordType.EVENTS, sequence: 0, payload: wordsPayload(words) })];
  if (withEnd) records.push(encodeRecord({ ...endRecord(0, 'exit', 0), sequence: 1 }));
  return concatBytes([encodeHeader(testHeader({ pid, argv: ['node', `p${pid}.js`] })), ...records]);
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).indexOf(
    Buffer.from(needle.buffer, needle.byteOffset, needle.length),
  );
}

async function sendAndClose(socket: Socket, bytes: Uint8Array, chunkBytes = bytes.length): Promise<void> {
  for (let at = 0; at < bytes.length; at += chunkBytes) socket.write(bytes.subarray(at, at + chunkBytes));
  await new Promise<void>((resolve) => socket.end(resolve));
}

describe('TraceCollector', () => {
  it('listens in a fresh 0700 directory on a Unix socket, removed when finished', async () => {
    const collector = await newCollector();
    expect(statSync(collector.directory).mode & 0o777).toBe(0o700);
    expect(statSync(collector.socketPath).isSocket()).toBe(true);
    expect(collector.socketPath.startsWith(collector.directory)).toBe(true);
    await collector.finish();
    expect(existsSync(collector.directory)).toBe(false);
  });

  it('merges several producers into one trace with one header and a PRODUCER record each', async () => {
    const collector = await newCollector();
    const live: TraceRecord[] = [];
    collector.on('record', (record) => live.push(record));
    const first = await producer(collector);
    await sendAndClose(first, producerStream(100, [0x11, 0x21], true), 7);
    await collector.waitForIdle(5000);
    const second = await producer(collector);
    await sendAndClose(second, producerStream(200, [0x31], true), 1);
    expect(await collector.waitForIdle(5000)).toBe(true);

    const trace = readTrace(collector.bytes());
    expect(trace.error).toBeUndefined();
    expect(trace.complete).toBe(true);
    expect(collector.complete).toBe(true);
    expect(trace.header.pid).toBe(100);
    const byProducer = (id: number) => trace.records.filter((record) => record.producerId === id);
    expect(byProducer(0).map((record) => record.type)).toEqual([
      RecordType.PRODUCER,
      RecordType.EVENTS,
      RecordType.END,
    ]);
    expect(byProducer(1).map((record) => record.type)).toEqual([
      RecordType.PRODUCER,
      RecordType.EVENTS,
      RecordType.END,
    ]);
    expect(byProducer(1).map((record) => record.sequence)).toEqual([0, 1, 2]);
    expect(decodeProducer(byProducer(1)[0])).toMatchObject({ producerId: 1, pid: 200, argv: ['node', 'p200.js'] });
    expect([...decodeEventWords(byProducer(1)[1])]).toEqual([0x31]);
    // Consumers saw the same records, at the same offsets, as they arrived.
    expect(live.map((record) => [record.byteOffset, record.type, record.producerId])).toEqual(
      trace.records.map((record) => [record.byteOffset, record.type, record.producerId]),
    );
  });

  it('keeps each producer in order when several stream at once in random chunk sizes', async () => {
    const collector = await newCollector();
    const producerCount = 3;
    const recordsEach = 200;
    const streams = Array.from({ length: producerCount }, (_, producerIndex) =>
      concatBytes([
        encodeHeader(testHeader({ pid: 1000 + producerIndex })),
        ...Array.from({ length: recordsEach }, (_, index) =>
          encodeRecord({
            type: RecordType.EVENTS,
            sequence: index,
            payload: wordsPayload(
              Array.from({ length: index % 50 }, (__, word) => producerIndex * 1_000_000 + index * 100 + word),
            ),
          }),
        ),
        encodeRecord({ ...endRecord(), sequence: recordsEach }),
      ]),
    );
    const sockets = await Promise.all(streams.map(() => producer(collector)));
    let seed = 7;
    const nextChunk = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % 997);
    };
    await Promise.all(
      sockets.map(async (socket, index) => {
        const stream = streams[index];
        for (let at = 0; at < stream.length;) {
          const size = nextChunk();
          socket.write(stream.subarray(at, at + size));
          at += size;
          if (size % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await new Promise<void>((resolve) => socket.end(resolve));
      }),
    );
    expect(await collector.waitForIdle(10_000)).toBe(true);
    const trace = readTrace(collector.bytes());
    expect(trace.complete).toBe(true);
    const pids = new Map<number, number>();
    for (const record of trace.records)
      if (record.type === RecordType.PRODUCER) pids.set(record.producerId, decodeProducer(record).pid - 1000);
    for (const [producerId, producerIndex] of pids) {
      const events = trace.records.filter(
        (record) => record.producerId === producerId && record.type === RecordType.EVENTS,
      );
      expect(events).toHaveLength(recordsEach);
      events.forEach((record, index) => {
        expect([...decodeEventWords(record)]).toEqual(
          Array.from({ length: index % 50 }, (__, word) => producerIndex * 1_000_000 + index * 100 + word),
        );
      });
    }
    expect([...pids.values()].sort()).toEqual([0, 1, 2]);
  });

  it("uses a producer's own PRODUCER record, with the collector's id", async () => {
    const collector = await newCollector();
    const own = {
      producerId: 7,
      pid: 300,
      ppid: 299,
      threadId: 2,
      argv: ['worker'],
      nodeVersion: 'v20',
      startWallTimeMs: 5,
    };
    const socket = await producer(collector);
    await sendAndClose(
      socket,
      concatBytes([
        encodeHeader(testHeader({ pid: 300 })),
        encodeRecord({ type: RecordType.PRODUCER, payload: jsonPayload(own) }),
        encodeRecord({ ...endRecord(), sequence: 1 }),
      ]),
    );
    await collector.waitForIdle(5000);
    const records = readTrace(collector.bytes()).records;
    expect(records.filter((record) => record.type === RecordType.PRODUCER)).toHaveLength(1);
    expect(decodeProducer(records[0])).toEqual({ ...own, producerId: 0 });
  });

  it("ends a producer that disconnects without END as 'killed' and flags the trace incomplete", async () => {
    const collector = await newCollector();
    const ended: string[] = [];
    collector.on('producerEnded', (producerId, end) => ended.push(`${producerId}:${end.reason}`));
    const good = await producer(collector);
    await sendAndClose(good, producerStream(1, [0x11], true));
    const killed = await producer(collector);
    const stream = producerStream(2, [0x11, 0x21, 0x31], false);
    // Cut mid-record: the partial record is not forwarded, what verified is.
    await sendAndClose(
      killed,
      concatBytes([stream, encodeRecord({ type: RecordType.EVENTS, payload: wordsPayload([1, 2]) }).subarray(0, 10)]),
    );
    await collector.waitForIdle(5000);
    expect(collector.complete).toBe(false);
    const trace = readTrace(collector.bytes());
    expect(trace.error).toBeUndefined();
    expect(trace.complete).toBe(false);
    const lastOfKilled = trace.records.filter((record) => record.producerId === 1).at(-1) as TraceRecord;
    expect(decodeEnd(lastOfKilled)).toMatchObject({ reason: 'killed', exitCode: null });
    expect(ended).toEqual(['0:exit', '1:killed']);
  });

  describe('a producer whose process died of a signal (the launcher reports the exit)', () => {
    async function vanish(collector: TraceCollector, pid: number): Promise<void> {
      const socket = await producer(collector);
      await sendAndClose(socket, producerStream(pid, [0x11, 0x21, 0x31], false));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const endOf = (collector: TraceCollector) => decodeEnd(readTrace(collector.bytes()).records.at(-1) as TraceRecord);

    it("ends with reason 'signal' once the exit is reported after the socket closed, incomplete (issue 10 item 3)", async () => {
      const collector = await newCollector();
      collector.awaitExitOf(100);
      await vanish(collector, 100);
      expect(await collector.waitForIdle(10)).toBe(false); // held until the exit is known
      collector.reportExit(100, { code: null, signal: 'SIGTERM' });
      expect(await collector.waitForIdle(10)).toBe(true);
      // 3 events received (STEP words 0x11, 0x21, 0x31), none lost.
      // No TIME sample: no rate to carry over, so the estimate is 0 — but nothing proves the program
      // had flushed everything when it died, so the trace says it is incomplete.
      expect(endOf(collector)).toEqual({
        reason: 'signal',
        exitCode: null,
        signal: 'SIGTERM',
        eventsEmitted: 3,
        eventsLost: 0,
        unflushedEventsEstimate: 0,
      });
      expect(collector.complete).toBe(false);
      expect(readTrace(collector.bytes()).complete).toBe(false);
    });

    it('totals a vanished producer from its latest TIME sample and the records after it', async () => {
      const collector = await newCollector();
      collector.awaitExitOf(100);
      const socket = await producer(collector);
      const lostMarker = [(Ext.LOST << 4) | EventKind.EXT, 4, 1];
      const own = {
        producerId: 0,
        pid: 100,
        ppid: 1,
        threadId: 0,
        argv: ['node', 'p.js'],
        nodeVersion: 'v20',
        startWallTimeMs: 5,
      };
      const sent = [
        encodeRecord({ type: RecordType.PRODUCER, sequence: 0, payload: jsonPayload(own) }),
        encodeRecord({ type: RecordType.EVENTS, sequence: 1, payload: wordsPayload([0x11, 0x21, 0x31]) }),
        // The drain's TIME sample: 3 events accounted for so far (the collector need not count them).
        encodeRecord({
          type: RecordType.TIME,
          sequence: 2,
          payload: jsonPayload({ eventIndex: 3, wallTimeMs: 10, monotonicMs: 1 }),
        }),
        encodeRecord({ type: RecordType.EVENTS, sequence: 3, payload: wordsPayload([0x11, 0x21]) }),
        encodeRecord({
          type: RecordType.LOST,
          sequence: 4,
          payload: jsonPayload({ lostEvents: 4, reason: 'ring-full', afterEvent: 5 }),
        }),
        encodeRecord({ type: RecordType.EVENTS, sequence: 5, payload: wordsPayload([...lostMarker, 0x31]) }),
      ];
      await sendAndClose(socket, concatBytes([encodeHeader(testHeader({ pid: 100 })), ...sent]), 16);
      await new Promise((resolve) => setTimeout(resolve, 50));
      collector.reportExit(100, { code: null, signal: 'SIGTERM' });
      // 3 by the sample, 2 + 1 after it (the LOST marker is the drain's, not an event), 4 lost.
      expect(endOf(collector)).toEqual({
        reason: 'signal',
        exitCode: null,
        signal: 'SIGTERM',
        eventsEmitted: 10,
        eventsLost: 4,
        unflushedEventsEstimate: 0,
      });
      // Records already numbered as the merged trace numbers them went through byte for byte.
      const merged = collector.bytes();
      for (const record of sent.slice(1))
        expect(indexOfBytes(merged, record), `record ${record[4]}`).toBeGreaterThan(0);
    });

    it('uses an exit reported before the socket closed', async () => {
      const collector = await newCollector();
      collector.awaitExitOf(100);
      collector.reportExit(100, { code: null, signal: 'SIGINT' });
      await vanish(collector, 100);
      expect(endOf(collector)).toMatchObject({ reason: 'signal', signal: 'SIGINT' });
    });

    it("SIGKILL (nothing could flush) and an exit never reported stay 'killed' and incomplete", async () => {
      const killed = await newCollector();
      killed.awaitExitOf(100);
      await vanish(killed, 100);
      killed.reportExit(100, { code: null, signal: 'SIGKILL' });
      expect(endOf(killed)).toMatchObject({ reason: 'killed', signal: 'SIGKILL' });
      expect(readTrace(killed.bytes()).complete).toBe(false);

      const unreported = await newCollector();
      unreported.awaitExitOf(100);
      await vanish(unreported, 100);
      await unreported.finish();
      expect(endOf(unreported)).toMatchObject({ reason: 'killed', exitCode: null });
    });

    it('a producer of another process is not held', async () => {
      const collector = await newCollector();
      collector.awaitExitOf(100);
      await vanish(collector, 200);
      expect(await collector.waitForIdle(10)).toBe(true);
      expect(endOf(collector).reason).toBe('killed');
    });
  });

  it('drops an unreadable producer stream with a problem message naming the byte', async () => {
    const collector = await newCollector();
    const problems: string[] = [];
    collector.on('problem', (message) => problems.push(message));
    const socket = await producer(collector);
    const stream = producerStream(1, [0x11], false);
    // A record prefix announcing an impossible length.
    socket.write(concatBytes([stream, Uint8Array.of(0xf0, 0xff, 0xff, 0xff, RecordType.EVENTS, 0, 0, 0, 9, 0, 0, 0)]));
    await collector.waitForIdle(5000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/record length \d+ exceeds the maximum \d+ \(stream byte \d+\)/);
    const trace = readTrace(collector.bytes());
    expect(decodeEnd(trace.records.at(-1) as TraceRecord).reason).toBe('killed');
  });

  it('forwards records without checksumming them again (issue 9: checksums computed once, by the drain); the file reader still checks', async () => {
    const collector = await newCollector();
    const problems: string[] = [];
    collector.on('problem', (message) => problems.push(message));
    const socket = await producer(collector);
    // Numbered as the merged trace numbers them (PRODUCER first), as a real drain's are: passed through.
    const own = {
      producerId: 0,
      pid: 1,
      ppid: 0,
      threadId: 0,
      argv: ['node', 'p.js'],
      nodeVersion: 'v20',
      startWallTimeMs: 5,
    };
    const stream = concatBytes([
      encodeHeader(testHeader({ pid: 1 })),
      encodeRecord({ type: RecordType.PRODUCER, sequence: 0, payload: jsonPayload(own) }),
      encodeRecord({ type: RecordType.EVENTS, sequence: 1, payload: wordsPayload([0x11]) }),
      encodeRecord({ ...endRecord(), sequence: 2 }),
    ]);
    stream[stream.length - 1] ^= 0xff; // the END record's CRC
    await sendAndClose(socket, stream);
    await collector.waitForIdle(5000);
    expect(problems).toEqual([]);
    const trace = readTrace(collector.bytes());
    expect(trace.error?.message).toBe('record checksum mismatch');
  });

  it("reports a gap in a producer's sequence numbers (the merged trace renumbers them)", async () => {
    const collector = await newCollector();
    const problems: string[] = [];
    collector.on('problem', (message) => problems.push(message));
    const socket = await producer(collector);
    await sendAndClose(
      socket,
      concatBytes([
        encodeHeader(testHeader()),
        encodeRecord({ type: RecordType.EVENTS, sequence: 0, payload: wordsPayload([0x11]) }),
        encodeRecord({ type: RecordType.EVENTS, sequence: 3, payload: wordsPayload([0x21]) }),
        encodeRecord({ ...endRecord(), sequence: 4 }),
      ]),
    );
    await collector.waitForIdle(5000);
    expect(problems).toEqual(['producer 0 skipped from record 1 to 3']);
    expect(readTrace(collector.bytes()).records.map((record) => record.sequence)).toEqual([0, 1, 2, 3]);
  });

  it('finish() ends producers still connected as killed', async () => {
    const collector = await newCollector();
    const socket = await producer(collector);
    socket.write(producerStream(1, [0x11], false));
    await new Promise((resolve) => collector.once('record', resolve));
    await collector.finish();
    const trace = readTrace(collector.bytes());
    expect(trace.records.map((record) => record.type)).toEqual([
      RecordType.PRODUCER,
      RecordType.EVENTS,
      RecordType.END,
    ]);
    expect(trace.complete).toBe(false);
  });

  it('sends newline-delimited JSON control messages to producers', async () => {
    const collector = await newCollector();
    const socket = await producer(collector);
    socket.write(encodeHeader(testHeader()));
    await new Promise((resolve) => collector.once('header', resolve));
    const received: string[] = [];
    socket.on('data', (chunk) => received.push(chunk.toString()));
    expect(collector.sendControl({ type: 'pause' })).toBe(1);
    expect(collector.sendControl({ type: 'resume' }, 0)).toBe(1);
    expect(collector.sendControl({ type: 'resume' }, 5)).toBe(0);
    await new Promise<void>((resolve) => {
      const poll = () => (received.join('').split('\n').length > 2 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    expect(received.join('')).toBe('{"type":"pause"}\n{"type":"resume"}\n');
    socket.destroy();
  });

  it("ends its side of a producer's socket once that producer's END is in, and sends it nothing more", async () => {
    // The producer's drain waits for this end before its thread may go (workerDrainEnd.test.ts).
    const collector = await newCollector();
    const socket = await producer(collector);
    const collectorEnded = new Promise<void>((resolve) => socket.once('end', resolve));
    socket.on('data', () => undefined);
    socket.write(producerStream(1, [0x11, 0x21], true));
    await new Promise((resolve) => collector.once('producerEnded', resolve));
    await collectorEnded;
    expect(collector.sendControl({ type: 'pause' }, 0)).toBe(0);
    socket.end();
    await collector.waitForIdle(5000);
    expect(readTrace(collector.bytes()).complete).toBe(true);
  });

  it('writes the merged trace to a 0600 file, from the beginning, as it arrives', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rewind-collector-test-'));
    scratch.push(directory);
    const early = join(directory, 'early.rwd');
    const collector = await newCollector({ outFile: early, retainBytes: false });
    const socket = await producer(collector);
    await sendAndClose(socket, producerStream(1, [0x11, 0x21], true));
    await collector.waitForIdle(5000);
    const summary = await collector.finish();
    expect(summary).toMatchObject({ complete: true, producers: 1, outFile: early });
    expect(statSync(early).mode & 0o777).toBe(0o600);
    const trace = readTrace(readFileSync(early));
    expect(trace.complete).toBe(true);
    expect(trace.validBytes).toBe(summary.sizeBytes);

    const late = join(directory, 'late.rwd');
    const retaining = await newCollector();
    const other = await producer(retaining);
    await sendAndClose(other, producerStream(1, [0x11], true));
    await retaining.waitForIdle(5000);
    retaining.writeTo(late);
    await retaining.finish();
    expect(readFileSync(late)).toEqual(Buffer.from(retaining.bytes()));
  });
});
