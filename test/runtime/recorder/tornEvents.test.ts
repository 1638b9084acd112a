// Issue 9 item 4: a stack overflow that strikes inside the recorder's hot path, between the first
// and the last word of an event, must not leave a half-written event in the ring (the trace would
// not read back: `rewind info` exited 2). Each recorder call is tried at every depth on the way
// back from a deliberate overflow, so some of them run out of stack in the middle of an event.
import { describe, expect, it } from 'vitest';
import { EventKind, scopeWord, valueLength } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { recordInThread } from '../../support/recorder/memory';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';

/** Calls `action(depth)` once at every depth on the way back from a stack overflow; how many threw. */
function atEveryDepthNearTheLimit(action: (depth: number) => void): number {
  let overflows = 0;
  const down = (depth: number): void => {
    try {
      down(depth + 1);
    } catch {
      // the overflow, or one of action's: unwind a level and try again with a little more stack
    }
    try {
      action(depth);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      overflows++;
    }
  };
  down(0);
  return overflows;
}

const LONG = 'a string longer than the interning limit, so it is written inline word by word';

describe('a stack overflow inside the hot path (issue 9 item 4)', () => {
  it('leaves no half-written event: every event decodes, every WRITE holds a whole value', () => {
    const recording = recordInThread({ capacityWords: 1 << 22 });
    let completed = 0;
    const record = (depth: number): void => {
      hot.wf(5, `${LONG} ${depth}`, 0); // sized: header, scope word, then the string's words
      hot.w(6, depth + 0.5); // a double: three words after the header
      hot.pv(7, { depth }, `key${depth}`, [depth]); // snapshots first, then a PROP_SET
      completed++;
    };
    // Through 0..3 extra frames, so the overflow strikes at every point of the calls in some round.
    const through = (frames: number, depth: number): void =>
      frames === 0 ? record(depth) : through(frames - 1, depth);
    let overflows = 0;
    for (let frames = 0; frames < 4; frames++) {
      overflows += atEveryDepthNearTheLimit((depth) => through(frames, depth));
      recording.drain.round(); // nothing dropped for want of room: every completed call is counted below
    }
    const words = recording.finish().main.words;
    expect(overflows).toBeGreaterThan(0);
    expect(completed).toBeGreaterThan(100);
    const events = walkEvents(words); // throws on a torn event (an undecodable header)
    const strings = stringTable(words);
    const writes = events.filter((event) => event.kind === EventKind.WRITE);
    const wrongWrites = writes.filter((event) => {
      if (event.probe !== 5) {
        const value = decodeAt(words, event.offset + 1, strings);
        return value.type !== 'number' || value.value % 1 !== 0.5;
      }
      const value = decodeAt(words, event.offset + 2, strings);
      return words[event.offset + 1] !== scopeWord(0) || value.type !== 'string' || !value.value.startsWith(LONG);
    });
    expect(wrongWrites).toEqual([]);
    // A key's STRING_DEF cut short is not interned: every key a PROP_SET names is defined before it.
    const propertySets = events.filter((event) => event.kind === EventKind.PROP_SET);
    expect(propertySets.length).toBeGreaterThanOrEqual(completed);
    const wrongKeys = propertySets.filter((event) => {
      const key = decodeAt(words, event.offset + 1 + valueLength(words, event.offset + 1), strings);
      return key.type !== 'string' || !key.value.startsWith('key');
    });
    expect(wrongKeys).toEqual([]);
    // At least every completed iteration's two writes are there (a torn one is rolled back).
    expect(writes.length).toBeGreaterThanOrEqual(completed * 2);
  });
});
