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
  isAppend,
  type DecodedValue,
  type ProducerProbeId,
  type SourceRange,
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
  /** Per write probe: which probes write the same binding (same name, file and declaring scope). */
  private readonly sameBinding = new Map<ProducerProbeId, (probe: ProducerProbeId) => boolean>();

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
    // Back to the last WRITE (or an APPEND already worked out), then forward.
    const chain = [offset];
    let state: AppendState | undefined;
    for (let at = offset; state === undefined;) {
      const previous = this.previousWrite(at);
      if (previous < 0) state = { failed: 'no earlier write recorded' };
      else if (this.lostBetween(previous, at)) state = { failed: 'events were lost before it' };
      else if (this.isAppendAt(previous)) {
        state = this.states.get(previous);
        if (!state) chain.push((at = previous));
      } else state = baseState(this.reader.eventValue(previous));
    }
    for (let at = chain.length - 1; at >= 0; at--) {
      state = this.extend(state, chain[at]);
      this.states.set(chain[at], state);
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
    const part = partText(this.reader.value(offset + APPEND_PART));
    if (part === undefined) return { failed: 'an appended value was not recorded' };
    if (state.length + part.length !== length) return { failed: 'a write was not recorded' };
    // A prefix short of the whole value stays as it is: later characters are not known.
    if (state.prefix.length < state.length) return { prefix: state.prefix, length };
    const room = Math.max(DEFAULT_PREFIX_CHARS, state.prefix.length) - state.prefix.length;
    const taken = part.text.length > room ? part.text.slice(0, room) : part.text;
    return { prefix: state.prefix + taken, length };
  }

  /** The latest write of the APPEND's binding before it, or -1. */
  private previousWrite(offset: number): number {
    const scope: FrameIndex | undefined = this.thread.appendScopeAt(offset);
    if (scope === undefined) return -1;
    const latest = this.thread.latestWrites(scope, offset, this.bindingOf(this.thread.probeOfEvent(offset)), new Map());
    let previous = -1;
    for (const write of latest.values()) if (write > previous) previous = write;
    return previous;
  }

  private bindingOf(probe: ProducerProbeId): (other: ProducerProbeId) => boolean {
    const known = this.sameBinding.get(probe);
    if (known) return known;
    const own = this.probes.resolve(probe);
    const answers = new Map<ProducerProbeId, boolean>();
    const same = (other: ProducerProbeId): boolean => {
      let answer = answers.get(other);
      if (answer === undefined) {
        const resolved = this.probes.resolve(other);
        answer =
          !!own &&
          !!resolved &&
          resolved.fileIndex === own.fileIndex &&
          resolved.info.varName === own.info.varName &&
          resolved.info.scopeFunctionProbe === own.info.scopeFunctionProbe &&
          sameRange(resolved.info.scopeRange, own.info.scopeRange);
        answers.set(other, answer);
      }
      return answer;
    };
    this.sameBinding.set(probe, same);
    return same;
  }

  private lostBetween(from: number, to: number): boolean {
    const lost = this.thread.extEvents('LOST');
    let low = 0;
    let high = lost.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (lost.offsetOf(middle) <= from) low = middle + 1;
      else high = middle;
    }
    return low < lost.length && lost.offsetOf(low) < to;
  }
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

function sameRange(a: SourceRange | undefined, b: SourceRange | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.start.line1 === b.start.line1 &&
    a.start.column0 === b.start.column0 &&
    a.end.line1 === b.end.line1 &&
    a.end.column0 === b.end.column0
  );
}
