// Long strings written again by reference (issue 9, format 3.10): a string over the intern limit
// that the recorder wrote recently is a one-word STRING_REF to a STRING_DEF holding what an inline
// STRING would (the first maxStringLength units and the true length). Every value must decode
// exactly as the inline path's would, the same object must cost one word, different strings of
// the same length must never share a definition, and no reference may outlive a loss of events.
import { afterEach, describe, expect, it } from 'vitest';
import { EventKind, Ext, KIND_MASK, ValueTag } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import {
  ProbeFlag,
  REDACTED_MARKER,
  environmentRead,
  rememberEnvironmentSecrets,
} from '../../../runtime/recorder/limits';
import { LONG_CACHE_MAX_LENGTH } from '../../../runtime/recorder/strings';
import { recordInThread, type InThreadOptions } from '../../support/recorder/memory';
import { inlineString, recordWrites, type RecordedWrites } from '../../support/recorder/writtenValues';
import { decodeAt, stringTable, walkEvents, type WalkedEvent } from '../../support/recorder/trace';

interface Recorded extends RecordedWrites {
  /** STRING_DEF events. */
  definitions: WalkedEvent[];
}

/** Runs `write` (hot-path calls) in a fresh in-thread recording and decodes every WRITE [hdr, scope, v]. */
function record(write: (probeFlags: Uint8Array) => void, options: InThreadOptions = {}): Recorded {
  const run = recordWrites(write, options);
  return {
    ...run,
    definitions: run.events.filter((event) => event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF),
  };
}

const SOURCE_LINES = 'function parse(text) { return text.length; }\n'.repeat(40); // 1,800 units
let sources = 0;
/**
 * A source text no earlier test wrote: the cache outlives a test's recording (one recording per
 * process in real use), and a string it still holds is defined at its first write in the next.
 */
function freshSource(): string {
  return `${sources++} ${SOURCE_LINES}`;
}

