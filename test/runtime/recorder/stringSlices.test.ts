// Long strings written as slices of a recent string's definition (issue 9, format 3.11): a new
// string whose first captured units are units of a recent string (at its end, its start, or where
// the last window of it started) is a seven-word STRING_SLICE. Every value must decode exactly as
// the inline path's would (first maxStringLength units, true length, truncation), a window that only
// looks alike (same start, other length or tail) must still show its own, and no slice may outlive
// a loss of events, name an environment secret's units, or come from a redacting probe.
import { afterEach, describe, expect, it } from 'vitest';
import { EventKind, Ext, KIND_MASK, ValueTag } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { ProbeFlag, REDACTED_MARKER, rememberEnvironmentSecrets } from '../../../runtime/recorder/limits';
import { SOURCE_MAX_UNITS, setStringSlices } from '../../../runtime/recorder/stringSlices';
import { recordInThread, type InThreadOptions } from '../../support/recorder/memory';
import { inlineString, recordWrites, type RecordedWrites } from '../../support/recorder/writtenValues';
import { decodeAt, stringTable, walkEvents, type WalkedEvent } from '../../support/recorder/trace';

interface Recorded extends RecordedWrites {
  slices: WalkedEvent[];
  /** Words of every event: what the trace costs. */
  totalWords: number;
}

function record(write: (probeFlags: Uint8Array) => void, options: InThreadOptions = {}): Recorded {
  const run = recordWrites(write, options);
  return {
    ...run,
    slices: run.events.filter((event) => event.kind === EventKind.EXT && event.probe === Ext.STRING_SLICE),
    totalWords: run.events.reduce((sum, event) => sum + event.end - event.offset, 0),
  };
}

let texts = 0;
/** A text no earlier test wrote (the recent strings outlive a test's recording), `length` units long. */
function freshText(length: number): string {
  let text = `<${texts++}> `;
  for (let line = 0; text.length < length; line++) text += `line ${line}: token ${line * 7} of the input;\n`;
  return text.slice(0, length);
}

/** A lexer's loop: each `src` is the last one without its first token (`src = src.substring(n)`). */
function lexerSources(input: string, tokenLength: number): string[] {
  const sources: string[] = [];
  for (let src = input; src.length > 40; src = src.substring(tokenLength)) sources.push(src);
  return sources;
}

