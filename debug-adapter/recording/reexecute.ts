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
  type DeferredContents,
  type EndInfo,
  type TraceContents,
  type TraceHeader,
  type TraceRecord,
} from '../../runtime/format';
import { TraceCollector } from './collector';
import { RecordingError } from './errors';
import { recordProgramTo, type DeferredStart } from './reexecuteLaunch';
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
  /** The divergence note, when the re-execution stopped early (the trace holds what precedes it). */
  divergence?: string;
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
function refusalOf(deferred: DeferredContents, trace: Pick<TraceContents, 'records'>): string | undefined {
  if (deferred.log.unsupported.length)
    return `it cannot be re-executed faithfully: ${deferred.log.unsupported.join('; ')}`;
  if (!trace.records.some((record) => record.type === RecordType.END))
    return 'the deferred run did not finish recording (its log may lack its end)';
  for (const file of deferred.files) {
    if (!existsSync(file.path)) return `its code is gone: ${file.path} no longer exists`;
    const hash = createHash('sha256').update(readFileSync(file.path, 'utf8')).digest('hex');
    if (hash !== file.sourceHash) return `its code changed since it was recorded: ${file.path}`;
  }
  return undefined;
}

function deferredStart(contents: TraceContents, deferred: DeferredContents): DeferredStart {
  const start = deferred.log.reads.find((read) => read.source === ndSourceId('environment'))?.value as
    { env: Record<string, string | undefined>; argv: string[]; execArgv: string[]; cwd: string } | undefined;
  if (!start || !start.argv[0]) throw new RecordingError('the deferred recording has no start environment');
  const options = contents.header.options;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(start.env)) if (value !== undefined) env[name] = value;
  return {
    nodePath: contents.header.argv[0] ?? process.execPath,
    nodeVersion: contents.header.nodeVersion,
    program: start.argv[0],
    args: start.argv.slice(1),
    execArgv: start.execArgv,
    cwd: start.cwd,
    env,
    root: typeof options.root === 'string' ? options.root : start.cwd,
    include: stringList(options.include),
    exclude: stringList(options.exclude),
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
  if (!request.outPath) {
    // A whole expansion already made answers a partial request too.
    for (const cached of [
      expandedCachePath(request.deferredPath, bytes, stopBefore),
      expandedCachePath(request.deferredPath, bytes),
    ])
      if (existsSync(cached)) return { tracePath: cached, cached: true, ...endNotesOf(cached, contents.records) };
  }
  const tracePath = request.outPath ?? expandedCachePath(request.deferredPath, bytes, stopBefore);
  // Written under another name, renamed when whole: an interrupted expansion is never taken for a cached one.
  const partial = `${tracePath}.partial-${process.pid}`;
  closeSync(openSync(partial, 'w', 0o600));
  try {
    const start = deferredStart(contents, deferred);
    const collector = await TraceCollector.create({ directFile: partial, retainBytes: false });
    await recordProgramTo(collector, start, { ...request, ...(stopBefore !== undefined ? { stopBefore } : {}) });
    renameSync(partial, tracePath);
  } finally {
    rmSync(partial, { force: true });
  }
  return { tracePath, cached: false, ...endNotesOf(tracePath, contents.records) };
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
): Pick<ExpandOutcome, 'divergence' | 'partial' | 'signalEnd'> {
  const contents = readTrace(readFileSync(tracePath), NODE_READ_OPTIONS);
  const ends: Pick<ExpandOutcome, 'divergence' | 'partial' | 'signalEnd'> = {};
  for (const record of contents.records) {
    if (record.type !== RecordType.NOTE) continue;
    const note = decodeNote(record);
    if (note.message.startsWith(DIVERGENCE_PREFIX)) ends.divergence ??= note.message;
    if (note.message.startsWith(PARTIAL_PREFIX)) ends.partial ??= note.message;
    if (note.message.startsWith(SIGNAL_END_PREFIX)) ends.signalEnd ??= note.message;
  }
  if (ends.divergence || ends.partial || ends.signalEnd) return ends;
  const loggedEnd = programEnd(deferred);
  const reexecutedEnd = programEnd(contents.records);
  if (loggedEnd && reexecutedEnd && describeEnd(loggedEnd) !== describeEnd(reexecutedEnd))
    ends.divergence = `${DIVERGENCE_PREFIX} at its end: it ${describeEnd(reexecutedEnd)}, the deferred run ${describeEnd(loggedEnd)}. The recording holds the re-execution as it ran.`;
  return ends;
}

/** The END of a trace's program (its first producer's), if it has one. */
function programEnd(records: readonly TraceRecord[]): EndInfo | undefined {
  const record = records.find((candidate) => candidate.type === RecordType.END && candidate.producerId === 0);
  return record && decodeEnd(record);
}

/** How a program ended, as a divergence note says it ("exited with code 0", "was killed by SIGABRT"). */
function describeEnd(end: EndInfo): string {
  if (end.reason === 'signal' || end.reason === 'killed') return `was killed by ${end.signal ?? 'a signal'}`;
  const how = end.reason === 'exit' ? 'exited' : `ended (${end.reason})`;
  return `${how} with code ${end.exitCode ?? 'none'}`;
}
