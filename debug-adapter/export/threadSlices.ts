// One producer's (process's or thread's) events as trace events: each function activation a
// B/E slice (a call, or one run of an async function between ENTER/RESUME and SUSPEND/EXIT),
// console output and throws as instants, losses as instants, worker messages as an instant and one
// end of a flow arrow (the other end is in the other thread's events: MessageFlows pairs them), HTTP
// requests as async slices from start to finish. Walks event words as they stream by,
// holding only the open frames, a bounded table of interned strings and of error messages. Counts
// steps as replay does (eventIndexer.ts) so a slice's step range is the debugger's. Knows the
// event layouts (through runtime/format) and the trace-event vocabulary, not files or the output.
import {
  Const,
  EventKind,
  Ext,
  extFieldOffset,
  extKindOf,
  type ExtNamesWith,
  KIND_MASK,
  MessageAction,
  ObjectType,
  OutputStream,
  RequestAction,
  TraceFormatError,
  ValueTag,
  decodePackedText,
  decodeValue,
  eventEnd,
  exitIsStep,
  valueLength,
  StringTable,
  type ProducerProbeId,
} from '../../runtime/format';
import { ProbeRole, type ProbeTable } from '../trace/probeTable';
import type { TraceClock } from './traceClock';
import { roundMicros, type EmitEvent } from './traceEvents';
import { RequestCauses } from './requestCauses';
import { RequestFlows } from './requestFlows';

/** Interned strings and error messages kept: both tables are bounded (oldest entries go first). */
const MAX_STRINGS = 1 << 16;
const MAX_ERROR_TEXTS = 1 << 12;
/** Instant names show this much of the text; the whole text is in args.text. */
const NAME_CHARS = 80;
const NANOSECOND_MICROS = 0.001;

type CustomExt = ExtNamesWith<'chrome', 'custom'>;
const SNAPSHOT_TYPE = extFieldOffset('SNAPSHOT', 'typeAndFlags');
const LOST_EVENTS = extFieldOffset('LOST', 'lostEvents');
const MESSAGE_ACTION = extFieldOffset('MESSAGE', 'action');
const MESSAGE_WORKER = extFieldOffset('MESSAGE', 'workerThreadId');
const MESSAGE_SEQUENCE = extFieldOffset('MESSAGE', 'sequence');
const ORIGIN_ID = extFieldOffset('ORIGIN', 'originId');
const ORIGIN_TRIGGER = extFieldOffset('ORIGIN', 'triggerId');
const ORIGIN_RUN_IDS = extFieldOffset('ORIGIN_RUN', 'originIds');

interface OpenSlice {
  frameId: number;
  name: string;
}

/**
 * Flow ids for messages between threads, shared by every thread's ThreadSlices: the send and the
 * receive of one message (same process, worker thread, direction and number) get the same id.
 * Holds only messages whose other end has not been seen yet.
 */
export class MessageFlows {
  private readonly waiting = new Map<string, number>();
  private nextId = 1;

  /** Linked HTTP requests' arrows, their ids from the same counter. */
  readonly requests = new RequestFlows(() => this.nextId++);

  idFor(pid: number, workerThreadId: number, towardsWorker: boolean, sequence: number): number {
    const key = `${pid}:${workerThreadId}:${towardsWorker ? 'down' : 'up'}:${sequence}`;
    const id = this.waiting.get(key);
    if (id !== undefined) {
      this.waiting.delete(key);
      return id;
    }
    this.waiting.set(key, this.nextId);
    return this.nextId++;
  }
}

const STREAM_NAMES: Record<number, string> = {
  [OutputStream.STDOUT]: 'stdout',
  [OutputStream.STDERR]: 'stderr',
  [OutputStream.CONSOLE]: 'console',
};

