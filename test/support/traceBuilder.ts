// Test support: writes traces exactly per runtime/format/events.ts (event words, values,
// snapshots) and records.ts (FILE, EVENTS, END, TIME, LOST…), so replay tests can build any
// program's recording — including huge ones — without running a program. Knows nothing of the
// store or engine; it only speaks the format.
import {
  Const,
  EXT_KINDS,
  EXT_SIZED_FIRST,
  EventKind,
  Ext,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  ObjectType,
  PropFlag,
  RecordType,
  SnapshotFlag,
  TRACE_MAGIC,
  ValueTag,
  crc32,
  eventHeader,
  scopeWord,
  valueWord,
  type EndInfo,
  type ExtName,
  type ProbeInfo,
  type ProbeKind,
  type RegisteredFile,
  type TraceHeader,
  type TraceRecord,
} from '../../runtime/format';

/** A JS value to encode. Objects are referenced with obj(id); holes with HOLE. */
export type TestValue =
  number | string | boolean | null | undefined | bigint | ObjectRef | HoleMarker | NotCaptured | TruncatedString;
export interface ObjectRef {
  $object: number;
}
export interface HoleMarker {
  $hole: true;
}
export interface NotCaptured {
  $notCaptured: number;
}
/** A string the recorder captured only in part: `text` is the captured prefix. */
export interface TruncatedString {
  $truncated: string;
  trueLength: number;
}
export const truncated = (text: string, trueLength: number): TruncatedString => ({ $truncated: text, trueLength });
export const HOLE: HoleMarker = { $hole: true };
export const obj = (id: number): ObjectRef => ({ $object: id });

export type SnapshotEntry =
  { key: TestValue; value: TestValue; flags?: number } | { key: TestValue; getter: true } | TestValue;

export interface SnapshotSpec {
  type: keyof typeof ObjectType;
  className?: string;
  /** Array items, Set values, [key, value] pairs for Maps, or {key, value}/{key, getter} for objects. */
  entries?: SnapshotEntry[] | Array<[TestValue, TestValue]>;
  trueSize?: number;
  truncated?: boolean;
  /** Error message, function name, regexp source, date time. */
  extra?: TestValue;
  /**
   * Written as a 3.5+ recorder does (SnapshotFlag.PROTOTYPE_RECORDED: the type's default builtin
   * prototype unless a PROTOTYPE event follows); false: as an older one, prototype unknown.
   */
  prototypeRecorded?: boolean;
}

export interface ProbeSpec extends Partial<ProbeInfo> {
  line?: number;
  column?: number;
  endLine?: number;
}

const encoder = new TextEncoder();

export function encodeValue(value: TestValue, out: number[]): void {
  if (value === undefined) out.push(valueWord(ValueTag.CONST, Const.UNDEFINED));
  else if (value === null) out.push(valueWord(ValueTag.CONST, Const.NULL));
  else if (value === true) out.push(valueWord(ValueTag.CONST, Const.TRUE));
  else if (value === false) out.push(valueWord(ValueTag.CONST, Const.FALSE));
  else if (typeof value === 'number') encodeNumber(value, out);
  else if (typeof value === 'string') encodeString(value, out);
  else if (typeof value === 'bigint') {
    out.push(valueWord(ValueTag.BIGINT, value < 0n ? 1 : 0));
    encodeString((value < 0n ? -value : value).toString(), out);
  } else if ('$object' in value) out.push(valueWord(ValueTag.OBJECT, value.$object));
  else if ('$hole' in value) out.push(valueWord(ValueTag.CONST, Const.HOLE));
  else if ('$truncated' in value) encodeString(value.$truncated, out, value.$truncated.length, value.trueLength);
  else out.push(valueWord(ValueTag.NOT_CAPTURED, value.$notCaptured));
}

function encodeNumber(value: number, out: number[]): void {
  if (Number.isInteger(value) && !Object.is(value, -0) && value >= -(2 ** 27) && value < 2 ** 27) {
    out.push(valueWord(ValueTag.SMALL_INT, value));
    return;
  }
  const words = new Int32Array(new Float64Array([value]).buffer);
  out.push(valueWord(ValueTag.DOUBLE, 0), words[0], words[1]);
}

