// Reading recorded values out of one thread's event words: where each event keeps its values, and
// decoding them on demand (interned strings resolved through the thread's STRING_DEF table). The
// one place that knows event value positions; knows nothing of display or the cursor.
import {
  EventKind,
  Ext,
  KIND_MASK,
  decodeStringUnits,
  eventHeader,
  extFieldOffset,
  isAppend,
  sliceFields,
  sliceOf,
  stringLengths,
  decodeString,
  decodeValue,
  firstValueWords,
  valueLength,
  type DecodedString,
  type DecodedValue,
  type ProducerProbeId,
} from '../../runtime/format';
import type { ProbeTable, ThreadHistory } from '../trace/history';
import { AppendedValues } from './appendedValues';

const STRING_DEF_HEADER = eventHeader(EventKind.EXT, Ext.STRING_DEF);
const DEF_TEXT = extFieldOffset('STRING_DEF', 'text');

export class Recorded {
  /** Values of APPEND events (format 3.9), built from the binding's earlier writes; needs the probes. */
  private readonly appended: AppendedValues | undefined;

  constructor(
    readonly thread: ThreadHistory,
    probes?: ProbeTable,
  ) {
    this.appended = probes ? new AppendedValues(thread, probes, this) : undefined;
  }

  /**
   * A string a STRING_REF names: a STRING_DEF's value (its true length and truncation too, format
   * 3.10) or a STRING_SLICE's window of one (3.11), read from the source's units in that window only.
   */
  readonly strings = (stringId: number): DecodedString | undefined => {
    const offset = this.thread.stringOffset(stringId);
    if (offset < 0) return undefined;
    const words = this.thread.words;
    words.locate(offset);
    if (words.words[words.local] === STRING_DEF_HEADER) return decodeString(words.words, words.local + DEF_TEXT);
    const slice = sliceFields(words.words, words.local);
    const sourceOffset = this.thread.stringOffset(slice.sourceId);
    if (sourceOffset < 0 || sourceOffset > offset) return undefined;
    words.locate(sourceOffset);
    // Only a STRING_DEF is a source (never another slice: one level, bounded work per value).
    if (words.words[words.local] !== STRING_DEF_HEADER) return undefined;
    const valueAt = words.local + DEF_TEXT;
    const { captured } = stringLengths(words.words, valueAt);
    const sourceWords = words.words;
    return sliceOf(slice, captured, (start, count) => decodeStringUnits(sourceWords, valueAt, start, count));
  };

  /** The kind of the event at an offset. */
  kind(offset: number): number {
    return this.thread.words.word(offset) & KIND_MASK;
  }

  /** The probe of the event at an offset: an id of this thread's producer. */
  probe(offset: number): ProducerProbeId {
    return this.thread.probeOfEvent(offset);
  }

  word(offset: number): number {
    return this.thread.words.word(offset);
  }

  /** The value at a word offset. */
  value(offset: number): DecodedValue {
    const words = this.thread.words;
    words.locate(offset);
    return decodeValue(words.words, words.local, this.strings);
  }

  /** Offset just past the value at `offset`. */
  after(offset: number): number {
    const words = this.thread.words;
    words.locate(offset);
    return offset + valueLength(words.words, words.local);
  }

  /**
   * The n-th value of an event (0-based), for events whose values follow fixed words. An APPEND's
   * (a write by `+=`) is the whole value it gave its binding.
   */
  eventValue(eventOffset: number, valueIndex = 0): DecodedValue {
    const words = this.thread.words;
    words.locate(eventOffset);
    if (isAppend(words.words, words.local)) {
      return this.appended?.value(eventOffset) ?? { type: 'notCaptured', typeofName: 'string: an append' };
    }
    let at = eventOffset + firstValueWords(words.words, words.local);
    for (let index = 0; index < valueIndex; index++) at = this.after(at);
    return this.value(at);
  }
}
