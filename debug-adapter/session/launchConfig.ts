// Turns the `launch` request's arguments into a checked plan: open a saved trace, or record a
// program (with its environment merged from `envFile` and `env`). Every problem becomes one
// DapError naming the attribute. Knows nothing of how the program is spawned or replayed.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  attributeProblem,
  LAUNCH_ATTRIBUTE_NAMES,
  RECORDER_ATTRIBUTES,
  type LaunchArguments,
  type RecorderAttributeName,
} from '../../protocol/launchAttributes';
import type { FocusFile } from '../recording/plan';
import type { RecordingOptions } from '../recording/settings';
import { DapError, DapErrorId } from './errors';

interface CommonPlan {
  stopOnEntry: boolean;
  /** "Run Without Debugging": the program runs and the session ends with it; nothing stops. */
  noDebug: boolean;
  outFiles: string[];
  skipFiles: string[];
  /**
   * Every attribute as given, checked against the table (protocol/launchAttributes.ts): a new
   * attribute is read where it is used (`plan.attributes.x ?? default`), with no field of its own here.
   */
  attributes: Readonly<LaunchArguments>;
}
export interface TracePlan extends CommonPlan {
  kind: 'trace';
  tracePath: string;
}
/** The recorder attributes as given (the table routes them: recordingOptionsOf). */
type RecorderArguments = Pick<LaunchArguments, RecorderAttributeName>;

export interface ProgramPlan extends CommonPlan, RecorderArguments {
  kind: 'program';
  program: string;
  args: string[];
  cwd: string;
  /** Variables to add (string) or remove (null), envFile first and `env` winning. */
  env: Record<string, string | null>;
  runtimeExecutable: string;
  runtimeArgs: string[];
  activeEditorFile?: string;
  /** Breakpoints, pause and steps stop the running program (liveRun.ts); false: record to the end, then replay. */
  live: boolean;
  /** Files with breakpoints or logpoints when the program starts (filled by `launch`), then the active editor's. */
  focusFiles?: FocusFile[];
}

export type LaunchPlan = TracePlan | ProgramPlan;

export function planLaunch(raw: Record<string, unknown>): LaunchPlan {
  const args = checkedArguments(raw);
  const common: CommonPlan = {
    stopOnEntry: args.stopOnEntry ?? false,
    noDebug: args.noDebug ?? false,
    outFiles: [...(args.outFiles ?? [])],
    skipFiles: [...(args.skipFiles ?? [])],
    attributes: args,
  };
  if (args.trace !== undefined) {
    if (args.program !== undefined) fail('set either "program" or "trace", not both');
    return { kind: 'trace', tracePath: path.resolve(args.trace), ...common };
  }
  const program = args.program;
  if (!program) fail('"program" (a file to record) or "trace" (a saved recording) is required');
  // The adapter indexes a launched program's events as they arrive, before any could be regenerated.
  if (args.leafCalls === true)
    fail('"leafCalls" is for `rewind record --leaf-calls` (experimental): open its recording with "trace"');
  if (args.expandUntilMs !== undefined && args.deferred !== true)
    fail(
      '"expandUntilMs" limits the expansion of a deferred recording: set "deferred": true (or open one with "trace")',
    );
  if (args.live === true && args.overflow === 'flight')
    fail('"overflow": "flight" records the run first and keeps its end: it cannot be "live" (set "live": false)');
  const absoluteProgram = path.resolve(args.cwd ?? process.cwd(), program);
  return {
    kind: 'program',
    ...common,
    program: absoluteProgram,
    args: [...(args.args ?? [])],
    cwd: path.resolve(args.cwd ?? path.dirname(absoluteProgram)),
    env: { ...readEnvFile(args.envFile), ...args.env },
    runtimeExecutable: args.runtimeExecutable ?? process.execPath,
    runtimeArgs: [...(args.runtimeArgs ?? [])],
    activeEditorFile: args.activeEditorFile,
    // A flight recorder keeps only the newest history, assembled when the program ends: it records
    // the run first, then replays it (a live session reads the whole trace as it grows).
    live: args.live ?? args.overflow !== 'flight',
    ...recorderArguments(args),
  };
}

/**
 * Every attribute of the table checked, so none is silently ignored: null counts as absent (other
 * DAP clients write it for "unset"), anything else that does not fit fails the launch naming it.
 */
function checkedArguments(raw: Record<string, unknown>): LaunchArguments {
  const args: Record<string, unknown> = {};
  for (const name of LAUNCH_ATTRIBUTE_NAMES) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    const problem = attributeProblem(name, value);
    if (problem !== undefined) fail(problem);
    args[name] = value;
  }
  return args as LaunchArguments;
}

const BYTES_PER_MIB = 1 << 20;

/** The store's window from `historyWindowMiB` (undefined: the store's default, 512 MiB). */
export function historyWindowBytes(plan: LaunchPlan): number | undefined {
  const mib = plan.attributes.historyWindowMiB;
  return mib === undefined ? undefined : mib * BYTES_PER_MIB;
}

/** The recorder's options the table routes from the plan (`recorder`), so no attribute is dropped on the way. */
export function recordingOptionsOf(plan: ProgramPlan): Partial<RecordingOptions> {
  const options: Record<string, unknown> = {};
  for (const { name, recorder } of RECORDER_ATTRIBUTES) {
    const value = plan[name as keyof ProgramPlan];
    if (recorder === 'fields') Object.assign(options, value);
    else options[name] = value;
  }
  return options as Partial<RecordingOptions>;
}

/** Every recorder attribute, undefined when not given (arrays and objects copied: the plan owns its values). */
function recorderArguments(args: LaunchArguments): RecorderArguments {
  const copied: Record<string, unknown> = {};
  for (const { name } of RECORDER_ATTRIBUTES) {
    const value = args[name];
    copied[name] = Array.isArray(value)
      ? [...value]
      : typeof value === 'object' && value !== null
        ? { ...value }
        : value;
  }
  return copied as RecorderArguments;
}

/** KEY=VALUE lines; `#` comments, an optional `export `, single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    }
    result[match[1]] = value;
  }
  return result;
}

function readEnvFile(envFile: string | undefined): Record<string, string> {
  if (!envFile) return {};
  try {
    return parseEnvFile(readFileSync(envFile, 'utf8'));
  } catch (error) {
    return fail(`cannot read "envFile" ${JSON.stringify(envFile)}: ${(error as Error).message}`);
  }
}

function fail(problem: string): never {
  throw new DapError(`launch: ${problem}`, DapErrorId.LAUNCH_FAILED);
}
