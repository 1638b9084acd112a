// What `rewind info` reports about a trace: counts of events, steps, functions entered, files,
// lost events, producers, the end reason and duration. Walks event words with the format's
// walker (offsets only). Probe ids are producer-scoped (runtime/format/probes.ts): each event is
// resolved with its own producer's FILE records. Knows nothing of printing or of the replay engine.
import {
  decodeEnd,
  decodeEventWords,
  FileParts,
  decodeLost,
  decodeNote,
  decodeProducer,
  decodeTime,
  EventKind,
  eventEnd,
  exitIsStep,
  ExitsByThrow,
  Ext,
  extKindOf,
  kindIsStep,
  headerKind,
  headerProbe,
  RecordType,
  TraceFormatError,
  type EndInfo,
  type ProbeInfo,
  type TraceContents,
  type TraceRecord,
} from '../../runtime/format';

export interface TraceSummary {
  sessionId: string;
  version: string;
  complete: boolean;
  /** Why reading stopped early (damage), naming the byte offset. */
  error?: { message: string; byteOffset: number };
  /** Events received: every event but padding and the LOST markers, EXT ones (snapshots, strings,
   *  marks) included — what the recorder counts as emitted, so events + lost = emitted (TR-01). */
  events: number;
  /**
   * Steps, as replay counts them (runtime/format/steps.ts): STEP events (statements and loop heads),
   * and in files recorded at level `calls`, each ENTER and RETURN and each function frame left by a throw.
   */
  steps: number;
  /** Distinct function probes entered (module bodies excluded). */
  functions: number;
  /** Probes declared by the recorded files (a file several processes loaded counts once). */
  probes: number;
  /** Recorded files, by absolute path. */
  files: string[];
  lost: number;
  /**
   * EXT events by subkind name (runtime/format/extKinds.ts; a subkind of a newer format by its number), LOST markers
   * included.
   */
  extEvents: Record<string, number>;
  /** Events the recorders say they emitted (sum of END totals); null when a producer has no END of its own. */
  emitted: number | null;
  /** The first producer's (the program's) end; reason null when the trace has none. */
  end: {
    reason: EndInfo['reason'] | null;
    exitCode: number | null;
    signal?: string;
    error?: EndInfo['error'];
    unflushedEventsEstimate?: number;
  };
  /** The program's own process (producer 0) first, then the others in the order the trace holds them. */
  producers: Array<{ producerId: number; pid: number; threadId: number; argv: string[] }>;
  /**
   * Processes other than the program's own (children, workers) that died before their END (the
   * collector's END, reason 'killed'): the events of each the trace holds, and how many more may be
   * missing at its end by the collector's estimate.
   */
  killed: Array<{ producerId: number; eventsWritten: number; unflushedEventsEstimate?: number }>;
  durationMs: number | null;
  /** Problems found inside verified records (a walker or decoder refused them). */
  warnings: string[];
  /** The recorder's warning and error notes (a file left uninstrumented, a sink that failed…), once each. */
  notes: string[];
}

/**
 * A global probe id resolved within one producer: its file (and whether it is recorded at level `calls`) and the probe.
 */
interface ResolvedProbe {
  path: string;
  localId: number;
  info: ProbeInfo;
  callsLevel: boolean;
}

class ProducerProbes {
  private readonly files: Array<{ path: string; base: number; probes: ProbeInfo[]; callsLevel: boolean }> = [];

  add(path: string, base: number, probes: ProbeInfo[], callsLevel: boolean): void {
    this.files.push({ path, base, probes, callsLevel });
  }

  resolve(probeId: number): ResolvedProbe | undefined {
    for (const file of this.files) {
      const localId = probeId - file.base;
      if (localId >= 0 && localId < file.probes.length)
        return { path: file.path, localId, info: file.probes[localId], callsLevel: file.callsLevel };
    }
    return undefined;
  }
}

/**
 * Per producer: ENTER and RETURN events per probe id, and EXITs of running frames left by a throw
 * per probe id — steps once their files' levels are known — and the frames running now.
 */
interface CallCounts {
  calls: Map<number, number>;
  throwExits: Map<number, number>;
  running: ExitsByThrow;
}

/** What a summary needs besides the records: known once the whole file was read. */
export type TraceVerdict = Pick<TraceContents, 'header' | 'version' | 'complete' | 'error'>;

/**
 * The summary built one record at a time, so `info` can stream a trace of any size (issue 10
 * item 4) and hold only the counts, never the records.
 */
