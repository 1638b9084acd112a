// The value an APPEND event (format 3.9) gave its binding: the binding's previous value followed by
// String(part), built from its last WRITE and the APPENDs after it. Only the first characters are
// kept (as many as a WRITE captures, or the base WRITE's own capture): once they are known, later
// appends only add to the length, which each APPEND carries exactly. States are cached per event,
// so a walk over a long chain is paid once. A LOST region, an earlier value that was not a string,
// or a length that does not add up (a write no event recorded) makes the value "not recorded",
// never a wrong string. Knows events and probes; nothing of display.
import {
  APPEND_LENGTH,
  APPEND_PART,
  DEFAULT_SETTINGS,
  KIND_MASK,
  ValueTag,
  isAppend,
  type DecodedValue,
  type ProducerProbeId,
} from '../../runtime/format';
import type { FrameIndex, ProbeTable, ThreadHistory } from '../trace/history';

/** What is known of the value after one APPEND: its first characters (all when as long), and its true length. */
type AppendState = { prefix: string; length: number } | { failed: string };

/** A string that a WRITE captured in full is extended up to this many characters (a WRITE's default). */
const DEFAULT_PREFIX_CHARS = DEFAULT_SETTINGS.maxStringLength;

export interface ValueReader {
  /** The decoded value of a WRITE (or APPEND) at `offset`. */
  eventValue(offset: number): DecodedValue;
  /** The value at a word offset. */
  value(offset: number): DecodedValue;
  word(offset: number): number;
}

export class AppendedValues {
  private readonly states = new Map<number, AppendState>();
  /** Interned parts by their STRING_REF word. */
  private readonly interned = new Map<number, { text: string; length: number }>();
  /** Per write probe: the key of the binding it writes (file, name, declaring scope). */
  private readonly bindingKeys = new Map<ProducerProbeId, string>();
  /** Per scope and binding: the offsets of all its writes, ascending (rebuilt when an APPEND is newer). */
  private readonly writeLists = new Map<string, number[]>();

  constructor(
    private readonly thread: ThreadHistory,
    private readonly probes: ProbeTable,
    private readonly reader: ValueReader,
  ) {}

  /** The binding's value right after the APPEND at `offset`. */
  value(offset: number): DecodedValue {
    const state = this.stateAt(offset);
    if ('failed' in state) return { type: 'notCaptured', typeofName: `string: ${state.failed}` };
    return { type: 'string', value: state.prefix, length: state.length, truncated: state.prefix.length < state.length };
  }

  private stateAt(offset: number): AppendState {
    const known = this.states.get(offset);
    if (known) return known;
    const writes = this.bindingWrites(offset);
    if (!writes) return { failed: 'no earlier write recorded' };
    const { list, at } = writes;
    // Back to the last WRITE (or an APPEND already worked out), then forward over the APPENDs.
    const lost = this.lastLostBefore(offset);
    let first = at;
    let state: AppendState | undefined;
    while (state === undefined) {
      const previous = first > 0 ? list[first - 1] : -1;
      if (previous < 0) state = { failed: 'no earlier write recorded' };
      else if (lost > previous) state = { failed: 'events were lost before it' };
      else if (this.isAppendAt(previous)) {
        state = this.states.get(previous);
        if (!state) first--;
      } else state = baseState(this.reader.eventValue(previous));
    }
    for (let index = first; index <= at; index++) {
      state = this.extend(state, list[index]);
      this.states.set(list[index], state);
    }
    return state;
  }

  private isAppendAt(offset: number): boolean {
    const words = this.thread.words;
    words.locate(offset);
    return isAppend(words.words, words.local);
  }

  private extend(state: AppendState, offset: number): AppendState {
    if ('failed' in state) return state;
    const length = this.reader.word(offset + APPEND_LENGTH);
    const part = this.partAt(offset + APPEND_PART);
    if (part === undefined) return { failed: 'an appended value was not recorded' };
    if (state.length + part.length !== length) return { failed: 'a write was not recorded' };
    // A prefix short of the whole value stays as it is: later characters are not known.
    if (state.prefix.length < state.length) return { prefix: state.prefix, length };
    const room = Math.max(DEFAULT_PREFIX_CHARS, state.prefix.length) - state.prefix.length;
    const taken = part.text.length > room ? part.text.slice(0, room) : part.text;
    return { prefix: state.prefix + taken, length };
  }

  /** String(part) of the value at `offset`: short parts are interned, so each is decoded once. */
  private partAt(offset: number): { text: string; length: number } | undefined {
    const word = this.reader.word(offset);
    const tag = word & KIND_MASK;
    if (tag === ValueTag.SMALL_INT) return whole(String(word >> 4));
    if (tag !== ValueTag.STRING_REF) return partText(this.reader.value(offset));
    let part = this.interned.get(word);
    if (!part) this.interned.set(word, (part = partText(this.reader.value(offset))!));
    return part;
  }

  /** The writes of the APPEND's binding in its scope, and the APPEND's place among them. */
  private bindingWrites(offset: number): { list: number[]; at: number } | undefined {
    const scope: FrameIndex | undefined = this.thread.appendScopeAt(offset);
    if (scope === undefined) return undefined;
    const key = this.bindingKey(this.thread.probeOfEvent(offset));
    const listKey = `${scope} ${key}`;
    let list = this.writeLists.get(listKey);
    let at = list ? indexOf(list, offset) : -1;
    if (!list || at < 0) {
      list = this.thread.writesOf(scope, (probe) => this.bindingKey(probe) === key);
      this.writeLists.set(listKey, list);
      at = indexOf(list, offset);
    }
    return at < 0 ? undefined : { list, at };
  }

  private bindingKey(probe: ProducerProbeId): string {
    let key = this.bindingKeys.get(probe);
    if (key === undefined) {
      const resolved = this.probes.resolve(probe);
      const info = resolved?.info;
      const range = info?.scopeRange;
      key = resolved
        ? [
            resolved.fileIndex,
            info?.varName,
            info?.scopeFunctionProbe,
            range ? `${range.start.line1}:${range.start.column0}-${range.end.line1}:${range.end.column0}` : '',
          ].join('/')
        : `unknown ${probe}`;
      this.bindingKeys.set(probe, key);
    }
    return key;
  }

  /** The offset of the last LOST marker before `offset`, or -1. */
  private lastLostBefore(offset: number): number {
    const lost = this.thread.extEvents('LOST');
    let low = 0;
    let high = lost.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (lost.offsetOf(middle) < offset) low = middle + 1;
      else high = middle;
    }
    return low > 0 ? lost.offsetOf(low - 1) : -1;
  }
}

/** Where `offset` is in an ascending list, or -1. */
function indexOf(list: readonly number[], offset: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low < list.length && list[low] === offset ? low : -1;
}

function baseState(value: DecodedValue): AppendState {
  if (value.type !== 'string') return { failed: 'its earlier value was not a recorded string' };
  return { prefix: value.value, length: value.length };
}

/** String(part) as the program's `+` made it, and its true length; undefined when not recorded. */
function partText(value: DecodedValue): { text: string; length: number } | undefined {
  switch (value.type) {
    case 'string':
      return { text: value.value, length: value.length };
    case 'number':
    case 'boolean':
      return whole(String(value.value));
    case 'bigint':
      return whole(value.text);
    case 'undefined':
      return whole('undefined');
    case 'null':
      return whole('null');
    default:
      return undefined;
  }
}

function whole(text: string): { text: string; length: number } {
  return { text, length: text.length };
}