/** A string, optionally captured only in part (the true length is kept). */
export function encodeString(
  value: string,
  out: number[],
  capturedLength = value.length,
  trueLength = value.length,
): void {
  out.push(valueWord(ValueTag.STRING, trueLength), capturedLength);
  for (let index = 0; index < capturedLength; index += 2) {
    const low = value.charCodeAt(index);
    const high = index + 1 < capturedLength ? value.charCodeAt(index + 1) : 0;
    out.push(low | (high << 16) | 0);
  }
}

interface PendingFile {
  path: string;
  probes: ProbeInfo[];
  probeBase: number;
}

/** Builds one trace. Probe helpers return GLOBAL probe ids; event helpers append words. */
/** A field of an EXT layout as a test writes it: words as numbers, values as TestValues, texts as strings. */
type ExtFieldInput<T> = T extends 'word'
  ? number
  : T extends 'value'
    ? TestValue
    : T extends 'text'
      ? string
      : T extends 'rest'
        ? readonly number[]
        : never;
export type ExtInput<K extends ExtName> = {
  [F in keyof (typeof EXT_KINDS)[K]['fields']]: ExtFieldInput<(typeof EXT_KINDS)[K]['fields'][F]>;
};

/** The words of any EXT event by its declared layout (runtime/format/extKinds.ts): header, length if sized, fields. */
export function extEventWords<K extends ExtName>(name: K, input: ExtInput<K>): number[] {
  const { subkind, fields } = EXT_KINDS[name];
  const words: number[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const value = (input as Record<string, unknown>)[field];
    if (kind === 'word') words.push(value as number);
    else if (kind === 'value') encodeValue(value as TestValue, words);
    else if (kind === 'rest') words.push(...(value as number[]));
    else if (kind === 'text') {
      const text = value as string;
      words.push(text.length);
      for (let char = 0; char < text.length; char += 2)
        words.push(text.charCodeAt(char) | ((text.charCodeAt(char + 1) || 0) << 16) | 0);
    } else throw new Error(`extEventWords cannot write a ${kind} field (use snapshot())`);
  }
  const header = eventHeader(EventKind.EXT, subkind);
  return subkind >= EXT_SIZED_FIRST ? [header, words.length, ...words] : [header, ...words];
}

export class TraceBuilder {
  private readonly files: PendingFile[] = [];
  /** Every file declared, emitted or not. */
  private readonly declared: PendingFile[] = [];
  private readonly records: TraceRecord[] = [];
  private words = new Int32Array(1 << 16);
  private wordCount = 0;
  private producerId = 1;
  private readonly sequences = new Map<number, number>();
  private nextFrameId = 1;
  private nextProbeBase = 0;
  private current: PendingFile | undefined;
  /** Cut an EVENTS record after this many words (tests use small values to cross record edges). */
  recordWords = 1 << 16;
  eventsEmitted = 0;

  /** Starts a new source file; probes declared after this belong to it. */
  file(path: string): this {
    this.current = { path, probes: [], probeBase: this.nextProbeBase };
    this.nextProbeBase += 1 << 16;
    this.files.push(this.current);
    this.declared.push(this.current);
    return this;
  }

  probe(kind: ProbeKind, spec: ProbeSpec = {}): number {
    if (!this.current) this.file('/app/main.js');
    const file = this.current!;
    const line = spec.line ?? 1;
    const { line: _line, column: _column, endLine: _endLine, ...info } = spec;
    const probe: ProbeInfo = {
      kind,
      range: { start: { line1: line, column0: spec.column ?? 0 }, end: { line1: spec.endLine ?? line, column0: 80 } },
      functionProbe: -1,
      ...info,
    };
    if (probe.functionProbe >= file.probeBase) probe.functionProbe -= file.probeBase;
    if (probe.scopeFunctionProbe !== undefined && probe.scopeFunctionProbe >= file.probeBase)
      probe.scopeFunctionProbe -= file.probeBase;
    file.probes.push(probe);
    return file.probeBase + file.probes.length - 1;
  }

