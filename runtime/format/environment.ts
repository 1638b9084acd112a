// The typed environment contract between whoever launches a recorded program (CLI, debug
// adapter) and the bootloader inside it. Launchers build it with toEnvironment(); the bootloader
// reads it once with fromEnvironment(). Pure: takes and returns plain string maps.
import type { LaunchArguments, RecorderAttributeName } from '../../protocol/launchAttributes';
import { parseLevelPlan, type LevelPlan } from './plan';

/**
 * 'flight': a flight recorder: lossless in the ring (as 'block'), but the drain keeps only the newest
 * flightRecorderBytes of trace in rotating segments (flightSegments.ts) and drops the oldest.
 */
export type OverflowStrategy = 'block' | 'drop-newest' | 'overwrite-oldest' | 'flight';

export interface RecorderSettings {
  /** Where the trace goes: a collector's Unix socket (CLI, adapter) or a file written directly. */
  socketPath?: string;
  outFile?: string;
  sessionId: string;
  level: 'full' | 'calls';
  /**
   * Per-file levels (focused recording): ordered rules and the level of files no rule names.
   * Absent: every included file is recorded at `level`.
   */
  plan?: LevelPlan;
  /** Globs (relative to root, or absolute) of files to instrument; default: everything under root. */
  include: string[];
  /** Globs excluded; default: node_modules. */
  exclude: string[];
  root: string;
  overflow: OverflowStrategy;
  /** Ring capacity in 32-bit words, a power of two. */
  bufferWords: number;
  /** overflow 'flight': the most trace bytes kept (on disk and in memory), whatever the run's length. */
  flightRecorderBytes: number;
  maxStringLength: number;
  maxCollectionEntries: number;
  maxDepth: number;
  /** Redact values of keys like password/token/secret and of process.env (SEC-10). */
  redact: boolean;
  /**
   * Instrumentation cache folder (keyed by content hash + instrumenter version). '' = the default
   * per-user folder: toEnvironment() then leaves REWIND_CACHE_DIR unset. The variable set to an
   * empty string disables the cache.
   */
  cacheDir: string;
  /** A live debug session: the program stops at its first step and wherever the adapter flags a probe. */
  live?: boolean;
  /**
   * ENTER, ENTER_THIS and RETURN written in full, never compact (format 3.12): the words a 3.11
   * recorder wrote, for comparing readers' answers on both. Not for live sessions (always compact).
   */
  explicitEvents?: boolean;
  /**
   * Deferred recording (docs/DEFERRED_RECORDING.md). 'log': nothing is instrumented; the program's
   * nondeterministic reads, callback order and file identities are logged. A path: re-execution
   * (expansion) of that deferred trace, its log fed back to the program recorded at `level`.
   */
  deferred?: 'log';
  feedFrom?: string;
  /** A partial expansion: the re-execution stops before the log's callback of this index (from 0). */
  feedUntil?: number;
  /** Whose log in feedFrom is fed: a producer id (a child process's); the root's (0) when absent. */
  feedProducer?: number;
  /**
   * The recorder attributes of the launch table (protocol/launchAttributes.ts `recorder`) that no
   * field above converts, under their attribute names and as the user gave them (already checked
   * by the table). One variable carries them all, so a new one needs no code here.
   */
  attributes?: Partial<Pick<LaunchArguments, RecorderAttributeName>>;
}

