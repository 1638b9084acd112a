// Fault injection: a trace over 2 GiB (issue 10 item 4). `record` wrote a 2.37 GB trace and exited
// 0, but `info` failed with ERR_FS_FILE_TOO_LARGE and the adapter refused the file: both read the
// whole file into one buffer (Node reads at most 2 GiB at once). The file here is 2.2 GiB but
// sparse (its padding records are zero words, PAD events, left as holes), with a real program's
// records after the first 2 GiB. Both readers stream it; the adapter, with a small window, opens at
// its end without indexing the padding (history before the window is only counted).
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordType, type TraceRecord } from '../../runtime/format';
import { openTraceRecording } from '../../debug-adapter/session/traceRecording';
import { frameTrace } from '../support/traceBuilder';
import { loopProgram } from '../debug-adapter/replay/programs';
import { openRecording } from '../../debug-adapter/replay';
import { assertBuilt, rewind, scratchDirectory } from '../cli/harness';

const scratch = scratchDirectory();
const PAD_PAYLOAD_BYTES = 32 * 1024 * 1024;
const PAD_RECORDS = 70; // 70 × 32 MiB = 2.19 GiB of padding
const tracePath = join(scratch.path, 'huge.rwd');
/** Steps of the real program whose records follow the padding. */
let programSteps = 0;

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

/** Header and the records before the first EVENTS, the padding as holes, then the rest. */
function writeSparseTrace(records: TraceRecord[]): void {
  const firstEvents = records.findIndex((record) => record.type === RecordType.EVENTS);
  const head = frameTrace(records.slice(0, firstEvents));
  const tail = frameTrace(records.slice(firstEvents)).subarray(frameTrace([]).length);
  const fd = openSync(tracePath, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    let at = head.length;
    // type EVENTS, flags 0, the program's producer, sequence 0; the payload is zeros (PAD events) left unwritten.
    const producerId = records[0].producerId;
    const fields = Buffer.from([RecordType.EVENTS, 0, producerId & 0xff, producerId >>> 8, 0, 0, 0, 0]);
    const checksum = crc32(Buffer.alloc(PAD_PAYLOAD_BYTES), crc32(fields));
    for (let index = 0; index < PAD_RECORDS; index++) {
      writeSync(fd, Buffer.concat([u32(PAD_PAYLOAD_BYTES), fields]), 0, 12, at);
      writeSync(fd, u32(checksum), 0, 4, at + 12 + PAD_PAYLOAD_BYTES);
      at += 16 + PAD_PAYLOAD_BYTES;
    }
    writeSync(fd, tail, 0, tail.length, at);
  } finally {
    closeSync(fd);
  }
}

beforeAll(() => {
  assertBuilt();
  const records = loopProgram().builder.end().takeRecords();
  programSteps = openRecording(frameTrace(records)).engine.summary().totalSteps;
  writeSparseTrace(records);
});
afterAll(() => scratch.remove());

describe('a trace over 2 GiB', () => {
  it('is a real 2.2 GiB file with its program after the first 2 GiB', () => {
    expect(statSync(tracePath).size).toBeGreaterThan(2 ** 31 + 100 * 1024 * 1024);
  });

  it("rewind info streams it: exit 0, the program's steps, the whole size verified", async () => {
    const json = await rewind(['info', tracePath, '--json'], { timeoutMs: 420_000 });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ complete: true, steps: programSteps, lost: 0 });
    const text = await rewind(['info', tracePath], { timeoutMs: 420_000 });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${statSync(tracePath).size} bytes`);
  }, 900_000);

  it('the adapter opens it at its end within a small window: every step of the program, step numbers absolute', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const recording = await openTraceRecording(
      tracePath,
      {
        output: () => undefined,
        stats: () => undefined,
        exited: () => undefined,
        progress: (doneBytes) => progress.push(doneBytes),
      },
      controller.signal,
      { windowBytes: 64 * 1024 * 1024 },
    );
    const engine = await recording.ready;
    const summary = engine.summary();
    expect(summary.totalSteps).toBe(programSteps);
    expect(summary.firstStep).toBe(0); // the padding has no steps: nothing of the program was left out
    expect(progress.at(-1)).toBe(statSync(tracePath).size);
    expect(engine.gotoStep(programSteps - 1).stepIndex).toBe(programSteps - 1);
    expect(engine.evaluate('total').result).toBe('3');
  }, 600_000);
});