  module(spec: ProbeSpec = {}): number {
    return this.probe('module', { functionName: '<module>', ...spec, functionProbe: -1 });
  }
  fn(name: string, inFunction: number, spec: ProbeSpec = {}): number {
    return this.probe('function', { functionName: name, functionProbe: inFunction, ...spec });
  }
  stmt(line: number, inFunction: number, spec: ProbeSpec = {}): number {
    return this.probe('statement', { line, functionProbe: inFunction, ...spec });
  }
  /** A write probe for `name` declared in `scopeFunction` (the module probe for module scope). */
  writeProbe(name: string, inFunction: number, scopeFunction: number, spec: ProbeSpec = {}): number {
    return this.probe('write', {
      varName: name,
      declarationKind: 'let',
      functionProbe: inFunction,
      scopeFunctionProbe: scopeFunction,
      ...spec,
    });
  }

  private emit(words: readonly number[]): void {
    if (this.wordCount + words.length > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.wordCount + words.length));
      grown.set(this.words.subarray(0, this.wordCount));
      this.words = grown;
    }
    for (const word of words) this.words[this.wordCount++] = word;
    this.eventsEmitted++;
    if (this.wordCount >= this.recordWords) this.flush();
  }

  private withValues(head: number[], ...values: TestValue[]): number[] {
    for (const value of values) encodeValue(value, head);
    return head;
  }

  step(probe: number): this {
    this.emit([eventHeader(EventKind.STEP, probe)]);
    return this;
  }

  /** ENTER (or ENTER_THIS when thisValue is given); returns the recorder frame id. */
  enter(probe: number, thisValue?: TestValue): number {
    const frameId = this.nextFrameId++;
    if (arguments.length > 1)
      this.emit(this.withValues([eventHeader(EventKind.ENTER_THIS, probe), frameId], thisValue));
    else this.emit([eventHeader(EventKind.ENTER, probe), frameId]);
    return frameId;
  }
  /** RETURN of the running activation (format 2: no frame id). */
  ret(probe: number, value: TestValue = undefined): this {
    this.emit(this.withValues([eventHeader(EventKind.RETURN, probe)], value));
    return this;
  }
  exit(frameId: number, probe: number): this {
    this.emit([eventHeader(EventKind.EXIT, probe), frameId]);
    return this;
  }
  /** WRITE naming its scope's frame; `ownWrite` for the running activation's own binding. */
  write(probe: number, value: TestValue, scopeFrameId: number): this {
    this.emit(this.withValues([eventHeader(EventKind.WRITE, probe), scopeWord(scopeFrameId)], value));
    return this;
  }
  ownWrite(probe: number, value: TestValue): this {
    this.emit(this.withValues([eventHeader(EventKind.WRITE, probe)], value));
    return this;
  }
  propSet(probe: number, target: TestValue, key: TestValue, value: TestValue): this {
    this.emit(this.withValues([eventHeader(EventKind.PROP_SET, probe)], target, key, value));
    return this;
  }
  propDelete(probe: number, target: TestValue, key: TestValue): this {
    this.emit(this.withValues([eventHeader(EventKind.PROP_DELETE, probe)], target, key));
    return this;
  }
  mutator(probe: number, target: TestValue, args: TestValue[], result: TestValue): this {
    const words = this.withValues([eventHeader(EventKind.MUTATOR, probe)], target);
    words.push(args.length);
    this.emit(this.withValues(words, ...args, result));
    return this;
  }
  suspend(frameId: number, probe: number, operand: TestValue = undefined): this {
    this.emit(this.withValues([eventHeader(EventKind.SUSPEND, probe), frameId], operand));
    return this;
  }
  resume(frameId: number, probe: number, value: TestValue = undefined): this {
    this.emit(this.withValues([eventHeader(EventKind.RESUME, probe), frameId], value));
    return this;
  }
  throw(probe: number, value: TestValue): this {
    this.emit(this.withValues([eventHeader(EventKind.THROW, probe)], value));
    return this;
  }
  catch(probe: number, value: TestValue): this {
    this.emit(this.withValues([eventHeader(EventKind.CATCH, probe)], value));
    return this;
  }
  output(text: string, stream = 1): this {
    this.emit(this.withValues([eventHeader(EventKind.OUTPUT, 0), stream], text));
    return this;
  }
  stringDef(stringId: number, text: string): this {
    this.emit(this.withValues([eventHeader(EventKind.EXT, Ext.STRING_DEF), stringId], text));
    return this;
  }
  lost(lostEvents: number, reason = 1): this {
    this.emit([eventHeader(EventKind.EXT, Ext.LOST), lostEvents, reason]);
    return this;
  }
  /** Any EXT event by its declared layout (extEventWords). */
  ext<K extends ExtName>(name: K, input: ExtInput<K>): this {
    this.emit(extEventWords(name, input));
    return this;
  }
  mark(kind: number, arg: number): this {
    this.emit([eventHeader(EventKind.EXT, Ext.MARK), kind, arg]);
    return this;
  }

  snapshot(objectId: number, spec: SnapshotSpec): this {
    const type = ObjectType[spec.type];
    const entries = spec.entries ?? [];
    const flags =
      (spec.truncated ? SnapshotFlag.TRUNCATED : 0) |
      (spec.prototypeRecorded === false ? 0 : SnapshotFlag.PROTOTYPE_RECORDED);
    const words = this.withValues(
      [eventHeader(EventKind.EXT, Ext.SNAPSHOT), objectId, type | flags],
      spec.className ?? defaultClass(spec.type),
    );
    words.push(spec.trueSize ?? entries.length, entries.length);
    if (
      spec.type === 'DATE' ||
      spec.type === 'REGEXP' ||
      spec.type === 'FUNCTION' ||
      spec.type === 'ERROR' ||
      spec.type === 'CLASS'
    )
      encodeValue(spec.extra, words);
    for (const entry of entries) encodeEntry(spec.type, entry, words);
    this.emit(words);
    return this;
  }

  time(wallTimeMs: number): this {
    this.flush();
    this.pushRecord(
      RecordType.TIME,
      encoder.encode(JSON.stringify({ eventIndex: this.eventsEmitted, wallTimeMs, monotonicMs: wallTimeMs })),
    );
    return this;
  }

  /** Switches the producer (thread/process) the next events belong to; files declared so far are the outgoing one's. */
  producer(producerId: number): this {
    this.flush();
    this.fileRecords();
    this.producerId = producerId;
    return this;
  }

  /** Files declared from now on number their probes from the start again, as a new process's loader does. */
  restartProbeIds(): this {
    this.nextProbeBase = 0;
    return this;
  }

  /** Cuts the pending events into an EVENTS record. */
  flush(): this {
    if (this.wordCount === 0) return this;
    const payload = new Uint8Array(this.words.buffer.slice(0, this.wordCount * 4));
    this.wordCount = 0;
    this.pushRecord(RecordType.EVENTS, payload);
    return this;
  }

  /** Emits the FILE records now (call later than events to test late probe tables). */
  fileRecords(): this {
    for (const file of this.files.splice(0)) this.fileRecord(file);
    return this;
  }

  /**
   * The current producer loads every file declared so far, at the same bases: its FILE records
   * (probe ids are producer-scoped, so each producer that runs a file sends its own).
   */
  loadFilesAgain(): this {
    this.flush();
    for (const file of this.declared) this.fileRecord(file);
    return this;
  }

  private fileRecord(file: PendingFile): void {
    const registered: RegisteredFile = {
      path: file.path,
      sourceHash: '0'.repeat(64),
      sourceType: 'commonjs',
      level: 'full',
      probes: file.probes,
      probeBase: file.probeBase,
    };
    this.pushRecord(RecordType.FILE, encoder.encode(JSON.stringify(registered)));
  }

  end(info: Partial<EndInfo> = {}): this {
    this.flush();
    const end: EndInfo = { reason: 'exit', exitCode: 0, eventsEmitted: this.eventsEmitted, eventsLost: 0, ...info };
    this.pushRecord(RecordType.END, encoder.encode(JSON.stringify(end)));
    return this;
  }

  private pushRecord(type: number, payload: Uint8Array): void {
    const sequence = this.sequences.get(this.producerId) ?? 0;
    this.sequences.set(this.producerId, sequence + 1);
    this.records.push({ type, flags: 0, producerId: this.producerId, sequence, payload, byteOffset: 0 });
  }

  /** The records so far (FILE records of undeclared files first, unless fileRecords() was called). */
  takeRecords(): TraceRecord[] {
    this.flush();
    if (this.files.length) {
      const events = this.records.splice(0);
      this.fileRecords();
      this.records.push(...events);
    }
    return this.records.splice(0);
  }

  /** A whole trace file: header + framed records. */
  bytes(header: Partial<TraceHeader> = {}): Uint8Array {
    return frameTrace(this.takeRecords(), header);
  }
}

