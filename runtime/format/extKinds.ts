// Every EXT subkind, declared once: its number, the format version that added it, its layout (the
// words after the header, as named fields) and what the readers do with it: the label `rewind info`
// counts it under, whether the adapter's indexer, its position store and the chrome-trace export
// take it. events.ts's `Ext`, eventWalk.ts, the indexer's and the exporter's dispatch tables, the
// CLI summary and the encoding guard iterate this table (docs/ARCHITECTURE.md §7, "How to add an
// event kind"). No EXT event is a step (steps.ts says what is). Pure data: imports nothing.

/** Subkinds from here on carry their length: [hdr, n, n words]. A 3.x reader skips one it does not know. */
export const EXT_SIZED_FIRST = 16;

/**
 * One field of a layout: `word` a 32-bit word; `value` one encoded value (events.ts, variable
 * length); `text` packed text (a count c of UTF-16 units, then ceil(c/2) words, two units a word,
 * low first); `rest` the words up to the event's end (sized subkinds only); `snapshot` a SNAPSHOT's
 * body (eventWalk.ts measures it). Only the last field may have a variable length, so every field
 * has a fixed offset (extFieldOffset).
 */
export type ExtFieldKind = 'word' | 'value' | 'text' | 'rest' | 'snapshot';

export interface ExtKindSpec {
  readonly subkind: number;
  /** The format version whose readers know it ('3.0': every 3.x reader). */
  readonly since: `${number}.${number}`;
  /** The words after the header (and after the length word of a sized subkind), in order. */
  readonly fields: Readonly<Record<string, ExtFieldKind>>;
  /** What `rewind info` counts it as (plural). */
  readonly label: string;
  /** debug-adapter/trace/eventIndexer.ts has a handler for it (its table's type requires exactly these). */
  readonly indexed: boolean;
  /**
   * The indexer keeps where each one happened (debug-adapter/trace/extPositions.ts: the steps before
   * it and its offset), for queries by step, with no code of its own.
   */
  readonly positions?: true;
  /**
   * How the chrome-trace export shows it: by a handler of its own in debug-adapter/export/threadSlices.ts
   * ('custom': its table's type requires exactly these) or not at all.
   */
  readonly chrome: 'custom' | 'none';
}

/**
 * The subkinds. 37 up are free (PROBES, record type 30, is not a subkind). Layouts,
 * field by field:
 */
