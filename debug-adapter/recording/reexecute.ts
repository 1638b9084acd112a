// Expansion of a deferred recording (docs/DEFERRED_RECORDING.md): the program is run again,
// recorded at `full`, with the deferred run's log fed back (the bootloader's feed mode), and the
// result is an ordinary full trace, cached beside the deferred one under the deferred trace's hash
// so it is paid once. Refuses, with the reason, a recording that cannot be re-executed faithfully
// (what the deferred run flagged) or whose code changed since. Knows the recording layer's
// launcher and collector, not the adapter or the CLI.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import {
  DIVERGENCE_PREFIX,
  PARTIAL_PREFIX,
  SIGNAL_END_PREFIX,
  FILE_HEADER_FIXED_BYTES,
  MAX_HEADER_BYTES,
  ndSourceId,
  parseTraceHeader,
  readDeferredContents,
  readTrace,
  RecordType,
  decodeEnd,
  decodeNote,
  decodeProducer,
  type DeferredContents,
  type EndInfo,
  type ProducerInfo,
  type TraceContents,
  type TraceHeader,
  type TraceRecord,
} from '../../runtime/format';
import { appendProducers } from './appendProducers';
import { TraceCollector } from './collector';
import { RecordingError } from './errors';
import { recordProgramTo, type DeferredStart } from './reexecuteLaunch';
import { processLabel } from './processLabel';
import { NODE_READ_OPTIONS } from './traceFiles';

export interface ExpandRequest {
  deferredPath: string;
  /** Where the full trace goes; default: the cache beside the deferred trace. */
  outPath?: string;
  bootloaderPath: string;
  /** The program's stdout/stderr during re-execution: discarded unless given. */
  onOutput?: (text: string) => void;
  /**
   * A partial expansion: only the deferred run's first `untilMs` ms are re-executed (it stops
   * before the first logged callback that ran later); the trace's NOTE says where it ends.
   */
  untilMs?: number;
  /**
   * Aborting it (the debug session ended, the launch was cancelled) kills the re-execution and its
   * children at once and leaves no trace behind: a long run re-executes for about 20x its time.
   */
  signal?: AbortSignal;
}

export interface ExpandOutcome {
  tracePath: string;
  /** Found in the cache: nothing was re-executed. */
  cached: boolean;
  /**
   * The deferred run's other processes (Node children with logs of their own) that are not in the
   * expansion, each with why ("process 4242 (node worker.js): it cannot be re-executed faithfully: …").
   */
  processesLeftOut: string[];
  /** The divergence note, when the re-execution stopped early (the trace holds what precedes it). */
  divergence?: string;
  /** The divergence notes of the expansion's other processes, after `divergence`'s: one each, in producer order. */
  otherDivergences: string[];
  /** The partial-expansion note, when it stopped where it was asked to. */
  partial?: string;
  /** The note of a re-execution that ended where a signal ended its deferred run (a server stopped). */
  signalEnd?: string;
}

/** Whether a trace is a deferred recording (its header says so). */
export function isDeferredTrace(contents: Pick<TraceContents, 'header'>): boolean {
  return contents.header.options.deferred === 'log';
}

/** Whether the file is a deferred recording: its header only is read (a full trace may be gigabytes). */
export function isDeferredTraceFile(path: string): boolean {
  const header = traceFileHeader(path);
  return header !== undefined && isDeferredTrace({ header });
}

/** A trace file's header, reading nothing more; undefined when it is no readable trace. */
export function traceFileHeader(path: string): TraceHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(FILE_HEADER_FIXED_BYTES + MAX_HEADER_BYTES);
    const parsed = parseTraceHeader(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
    return 'header' in parsed ? parsed.header : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where the expansion of `deferredPath` is cached: beside it, named by the hash of its bytes (and
 * for a partial one, the callback it stops before).
 */
export function expandedCachePath(deferredPath: string, bytes: Uint8Array, stopBefore?: number): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const part = stopBefore === undefined ? '' : `.until-${stopBefore}`;
  return join(dirname(deferredPath), `${basename(deferredPath, extname(deferredPath))}.expanded-${hash}${part}.rwd`);
}

/**
 * The logged callback a partial expansion stops before: the first that ran after `untilMs`; undefined when none did.
 */
function stopBeforeOf(deferred: DeferredContents, untilMs: number | undefined): number | undefined {
  if (untilMs === undefined) return undefined;
  const index = deferred.callbackTimesMs.findIndex((ms) => ms > untilMs);
  return index === -1 ? undefined : index;
}

/**
 * Why this deferred recording cannot be re-executed faithfully, or undefined. Checked before any
 * re-execution: what the run flagged (sockets, children…), and every file it ran, by content hash.
 */