describe('a new long string that is a window of a recent one is a slice', () => {
  afterEach(() => setStringSlices(true));

  it("suffixes (a lexer's src): every value as inline, each new src a slice after the first few", () => {
    const sources = lexerSources(freshText(6000), 37);
    const run = record(() => {
      for (const src of sources) for (let rule = 0; rule < 3; rule++) hot.wf(5, src, 0);
    });
    expect(run.values).toEqual(sources.flatMap((src) => [inlineString(src), inlineString(src), inlineString(src)]));
    // The first src inline, its second write a definition; from then on each new src is a slice
    // (a new source now and then, when the window passes the end of what the last one holds).
    const firstWrites = run.tags.filter((_, index) => index % 3 === 0);
    expect(firstWrites.slice(2).every((tag) => tag === ValueTag.STRING_REF)).toBe(true);
    expect(run.slices.length).toBeGreaterThanOrEqual(sources.length - 2);
    // The same writes with slices off: every value the same, many times the words.
    setStringSlices(false);
    const again = lexerSources(freshText(6000), 37);
    const off = record(() => {
      for (const src of again) for (let rule = 0; rule < 3; rule++) hot.wf(5, src, 0);
    });
    expect(off.values).toEqual(again.flatMap((src) => [inlineString(src), inlineString(src), inlineString(src)]));
    expect(off.slices).toHaveLength(0);
    expect(run.totalWords * 5).toBeLessThan(off.totalWords);
  });

  it("prefixes (a token's text) and where the last window started (a token inside the source)", () => {
    const input = freshText(5000);
    const tokens = [input.slice(0, 1500), input.slice(0, 60)];
    const inner = input.slice(2000);
    const innerToken = inner.slice(0, 1200);
    const run = record(() => {
      hot.wf(5, input, 0);
      hot.wf(5, input, 0);
      for (const token of tokens) hot.wf(6, token, 0);
      hot.wf(7, inner, 0);
      hot.wf(8, innerToken, 0);
    });
    expect(run.values).toEqual([input, input, ...tokens, inner, innerToken].map((text) => inlineString(text)));
    expect(run.tags.slice(2)).toEqual(new Array(4).fill(ValueTag.STRING_REF));
  });

  it("a window of a string written as a slice is a slice of that slice's source, with no new definition", () => {
    const input = freshText(4000);
    const src = input.slice(100); // a window at input's end: input becomes a source
    const text = src.slice(0, 600); // a token's text: where src's window started
    const inner = text.slice(50); // the inline lexer's next src: at text's end, inside what text showed
    const run = record(() => {
      hot.wf(5, input, 0);
      hot.wf(5, input, 0);
      hot.wf(6, src, 0);
      hot.wf(7, text, 0);
      hot.wf(8, inner, 0);
    });
    expect(run.values).toEqual([input, input, src, text, inner].map((value) => inlineString(value)));
    expect(run.tags.slice(1)).toEqual(new Array(4).fill(ValueTag.STRING_REF));
    const definitions = run.events.filter((event) => event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF);
    expect(definitions).toHaveLength(2); // input's own, then input as the source
    expect(run.words[run.slices[2].offset + 4]).toBe(150); // inner is units 150… of the source
  });

  it('a window that matches but whose string is longer, or differs past the window, shows its own', () => {
    const input = freshText(4000);
    // The same first 1,024 units as input's end, then another tail and another length.
    const lookalike = `${input.slice(1000, 1000 + 1024)}${'?'.repeat(500)}`;
    const prefixTwin = `${input.slice(0, 1024)}${'!'.repeat(3000)}`; // input's start, then its own
    const run = record(() => {
      hot.wf(5, input, 0);
      hot.wf(5, input, 0);
      hot.wf(6, lookalike, 0);
      hot.wf(7, prefixTwin, 0);
      hot.wf(7, prefixTwin, 0);
    });
    expect(run.values).toEqual([input, input, lookalike, prefixTwin, prefixTwin].map((text) => inlineString(text)));
    expect(run.tags[3]).toBe(ValueTag.STRING_REF);
  });

  it('a string whose start is in no recent string is inline', () => {
    const input = freshText(3000);
    const other = `#${input.slice(500)}`; // one unit differs from every window
    const run = record(() => {
      hot.wf(5, input, 0);
      hot.wf(5, input, 0);
      hot.wf(6, other, 0);
    });
    expect(run.values).toEqual([inlineString(input), inlineString(input), inlineString(other)]);
    expect(run.tags[2]).toBe(ValueTag.STRING);
    expect(run.slices).toHaveLength(0);
  });

  it(`no source holds more than ${SOURCE_MAX_UNITS} units: a window past them is inline`, () => {
    const input = freshText(SOURCE_MAX_UNITS + 3000);
    const far = input.slice(input.length - 2000); // its window starts past SOURCE_MAX_UNITS
    const near = input.slice(500);
    const run = record(() => {
      hot.wf(5, input, 0);
      hot.wf(6, far, 0);
      hot.wf(7, near, 0); // a window the first source can hold
    });
    expect(run.values).toEqual([inlineString(input), inlineString(far), inlineString(near)]);
    expect(run.tags).toEqual([ValueTag.STRING, ValueTag.STRING, ValueTag.STRING_REF]);
    const source = run.words[run.slices[0].offset + 3];
    for (const event of run.events)
      if (event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF && run.words[event.offset + 1] === source)
        expect(run.words[event.offset + 3]).toBeLessThanOrEqual(SOURCE_MAX_UNITS);
  });

  it('a string built by += (a cons string) is a window of the one before, and shows the same', () => {
    let built = freshText(1200);
    const seen: string[] = [];
    const run = record(() => {
      for (let index = 0; index < 20; index++) {
        built += ` part ${index};`;
        seen.push(built, built);
        hot.wf(5, built, 0); // passed on twice: the first one inline, then its own definition
        hot.wf(6, built, 0);
      }
    });
    expect(run.values).toEqual(seen.map((text) => inlineString(text)));
    // From the second on, each starts with the units of a recent one's definition: a slice of it;
    // once that one is no longer among the 8 recent strings, one is written inline and defined again.
    expect(run.tags.filter((tag) => tag === ValueTag.STRING).length).toBeLessThanOrEqual(3);
    expect(run.slices.length).toBeGreaterThanOrEqual(16);
  });
});