export class ThreadSlices {
  /** Events this producer emitted before the current one (TIME samples count the same way, lost ones included). */
  private eventIndex = 0;
  private stepCount = 0;
  private readonly stack: OpenSlice[] = [];
  /** Frames whose current activation RETURNed (their EXIT is then a normal end, not a throw). */
  private readonly returned = new Set<number>();
  private throwInFlight = false;
  private readonly strings = new StringTable(MAX_STRINGS);
  private readonly errorTexts = new Map<number, string>();
  private lastMicros = 0;
  /** HTTP requests begun and not finished yet: request id → its slice's name. */
  private readonly openRequests = new Map<number, { name: string; kind: 'client' | 'server' }>();
  /** Which server request a client request was made on behalf of. */
  private readonly causes = new RequestCauses();
  /** Slices written, for the summary. */
  slices = 0;

  constructor(
    private readonly pid: number,
    private readonly tid: number,
    private readonly probes: ProbeTable,
    private readonly clock: TraceClock,
    private readonly emit: EmitEvent,
    private readonly flows: MessageFlows = new MessageFlows(),
  ) {}

  /** One EVENTS payload; a corrupt event throws TraceFormatError (the caller stops this thread). */
  append(words: Int32Array): void {
    let at = 0;
    while (at < words.length) {
      const end = eventEnd(words, at);
      this.event(words, at);
      at = end;
    }
  }

  /** Closes what is still open (an incomplete recording, or frames whose EXIT was lost) at the last time seen. */
  finish(): void {
    while (this.stack.length) this.close(this.now(), { unfinished: true });
    for (const [requestId, { name }] of this.openRequests)
      this.requestSlice('e', requestId, name, { unfinished: true });
    this.openRequests.clear();
  }

  /** An instant at the thread's last moment (the producer's end: an uncaught error, a lost tail). */
  endInstant(name: string, cat: string, args: Record<string, unknown>): void {
    this.instant(name, cat, args);
  }

  /**
   * The current event's time. Strictly increasing within the thread (by at least 1 ns): viewers
   * sort events by time, and equal times could reorder a B after its E.
   */
  private now(): number {
    this.lastMicros = Math.max(this.lastMicros + NANOSECOND_MICROS, roundMicros(this.clock.at(this.eventIndex)));
    this.lastMicros = roundMicros(this.lastMicros);
    return this.lastMicros;
  }

  private event(words: Int32Array, at: number): void {
    const header = words[at];
    const probe = (header >>> 4) as ProducerProbeId;
    const kind = header & KIND_MASK;
    if (kind === EventKind.PAD) return;
    // A gap stands for the events it lost (lost() moves eventIndex by them), not for one event.
    if (kind === EventKind.EXT && probe === Ext.LOST) return this.ext(probe, words, at);
    switch (kind) {
      case EventKind.STEP:
        this.stepCount++;
        break;
      case EventKind.ENTER:
      case EventKind.ENTER_THIS:
        this.enter(probe, words[at + 1], false);
        break;
      case EventKind.RESUME:
        this.enter(probe, words[at + 1], true);
        break;
      case EventKind.RETURN:
        if (this.isCallsLevel(probe)) this.callStep();
        // Format 2: a RETURN carries no frame id; it ends the activation that is running (the top slice).
        if (this.stack.length > 0) {
          const frameId = this.stack[this.stack.length - 1].frameId;
          this.returned.add(frameId);
          // Format 3: no EXIT follows a RETURN whose probe ends its frame; the RETURN closes the slice.
          if ((this.probes.role(probe) & ProbeRole.ENDS_FRAME) !== 0) this.exit(probe, frameId);
        }
        break;
      case EventKind.EXIT:
        this.exit(probe, words[at + 1]);
        break;
      case EventKind.SUSPEND:
        this.popTo(words[at + 1], { suspended: true });
        break;
      case EventKind.THROW:
        this.thrown(words, at + 1);
        break;
      case EventKind.CATCH:
        this.throwInFlight = false;
        break;
      case EventKind.OUTPUT:
        this.output(words[at + 1], this.text(words, at + 2));
        break;
      case EventKind.EXT:
        this.ext(probe, words, at);
        break;
      default:
        break;
    }
    this.eventIndex++;
  }