export class TraceSummarizer {
  private readonly summary: TraceSummary = {
    sessionId: '',
    version: '',
    complete: false,
    error: undefined,
    events: 0,
    steps: 0,
    functions: 0,
    probes: 0,
    files: [],
    lost: 0,
    extEvents: {},
    emitted: 0,
    end: { reason: null, exitCode: null },
    producers: [],
    killed: [],
    durationMs: null,
    warnings: [],
    notes: [],
  };
  private readonly probesByProducer = new Map<number, ProducerProbes>();
  private readonly files = new Set<string>();
  private readonly fileParts = new FileParts();
  /** path + source hash of every file version counted in `probes`. */
  private readonly fileVersions = new Set<string>();
  private readonly enteredByProducer = new Map<number, Set<number>>();
  private readonly callsByProducer = new Map<number, CallCounts>();
  private readonly lostByProducer = new Map<number, { records: number; end: number }>();
  private readonly ended = new Set<number>();
  private lastWallTimeMs: number | null = null;

  observe(record: TraceRecord): void {
    const summary = this.summary;
    try {
      switch (record.type) {
        case RecordType.PRODUCER: {
          const info = decodeProducer(record);
          const producer = {
            producerId: record.producerId,
            pid: info.pid,
            threadId: info.threadId ?? 0,
            argv: info.argv ?? [],
          };
          // The root first: a short child drained at its own exit can be in the file before it.
          if (record.producerId === 0) summary.producers.unshift(producer);
          else summary.producers.push(producer);
          break;
        }
        case RecordType.FILE:
        case RecordType.PROBES:
        case RecordType.PACKED_PROBES: {
          // A table split over records (format 3.3) counts once whole.
          const file = this.fileParts.take(record);
          if (!file) break;
          this.probesOf(record.producerId).add(file.path, file.probeBase, file.probes ?? [], file.level === 'calls');
          this.files.add(file.path);
          if (!this.fileVersions.has(`${file.path}\0${file.sourceHash}`)) summary.probes += file.probes?.length ?? 0;
          this.fileVersions.add(`${file.path}\0${file.sourceHash}`);
          break;
        }
        case RecordType.EVENTS:
        case RecordType.COMPACT_EVENTS:
          countEvents(
            record,
            summary,
            this.enteredByProducer,
            this.callsOf(record.producerId),
            this.probesOf(record.producerId),
          );
          break;
        case RecordType.LOST:
          lostOf(this.lostByProducer, record.producerId).records += decodeLost(record).lostEvents;
          break;
        case RecordType.NOTE: {
          const note = decodeNote(record);
          const text = note.path ? `${note.path}: ${note.message}` : note.message;
          if (note.level !== 'info' && !summary.notes.includes(text)) summary.notes.push(text);
          break;
        }
        case RecordType.TIME:
          this.lastWallTimeMs = Math.max(this.lastWallTimeMs ?? 0, decodeTime(record).wallTimeMs);
          break;
        case RecordType.END: {
          this.ended.add(record.producerId);
          const end = decodeEnd(record);
          lostOf(this.lostByProducer, record.producerId).end += end.eventsLost ?? 0;
          if (summary.emitted !== null)
            summary.emitted = end.reason === 'killed' ? null : summary.emitted + (end.eventsEmitted ?? 0);
          if (record.producerId !== 0 && end.reason === 'killed')
            summary.killed.push({
              producerId: record.producerId,
              eventsWritten: end.eventsEmitted ?? 0,
              ...(typeof end.unflushedEventsEstimate === 'number' && Number.isFinite(end.unflushedEventsEstimate)
                ? { unflushedEventsEstimate: end.unflushedEventsEstimate }
                : {}),
            });
          if (record.producerId === 0 || summary.end.reason === null) {
            summary.end = { reason: end.reason, exitCode: end.exitCode ?? null, signal: end.signal, error: end.error };
            // The producer died unflushed (the collector's END): how much may be missing at its end.
            if (typeof end.unflushedEventsEstimate === 'number' && Number.isFinite(end.unflushedEventsEstimate))
              summary.end.unflushedEventsEstimate = end.unflushedEventsEstimate;
          }
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      summary.warnings.push(error.message);
    }
  }

  finish(trace: TraceVerdict): TraceSummary {
    const summary = this.summary;
    summary.sessionId = trace.header.sessionId;
    summary.version = `${trace.version.major}.${trace.version.minor}`;
    summary.complete = trace.complete;
    summary.error = trace.error;
    summary.files = [...this.files];
    if (summary.producers.some((producer) => !this.ended.has(producer.producerId)) || this.ended.size === 0)
      summary.emitted = null;
    summary.functions = countFunctions(this.enteredByProducer, this.probesByProducer);
    summary.steps += countCallSteps(this.callsByProducer, this.probesByProducer);
    // LOST records and the END totals describe the same losses: never count them twice.
    for (const lost of this.lostByProducer.values()) summary.lost += Math.max(lost.records, lost.end);
    const startMs = trace.header.startWallTimeMs;
    if (this.lastWallTimeMs !== null && Number.isFinite(startMs))
      summary.durationMs = Math.max(0, this.lastWallTimeMs - startMs);
    return summary;
  }

  private callsOf(producerId: number): CallCounts {
    let counts = this.callsByProducer.get(producerId);
    if (!counts)
      this.callsByProducer.set(
        producerId,
        (counts = { calls: new Map(), throwExits: new Map(), running: new ExitsByThrow() }),
      );
    return counts;
  }

  private probesOf(producerId: number): ProducerProbes {
    return (
      this.probesByProducer.get(producerId) ??
      (this.probesByProducer.set(producerId, new ProducerProbes()).get(producerId) as ProducerProbes)
    );
  }
}

function lostOf(map: Map<number, { records: number; end: number }>, producerId: number) {
  return (
    map.get(producerId) ??
    (map.set(producerId, { records: 0, end: 0 }).get(producerId) as { records: number; end: number })
  );
}

function countEvents(
  record: TraceRecord,
  summary: TraceSummary,
  enteredByProducer: Map<number, Set<number>>,
  counts: CallCounts,
  probes: ProducerProbes,
): void {
  const words = decodeEventWords(record);
  const entered =
    enteredByProducer.get(record.producerId) ??
    (enteredByProducer.set(record.producerId, new Set()).get(record.producerId) as Set<number>);
  const { calls, throwExits, running } = counts;
  const count = (map: Map<number, number>, probe: number) => map.set(probe, (map.get(probe) ?? 0) + 1);
  let offset = 0;
  try {
    while (offset < words.length) {
      const header = words[offset];
      const kind = headerKind(header);
      const end = eventEnd(words, offset);
      if (end <= offset || end > words.length)
        throw new TraceFormatError(`event runs past its record (${end - offset} words)`, offset);
      const probe = headerProbe(header);
      // Whether a call's event is a step depends on its file's level, known once its FILE arrived.
      if (kindIsStep(kind, false)) summary.steps++;
      else if (kindIsStep(kind, true)) count(calls, probe);
      switch (kind) {
        case EventKind.ENTER:
        case EventKind.ENTER_THIS:
          entered.add(probe);
          running.entered(words[offset + 1]);
          break;
        case EventKind.RESUME:
          running.entered(words[offset + 1]);
          break;
        case EventKind.RETURN:
          running.returnedFrom(probes.resolve(probe)?.info.endsFrame === true);
          break;
        case EventKind.SUSPEND:
          running.suspended(words[offset + 1]);
          break;
        case EventKind.EXIT: {
          const exit = running.exited(words[offset + 1]);
          if (exit.running && exit.byThrow) count(throwExits, probe);
          break;
        }
      }
      if (kind === EventKind.EXT) countExt(summary.extEvents, probe);
      // The drain's LOST marker stands for the gap (counted in `lost`), not for an event.
      if (kind !== EventKind.PAD && !(kind === EventKind.EXT && probe === Ext.LOST)) summary.events++;
      offset = end;
    }
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    throw new TraceFormatError(
      `EVENTS record at byte offset ${record.byteOffset}: ${error.message}`,
      record.byteOffset + 12 + offset * 4,
      'byte',
    );
  }
}

function countExt(counts: Record<string, number>, subkind: number): void {
  const name = extKindOf(subkind)?.name ?? String(subkind);
  counts[name] = (counts[name] ?? 0) + 1;
}

/** The steps of calls-level files: ENTERs, RETURNs and EXITs by throw (a FILE record may follow its events). */
function countCallSteps(
  callsByProducer: Map<number, CallCounts>,
  probesByProducer: Map<number, ProducerProbes>,
): number {
  let steps = 0;
  for (const [producerId, { calls, throwExits }] of callsByProducer) {
    const probes = probesByProducer.get(producerId);
    for (const [probeId, count] of calls) if (probes?.resolve(probeId)?.callsLevel) steps += count;
    for (const [probeId, count] of throwExits) {
      const resolved = probes?.resolve(probeId);
      if (exitIsStep(resolved?.callsLevel === true, resolved?.info.kind === 'module', true, true)) steps += count;
    }
  }
  return steps;
}

/** Distinct functions entered: by file and local probe when the probe table is known, else by id. */
function countFunctions(
  enteredByProducer: Map<number, Set<number>>,
  probesByProducer: Map<number, ProducerProbes>,
): number {
  const functions = new Set<string>();
  for (const [producerId, entered] of enteredByProducer) {
    const probes = probesByProducer.get(producerId);
    for (const probeId of entered) {
      const resolved = probes?.resolve(probeId);
      if (resolved?.info.kind === 'module') continue;
      functions.add(resolved ? `${resolved.path}#${resolved.localId}` : `${producerId}:${probeId}`);
    }
  }
  return functions.size;
}
