// Format 3.12's compact events expanded (runtime/format/compactEvents.ts): what decodeEventWords
// makes of a COMPACT_EVENTS payload, as a table of stored words → the EVENTS words a reader sees,
// and the payloads it refuses, each with the file byte of the word it refuses.
import { describe, expect, it } from 'vitest';
import {
  COMPACT_BIT,
  Const,
  EventKind,
  Ext,
  RECORD_PREFIX_BYTES,
  RecordType,
  ValueTag,
  decodeEventWords,
  eventHeader,
  valueWord,
} from '../../../runtime/format';
import { compactPayloadRefusal, expandCompactPayload } from '../../support/compactPayload';

const C = COMPACT_BIT;
const ENTER = eventHeader(EventKind.ENTER, 5);
const ENTER_THIS = eventHeader(EventKind.ENTER_THIS, 6);
const RETURN = eventHeader(EventKind.RETURN, 7);
const EXIT = eventHeader(EventKind.EXIT, 8);
const STEP = eventHeader(EventKind.STEP, 9);
const UNDEFINED = valueWord(ValueTag.CONST, Const.UNDEFINED);
const small = (value: number) => valueWord(ValueTag.SMALL_INT, value);
const LEAF_CALL = eventHeader(EventKind.EXT, Ext.LEAF_CALL);
const LEAF_READS = eventHeader(EventKind.EXT, Ext.LEAF_READS);
const LOST = eventHeader(EventKind.EXT, Ext.LOST);
/** Where the test's record starts in its imagined file. */
const RECORD_AT = 1000;

const expand = (stored: number[]) => expandCompactPayload(stored, RECORD_AT);
const refusal = (stored: number[]) => compactPayloadRefusal(stored, RECORD_AT);

describe('compact events expanded (format 3.12)', () => {
  const cases: Array<{ what: string; stored: number[]; expanded: number[] }> = [
    {
      what: 'the first ENTER names its frame, the next ones are implied',
      stored: [ENTER, 41, STEP, C | ENTER, C | ENTER, EXIT, 43],
      expanded: [ENTER, 41, STEP, ENTER, 42, ENTER, 43, EXIT, 43],
    },
    {
      what: 'ENTER_THIS keeps its value, of one word or more',
      stored: [ENTER, 3, C | ENTER_THIS, small(9), C | ENTER_THIS, valueWord(ValueTag.DOUBLE, 0), 1, 2],
      expanded: [ENTER, 3, ENTER_THIS, 4, small(9), ENTER_THIS, 5, valueWord(ValueTag.DOUBLE, 0), 1, 2],
    },
    {
      what: 'a RETURN of undefined gets its value word; one with a value is as stored',
      stored: [C | RETURN, RETURN, small(1), C | RETURN],
      expanded: [RETURN, UNDEFINED, RETURN, small(1), RETURN, UNDEFINED],
    },
    {
      what: 'an ENTER written in full sets the frame the next compact one follows',
      stored: [ENTER, 10, C | ENTER, ENTER_THIS, 50, small(0), C | ENTER],
      expanded: [ENTER, 10, ENTER, 11, ENTER_THIS, 50, small(0), ENTER, 51],
    },
    {
      what: "a leaf event's frame counts (LEAF_CALL and LEAF_READS carry theirs)",
      stored: [
        ENTER,
        1,
        LEAF_CALL,
        3,
        77,
        2,
        small(0),
        C | ENTER,
        LEAF_READS,
        4,
        77,
        4,
        0,
        small(0),
        C | ENTER_THIS,
        UNDEFINED,
      ],
      expanded: [
        ENTER,
        1,
        LEAF_CALL,
        3,
        77,
        2,
        small(0),
        ENTER,
        3,
        LEAF_READS,
        4,
        77,
        4,
        0,
        small(0),
        ENTER_THIS,
        5,
        UNDEFINED,
      ],
    },
    {
      what: 'frame ids wrap within 29 bits as the recorder gives them: 2^29 is followed by 1',
      stored: [ENTER, 2 ** 29 - 1, C | ENTER, C | ENTER, C | ENTER],
      expanded: [ENTER, 2 ** 29 - 1, ENTER, 2 ** 29, ENTER, 1, ENTER, 2],
    },
    {
      what: 'a record with nothing compact is its words',
      stored: [ENTER, 7, STEP, RETURN, UNDEFINED, EXIT, 7],
      expanded: [ENTER, 7, STEP, RETURN, UNDEFINED, EXIT, 7],
    },
  ];
  for (const { what, stored, expanded } of cases) {
    it(what, () => {
      expect(expand(stored)).toEqual(expanded);
    });
  }

  it('refuses a compact ENTER with no frame before it in its record, naming its byte in the file', () => {
    const error = refusal([STEP, C | ENTER]);
    expect(error.unit).toBe('byte');
    expect(error.offset).toBe(RECORD_AT + RECORD_PREFIX_BYTES + 4);
    expect(error.message).toContain('a compact ENTER with no frame before it in its record');
  });

  it('forgets the last frame at a loss: a compact ENTER after a LOST is refused', () => {
    const error = refusal([ENTER, 4, LOST, 12, 1, C | ENTER_THIS, UNDEFINED]);
    expect(error.offset).toBe(RECORD_AT + RECORD_PREFIX_BYTES + 5 * 4);
  });

  it('refuses a compact header of another kind, and names the byte of a corrupt word after compact ones', () => {
    expect(refusal([ENTER, 1, C | EXIT, 1]).offset).toBe(RECORD_AT + RECORD_PREFIX_BYTES + 2 * 4);
    expect(refusal([ENTER, 1, C | ENTER, C | ENTER_THIS, valueWord(15 as ValueTag, 0)]).offset).toBe(
      RECORD_AT + RECORD_PREFIX_BYTES + 4 * 4,
    );
    expect(refusal([C | RETURN, ENTER_THIS, 3]).message).toContain('runs past its record');
  });

  it('leaves EVENTS records as they are: a compact header there is not expanded', () => {
    const payload = new Uint8Array(new Int32Array([ENTER, 1, C | ENTER]).buffer);
    const words = decodeEventWords({ type: RecordType.EVENTS, flags: 0, payload, byteOffset: 0 });
    expect(Array.from(words)).toEqual([ENTER, 1, C | ENTER]);
  });
});
