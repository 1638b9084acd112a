// Re-running one regenerable leaf call (runtime/instrument/leafShape.ts) to make the events a full
// recording would have written for it: the leaf's instrumented code, compiled once in a node:vm
// realm of its own, runs its full path against a recorder that encodes STEP, ENTER, WRITE, RETURN
// and EXIT exactly as runtime/recorder/hotPath.ts does for the values a leaf can hold (numbers,
// booleans, null, undefined). Checks the regenerated return value against the recorded one.
// A leaf that read properties (LEAF_READS) gets stand-ins for its objects (`this`, its object
// arguments, the objects it read from): each property read of one answers the next value the
// call read when recorded, in order, and every one of them must be read back.
// Knows event layouts and the hot-path names a leaf calls; not trace files (regenerate.ts).
import { runInContext, createContext } from 'node:vm';
import { Const, EventKind, KIND_MASK, ValueTag, valueWord, type LeafFunction } from '../../runtime/format';

export class RegenerationError extends Error {}

/**
 * A value of a leaf event: a leaf value, or an object — `objectWord` its OBJECT word when it is an
 * argument the recording knows, -1 for one the call only read from (no event holds it).
 */
export type LeafValue = number | boolean | null | undefined | { objectWord: number };

const UNDEFINED_WORD = valueWord(ValueTag.CONST, Const.UNDEFINED);
const NULL_WORD = valueWord(ValueTag.CONST, Const.NULL);
const FALSE_WORD = valueWord(ValueTag.CONST, Const.FALSE);
const TRUE_WORD = valueWord(ValueTag.CONST, Const.TRUE);
const float64 = new Float64Array(1);
const float64Words = new Int32Array(float64.buffer);

/** Appends a leaf value's words as the recorder encodes it (values.ts smallIntWord / putDouble / CONST). */
function encodeLeafValue(value: unknown, out: number[], standIns: WeakMap<object, number>): void {
  switch (typeof value) {
    case 'number': {
      const word = value << 4;
      if (word >> 4 === value && (value !== 0 || 1 / value > 0)) out.push(word);
      else {
        float64[0] = value;
        out.push(valueWord(ValueTag.DOUBLE, 0), float64Words[0], float64Words[1]);
      }
      return;
    }
    case 'boolean':
      out.push(value ? TRUE_WORD : FALSE_WORD);
      return;
    case 'undefined':
      out.push(UNDEFINED_WORD);
      return;
    default: {
      if (value === null) return void out.push(NULL_WORD);
      const word = typeof value === 'object' ? standIns.get(value) : undefined;
      // An argument's stand-in writes the argument's word; one read from holds none (the analysis lets none be
      // written).
      if (word === undefined || word === -1)
        throw new RegenerationError(`a leaf produced a ${typeof value}, which no leaf can hold`);
      out.push(word);
    }
  }
}

/** What the sandbox's recorder writes into, for the call being regenerated. */
interface Emission {
  words: number[];
  events: number;
  base: number;
  frame: number;
  /** words.length after an endsFrame RETURN (hotPath.ts mark()), -1 when none. */
  markAt: number;
  /** Where the last RETURN's value starts, -1 when none yet. */
  returnValueAt: number;
  /** The stand-ins of this call's objects, with their OBJECT words (-1: none). */
  standIns: WeakMap<object, number>;
  /** The recorded result's words: what a RETURN of an object the call read writes. */
  result: ArrayLike<number>;
}

type LeafCode = (...args: unknown[]) => unknown;

/** The hot-path functions a leaf's full path calls (the guard says no, so the leaf path never runs here). */
function sandboxRecorder(out: Emission): Record<string, unknown> {
  const header = (kind: number, local: number): number => ((out.base + local) << 4) | kind;
  const event = (kind: number, local: number): void => {
    out.words.push(header(kind, local));
    out.events++;
  };
  const enter = (local: number): number => {
    event(EventKind.ENTER, local);
    out.words.push(out.frame);
    return out.frame;
  };
  const write = <T>(local: number, value: T): T => {
    event(EventKind.WRITE, local);
    encodeLeafValue(value, out.words, out.standIns);
    return value;
  };
  const returned = <T>(local: number, value: T): T => {
    event(EventKind.RETURN, local);
    out.returnValueAt = out.words.length;
    // An object the call read and returns as it is (`return this.elms[i]`): the object it returned when recorded.
    const read = typeof value === 'object' && value !== null && out.standIns.get(value) === -1;
    if (read && out.result.length === 1 && (out.result[0] & KIND_MASK) === ValueTag.OBJECT)
      out.words.push(out.result[0]);
    else encodeLeafValue(value, out.words, out.standIns);
    return value;
  };
  const no = () => false;
  return {
    s: (local: number) => event(EventKind.STEP, local),
    e: enter,
    e1: (local: number, a: unknown) => (enter(local), write(local + 1, a), out.frame),
    e2: (local: number, a: unknown, b: unknown) => (enter(local), write(local + 1, a), write(local + 2, b), out.frame),
    e3: (local: number, a: unknown, b: unknown, c: unknown) => (
      enter(local),
      write(local + 1, a),
      write(local + 2, b),
      write(local + 3, c),
      out.frame
    ),
    e4: (local: number, a: unknown, b: unknown, c: unknown, d: unknown) => (
      enter(local),
      write(local + 1, a),
      write(local + 2, b),
      write(local + 3, c),
      write(local + 4, d),
      out.frame
    ),
    w: write,
    // A leaf's values are never strings, so its `+=` is always the recorder's WRITE of the result.
    ap: <T>(local: number, _old: unknown, _mark: number, result: T): T => write(local, result),
    appendMark: () => 0,
    wp: (local: number, old: unknown, delta: 1 | -1) => {
      write(local, typeof old === 'number' ? old + delta : NaN);
      return old;
    },
    r: <T>(local: number, value: T): T => {
      returned(local, value);
      out.markAt = out.words.length;
      return value;
    },
    rf: returned,
    x: (frame: number, local: number) => {
      if (out.markAt !== out.words.length) {
        event(EventKind.EXIT, local);
        out.words.push(frame);
      }
      out.markAt = -1;
    },
    lk1: no,
    lk2: no,
    lk3: no,
    lk4: no,
    lb: no,
  };
}