function defaultClass(type: keyof typeof ObjectType): string {
  const names: Partial<Record<keyof typeof ObjectType, string>> = {
    ARRAY: 'Array',
    MAP: 'Map',
    SET: 'Set',
    ERROR: 'Error',
    FUNCTION: 'Function',
    DATE: 'Date',
  };
  return names[type] ?? 'Object';
}

function encodeEntry(
  type: keyof typeof ObjectType,
  entry: SnapshotEntry | [TestValue, TestValue],
  out: number[],
): void {
  if (type === 'ARRAY' || type === 'SET' || type === 'TYPED_ARRAY' || type === 'ARGUMENTS')
    return encodeValue(entry as TestValue, out);
  if (type === 'MAP') {
    const [key, value] = entry as [TestValue, TestValue];
    encodeValue(key, out);
    return encodeValue(value, out);
  }
  const property = entry as { key: TestValue; value?: TestValue; getter?: true; flags?: number };
  encodeValue(property.key, out);
  if (property.getter) {
    out.push(PropFlag.GETTER);
    return;
  }
  out.push(property.flags ?? PropFlag.DATA);
  encodeValue(property.value, out);
}

function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

/** Frames records into trace file bytes (records.ts layout). */
export function frameTrace(records: readonly TraceRecord[], headerFields: Partial<TraceHeader> = {}): Uint8Array {
  const header: TraceHeader = {
    sessionId: 'builder',
    pid: 1,
    threadId: 0,
    nodeVersion: 'v20.0.0',
    startWallTimeMs: 0,
    argv: ['node', 'main.js'],
    cwd: '/app',
    options: {},
    ...headerFields,
  };
  const json = encoder.encode(JSON.stringify(header));
  let size = 12 + json.length + 4;
  for (const record of records) size += 16 + record.payload.length;
  const bytes = new Uint8Array(size);
  bytes.set(TRACE_MAGIC, 0);
  bytes[4] = FORMAT_MAJOR & 0xff;
  bytes[5] = FORMAT_MAJOR >>> 8;
  bytes[6] = FORMAT_MINOR & 0xff;
  bytes[7] = FORMAT_MINOR >>> 8;
  putU32(bytes, 8, json.length);
  bytes.set(json, 12);
  putU32(bytes, 12 + json.length, crc32(json));
  let at = 12 + json.length + 4;
  for (const record of records) {
    putU32(bytes, at, record.payload.length);
    bytes[at + 4] = record.type;
    bytes[at + 5] = record.flags;
    bytes[at + 6] = record.producerId & 0xff;
    bytes[at + 7] = record.producerId >>> 8;
    putU32(bytes, at + 8, record.sequence);
    bytes.set(record.payload, at + 12);
    putU32(bytes, at + 12 + record.payload.length, crc32(bytes, at + 4, at + 12 + record.payload.length));
    at += 16 + record.payload.length;
  }
  return bytes;
}