  private isCallsLevel(probe: number): boolean {
    return (this.probes.role(probe) & ProbeRole.CALLS) !== 0;
  }

  /** A `calls`-level ENTER/RETURN is a step; code ran normally, so any earlier throw was caught. */
  private callStep(): void {
    this.stepCount++;
    this.throwInFlight = false;
  }

  private enter(probe: ProducerProbeId, frameId: number, resumed: boolean): void {
    const fn = this.probes.functionOf(probe);
    const name = fn?.info.functionName ?? (fn?.info.kind === 'module' ? '<module>' : `<unknown function #${probe}>`);
    const location = fn ? `${fn.file.path}:${fn.info.range.start.line1}:${fn.info.range.start.column0 + 1}` : undefined;
    if (resumed) {
      this.returned.delete(frameId);
      this.throwInFlight = false;
    }
    this.stack.push({ frameId, name });
    this.slices++;
    this.emit({
      ph: 'B',
      name,
      cat: resumed ? 'function,resumed' : 'function',
      pid: this.pid,
      tid: this.tid,
      ts: this.now(),
      args: { function: name, location, firstStep: this.stepCount, ...(resumed ? { resumed: true } : {}) },
    });
    if (!resumed && this.isCallsLevel(probe)) this.callStep();
  }

  private exit(probe: ProducerProbeId, frameId: number): void {
    const returned = this.returned.delete(frameId);
    const isModule = this.probes.functionOf(probe)?.info.kind === 'module';
    const byThrow = !returned && !isModule && this.openAt(frameId) >= 0;
    if (exitIsStep(this.isCallsLevel(probe), isModule, byThrow, true)) this.stepCount++;
    if (byThrow && !this.throwInFlight) {
      // A throw by the engine itself (a TypeError…), or any throw in a `calls`-level file, has no
      // THROW event: the frame's exit by throw is its only trace, and the value is not known.
      this.instant('throw', 'exception', {
        seenAs: 'a frame left by throw',
        function: this.stack[this.stack.length - 1]?.name,
        step: this.stepCount - 1,
      });
      this.throwInFlight = true;
    }
    this.popTo(frameId, byThrow ? { threw: true } : {});
  }

  /** Closes slices down to the frame's (those above it left by throw); nothing when it is not open. */
  private popTo(frameId: number, endArgs: Record<string, unknown>): void {
    const at = this.openAt(frameId);
    if (at < 0) return;
    const ts = this.now();
    while (this.stack.length > at + 1) this.close(ts, { threw: true });
    this.close(ts, endArgs);
  }

  /** Where the frame's slice is on the stack (searched from the top, where it nearly always is), or -1. */
  private openAt(frameId: number): number {
    let at = this.stack.length - 1;
    while (at >= 0 && this.stack[at].frameId !== frameId) at--;
    return at;
  }

  private close(ts: number, endArgs: Record<string, unknown>): void {
    const slice = this.stack.pop() as OpenSlice;
    this.emit({
      ph: 'E',
      name: slice.name,
      pid: this.pid,
      tid: this.tid,
      ts,
      args: { lastStep: this.stepCount - 1, ...endArgs },
    });
  }

  private thrown(words: Int32Array, valueAt: number): void {
    this.throwInFlight = true;
    const text = this.describe(words, valueAt);
    this.instant(`throw ${clip(text)}`, 'exception', {
      value: text,
      function: this.stack[this.stack.length - 1]?.name,
      step: this.stepCount - 1,
    });
  }

  private output(stream: number, text: string): void {
    const streamName = STREAM_NAMES[stream] ?? `stream ${stream}`;
    this.instant(clip(text.replace(/\s+$/, '')) || streamName, `output,${streamName}`, {
      stream: streamName,
      text,
      step: Math.max(0, this.stepCount - 1),
    });
  }