export const ENV = {
  SOCKET: 'REWIND_SOCKET',
  OUT: 'REWIND_OUT',
  SESSION: 'REWIND_SESSION',
  LEVEL: 'REWIND_LEVEL',
  INCLUDE: 'REWIND_INCLUDE',
  EXCLUDE: 'REWIND_EXCLUDE',
  ROOT: 'REWIND_ROOT',
  OVERFLOW: 'REWIND_OVERFLOW',
  BUFFER_WORDS: 'REWIND_BUFFER_WORDS',
  FLIGHT_BYTES: 'REWIND_FLIGHT_BYTES',
  MAX_STRING: 'REWIND_MAX_STRING',
  MAX_ENTRIES: 'REWIND_MAX_ENTRIES',
  MAX_DEPTH: 'REWIND_MAX_DEPTH',
  REDACT: 'REWIND_REDACT',
  CACHE_DIR: 'REWIND_CACHE_DIR',
  /** JSON LevelPlan; unset when there is no plan. */
  PLAN: 'REWIND_PLAN',
  /** '1': a live debug session (RecorderSettings.live). */
  LIVE: 'REWIND_LIVE',
  /** '1': RecorderSettings.explicitEvents. */
  EXPLICIT_EVENTS: 'REWIND_EXPLICIT_EVENTS',
  /** 'log': a deferred recording (RecorderSettings.deferred). */
  DEFERRED: 'REWIND_DEFERRED',
  /** The deferred trace whose log is fed back (RecorderSettings.feedFrom). */
  FEED_FROM: 'REWIND_FEED_FROM',
  /** RecorderSettings.feedUntil. */
  FEED_UNTIL: 'REWIND_FEED_UNTIL',
  /** RecorderSettings.feedProducer. */
  FEED_PRODUCER: 'REWIND_FEED_PRODUCER',
  /** JSON object: RecorderSettings.attributes; unset when there are none. */
  ATTRIBUTES: 'REWIND_ATTRIBUTES',
  /** Set by the bootloader once loaded in a process: guards against double load. */
  LOADED_MARKER: '__REWIND_BOOTLOADER_LOADED',
  /** The V8 flag the launcher put first in the program's execArgv; the bootloader takes it out again. */
  ADDED_EXEC_ARG: 'REWIND_ADDED_EXEC_ARG',
  /** The program's own NODE_OPTIONS (unset when it had none): what the bootloader leaves in process.env. */
  USER_NODE_OPTIONS: 'REWIND_USER_NODE_OPTIONS',
  /** Comma-separated: the REWIND_* variables the launcher added (the bootloader hides these, not the user's own). */
  ADDED_VARIABLES: 'REWIND_ADDED_VARIABLES',
} as const;

/**
 * The worker_threads environment-data key under which a recorded thread passes the variables above
 * (hidden from its process.env at boot) to the worker threads it creates.
 */
export const RECORDER_VARIABLES_KEY = 'rewind.environment';

export const DEFAULT_SETTINGS: Omit<RecorderSettings, 'sessionId' | 'root'> = {
  level: 'full',
  include: [],
  exclude: ['**/node_modules/**'],
  overflow: 'block',
  bufferWords: 1 << 22,
  flightRecorderBytes: 64 << 20,
  maxStringLength: 1024,
  maxCollectionEntries: 100,
  maxDepth: 3,
  redact: true,
  cacheDir: '',
};

export function toEnvironment(settings: RecorderSettings): Record<string, string> {
  const env: Record<string, string> = {
    [ENV.SESSION]: settings.sessionId,
    [ENV.LEVEL]: settings.level,
    [ENV.INCLUDE]: JSON.stringify(settings.include),
    [ENV.EXCLUDE]: JSON.stringify(settings.exclude),
    [ENV.ROOT]: settings.root,
    [ENV.OVERFLOW]: settings.overflow,
    [ENV.BUFFER_WORDS]: String(settings.bufferWords),
    [ENV.FLIGHT_BYTES]: String(settings.flightRecorderBytes),
    [ENV.MAX_STRING]: String(settings.maxStringLength),
    [ENV.MAX_ENTRIES]: String(settings.maxCollectionEntries),
    [ENV.MAX_DEPTH]: String(settings.maxDepth),
    [ENV.REDACT]: settings.redact ? '1' : '0',
  };
  if (settings.cacheDir) env[ENV.CACHE_DIR] = settings.cacheDir;
  if (settings.plan) env[ENV.PLAN] = JSON.stringify(settings.plan);
  if (settings.socketPath) env[ENV.SOCKET] = settings.socketPath;
  if (settings.outFile) env[ENV.OUT] = settings.outFile;
  if (settings.live) env[ENV.LIVE] = '1';
  if (settings.explicitEvents) env[ENV.EXPLICIT_EVENTS] = '1';
  if (settings.deferred) env[ENV.DEFERRED] = settings.deferred;
  if (settings.feedFrom) env[ENV.FEED_FROM] = settings.feedFrom;
  if (settings.feedUntil !== undefined) env[ENV.FEED_UNTIL] = String(settings.feedUntil);
  if (settings.feedProducer !== undefined) env[ENV.FEED_PRODUCER] = String(settings.feedProducer);
  if (settings.attributes && Object.keys(settings.attributes).length)
    env[ENV.ATTRIBUTES] = JSON.stringify(settings.attributes);
  return env;
}

