// The recorder's own environment variables (REWIND_*, the bootloader's load marker and the
// `--require` in NODE_OPTIONS) leave process.env at boot, so a program reads the environment a
// plain run has (issue 14 item 6). What must record too still gets them: each child process has
// them added to the variables it is spawned with, each worker thread finds them in environment
// data (a key only our bootloader asks for). Knows variable names and spawn's envPairs, nothing of
// what the settings mean.
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { RECORDER_VARIABLES_KEY } from '../format/environment';
import { B } from './builtins';
import { ownArray, setIndex, type SpawnOptions } from './childStackBudget';

const NODE_OPTIONS = 'NODE_OPTIONS';

/** Name → value, without a prototype (a program's Object.prototype setters never see it). */
export type RecorderVariables = Record<string, string>;

/** What the bootloader is told about the variables it hides (names from format/environment.ts). */
export interface RecorderVariableNames {
  /** Set for children and workers only: the process they were started from. */
  marker: string;
  /** The program's own NODE_OPTIONS, put back into process.env (absent: it had none). */
  userOptions: string;
  /** The launcher's comma-separated list of the REWIND_* variables it added (absent: all are ours). */
  added: string;
}

function emptyVariables(): RecorderVariables {
  return { __proto__: null } as unknown as RecorderVariables;
}

/** A REWIND_* variable the user set in the launcher's own environment stays, as a plain run has it. */
function isOurs(name: string, names: RecorderVariableNames, added: string | undefined): boolean {
  if (name === names.marker || name === names.userOptions || name === names.added) return true;
  if (B.stringIndexOf(name, 'REWIND_') !== 0 && B.stringIndexOf(name, '__REWIND_') !== 0) return false;
  return added === undefined || B.stringIndexOf(`,${added},`, `,${name},`) >= 0;
}

/**
 * Takes our variables out of process.env and returns them, with `names.marker` set to `markerValue`
 * for the children and workers to come. NODE_OPTIONS goes back to what the launcher was given.
 */
export function takeRecorderVariables(
  names: RecorderVariableNames,
  markerValue: string,
  bootloaderFile: string,
): RecorderVariables {
  const env = B.processEnv;
  const ours = emptyVariables();
  const added = env[names.added];
  const keys = B.ownKeys(env);
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i];
    if (typeof name !== 'string' || !isOurs(name, names, added)) continue;
    ours[name] = env[name] as string;
    delete env[name];
  }
  ours[names.marker] = markerValue;
  const options = env[NODE_OPTIONS];
  if (options !== undefined && B.stringIndexOf(options, bootloaderFile) >= 0) {
    ours[NODE_OPTIONS] = options;
    const user = ours[names.userOptions];
    if (user === undefined) delete env[NODE_OPTIONS];
    else env[NODE_OPTIONS] = user;
  }
  return ours;
}

/** In the thread that took them: every worker it creates from now on inherits them. */
export function passToWorkers(ours: RecorderVariables | undefined): void {
  setEnvironmentData(RECORDER_VARIABLES_KEY, ours);
}

/** In a worker thread: what its creator passed on (undefined for a thread of an unrecorded one). */
export function inheritedVariables(): RecorderVariables | undefined {
  const data: unknown = getEnvironmentData(RECORDER_VARIABLES_KEY);
  if (data === null || typeof data !== 'object') return undefined;
  const ours = emptyVariables();
  const names = B.ownKeys(data);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const value: unknown = (data as Record<PropertyKey, unknown>)[name];
    if (typeof name === 'string' && typeof value === 'string') ours[name] = value;
  }
  return ours;
}

function nameOf(pair: string): string {
  const equals = B.stringIndexOf(pair, '=');
  return equals < 0 ? pair : B.stringSlice(pair, 0, equals);
}

/**
 * Spawn options whose variables carry ours again, as inheriting process.env did before boot: when
 * the child's NODE_OPTIONS is the program's own as it started (`userOptions`; or both are unset),
 * it becomes ours and every variable of ours the child lacks is added. A child given another
 * NODE_OPTIONS (the program's, or one the program put in process.env, which replaced ours before),
 * or none where the program had one, is left alone: not recorded, as before. Undefined: unchanged.
 */
export function withRecorderVariables(
  options: SpawnOptions,
  ours: RecorderVariables,
  userOptions: string | undefined,
): SpawnOptions | undefined {
  if (options === null || typeof options !== 'object') return undefined;
  const { envPairs } = options;
  const recorderOptions = ours[NODE_OPTIONS];
  if (!B.isArray(envPairs) || recorderOptions === undefined) return undefined;
  const visible = userOptions;
  const present = emptyVariables();
  let optionsAt = -1;
  for (let i = 0; i < envPairs.length; i++) {
    const pair: unknown = envPairs[i];
    if (typeof pair !== 'string') continue;
    const name = nameOf(pair);
    present[name] = pair;
    if (name === NODE_OPTIONS) optionsAt = i;
  }
  if (optionsAt >= 0 ? present[NODE_OPTIONS] !== `${NODE_OPTIONS}=${visible}` : visible !== undefined) return undefined;
  const pairs = ownArray(0);
  let length = 0;
  for (let i = 0; i < envPairs.length; i++) {
    setIndex(pairs, length++, i === optionsAt ? `${NODE_OPTIONS}=${recorderOptions}` : envPairs[i]);
  }
  const names = B.ownKeys(ours);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name === NODE_OPTIONS ? optionsAt >= 0 : present[name] !== undefined) continue;
    setIndex(pairs, length++, `${name}=${ours[name]}`);
  }
  return { ...options, envPairs: pairs };
}