  private lost(count: number): void {
    this.instant(`${count} events lost`, 'gap', { lostEvents: count, step: this.stepCount });
    this.eventIndex += count;
  }

  private instant(name: string, cat: string, args: Record<string, unknown>): void {
    this.emit({ ph: 'i', s: 't', name, cat, pid: this.pid, tid: this.tid, ts: this.now(), args });
  }

  private ext(subkind: number, words: Int32Array, at: number): void {
    const kind = extKindOf(subkind);
    if (kind?.chrome === 'custom') ThreadSlices.extHandlers[kind.name as CustomExt](this, words, at);
  }

  /**
   * The EXT subkinds drawn by code of their own: exactly those extKinds.ts declares chrome 'custom'
   * (the type says so).
   */
  static readonly extHandlers: {
    readonly [K in CustomExt]: (self: ThreadSlices, words: Int32Array, at: number) => void;
  } = {
    STRING_DEF: (self, words, at) => self.strings.definition(words, at),
    STRING_SLICE: (self, words, at) => self.strings.slice(words, at),
    SNAPSHOT: (self, words, at) => {
      if ((words[at + SNAPSHOT_TYPE] & 0xff) === ObjectType.ERROR) self.errorSnapshot(words, at);
    },
    LOST: (self, words, at) => self.lost(words[at + LOST_EVENTS]),
    MESSAGE: (self, words, at) =>
      self.message(
        words[at + MESSAGE_ACTION] as MessageAction,
        words[at + MESSAGE_WORKER],
        words[at + MESSAGE_SEQUENCE],
      ),
    REQUEST: (self, words, at) => self.request(words, at),
    REQUEST_PEER: (self, words, at) => self.requestPeer(words, at),
    ORIGIN: (self, words, at) => self.causes.scheduled(words[at + ORIGIN_ID], words[at + ORIGIN_TRIGGER]),
    // The sized header's length word is the count of ids (0: the event loop itself runs, no callback).
    ORIGIN_RUN: (self, words, at) => self.causes.running(words[at + 1], words[at + ORIGIN_RUN_IDS]),
  };

  /** REQUEST_PEER [hdr, 3, requestId, localPort, remotePort]: this side of a linked request's arrow. */
  private requestPeer(words: Int32Array, at: number): void {
    const open = this.openRequests.get(words[at + 2]);
    if (!open) return;
    this.flows.requests.seen(open.kind, words[at + 3], words[at + 4], (ph, id) =>
      this.emit({ ph, id, name: 'request', cat: 'http', pid: this.pid, tid: this.tid, ts: this.now() }),
    );
  }

  /** REQUEST [hdr, n, requestId, action, status, c, packed "METHOD URL"]: an async slice per request. */
  private request(words: Int32Array, at: number): void {
    const requestId = words[at + 2];
    const action = words[at + 3];
    const step = Math.max(0, this.stepCount - 1);
    if (action === RequestAction.SERVER_START || action === RequestAction.CLIENT_START) {
      if (this.openRequests.has(requestId)) return;
      const name = decodePackedText(words, at + 5);
      const kind = action === RequestAction.SERVER_START ? 'server' : 'client';
      this.openRequests.set(requestId, { name, kind });
      if (kind === 'server') this.causes.serverStarted(requestId, name);
      const cause = kind === 'client' ? this.causes.cause() : undefined;
      // A client request made on behalf of a server request (refused ones too): named, with its slice's id.
      const causeArgs = cause && { cause: cause.name, causeId: this.requestId(cause.requestId) };
      this.requestSlice('b', requestId, name, { kind, step, ...causeArgs });
      return;
    }
    const open = this.openRequests.get(requestId);
    if (open === undefined) return;
    this.openRequests.delete(requestId);
    // Format 3.3: a failed request's finish carries its error.
    const error = words[at + 5] > 0 ? decodePackedText(words, at + 5) : '';
    this.requestSlice('e', requestId, open.name, { status: words[at + 4], step, ...(error && { error }) });
  }