/** The values a call read when recorded, handed out in order to the property reads of its stand-ins. */
class ReadFeed {
  next = 0;

  constructor(
    private readonly values: readonly LeafValue[],
    private readonly standIns: WeakMap<object, number>,
    private readonly functionProbe: number,
  ) {}

  /** A stand-in for an object: every property read of it is the next value read; nothing else is allowed. */
  standIn(objectWord: number): object {
    const refuse = (): never => {
      throw new RegenerationError(`leaf probe ${this.functionProbe} did more with an object than read it`);
    };
    const standIn = new Proxy(Object.create(null) as object, {
      get: () => this.read(),
      set: refuse,
      has: refuse,
      defineProperty: refuse,
      deleteProperty: refuse,
      ownKeys: refuse,
      getOwnPropertyDescriptor: refuse,
    });
    this.standIns.set(standIn, objectWord);
    return standIn;
  }

  read(): unknown {
    if (this.next >= this.values.length)
      throw new RegenerationError(`leaf probe ${this.functionProbe} read more than it read when recorded`);
    const value = this.values[this.next++];
    return typeof value === 'object' && value !== null ? this.standIn(-1) : value;
  }

  /** Throws unless every recorded read was read back. */
  finished(): void {
    if (this.next !== this.values.length)
      throw new RegenerationError(`leaf probe ${this.functionProbe} read less than it read when recorded`);
  }
}

/** One producer's leaves, compiled on first use. */
export class LeafRegenerator {
  private readonly emission: Emission = {
    words: [],
    events: 0,
    base: 0,
    frame: 0,
    markAt: -1,
    returnValueAt: -1,
    standIns: new WeakMap(),
    result: [],
  };
  /** The call being regenerated: bindings outside a leaf (LeafFunction.receivers) read from its feed. */
  private feed: ReadFeed | undefined;
  /** What those bindings are in every leaf's realm: each property read is the current call's next read. */
  private readonly outerStandIn = new Proxy(Object.create(null) as object, {
    get: () => {
      if (!this.feed) throw new RegenerationError('a leaf read a binding outside it with no call running');
      return this.feed.read();
    },
  });
  private readonly compiled = new Map<number, LeafCode>();

  /** `leaves`: by producer-scoped function probe id, with the probe base of their file. */
  constructor(private readonly leaves: ReadonlyMap<number, { leaf: LeafFunction; probeBase: number }>) {}

  /**
   * The events of a call of the leaf whose function probe is `functionProbe`, with `args`, as frame
   * `frame`: its words and how many events they are. Throws RegenerationError when it is no leaf of
   * this producer or its return value differs from `recordedResult` (the result's encoded words).
   * `reads`: the values its property reads returned (LEAF_READS), each to be read back once.
   */
  regenerate(
    functionProbe: number,
    frame: number,
    args: readonly LeafValue[],
    recordedResult: ArrayLike<number>,
    reads: readonly LeafValue[] = [],
  ): { words: number[]; events: number } {
    const found = this.leaves.get(functionProbe);
    if (!found) throw new RegenerationError(`probe ${functionProbe} names no leaf function of its producer`);
    const code = this.code(functionProbe, found.leaf);
    const out = this.emission;
    out.words = [];
    out.events = 0;
    out.base = found.probeBase;
    out.frame = frame;
    out.markAt = -1;
    out.returnValueAt = -1;
    out.standIns = new WeakMap();
    out.result = recordedResult;
    const feed = new ReadFeed(reads, out.standIns, functionProbe);
    this.feed = feed;
    const values = args.map((value) =>
      typeof value === 'object' && value !== null ? feed.standIn(value.objectWord) : value,
    );
    try {
      code.apply(feed.standIn(-1), values);
    } catch (error) {
      if (error instanceof RegenerationError) throw error;
      throw new RegenerationError(`leaf probe ${functionProbe} threw when regenerated: ${String(error)}`);
    }
    feed.finished();
    const at = out.returnValueAt;
    const same =
      at >= 0 &&
      out.words.length - at >= recordedResult.length &&
      Array.prototype.every.call(recordedResult, (word: number, index: number) => out.words[at + index] === word);
    if (!same) throw new RegenerationError(`leaf probe ${functionProbe} regenerated a different return value`);
    return { words: out.words, events: out.events };
  }

  private code(functionProbe: number, leaf: LeafFunction): LeafCode {
    let code = this.compiled.get(functionProbe);
    if (code) return code;
    const recorder = sandboxRecorder(this.emission);
    const globals: Record<string, unknown> = { ...leaf.constants, [leaf.prefix]: recorder };
    for (const name of leaf.receivers ?? []) globals[name] = this.outerStandIn;
    for (const [name, method] of Object.entries(recorder)) globals[`${leaf.prefix}${name}`] = method;
    code = runInContext(leaf.source, createContext(globals)) as LeafCode;
    if (typeof code !== 'function') throw new RegenerationError(`leaf probe ${functionProbe}: its code is no function`);
    this.compiled.set(functionProbe, code);
    return code;
  }
}