function refusalOf(
  deferred: DeferredContents,
  trace: Pick<TraceContents, 'records'>,
  producerId = 0,
): string | undefined {
  if (deferred.log.unsupported.length)
    return `it cannot be re-executed faithfully: ${deferred.log.unsupported.join('; ')}`;
  if (!trace.records.some((record) => record.type === RecordType.END && record.producerId === producerId))
    return 'the deferred run did not finish recording (its log may lack its end)';
  for (const file of deferred.files) {
    if (!existsSync(file.path)) return `its code is gone: ${file.path} no longer exists`;
    const hash = createHash('sha256').update(readFileSync(file.path, 'utf8')).digest('hex');
    if (hash !== file.sourceHash) return `its code changed since it was recorded: ${file.path}`;
  }
  return undefined;
}

/** A deferred log's start environment (its first read), if it has one. */
function loggedStart(deferred: DeferredContents):
  | {
      env: Record<string, string | undefined>;
      argv: string[];
      execArgv: string[];
      cwd: string;
      channel?: 'json' | 'advanced';
    }
  | undefined {
  const start = deferred.log.reads.find((read) => read.source === ndSourceId('environment'))?.value as ReturnType<
    typeof loggedStart
  >;
  return start?.argv[0] ? start : undefined;
}

/** `process`: a child process's PRODUCER record (its Node and version); the root's come from the header. */
function deferredStart(contents: TraceContents, deferred: DeferredContents, process?: ProducerInfo): DeferredStart {
  const start = loggedStart(deferred);
  if (!start) throw new RecordingError('the deferred recording has no start environment');
  const options = contents.header.options;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(start.env)) if (value !== undefined) env[name] = value;
  return {
    nodePath: (process ? process.argv[0] : contents.header.argv[0]) ?? globalThis.process.execPath,
    nodeVersion: process ? process.nodeVersion : contents.header.nodeVersion,
    program: start.argv[0],
    args: start.argv.slice(1),
    execArgv: start.execArgv,
    cwd: start.cwd,
    env,
    root: typeof options.root === 'string' ? options.root : start.cwd,
    include: stringList(options.include),
    exclude: stringList(options.exclude),
    ...(start.channel ? { channel: start.channel } : {}),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export async function expandDeferred(request: ExpandRequest): Promise<ExpandOutcome> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(request.deferredPath);
  } catch (error) {
    throw new RecordingError(
      `cannot read the trace ${request.deferredPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const contents = readTrace(bytes, NODE_READ_OPTIONS);
  if (!isDeferredTrace(contents)) throw new RecordingError(`${request.deferredPath} is not a deferred recording`);
  const deferred = readDeferredContents(contents.records, contents.header.startWallTimeMs);
  const refusal = refusalOf(deferred, contents);
  if (refusal) throw new RecordingError(`${request.deferredPath} cannot be expanded: ${refusal}`);
  const stopBefore = stopBeforeOf(deferred, request.untilMs);
  const children = deferredChildren(contents, stopBefore !== undefined);
  const leftOut = {
    processesLeftOut: children
      .filter((child) => child.refusal !== undefined)
      .map((child) => `${processLabel(child.process)}: ${child.refusal}`),
  };
  if (!request.outPath) {
    // A whole expansion already made answers a partial request too.
    for (const cached of [
      expandedCachePath(request.deferredPath, bytes, stopBefore),
      expandedCachePath(request.deferredPath, bytes),
    ])
      if (existsSync(cached))
        return { tracePath: cached, cached: true, ...leftOut, ...endNotesOf(cached, contents.records, children) };
  }
  const tracePath = request.outPath ?? expandedCachePath(request.deferredPath, bytes, stopBefore);
  // Written under another name, renamed when whole: an interrupted expansion is never taken for a cached one.
  const partial = `${tracePath}.partial-${process.pid}`;
  try {
    const start = deferredStart(contents, deferred);
    await reexecuteInto(partial, start, { ...request, ...(stopBefore !== undefined ? { stopBefore } : {}) });
    // Then each child process with a log of its own, one after another, each into a trace of its own
    // (a re-execution's drains write their file from its start), joined to this one as its producers.
    for (const child of children) {
      if (child.refusal !== undefined) continue;
      const childPath = `${partial}.process-${child.process.producerId}`;
      try {
        await reexecuteInto(childPath, deferredStart(contents, child.deferred, child.process), {
          ...request,
          producerId: child.process.producerId,
        });
        child.expandedId = appendProducers(partial, childPath).get(0);
      } finally {
        rmSync(childPath, { force: true });
      }
    }
    renameSync(partial, tracePath);
  } finally {
    rmSync(partial, { force: true });
  }
  return { tracePath, cached: false, ...leftOut, ...endNotesOf(tracePath, contents.records, children) };
}

async function reexecuteInto(
  path: string,
  start: DeferredStart,
  request: Parameters<typeof recordProgramTo>[2],
): Promise<void> {
  closeSync(openSync(path, 'w', 0o600));
  const collector = await TraceCollector.create({ directFile: path, retainBytes: false });
  try {
    await recordProgramTo(collector, start, request);
  } finally {
    await collector.finish();
  }
}

/** A child process of the deferred run with a log of its own, and why it is not re-executed, if it is not. */
interface DeferredChild {
  process: ProducerInfo;
  deferred: DeferredContents;
  refusal: string | undefined;
  /** Its producer id in the expansion, once re-executed; in a cached expansion, found by order. */
  expandedId?: number;
}

/**
 * The deferred run's other Node processes (producers other than the root with a start environment
 * logged: a worker thread has none), in producer order: the order their re-executions run in, and
 * so their producer ids in the expansion. A partial expansion re-executes the root alone.
 */
function deferredChildren(contents: TraceContents, partial: boolean): DeferredChild[] {
  const children: DeferredChild[] = [];
  for (const record of contents.records) {
    if (record.type !== RecordType.PRODUCER || record.producerId === 0) continue;
    const info = decodeProducer(record);
    const deferred = readDeferredContents(contents.records, info.startWallTimeMs, info.producerId);
    if (!loggedStart(deferred)) continue;
    const refusal = partial
      ? 'a partial expansion re-executes the first process only'
      : refusalOf(deferred, contents, info.producerId);
    children.push({ process: info, deferred, refusal });
  }
  return children;
}

/**
 * How an expansion ended early, by its notes: a divergence, a partial stop, or where a signal ended
 * the run. With none of those, a re-execution that ended otherwise than its deferred run (`deferred`:
 * its records) diverged too, where no note could say so: a native crash, an exit code changed by
 * something the log does not hold.
 */
function endNotesOf(
  tracePath: string,
  deferred: readonly TraceRecord[],
  children: readonly DeferredChild[],
): Pick<ExpandOutcome, 'divergence' | 'otherDivergences' | 'partial' | 'signalEnd'> {
  const contents = readTrace(readFileSync(tracePath), NODE_READ_OPTIONS);
  // The expansion's producers: the root, then each child re-executed, in that order.
  const reexecuted: Array<ProducerInfo | undefined> = [undefined];
  for (const child of children)
    if (child.refusal === undefined) reexecuted[child.expandedId ?? reexecuted.length] = child.process;
  /** A child's note says whose it is ("In process 4242 (node build.js): …"); the root's as it was written. */
  const whose = (producerId: number, message: string): string => {
    const child = reexecuted[producerId];
    return child ? `In ${processLabel(child)}: ${message}` : message;
  };
  const ends: Pick<ExpandOutcome, 'partial' | 'signalEnd'> = {};
  /** Each process's divergence (its first note saying so, or its end), by producer id. */
  const divergences = new Map<number, string>();
  const settled = new Set<number>();
  for (const record of contents.records) {
    if (record.type !== RecordType.NOTE) continue;
    const note = decodeNote(record);
    const mark = (key: keyof typeof ends): void => {
      ends[key] ??= whose(record.producerId, note.message);
      settled.add(record.producerId);
    };
    if (note.message.startsWith(DIVERGENCE_PREFIX)) {
      if (!divergences.has(record.producerId))
        divergences.set(record.producerId, whose(record.producerId, note.message));
      settled.add(record.producerId);
    }
    if (note.message.startsWith(PARTIAL_PREFIX)) mark('partial');
    if (note.message.startsWith(SIGNAL_END_PREFIX)) mark('signalEnd');
  }
  // A process none of whose notes says why it may end otherwise must end as it did in the deferred run.
  for (let producerId = 0; producerId < reexecuted.length; producerId++) {
    if (settled.has(producerId)) continue;
    const loggedEnd = processEnd(deferred, reexecuted[producerId]?.producerId ?? 0);
    const reexecutedEnd = processEnd(contents.records, producerId);
    if (loggedEnd && reexecutedEnd && describeEnd(loggedEnd) !== describeEnd(reexecutedEnd))
      divergences.set(
        producerId,
        whose(
          producerId,
          `${DIVERGENCE_PREFIX} at its end: it ${describeEnd(reexecutedEnd)}, the deferred run ${describeEnd(loggedEnd)}. The recording holds the re-execution as it ran.`,
        ),
      );
  }
  const [divergence, ...otherDivergences] = [...divergences].sort(([a], [b]) => a - b).map(([, note]) => note);
  return { ...ends, ...(divergence !== undefined ? { divergence } : {}), otherDivergences };
}

/** The END of one producer of a trace, if it has one. */
function processEnd(records: readonly TraceRecord[], producerId: number): EndInfo | undefined {
  const record = records.find((candidate) => candidate.type === RecordType.END && candidate.producerId === producerId);
  return record && decodeEnd(record);
}

/** How a program ended, as a divergence note says it ("exited with code 0", "was killed by SIGABRT"). */
function describeEnd(end: EndInfo): string {
  if (end.reason === 'signal' || end.reason === 'killed') return `was killed by ${end.signal ?? 'a signal'}`;
  const how = end.reason === 'exit' ? 'exited' : `ended (${end.reason})`;
  return `${how} with code ${end.exitCode ?? 'none'}`;
}
