// Reading recorded values out of one thread's event words: where each event keeps its values, and
// decoding them on demand (interned strings resolved through the thread's STRING_DEF table). The
// one place that knows event value positions; knows nothing of display or the cursor.
import {
  KIND_MASK,
  isAppend,
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

export class Recorded {
  /** Values of APPEND events (format 3.9), built from the binding's earlier writes; needs the probes. */
  private readonly appended: AppendedValues | undefined;

  constructor(
    readonly thread: ThreadHistory,
    probes?: ProbeTable,
  ) {
    this.appended = probes ? new AppendedValues(thread, probes, this) : undefined;
  }

  /** An interned or long string's definition, whole: its true length and truncation too (format 3.10). */
  readonly strings = (stringId: number): DecodedString | undefined => {
    const offset = this.thread.stringOffset(stringId);
    if (offset < 0) return undefined;
    const words = this.thread.words;
    words.locate(offset);
    return decodeString(words.words, words.local);
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
