// Issue 9 item 1: e1…e4 / em1…em4 record a function's ENTER and its parameters' WRITEs in one call;
// the trace is word for word what e/em followed by one w per parameter wrote (probes id+1…), with
// the same redaction of secret-named parameters and the same frame ids.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import type { RecorderHotPath } from '../../../runtime/format/hotPath';
import { ProbeFlag, REDACTED_MARKER } from '../../../runtime/recorder/limits';
import { EventKind } from '../../../runtime/format';
import { recordInThread } from '../../support/recorder/memory';
import { decodeAt, eventKindName, stringTable, walkEvents } from '../../support/recorder/trace';

/**
 * The events a recording makes, decoded (kind, probe, frame or value), with probe 3 flagged REDACT
 * (a secret-named parameter). Decoded, because interned-string ids are not reset between two
 * recordings in one process.
 */
function eventsOf(record: (primitive: string) => void): string[] {
  const recording = recordInThread();
  recording.probeFlags[3] = ProbeFlag.REDACT;
  record('a string standing for an object or `this`');
  const words = recording.finish().main.words;
  const strings = stringTable(words);
  return walkEvents(words)
    .filter((event) => event.kind !== EventKind.EXT)
    .map((event) => {
      const name = eventKindName(event.kind);
      if (event.kind === EventKind.ENTER) return `${name} ${event.probe} frame ${words[event.offset + 1]}`;
      if (event.kind === EventKind.ENTER_THIS)
        return `${name} ${event.probe} frame ${words[event.offset + 1]} ${JSON.stringify(decodeAt(words, event.offset + 2, strings))}`;
      return `${name} ${event.probe} ${JSON.stringify(decodeAt(words, event.offset + 1, strings), (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
    });
}

/** The hot path under test: with the live checks (a live session) and without (createHotPath). */
let hot: RecorderHotPath;

/** e(id) then w(id+1…) for each value, as the instrumenter wrote it before item 1: the frame e gave. */
function enterThenWrites(values: unknown[]): number {
  const frame = hot.e(1);
  values.forEach((value, index) => hot.w(2 + index, value));
  return frame;
}

describe.each([true, false])('ENTER with its parameters in one call (issue 9 item 1), live checks %s', (live) => {
  beforeAll(() => {
    hot = createHotPath({ live });
  });

  it('e1…e4 write exactly e() then w(id+1…) for each parameter', () => {
    const separate = eventsOf((primitive) => {
      const frames = [
        enterThenWrites([]),
        enterThenWrites([1]),
        enterThenWrites(['two', 3.5]),
        enterThenWrites([primitive, undefined, 10n]),
        enterThenWrites([1, 2, 3, primitive]),
      ];
      expect(frames).toEqual([1, 2, 3, 4, 5]);
    });
    const folded = eventsOf((primitive) => {
      const frames = [
        hot.e(1),
        hot.e1(1, 1),
        hot.e2(1, 'two', 3.5),
        hot.e3(1, primitive, undefined, 10n),
        hot.e4(1, 1, 2, 3, primitive),
      ];
      expect(frames).toEqual([1, 2, 3, 4, 5]);
    });
    expect(folded).toEqual(separate);
    expect(separate.length).toBe(15);
    expect(separate.filter((event) => event.startsWith('WRITE 3 ')).length).toBe(3);
    expect(
      separate.filter((event) => event.startsWith('WRITE 3 ')).every((event) => event.includes(REDACTED_MARKER)),
    ).toBe(true);
  });

  it('em1…em4 write exactly em() then w(id+1…) for each parameter', () => {
    const separate = eventsOf((self) => {
      hot.em(1, self);
      hot.w(2, 'a');
      hot.em(1, self);
      hot.w(2, 'a');
      hot.w(3, 'secret');
      hot.em(1, self);
      hot.w(2, 1);
      hot.w(3, 2);
      hot.w(4, 3);
      hot.em(1, self);
      hot.w(2, 1);
      hot.w(3, 2);
      hot.w(4, 3);
      hot.w(5, 4);
    });
    const folded = eventsOf((self) => {
      hot.em1(1, self, 'a');
      hot.em2(1, self, 'a', 'secret');
      hot.em3(1, self, 1, 2, 3);
      hot.em4(1, self, 1, 2, 3, 4);
    });
    expect(folded).toEqual(separate);
  });
});
