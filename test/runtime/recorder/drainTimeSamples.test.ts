// The drain's clock samples (TIME records): at most one per 50 ms while events flow, and the one
// the interval held back is written once the flow stops, so the last burst before a pause or the end
// has a reading after it. Without it a server's requests within 50 ms of the previous sample had no
// time on the timeline (the e2e timeline journey failed on "Step 10 of 18" with no "t =").
import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { RecordType, decodeTime, readTrace } from '../../../runtime/format';
import { flushBatch, stepEvent } from '../../../runtime/recorder/ring';
import { recordInThread, TEST_HEADER } from '../../support/recorder/memory';
import { encodeFileHeader } from '../../../runtime/format/recordWriter';

function steps(count: number): void {
  for (let probe = 1; probe <= count; probe++) stepEvent(probe);
  flushBatch();
}

function timeSamples(bytes: Uint8Array): Array<{ eventIndex: number; wallTimeMs: number }> {
  const header = encodeFileHeader(TEST_HEADER);
  const whole = new Uint8Array(header.length + bytes.length);
  whole.set(header, 0);
  whole.set(bytes, header.length);
  return readTrace(whole, { inflate: (data) => inflateRawSync(data) })
    .records.filter((record) => record.type === RecordType.TIME)
    .map((record) => {
      const { eventIndex, wallTimeMs } = decodeTime(record);
      return { eventIndex, wallTimeMs };
    });
}

describe('the drain’s clock samples', () => {
  it('write the sample the interval held back on the first round that receives nothing', () => {
    const recording = recordInThread();
    let clockMs = 1_000;
    const now = (): number => clockMs;
    steps(10);
    recording.drain.round(now, now); // sampled: the first
    clockMs += 10;
    steps(5);
    recording.drain.round(now, now); // within 50 ms: held
    expect(timeSamples(recording.sink.bytes())).toEqual([{ eventIndex: 10, wallTimeMs: 1_000 }]);
    clockMs += 500;
    recording.drain.round(now, now); // nothing new: the held one is written, with the time it was taken
    expect(timeSamples(recording.sink.bytes())).toEqual([
      { eventIndex: 10, wallTimeMs: 1_000 },
      { eventIndex: 15, wallTimeMs: 1_010 },
    ]);
    recording.drain.round(now, now); // and only once
    expect(timeSamples(recording.sink.bytes())).toHaveLength(2);
  });

  it('write a held sample at the end, and drop one a later sample superseded', () => {
    const recording = recordInThread();
    let clockMs = 1_000;
    const now = (): number => clockMs;
    steps(10);
    recording.drain.round(now, now);
    clockMs += 10;
    steps(5);
    recording.drain.round(now, now); // held (15 events at 1010)…
    clockMs += 100;
    steps(5);
    recording.drain.round(now, now); // …superseded by a sample taken in time (20 at 1110)
    clockMs += 10;
    steps(3);
    recording.drain.round(now, now); // held: 23 events at 1120
    recording.drain.finish({ reason: 'exit', exitCode: 0 });
    expect(timeSamples(recording.sink.bytes())).toEqual([
      { eventIndex: 10, wallTimeMs: 1_000 },
      { eventIndex: 20, wallTimeMs: 1_110 },
      { eventIndex: 23, wallTimeMs: 1_120 },
    ]);
  });
});