describe('a long string written again is a reference to one definition', () => {
  it('the same string at many probes: inline once, then one STRING_DEF and one-word references', () => {
    const SOURCE = freshSource();
    const run = record(() => {
      for (let probe = 10; probe < 60; probe++) hot.wf(probe, SOURCE, 0);
    });
    expect(run.values).toEqual(new Array(50).fill(inlineString(SOURCE)));
    expect(run.tags[0]).toBe(ValueTag.STRING);
    expect(run.tags.slice(1).every((tag) => tag === ValueTag.STRING_REF)).toBe(true);
    expect(run.definitions).toHaveLength(1);
    // A reference's WRITE is three words, against 2 + 2 + 512 for the inline one.
    const writeWords = run.events
      .filter((event) => event.kind === EventKind.WRITE)
      .map((event) => event.end - event.offset);
    expect(writeWords.slice(1).every((words) => words === 3)).toBe(true);
  });

  it('keeps the limit it was written under: a definition truncates as the inline value does', () => {
    const SOURCE = freshSource();
    const run = record(
      () => {
        for (let index = 0; index < 3; index++) hot.wf(5, SOURCE, 0);
      },
      { maxStringLength: 100 },
    );
    expect(run.values).toEqual(new Array(3).fill(inlineString(SOURCE, 100)));
    expect(run.tags).toEqual([ValueTag.STRING, ValueTag.STRING_REF, ValueTag.STRING_REF]);
  });

  it('a string under the limit but over the intern length is whole (not truncated) through a reference', () => {
    const text = `${freshSource().slice(0, 5)}${'y'.repeat(300)}`;
    const run = record(() => {
      for (let index = 0; index < 3; index++) hot.wf(5, text, 0);
    });
    expect(run.values).toEqual(
      new Array(3).fill({ type: 'string', value: text, length: text.length, truncated: false }),
    );
    expect(run.tags[2]).toBe(ValueTag.STRING_REF);
  });

  it('different strings of the same length never share a definition, alternating or in turn', () => {
    const SOURCE = freshSource();
    const texts = ['a', 'b', 'c'].map((letter) => `${letter}${SOURCE.slice(1)}`);
    const endings = ['x', 'y'].map((letter) => `${SOURCE.slice(0, -1)}${letter}`); // differ only at the end
    const order = [0, 1, 2, 0, 0, 1, 1, 2, 2, 0].map((index) => texts[index]);
    const run = record(() => {
      for (const text of order) hot.wf(5, text, 0);
      for (let round = 0; round < 4; round++) for (const text of endings) hot.wf(6, text, 0);
    });
    const expected = [...order, ...[0, 1, 2, 3].flatMap(() => endings)].map((text) => inlineString(text));
    expect(run.values).toEqual(expected);
    // They share one slot (one length): a write is a reference only right after the same string's, or
    // (format 3.11) to a slice of a recent string's definition: the last texts[0] is a window of its
    // own (the endings' first 1,024 units are the same, but neither has a definition to be one of).
    const { STRING: S, STRING_REF: R } = ValueTag;
    expect(run.tags).toEqual([S, S, S, S, R, S, R, S, R, R, ...new Array(8).fill(S)]);
    expect(run.definitions).toHaveLength(3);
  });

  it('strings of other lengths in other slots do not evict it', () => {
    const SOURCE = freshSource();
    // Other lengths, none a multiple of 16 away (the cache is direct-mapped by length).
    const others = [-1700, 1, 2, 3, 200].map((more) => 'q'.repeat(SOURCE.length + more));
    const run = record(() => {
      hot.wf(5, SOURCE, 0);
      for (const other of others) {
        hot.wf(6, other, 0);
        hot.wf(5, SOURCE, 0);
      }
    });
    expect(run.values.filter((_, index) => index % 2 === 0)).toEqual(new Array(6).fill(inlineString(SOURCE)));
    expect(run.tags.filter((_, index) => index % 2 === 0).slice(1)).toEqual(new Array(5).fill(ValueTag.STRING_REF));
  });

  it('a cons string built by += and an equal string made another way show the same value', () => {
    let built = freshSource().slice(0, 6);
    for (let index = 0; built.length < 1500; index++) built += `chunk ${index}; `;
    const sliced = `${built}!`.slice(0, built.length); // the same characters, another object
    const run = record(() => {
      hot.wf(5, built, 0);
      built += 'tail'; // a new cons string: a new length, its own slot
      hot.wf(5, built, 0);
      hot.wf(5, built, 0);
      hot.wf(6, sliced, 0);
      hot.wf(6, sliced, 0);
    });
    expect(run.values).toEqual([
      inlineString(built.slice(0, -4)),
      inlineString(built),
      inlineString(built),
      inlineString(sliced),
      inlineString(sliced),
    ]);
    // The slice has the first `built`'s length and characters: `===` finds it equal, so it is written
    // by reference to that string's definition, made at its first write (the value is the same).
    expect(run.tags).toEqual([
      ValueTag.STRING,
      ValueTag.STRING,
      ValueTag.STRING_REF,
      ValueTag.STRING_REF,
      ValueTag.STRING_REF,
    ]);
  });

  it(`past ${LONG_CACHE_MAX_LENGTH} units a string is always inline (the cache holds no huge string)`, () => {
    const huge = 'h'.repeat(LONG_CACHE_MAX_LENGTH + 1);
    const run = record(() => {
      for (let index = 0; index < 3; index++) hot.wf(5, huge, 0);
    });
    expect(run.values).toEqual(new Array(3).fill(inlineString(huge)));
    expect(run.definitions).toHaveLength(0);
  });

  it('in snapshots and parameters too: every path through prepare() shares the definition', () => {
    const SOURCE = freshSource();
    const run = record(() => {
      hot.wf(5, SOURCE, 0);
      hot.wf(6, { body: SOURCE, again: SOURCE }, 0);
      const frame = hot.e(20);
      hot.w(21, SOURCE); // a parameter
      hot.x(frame, 20);
    });
    const longDefinitions = run.definitions.filter((event) => run.words[event.offset + 2] >>> 4 === SOURCE.length);
    expect(longDefinitions).toHaveLength(1);
    expect(run.values[0]).toEqual(inlineString(SOURCE));
  });
});