describe('losses, secrets and redaction', () => {
  afterEach(() => rememberEnvironmentSecrets({}));

  it('after events are lost, a slice and its source are both written since the loss', () => {
    const recording = recordInThread({ capacityWords: 1 << 12, overflow: 'drop-newest' });
    const sources = lexerSources(freshText(3000), 11);
    for (let round = 0; round < sources.length; round++) {
      hot.wf(5, sources[round], 0);
      hot.wf(5, sources[round], 0);
      for (let index = 0; index < 40 + (round % 7) * 30; index++) hot.wf(6, index, 0);
      if (round % 5 === 0) recording.drain.round();
    }
    const trace = recording.finish();
    const words = trace.main.words;
    expect(trace.main.lost.length).toBeGreaterThan(0);
    const definedAt = new Map<number, number>();
    let lastLoss = -1;
    let slices = 0;
    const strings = stringTable(words);
    for (const event of walkEvents(words)) {
      const at = event.offset;
      if (event.kind === EventKind.EXT && event.probe === Ext.LOST) lastLoss = at;
      if (event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF) definedAt.set(words[at + 1], at);
      if (event.kind === EventKind.EXT && event.probe === Ext.STRING_SLICE) {
        expect(definedAt.get(words[at + 3]), `source of the slice at ${at}`).toBeGreaterThan(lastLoss);
        definedAt.set(words[at + 2], at);
        slices++;
      }
      if (event.kind !== EventKind.WRITE || event.probe !== 5) continue;
      const word = words[at + 2];
      if ((word & KIND_MASK) === ValueTag.STRING_REF)
        expect(definedAt.get(word >>> 4), `reference at ${at}`).toBeGreaterThan(lastLoss);
      const decoded = decodeAt(words, at + 2, strings) as { value: string; length: number };
      const source = sources.find((src) => src.length === decoded.length) as string;
      expect(decoded.value).toBe(source.slice(0, decoded.value.length));
      // A small ring's events have room for fewer units: a prefix, the true length kept.
      expect(decoded.value.length).toBeGreaterThanOrEqual(Math.min(decoded.length, 100));
    }
    expect(slices).toBeGreaterThan(20);
  });

  it('a recent string that became an environment secret (SEC-10) is never defined as a source', () => {
    const secret = freshText(2500);
    const run = record(() => {
      hot.wf(5, secret, 0); // no secret yet: written inline, a recent string
      rememberEnvironmentSecrets({ API_TOKEN: secret });
      hot.wf(6, secret.slice(100), 0);
      hot.wf(6, secret.slice(200), 0);
    });
    for (const event of run.events)
      if (event.kind === EventKind.EXT && event.probe === Ext.STRING_DEF)
        expect(run.words[event.offset + 2] >>> 4).not.toBe(secret.length);
    expect(run.values.slice(1)).toEqual([inlineString(secret.slice(100)), inlineString(secret.slice(200))]);
  });

  it('a redacting probe writes the marker, and its value is no candidate', () => {
    const input = freshText(3000);
    const run = record((probeFlags) => {
      probeFlags[7] = ProbeFlag.REDACT;
      hot.wf(7, input, 0);
      hot.wf(5, input.slice(300), 0); // input was never written: nothing to be a window of
      hot.wf(7, input.slice(600), 0);
    });
    expect((run.values[0] as { value: string }).value).toBe(REDACTED_MARKER);
    expect(run.values[1]).toEqual(inlineString(input.slice(300)));
    expect(run.tags[1]).toBe(ValueTag.STRING);
    expect((run.values[2] as { value: string }).value).toBe(REDACTED_MARKER);
  });
});