  private requestSlice(ph: 'b' | 'e', requestId: number, name: string, args: Record<string, unknown>): void {
    this.emit({
      ph,
      id: this.requestId(requestId),
      name,
      cat: 'http',
      pid: this.pid,
      tid: this.tid,
      ts: this.now(),
      args,
    });
  }

  private requestId(requestId: number): string {
    return `request:${this.pid}:${this.tid}:${requestId}`;
  }

  /** MESSAGE [hdr, 3, action, workerThreadId, sequence]: an instant, and the flow arrow's end on this side. */
  private message(action: MessageAction, workerThreadId: number, sequence: number): void {
    const sending = action === MessageAction.SEND_TO_WORKER || action === MessageAction.SEND_TO_CREATOR;
    const towardsWorker = action === MessageAction.SEND_TO_WORKER || action === MessageAction.RECEIVE_FROM_CREATOR;
    const name = messageName(action, workerThreadId);
    this.instant(name, 'message', { action: name, workerThreadId, sequence, step: Math.max(0, this.stepCount - 1) });
    const id = this.flows.idFor(this.pid, workerThreadId, towardsWorker, sequence);
    this.emit({
      ph: sending ? 's' : 'f',
      id,
      name: 'message',
      cat: 'message',
      pid: this.pid,
      tid: this.tid,
      ts: this.now(),
    });
  }

  /**
   * SNAPSHOT [hdr, objectId, typeAndFlags, v:className, trueSize, capturedCount, v:message, …]: keep "Name: message".
   */
  private errorSnapshot(words: Int32Array, at: number): void {
    const classAt = at + 3;
    const messageAt = classAt + valueLength(words, classAt) + 2;
    remember(
      this.errorTexts,
      words[at + 1],
      `${this.text(words, classAt) || 'Error'}: ${this.text(words, messageAt)}`,
      MAX_ERROR_TEXTS,
    );
  }

  private text(words: Int32Array, valueAt: number): string {
    const value = decodeValue(words, valueAt, this.strings.lookup);
    return value.type === 'string' ? value.value : '';
  }

  /** A thrown value in one line: an Error's name and message when its snapshot was seen, else the primitive. */
  private describe(words: Int32Array, valueAt: number): string {
    const word = words[valueAt];
    if ((word & KIND_MASK) === ValueTag.OBJECT) return this.errorTexts.get(word >>> 4) ?? 'an object';
    if ((word & KIND_MASK) === ValueTag.CONST && word >> 4 === Const.UNDEFINED) return 'undefined';
    const value = decodeValue(words, valueAt, this.strings.lookup);
    switch (value.type) {
      case 'string':
        return JSON.stringify(value.value);
      case 'number':
        return String(value.value);
      case 'boolean':
        return String(value.value);
      case 'bigint':
        return `${value.text}n`;
      default:
        return value.type;
    }
  }
}

function messageName(action: MessageAction, workerThreadId: number): string {
  switch (action) {
    case MessageAction.SEND_TO_WORKER:
      return `postMessage to worker ${workerThreadId}`;
    case MessageAction.RECEIVE_FROM_CREATOR:
      return 'message from the creating thread';
    case MessageAction.SEND_TO_CREATOR:
      return 'postMessage to the creating thread';
    case MessageAction.RECEIVE_FROM_WORKER:
      return `message from worker ${workerThreadId}`;
    default:
      return unknownMessageAction(action);
  }
}

/** assertNever for a value read from a trace: a newer writer's action is a format error, not a bug. */
function unknownMessageAction(value: never): never {
  throw new TraceFormatError(`unknown message action ${String(value)}`, 0);
}

function remember<T>(map: Map<number, T>, key: number, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as number);
}

function clip(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > NAME_CHARS ? `${line.slice(0, NAME_CHARS - 1)}…` : line;
}
