// From the options a user gives (CLI flags, launch configuration) to the recorder's typed settings
// (runtime/format/environment.ts): defaults, and the events → ring words conversion. Knows nothing
// of how the program is spawned or where the settings travel.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SETTINGS,
  powerOfTwoAtLeast,
  type OverflowStrategy,
  type RecorderSettings,
} from '../../runtime/format';
import {
  MIN_BUFFER_EVENTS,
  RECORDER_ATTRIBUTES,
  type LaunchArguments,
  type RecorderAttributeName,
} from '../../protocol/launchAttributes';
import { buildLevelPlan, headerLevel, type PlanOptions } from './plan';

/** Ring words per event, on average: a STEP is one word, a write of a small value two or three. */
export const WORDS_PER_EVENT = 4;
/** The smallest ring: the contract's smallest bufferEvents (protocol/launchAttributes.ts) in words. */
const MIN_BUFFER_WORDS = MIN_BUFFER_EVENTS * WORDS_PER_EVENT;
const BYTES_PER_MIB = 1 << 20;

/**
 * The recorder attributes (protocol/launchAttributes.ts `recorder`) this file converts into
 * settings of their own; every other one reaches the recorder as given (RecorderSettings.attributes).
 */
const CONVERTED = [
  'include',
  'exclude',
  'level',
  'focus',
  'levels',
  'overflow',
  'bufferEvents',
  'flightRecorderMiB',
  'capture',
  'deferred',
] as const satisfies readonly RecorderAttributeName[];
type PassedAttributes = Omit<Pick<LaunchArguments, RecorderAttributeName>, (typeof CONVERTED)[number]>;

/** `level`, `focus`, `levels`, `focusFiles`: the per-file plan (plan.ts); without focus, one level for all. */
export interface RecordingOptions extends PlanOptions, PassedAttributes {
  /** Files under root are recorded by default; relative globs are relative to it. */
  root: string;
  socketPath?: string;
  outFile?: string;
  sessionId?: string;
  include?: readonly string[];
  exclude?: readonly string[];
  overflow?: OverflowStrategy;
  /** Ring capacity in events (rounded up to a power of two in words). */
  bufferEvents?: number;
  /** overflow 'flight': the kept history's size in MiB. */
  flightRecorderMiB?: number;
  maxStringLength?: number;
  maxCollectionEntries?: number;
  maxDepth?: number;
  redact?: boolean;
  cacheDir?: string;
  /** A deferred recording (settings.deferred 'log'): nothing instrumented, the nondeterminism logged. */
  deferred?: boolean;
}

export function recorderSettings(options: RecordingOptions): RecorderSettings {
  const bufferWords =
    options.bufferEvents === undefined
      ? DEFAULT_SETTINGS.bufferWords
      : powerOfTwoAtLeast(options.bufferEvents * WORDS_PER_EVENT, MIN_BUFFER_WORDS);
  return {
    ...DEFAULT_SETTINGS,
    socketPath: options.socketPath,
    outFile: options.outFile,
    sessionId: options.sessionId ?? randomUUID(),
    root: options.root,
    level: headerLevel(options),
    plan: buildLevelPlan(options),
    include: options.include?.length ? [...options.include] : DEFAULT_SETTINGS.include,
    exclude: options.exclude?.length ? [...options.exclude] : DEFAULT_SETTINGS.exclude,
    overflow: options.overflow ?? DEFAULT_SETTINGS.overflow,
    bufferWords,
    flightRecorderBytes:
      options.flightRecorderMiB === undefined
        ? DEFAULT_SETTINGS.flightRecorderBytes
        : options.flightRecorderMiB * BYTES_PER_MIB,
    maxStringLength: options.maxStringLength ?? DEFAULT_SETTINGS.maxStringLength,
    maxCollectionEntries: options.maxCollectionEntries ?? DEFAULT_SETTINGS.maxCollectionEntries,
    maxDepth: options.maxDepth ?? DEFAULT_SETTINGS.maxDepth,
    redact: options.redact ?? DEFAULT_SETTINGS.redact,
    cacheDir: options.cacheDir ?? DEFAULT_SETTINGS.cacheDir,
    ...(options.deferred ? { deferred: 'log' as const } : {}),
    ...passedAttributes(options),
  };
}

/** The recorder attributes given and not converted above, as given: absent when there are none. */
function passedAttributes(options: RecordingOptions): Pick<RecorderSettings, 'attributes'> {
  const converted: readonly string[] = CONVERTED;
  const attributes: Record<string, unknown> = {};
  for (const { name } of RECORDER_ATTRIBUTES) {
    const value = (options as unknown as Record<string, unknown>)[name];
    if (!converted.includes(name) && value !== undefined) attributes[name] = value;
  }
  return Object.keys(attributes).length ? { attributes: attributes as RecorderSettings['attributes'] } : {};
}