export const EXT_KINDS = {
  /**
   * [hdr, objectId, typeAndFlags, v:className, trueSize, capturedCount, entries…] (the body: from
   * className on). Entries by type: ARRAY/TYPED_ARRAY/ARGUMENTS: capturedCount values (holes = CONST
   * HOLE); MAP: capturedCount × (v:key, v:value); SET: capturedCount × v:value; everything else:
   * capturedCount × (v:key, propFlags, [v:value if data property]). DATE: capturedCount = 0 and one
   * extra v:time; REGEXP/FUNCTION/ERROR/CLASS: one extra v:text (regexp source+flags, function name,
   * error message) before entries.
   */
  SNAPSHOT: {
    subkind: 1,
    since: '3.0',
    fields: { objectId: 'word', typeAndFlags: 'word', body: 'snapshot' },
    label: 'object snapshots',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, stringId, v:string]: defines a string for TAG_STRING_REF: a short interned one, or (3.10)
   * a long one written again, its value truncated past the limit as an inline STRING is.
   */
  STRING_DEF: {
    subkind: 2,
    since: '3.0',
    fields: { stringId: 'word', text: 'value' },
    label: 'interned strings',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, 5, stringId, sourceId, offset, length, captured] (3.11): defines string `stringId` (for
   * STRING_REF) as a value `length` units long whose first `captured` units are units
   * [offset, offset + captured) of the STRING_DEF `sourceId`, which holds at least that many: what an
   * inline STRING of it holds (captured = min(length, the limit)), without the units. A source defines
   * no value of its own: a STRING_DEF used as one may hold more units than the limit, and only slices
   * refer to such a definition. A 3.10 reader skips it and shows a reference to it as an empty string.
   */
  STRING_SLICE: {
    subkind: 32,
    since: '3.11',
    fields: { stringId: 'word', sourceId: 'word', offset: 'word', length: 'word', captured: 'word' },
    label: 'string slices',
    indexed: true,
    chrome: 'custom',
  },
  /** [hdr, lostEvents, reason]: written by the drain in place of dropped batches (a gap, not an event). */
  LOST: {
    subkind: 3,
    since: '3.0',
    fields: { lostEvents: 'word', reason: 'word' },
    label: 'loss markers',
    indexed: true,
    positions: true,
    chrome: 'custom',
  },
  /** [hdr, kind, arg]: reserved: no producer writes it yet; readers skip it. */
  MARK: {
    subkind: 4,
    since: '3.0',
    fields: { kind: 'word', arg: 'word' },
    label: 'marks',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, 3, action, workerThreadId, sequence]: a message between a worker and the thread that
   * created it (MessageAction); the k-th send of a direction pairs with the k-th receive of that
   * direction, in the same process (pid) and worker thread id.
   */
  MESSAGE: {
    subkind: 16,
    since: '3.0',
    fields: { action: 'word', workerThreadId: 'word', sequence: 'word' },
    label: 'worker messages',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, 2, objectId, v:prototype]: a SNAPSHOT of an ordinary, extensible object with no own
   * property (typically a constructor's `this` at its first write), by its prototype: the class name
   * is the name of the prototype's own data `constructor` (a null prototype: NULL_PROTOTYPE, no class
   * name). A 3.0 reader skips it and shows the object as not captured.
   */
  NEW_OBJECT: {
    subkind: 17,
    since: '3.1',
    fields: { objectId: 'word', prototype: 'value' },
    label: 'new objects',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, 3, originId, triggerId, originKind]: a callback (a timer, a tick, a promise reaction, an
   * I/O request: originId is its async id) was scheduled by the statement that ran last. triggerId:
   * the async id of what was running then, for scheduling done by no recorded code (Node's own,
   * between callbacks).
   */
  ORIGIN: {
    subkind: 18,
    since: '3.1',
    fields: { originId: 'word', triggerId: 'word', originKind: 'word' },
    label: 'callback origins',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, n, n × originId]: the callback of this origin runs next (n = 1 today; a reader attaches
   * the ids in order to the activations entered next at this depth; n = 0: no callback runs, the
   * event loop itself emits process 'beforeExit'/'exit'). Written lazily (no layout change): just
   * before the callback's first ENTER or RESUME, or before an event of the callback that comes
   * earlier (an ORIGIN Node schedules, a REQUEST start, a MESSAGE receive); once more for the same
   * id when a frame starts after the one that took it ended (an interval's next tick, or a second
   * listener called from outside recorded code); none for a callback that runs no recorded code.
   */
  ORIGIN_RUN: {
    subkind: 19,
    since: '3.1',
    fields: { originIds: 'rest' },
    label: 'callback runs',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, 4 + k, requestId, action, status, c, k = ceil(c/2) words: text]: an HTTP request
   * (RequestAction) seen through diagnostics_channel; text is "METHOD URL" at a start, empty at a
   * finish; status is the response's at a finish (0: none); requestId is unique in its producer.
   * Format 3.3: a client request that failed (refused, reset) finishes with status 0 and the error's
   * code and message as its text (older readers ignore a finish's text); a fetch's REQUEST_PEER comes
   * from the socket undici:client:sendHeaders names.
   */
  REQUEST: {
    subkind: 20,
    since: '3.1',
    fields: { requestId: 'word', action: 'word', status: 'word', text: 'text' },
    label: 'HTTP request events',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, 3, requestId, localPort, remotePort]: the TCP connection the request (of an earlier
   * REQUEST start) went over, as this side sees it. A reader links a client request to the server
   * request it caused, both recorded: the client's (local, remote) is the server's (remote, local);
   * the k-th of a connection's requests on one side pairs with its k-th on the other (Node sends a
   * connection's requests one at a time). Nothing is added to the request: an unrecorded peer sees a
   * plain request.
   */
  REQUEST_PEER: {
    subkind: 21,
    since: '3.2',
    fields: { requestId: 'word', localPort: 'word', remotePort: 'word' },
    label: 'request connections',
    indexed: true,
    chrome: 'custom',
  },
  /**
   * [hdr, 2 + k, requestId, c, k = ceil(c/2) words: text] (3.8): the W3C `traceparent` a request
   * carried ("00-<trace id>-<parent id>-<flags>"): for a client request, the one it sent (the
   * program's own, or the recorder's, added only when the server is a producer of the same
   * recording); for a server request, the one it received. A client and a server request with the
   * same traceparent are one call (the k-th of each, for a value sent more than once). A 3.7 reader
   * skips it and links by REQUEST_PEER alone.
   */
  REQUEST_TRACE: {
    subkind: 31,
    since: '3.8',
    fields: { requestId: 'word', traceparent: 'text' },
    label: 'request trace contexts',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, 2 + k, phase, c, k = ceil(c/2) words: text]: an `emit(…)` call of the program's starts
   * (phase 1: the functions it enters at this depth until its end are listeners of the event named
   * by text, c = 0 when the call named none literally) or ends (phase 0, c = 0). A throw out of the
   * call leaves no end: the caller's next step ends it.
   */
  EMIT: {
    subkind: 22,
    since: '3.2',
    fields: { phase: 'word', name: 'text' },
    label: 'emit calls',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, 3 + b, source, form, ticket, b words: body], deferred recording (deferred.ts): a value the
   * program read from a nondeterministic source (a clock, a random source, a file…), in read order;
   * ticket 0 for a synchronous read, else the async read's issue number. The body by form (NdForm);
   * ND_MORE in form: the next ND_VALUE continues it.
   */
  ND_VALUE: {
    subkind: 23,
    since: '3.3',
    fields: { source: 'word', form: 'word', ticket: 'word', body: 'rest' },
    label: 'nondeterministic reads',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, 2, type, ticket]: an async callback of this kind (ND_CALLBACK_TYPES) runs next — the event
   * loop's order, checked when the log is fed back; ticket: the async read whose callback it is, or
   * the timer's (immediate's) creation number: the nth Timeout or Immediate the program created,
   * counted from 1 over both.
   */
  ND_CALLBACK: {
    subkind: 24,
    since: '3.3',
    fields: { type: 'word', ticket: 'word' },
    label: 'callback orders',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, 1 + k, c, k words: text]: the program did something a re-execution cannot reproduce (a socket, a child
   * process…).
   */
  ND_UNSUPPORTED: {
    subkind: 25,
    since: '3.3',
    fields: { what: 'text' },
    label: 'unreproducible operations',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, 2, objectId, v:prototype]: the prototype of the object whose SNAPSHOT precedes it (one
   * carrying SnapshotFlag.PROTOTYPE_RECORDED), when it is not the type's default: a recorded object,
   * or a small integer naming a builtin (intrinsics.ts INTRINSIC_PROTOTYPES), or NOT_CAPTURED. A
   * NEW_OBJECT's prototype may also be such an integer from 3.5 on. Object.setPrototypeOf and
   * Reflect.setPrototypeOf re-snapshot their target (builtinWrites); a `__proto__` write is a PROP_SET.
   */
  PROTOTYPE: {
    subkind: 26,
    since: '3.5',
    fields: { objectId: 'word', prototype: 'value' },
    label: 'object prototypes',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, n, functionProbe, frameId, v:result, v×arguments]: a call of a regenerable leaf (FileProbeTable
   * .leaves; recorder option leafCalls) in place of its ENTER, parameter WRITEs, STEPs, WRITEs, RETURN
   * and EXIT: every value a number, boolean, null or undefined (one word, or a DOUBLE's three).
   * frameId: the id its ENTER would have had. A reader re-runs the leaf to make those events
   * (debug-adapter/trace/regenerate*.ts) before indexing; one that does not skips the call.
   */
  LEAF_CALL: {
    subkind: 27,
    since: '3.5',
    fields: { functionProbe: 'word', frameId: 'word', values: 'rest' },
    label: 'leaf calls to regenerate',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, n, functionProbe, frameId, argumentCount, v:result, v:arguments…, v:reads…] (sized, 3.6,
   * recorder option leafCalls): a call of a leaf that reads properties (issue 9 §2), written
   * instead of its frame and steps like LEAF_CALL. The result and each argument is a leaf value or
   * an object the recording already knows (one OBJECT word); the reads are the values its property
   * reads returned, in the order it made them: leaf values, or NOT_CAPTURED for an object (one it
   * read from in turn, or returned: the result says which).
   * A reader re-runs the leaf with those values fed back; one that does not skips the call.
   */
  LEAF_READS: {
    subkind: 28,
    since: '3.6',
    fields: { functionProbe: 'word', frameId: 'word', argumentCount: 'word', values: 'rest' },
    label: 'leaf calls with property reads to regenerate',
    indexed: false,
    chrome: 'none',
  },
  /**
   * [hdr, 2, objectId, prototype]: the recorded object objectId is the builtin prototype numbered
   * `prototype` (intrinsics.ts INTRINSIC_PROTOTYPES). Written once, after that object's first
   * SNAPSHOT. Its snapshots hold only what the program added or replaced (a polyfill's
   * `Array.prototype.last`), never the builtin's own members; its PROP_SETs are tracked as any
   * object's. Replay answers an inherited name from these before the builtin's own members.
   */
  BUILTIN_PROTOTYPE: {
    subkind: 33,
    since: '3.6',
    fields: { objectId: 'word', prototype: 'word' },
    label: 'builtin prototypes the program changed',
    indexed: false,
    positions: true,
    chrome: 'none',
  },
  /**
   * [hdr, n, probe, scope, length, v:part] (3.9): `x += part` (or `x = x + part`) on a declared
   * binding whose old value was a string, with a string result: the write probe `probe` set it to
   * its previous value followed by String(part), `length` UTF-16 units long in all. scope: a WRITE's
   * scope word (SCOPE_TAG) for another frame's binding, 0 for the running activation's own. The
   * recorder writes it instead of a WRITE of the whole string (reading a long appended string's
   * characters flattens it: quadratic, docs/PERFORMANCE.md); part is a primitive, never a symbol.
   * A reader indexes it as that probe's write and builds the value from the binding's last WRITE and
   * the APPENDs after it (debug-adapter/replay/appendedValues.ts).
   */
  APPEND: {
    subkind: 29,
    since: '3.9',
    fields: { probe: 'word', scope: 'word', length: 'word', part: 'value' },
    label: 'string appends',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, 4, what, id, frameId, other] (3.7): which activation (and loop iteration) a nested
   * function closes over, so replay shows the bindings the closure captured. what = 1 (CLOSURE_LINK):
   * the frame just entered (recorder id `id`) is a function created by frame `frameId`, in loop
   * iteration `other` of it (0: in no iteration a closure can tell apart). The recorder leaves out a
   * link equal to the last one it wrote: such a frame has the latest link before it. what = 2
   * (LOOP_ITERATION): frame `frameId` starts iteration `id` of the loop whose statement probe is
   * `other`, at the point where JavaScript copies the loop's per-iteration bindings.
   */
  CLOSURE_SCOPE: {
    subkind: 30,
    since: '3.7',
    fields: { what: 'word', id: 'word', frameId: 'word', other: 'word' },
    label: 'closure scopes',
    indexed: false,
    positions: true,
    chrome: 'none',
  },
  /**
   * [hdr, 2, id, frameId] (3.11): CLOSURE_SCOPE's CLOSURE_LINK in iteration 0, the link nearly every
   * nested function's entry writes (97–99% of CLOSURE_SCOPE events in the library corpus), in 16
   * bytes instead of 24: the frame just entered (recorder id `id`) is a function created by frame
   * `frameId`, in no loop iteration a closure can tell apart. Links with an iteration, and loop
   * iterations, stay CLOSURE_SCOPE. The two kinds' links form one sequence in event order.
   */
  CLOSURE_LINK: {
    subkind: 34,
    since: '3.11',
    fields: { id: 'word', frameId: 'word' },
    label: 'closure links',
    indexed: false,
    positions: true,
    chrome: 'none',
  },
  /**
   * [hdr, n, shapeId, typeAndFlags, count, v:prototype, v:className, count × (v:key, propFlags)]
   * (3.12): defines object shape `shapeId` for SHAPED_SNAPSHOT: what a SNAPSHOT of an object of that
   * shape says besides its values (typeAndFlags as a SNAPSHOT's, never TRUNCATED; trueSize =
   * capturedCount = count; every property a data property). prototype: what a PROTOTYPE event after
   * the SNAPSHOT would say, or UNDEFINED for none (the type's default, or null with NULL_PROTOTYPE).
   * Shape ids count up in the producer and are never reused until they wrap at 2^27; every shape dies
   * with a loss of events (as an object's snapshot does), so a later object of that shape is defined
   * again under a fresh id. A 3.11 reader skips it.
   */
  SHAPE: {
    subkind: 35,
    since: '3.12',
    fields: { shapeId: 'word', typeAndFlags: 'word', count: 'word', body: 'rest' },
    label: 'object shapes',
    indexed: true,
    chrome: 'none',
  },
  /**
   * [hdr, n, objectId, shapeId, count × v:value] (3.12): a SNAPSHOT of an object of shape `shapeId`
   * (a SHAPE earlier in the stream): the same object as that SNAPSHOT, and its PROTOTYPE when the
   * shape names one, with the shape's keys and flags and these values in order. A reader that has
   * not seen the shape (its SHAPE was lost) shows the object as not captured. A 3.11 reader skips it
   * and shows the object as not captured.
   */
  SHAPED_SNAPSHOT: {
    subkind: 36,
    since: '3.12',
    fields: { objectId: 'word', shapeId: 'word', values: 'rest' },
    label: 'object snapshots by shape',
    indexed: true,
    chrome: 'none',
  },
} as const satisfies Record<string, ExtKindSpec>;

export type ExtName = keyof typeof EXT_KINDS;
export const EXT_NAMES = Object.keys(EXT_KINDS) as ExtName[];

/** The field names of a subkind's layout. */
export type ExtFieldName<K extends ExtName> = keyof (typeof EXT_KINDS)[K]['fields'] & string;

/** Names of the subkinds whose spec has `property` set to `value` (e.g. the ones the indexer handles). */
export type ExtNamesWith<P extends 'indexed' | 'chrome', V> = {
  [K in ExtName]: (typeof EXT_KINDS)[K][P] extends V ? K : never;
}[ExtName];

/** Words before a subkind's first field: the header, and the length word of a sized one. */
function extFieldsStart(subkind: number): number {
  return subkind >= EXT_SIZED_FIRST ? 2 : 1;
}

/** Offset of a field from the event's header: every field but the last is a word (EXT_KINDS' rule). */
export function extFieldOffset<K extends ExtName>(name: K, field: ExtFieldName<K>): number {
  const spec = EXT_KINDS[name] as ExtKindSpec;
  return extFieldsStart(spec.subkind) + Object.keys(spec.fields).indexOf(field);
}

/** The spec of a subkind number, or undefined for one this build does not know (a newer writer's). */
export function extKindOf(subkind: number): (ExtKindSpec & { name: ExtName }) | undefined {
  return BY_SUBKIND[subkind];
}

const BY_SUBKIND: Array<(ExtKindSpec & { name: ExtName }) | undefined> = [];
for (const name of EXT_NAMES) BY_SUBKIND[EXT_KINDS[name].subkind] = { ...EXT_KINDS[name], name };
