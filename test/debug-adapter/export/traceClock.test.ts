// TraceClock: event positions to microseconds from sparse TIME samples — linear between samples,
// a wait between two far-apart samples kept as a wait, never going back, and an honest
// event-order clock when a producer has no sample at all.
import { describe, expect, it } from 'vitest';
import { TraceClock } from '../../../debug-adapter/export/traceClock';

const START_MS = 1_700_000_000_000;
const sample = (eventIndex: number, afterStartMs: number, monotonicMs = afterStartMs + 5000) => ({
  eventIndex,
  wallTimeMs: START_MS + afterStartMs,
  monotonicMs,
});

describe('TraceClock', () => {
  it('interpolates linearly from the producer start to its first sample and between close samples', () => {
    const clock = new TraceClock(START_MS, START_MS, [sample(100, 10), sample(200, 60)]);
    expect(clock.source).toBe('interpolated');
    expect([0, 50, 100, 150, 200].map((index) => clock.at(index))).toEqual([0, 5000, 10_000, 35_000, 60_000]);
  });

  it('places a late producer after the recording start, and uses the monotonic clock within the producer', () => {
    // Wall clock rounds to ms; the monotonic clock says the samples were 50.5 ms apart.
    const clock = new TraceClock(START_MS + 20, START_MS, [
      sample(10, 30, 1000),
      { eventIndex: 20, wallTimeMs: START_MS + 80, monotonicMs: 1050.5 },
    ]);
    expect(clock.at(0)).toBe(20_000);
    expect(clock.at(20)).toBeCloseTo(80_500, 6);
  });

  it('keeps a long silence between samples as a wait: the later events come in its last stretch', () => {
    const clock = new TraceClock(START_MS, START_MS, [sample(100, 10), sample(110, 1010)]);
    expect(clock.at(99)).toBeCloseTo(9900, 6);
    // Events 100..110 reached the 1010 ms sample: they ran in its last 70 ms, not from 10 ms on.
    expect(clock.at(100)).toBe(940_000);
    expect(clock.at(105)).toBe(975_000);
    expect(clock.at(110)).toBe(1_010_000);
  });

  it('never goes back: out-of-order samples and a wall clock stepped backwards', () => {
    const clock = new TraceClock(START_MS, START_MS, [sample(200, 20, NaN), sample(100, 30, NaN)]);
    const times = [0, 50, 100, 150, 200, 250].map((index) => clock.at(index));
    expect(times.every((time, at) => at === 0 || time >= times[at - 1])).toBe(true);
    expect(times[2]).toBe(30_000);
  });

  it("continues past the last sample at the producer's average rate", () => {
    const clock = new TraceClock(START_MS, START_MS, [sample(100, 10)]);
    expect(clock.at(150)).toBe(15_000);
  });

  it('without samples says so and spaces events one microsecond apart', () => {
    const clock = new TraceClock(START_MS + 3, START_MS, []);
    expect(clock.source).toBe('event-order');
    expect([0, 1, 10].map((index) => clock.at(index))).toEqual([3000, 3001, 3010]);
  });
});
