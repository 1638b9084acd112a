// The entry of the exit drain's private-realm bundle (embedded in the recorder's body as text by
// scripts/exitDrainRealmBuild.cjs): a Drain over the producer's ring and the messages its drain
// thread never took, appending to the trace file through its host. Evaluated once, at the exit of a
// producer whose drain thread had not started (exitDrain.ts), in a vm context of its own: framing,
// checksums, JSON and the loops over them use that realm's Array, JSON, Object… and never the
// program's (INS-25). The host's objects are copied into the realm before JSON.stringify sees them
// (a program's Object.prototype.toJSON would otherwise be called). Needs of its host only the
// file's append, its disk space and a clock. Knows the Drain and the drain messages, not the realm.
import { DiskReserve, type DiskSpace } from '../format/diskReserve';
import { RecordType, type EndInfo, type NoteInfo, type ProducerInfo } from '../format/records';
import type { OverflowStrategy } from '../format/environment';
import { Drain, PORTABLE_DRAIN_PLATFORM, type EndToWrite } from './drain';
import type { DrainMessage } from './drainWorker';
import type { RingShared } from './layout';
import type { Sink } from './sinks';
import { appendReserved, type FileWrites } from './fileAppend';

/** The host's side: functions of the program's realm that reach the file and the clock. */
export interface ExitDrainHost extends FileWrites {
  /** The trace file's file system (statfs), or undefined where it cannot tell. */
  diskSpace(): DiskSpace | undefined;
  monotonicMs(): number;
}

export interface ExitDrainInput {
  shared: RingShared;
  producerId: number;
  producer: ProducerInfo;
  overflow: OverflowStrategy;
  /** Every drain message the producer posted, in order (END last). */
  messages: DrainMessage[];
}

/** Writes the producer's records to the file; returns why the file could not take them, or undefined. */
export function drainAtExit(host: ExitDrainHost, input: ExitDrainInput): string | undefined {
  const sink = new HostFileSink(host);
  const drain = new Drain(input.shared, sink, input.producerId, input.overflow, undefined, {
    ...PORTABLE_DRAIN_PLATFORM,
    monotonicMs: () => host.monotonicMs(),
  });
  drain.record(RecordType.PRODUCER, realmCopy(input.producer));
  let end: EndToWrite | undefined;
  // Indexed: the array is the host's, and its iterator the program's to replace.
  const messages = input.messages;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message.type === 'file') drain.file(message.json, message.packed);
    else if (message.type === 'note') drain.note(realmCopy(message.note) as NoteInfo);
    else if (message.type === 'end') end = realmCopy(message.end) as EndToWrite;
  }
  drain.round();
  const ending: EndToWrite = end ?? { reason: 'exit', exitCode: null };
  drain.finish({
    ...ending,
    recorderCost: {
      ringWaitMs: 0,
      ringWaits: 0,
      ...ending.recorderCost,
      drainedAtExit: true,
      drainRounds: drain.stats.rounds,
      drainWrites: drain.stats.writes,
      drainWrittenBytes: drain.stats.writtenBytes,
    },
  } satisfies EndToWrite & Pick<EndInfo, 'recorderCost'>);
  return sink.failure?.message;
}

/** The trace file, reached through the host: FileSink's books (the disk reserve) without its fs. */
class HostFileSink implements Sink {
  failure: Error | undefined;
  readonly synchronous = true;
  private readonly reserve: DiskReserve;

  constructor(private readonly host: ExitDrainHost) {
    this.reserve = new DiskReserve(() => host.diskSpace());
  }

  write(chunks: Uint8Array[]): void {
    if (this.failure) return;
    const failure = appendReserved(this.reserve, chunks, this.host);
    // The host's error, made in the program's realm: only its message is kept.
    if (failure !== undefined) this.failure = new Error(String((failure as { message?: unknown }).message));
  }

  pendingBytes(): number {
    return 0;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}

/**
 * Plain data of the host's (objects, arrays, primitives) as this realm's objects: own enumerable
 * properties read by this realm's Object.keys, so nothing of the program's prototypes is consulted
 * again. Anything else (a function, a typed array) is kept as it is.
 */
function realmCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let index = 0; index < value.length; index++) copy.push(realmCopy(value[index]));
    return copy;
  }
  if (ArrayBuffer.isView(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = realmCopy((value as Record<string, unknown>)[key]);
  return copy;
}