describe('losses and redaction', () => {
  afterEach(() => {
    rememberEnvironmentSecrets({});
  });

  it('after events are lost, a reference is only ever to a definition written since the loss', () => {
    const SOURCE = freshSource();
    const SHORT = `interned ${sources++}`; // the intern table's definitions follow the same rule
    const recording = recordInThread({ capacityWords: 1 << 12, overflow: 'drop-newest' });
    for (let round = 0; round < 30; round++) {
      // Four writes of the same strings, then enough others that the ring fills and drops some.
      for (let index = 0; index < 4; index++) {
        hot.wf(5, SOURCE, 0);
        hot.wf(7, SHORT, 0);
      }
      for (let index = 0; index < 300 + round * 37; index++) hot.wf(6, index, 0);
      if (round % 3 === 0) recording.drain.round();
    }
    const trace = recording.finish();
    const words = trace.main.words;
    expect(trace.main.lost.length).toBeGreaterThan(0);
    // Walk as a reader that forgets nothing: every reference must resolve to a definition seen
    // after the last LOST marker before it (a definition lost with its neighbours would leave it
    // pointing at nothing, or at an older string under a reused id).
    const liveDefinitions = new Map<number, number>();
    let lastLoss = -1;
    let references = 0;
    const strings = stringTable(words);
    for (const event of walkEvents(words)) {
      if (event.kind === EventKind.EXT && event.probe === Ext.LOST) lastLoss = event.offset;
      if (event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF)
        liveDefinitions.set(words[event.offset + 1], event.offset);
      if (event.kind !== EventKind.WRITE || (event.probe !== 5 && event.probe !== 7)) continue;
      const word = words[event.offset + 2];
      if ((word & KIND_MASK) === ValueTag.STRING_REF) {
        references++;
        const definedAt = liveDefinitions.get(word >>> 4);
        expect(definedAt, `reference at ${event.offset}`).toBeGreaterThan(lastLoss);
      }
      if (event.probe === 7) {
        expect(decodeAt(words, event.offset + 2, strings)).toMatchObject({ value: SHORT });
        continue;
      }
      // Inline or defined, a small ring's events have room for fewer characters: a prefix, true length kept.
      const decoded = decodeAt(words, event.offset + 2, strings) as { value: string; length: number };
      expect(decoded.length).toBe(SOURCE.length);
      expect(decoded.value).toBe(SOURCE.slice(0, decoded.value.length));
      expect(decoded.value.length).toBeGreaterThan(100);
    }
    expect(references).toBeGreaterThan(60);
  });

  it('an environment secret (SEC-10) is never defined: every write of it is the marker', () => {
    const secret = `postgres://admin:${'x'.repeat(60)}@db.internal/app`;
    const run = record(() => {
      rememberEnvironmentSecrets({ DATABASE_URL: secret }); // after recordInThread's configureLimits
      for (let index = 0; index < 4; index++) hot.wf(5, secret, 0);
    });
    expect(run.values).toEqual(
      new Array(4).fill({ type: 'string', value: REDACTED_MARKER, length: 20, truncated: false }),
    );
    for (const definition of run.definitions)
      expect(decodeAt(run.words, definition.offset + 2, new Map())).not.toMatchObject({ value: secret });
  });

  it('a string the program later reads from process.env is redacted from then on, not written by reference', () => {
    const value = `token-${'t'.repeat(80)}`;
    const run = record(() => {
      rememberEnvironmentSecrets({});
      hot.wf(5, value, 0);
      hot.wf(5, value, 0); // defined: it was no secret yet
      environmentRead(value); // the program reads it from process.env (dotenv put it there)
      hot.wf(5, value, 0);
      hot.wf(5, value, 0);
    });
    expect(run.values.slice(0, 2)).toEqual([inlineString(value), inlineString(value)]);
    expect(run.values.slice(2).map((decoded) => (decoded as { value: string }).value)).toEqual([
      REDACTED_MARKER,
      REDACTED_MARKER,
    ]);
  });

  it('a redacting probe writes the marker even for a string that has a definition', () => {
    const SOURCE = freshSource();
    const run = record((probeFlags) => {
      probeFlags[7] = ProbeFlag.REDACT;
      hot.wf(5, SOURCE, 0);
      hot.wf(5, SOURCE, 0);
      hot.wf(7, SOURCE, 0);
      hot.wf(5, SOURCE, 0);
    });
    expect(run.values.map((decoded) => (decoded as { value: string }).value.slice(0, 20))).toEqual([
      SOURCE.slice(0, 20),
      SOURCE.slice(0, 20),
      REDACTED_MARKER,
      SOURCE.slice(0, 20),
    ]);
  });
});