/** Reads the contract; returns undefined when no sink is named (the bootloader then stays inert). */
export function fromEnvironment(env: Record<string, string | undefined>): RecorderSettings | undefined {
  const socketPath = env[ENV.SOCKET] || undefined;
  const outFile = env[ENV.OUT] || undefined;
  if (!socketPath && !outFile) return undefined;
  const level = env[ENV.LEVEL] === 'calls' ? 'calls' : 'full';
  const overflow = parseOverflow(env[ENV.OVERFLOW]);
  return {
    socketPath,
    outFile,
    level,
    overflow,
    sessionId: env[ENV.SESSION] || 'unnamed',
    include: parseList(env[ENV.INCLUDE], DEFAULT_SETTINGS.include),
    exclude: parseList(env[ENV.EXCLUDE], DEFAULT_SETTINGS.exclude),
    root: env[ENV.ROOT] || '',
    bufferWords: powerOfTwoAtLeast(parseCount(env[ENV.BUFFER_WORDS], DEFAULT_SETTINGS.bufferWords), 1 << 12),
    flightRecorderBytes: parseCount(env[ENV.FLIGHT_BYTES], DEFAULT_SETTINGS.flightRecorderBytes),
    maxStringLength: parseCount(env[ENV.MAX_STRING], DEFAULT_SETTINGS.maxStringLength),
    maxCollectionEntries: parseCount(env[ENV.MAX_ENTRIES], DEFAULT_SETTINGS.maxCollectionEntries),
    maxDepth: parseCount(env[ENV.MAX_DEPTH], DEFAULT_SETTINGS.maxDepth),
    redact: env[ENV.REDACT] !== '0',
    cacheDir: env[ENV.CACHE_DIR] ?? '',
    plan: parsePlan(env[ENV.PLAN]),
    ...(env[ENV.LIVE] === '1' ? { live: true } : {}),
    ...(env[ENV.EXPLICIT_EVENTS] === '1' ? { explicitEvents: true } : {}),
    ...(env[ENV.DEFERRED] === 'log' ? { deferred: 'log' as const } : {}),
    ...(env[ENV.FEED_FROM] ? { feedFrom: env[ENV.FEED_FROM] } : {}),
    ...(env[ENV.FEED_UNTIL] ? { feedUntil: parseCount(env[ENV.FEED_UNTIL], 0) } : {}),
    ...(env[ENV.FEED_PRODUCER] ? { feedProducer: parseCount(env[ENV.FEED_PRODUCER], 0) } : {}),
    ...parseAttributes(env[ENV.ATTRIBUTES]),
  };
}

/** Malformed attributes are dropped (the recorder's defaults apply) rather than failing the user's program. */
function parseAttributes(text: string | undefined): Pick<RecorderSettings, 'attributes'> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { attributes: value as RecorderSettings['attributes'] }
      : {};
  } catch {
    return {};
  }
}

/** A malformed plan is dropped (every file at `level`) rather than failing the user's program. */
function parsePlan(text: string | undefined): LevelPlan | undefined {
  if (!text) return undefined;
  try {
    return parseLevelPlan(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function parseOverflow(text: string | undefined): OverflowStrategy {
  return text === 'drop-newest' || text === 'overwrite-oldest' || text === 'flight' ? text : 'block';
}

function parseList(text: string | undefined, fallback: string[]): string[] {
  if (!text) return fallback;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : fallback;
  } catch {
    return fallback;
  }
}

function parseCount(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

export function powerOfTwoAtLeast(value: number, minimum: number): number {
  let power = minimum;
  while (power < value && power < 2 ** 30) power *= 2;
  return power;
}
