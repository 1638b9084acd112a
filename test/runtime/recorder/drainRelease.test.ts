// The drain hands a full ring back a part at a time (issue 9 §1): a round that finds many batches
// writes and releases them in parts of an eighth of the ring, so a producer blocked on a full ring
// resumes after the first write, not after the whole ring's. Before, one round wrote everything in
// one write and released the space only at its end.
import { afterEach, describe, expect, it } from 'vitest';
import { Control, ringSizes } from '../../../runtime/recorder/layout';
import { finalFlush, stepEvent } from '../../../runtime/recorder/ring';
import { EventKind } from '../../../runtime/format';
import { recordInThread } from '../../support/recorder/memory';
import { walkEvents } from '../../support/recorder/trace';

const CAPACITY_WORDS = 1 << 14;

afterEach(() => finalFlush());

describe('the drain releases a full ring in parts', () => {
  it('gives space back between its writes within one round; every event still arrives, in order', () => {
    const recording = recordInThread({ capacityWords: CAPACITY_WORDS, overflow: 'block' });
    const control = new Int32Array(recording.shared.control);
    recording.drain.round(); // the PRODUCER record
    const { batchWords } = ringSizes(CAPACITY_WORDS);
    // Five whole batches published (the sixth is open): most of what block mode lets the producer fill.
    const steps = batchWords * 5 + 1;
    for (let probe = 0; probe < steps; probe++) stepEvent(probe & 0xffff);
    const tailsAtWrites: number[] = [];
    const write = recording.sink.write.bind(recording.sink);
    recording.sink.write = (chunks) => {
      tailsAtWrites.push(Atomics.load(control, Control.TAIL_POSITION));
      write(chunks);
    };
    recording.drain.round();
    // Several writes in the round, the space before each later one already released.
    expect(tailsAtWrites.length).toBeGreaterThanOrEqual(4);
    expect(tailsAtWrites[0]).toBe(0);
    for (let index = 1; index < tailsAtWrites.length; index++)
      expect(tailsAtWrites[index]).toBeGreaterThan(tailsAtWrites[index - 1]);
    expect(Atomics.load(control, Control.TAIL_POSITION)).toBe(batchWords * 5);
    const trace = recording.finish();
    const probes = walkEvents(trace.main.words)
      .filter((event) => event.kind === EventKind.STEP)
      .map((event) => event.probe);
    expect(probes).toHaveLength(steps);
    expect(probes.every((probe, index) => probe === (index & 0xffff))).toBe(true);
  });
});
