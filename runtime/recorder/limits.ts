// Capture limits and redaction settings the encoder reads (from RecorderSettings), the per-probe
// flags the loader sets from probe tables (which the recorder never reads itself), and the values
// of the environment that must never reach a trace. Knows no encoding: it only holds what the
// encoder consults.
import { REDACTED_KEY } from '../format/redactedKeys';
import { MAX_PROBE_ID } from '../format/events';
import { B } from './builtins';

export const limits = {
  maxStringLength: 1024,
  maxCollectionEntries: 100,
  maxDepth: 3,
  /** Entries snapshotted per top-level value across all nested objects (bounds work per event). */
  maxEntriesPerValue: 1000,
  redact: true,
};

export function configureLimits(settings: {
  maxStringLength: number;
  maxCollectionEntries: number;
  maxDepth: number;
  redact: boolean;
}): void {
  limits.maxStringLength = settings.maxStringLength;
  limits.maxCollectionEntries = settings.maxCollectionEntries;
  limits.maxDepth = settings.maxDepth;
  limits.redact = settings.redact;
  limits.maxEntriesPerValue = Math.max(settings.maxCollectionEntries * 10, 1000);
  rememberEnvironmentSecrets(settings.redact ? B.processEnv : {});
}

/** Per-probe flags, indexed by global probe id. */
export const ProbeFlag = {
  /** The probe writes a variable or property whose name looks secret (SEC-10): record a marker. */
  REDACT: 1,
  /** A mutator whose effect the event cannot describe (reordering, arguments not re-passed). */
  RESNAPSHOT: 2,
  /** A property write with a computed key: check the key at run time for redaction. */
  DYNAMIC_KEY: 4,
  /** The probe's file is recorded at `calls` level: objects by id only, no snapshot (values.ts prepareIdOnly). */
  IDS_ONLY: 8,
} as const;

/**
 * One flag byte for every probe id the format allows, so redaction never depends on how many
 * probes came before (SEC-10: ids past a smaller table recorded secrets in clear). The table is
 * shared with off-thread loaders, so its size is fixed; its pages are committed only when written
 * (one 4 KiB page per 4,096 probes), the rest is address space.
 */
const PROBE_FLAG_BYTES = MAX_PROBE_ID + 1;

export function createProbeFlagTable(): SharedArrayBuffer {
  return new B.SharedArrayBuffer(PROBE_FLAG_BYTES);
}

/** Replaced by the recording's shared table (createProbeFlagTable) before any probe runs. */
export let probeFlags: Uint8Array<ArrayBufferLike> = new Uint8Array(1 << 16);

export function useProbeFlags(flags: Uint8Array): void {
  probeFlags = flags;
}

/** SEC-10: keys whose values are secrets. */
export { REDACTED_KEY };
export const REDACTED_MARKER = '[redacted by rewind]';

/**
 * Environment values (SEC-10) are redacted wherever a value equal to one is recorded — a
 * variable, an argument, a property — not only inside process.env, since `const v =
 * process.env.KEY` copies the secret out. Shorter values ('1', 'true') are too common to mean
 * anything; variables that describe the machine keep their values readable unless named like a secret.
 */
const MIN_ENV_SECRET_LENGTH = 6;
const PUBLIC_ENV_NAME =
  /^(PATH|HOME|PWD|OLDPWD|SHELL|USER|USERNAME|LOGNAME|HOSTNAME|SHLVL|_|LANG|LANGUAGE|LC_\w+|TERM|TERM_PROGRAM|TERM_PROGRAM_VERSION|COLORTERM|TMPDIR|TEMP|TMP|EDITOR|VISUAL|PAGER|NODE_ENV|NODE_OPTIONS|INIT_CWD|npm_\w+|REWIND_\w+)$/;

let environmentSecrets = new B.Map<string, true>();
let shortestSecret = Infinity;
let longestSecret = -1;

export function rememberEnvironmentSecrets(environment: Record<string, string | undefined>): void {
  environmentSecrets = new B.Map<string, true>();
  shortestSecret = Infinity;
  longestSecret = -1;
  addEnvironmentSecrets(environment);
}

function addEnvironmentSecrets(environment: Record<string, string | undefined>): void {
  for (const name in environment) {
    const value = environment[name];
    if (typeof value !== 'string') continue;
    if (B.regexpExec(PUBLIC_ENV_NAME, name) !== null && B.regexpExec(REDACTED_KEY, name) === null) continue;
    addEnvironmentSecret(value);
  }
}

function addEnvironmentSecret(value: string): void {
  if (value.length < MIN_ENV_SECRET_LENGTH || value === REDACTED_MARKER) return;
  B.mapSet(environmentSecrets, value, true);
  if (value.length < shortestSecret) shortestSecret = value.length;
  if (value.length > longestSecret) longestSecret = value.length;
}

/**
 * The hot path's `envRead`: a value the program read from process.env — or process.env itself (passed
 * on, destructured) — while it runs. What was put there after start-up (dotenv loading a .env
 * file, `process.env.X = …`) is redacted too, from the read on: the read runs before the value
 * is recorded anywhere. Returns the value unchanged; never reads a getter (process.env has none).
 */
export function environmentRead<T>(value: T): T {
  if (!limits.redact) return value;
  if (typeof value === 'string') {
    if (!B.mapHas(environmentSecrets, value)) addEnvironmentSecret(value);
  } else if (value === B.processEnv) addEnvironmentSecrets(B.processEnv);
  return value;
}

/**
 * Whether this string is the value of an environment variable (checked when a string is first defined or written
 * inline).
 */
export function isEnvironmentSecret(text: string): boolean {
  return text.length >= shortestSecret && text.length <= longestSecret && B.mapHas(environmentSecrets, text);
}
