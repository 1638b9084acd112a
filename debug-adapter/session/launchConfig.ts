// Turns the `launch` request's arguments into a checked plan: open a saved trace, or record a
// program (with its environment merged from `envFile` and `env`). Every problem becomes one
// DapError naming the attribute. Knows nothing of how the program is spawned or replayed.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RewindLaunchArguments } from '../customProtocol';
import type { FocusFile } from '../recording/plan';
import { DapError, DapErrorId } from './errors';

export interface CaptureLimits { maxStringLength?: number; maxCollectionEntries?: number; maxDepth?: number }

interface CommonPlan {
  stopOnEntry: boolean;
  /** "Run Without Debugging": the program runs and the session ends with it; nothing stops. */
  noDebug: boolean;
  outFiles: string[];
  skipFiles: string[];
  /** Rewind's own notes go to the Debug Console only when asked (js-debug's `trace`; ours names a recording). */
  verbose: boolean;
}
export interface TracePlan extends CommonPlan { kind: 'trace'; tracePath: string }
export interface ProgramPlan extends CommonPlan {
  kind: 'program';
  program: string;
  args: string[];
  cwd: string;
  /** Variables to add (string) or remove (null), envFile first and `env` winning. */
  env: Record<string, string | null>;
  runtimeExecutable: string;
  runtimeArgs: string[];
  include?: string[];
  exclude?: string[];
  level?: RecordLevel;
  /** Focused recording (recording/plan.ts): present, even empty, turns it on. */
  focus?: string[];
  levels?: Record<string, RecordLevel>;
  activeEditorFile?: string;
  /** Files with breakpoints or logpoints when the program starts (filled by `launch`), then the active editor's. */
  focusFiles?: FocusFile[];
  overflow?: 'block' | 'drop-newest' | 'overwrite-oldest';
  bufferEvents?: number;
  capture: CaptureLimits;
  /** Breakpoints, pause and steps stop the running program (liveRun.ts); false: record to the end, then replay. */
  live: boolean;
}

type RecordLevel = 'full' | 'calls' | 'none';
const RECORD_LEVELS = ['full', 'calls', 'none'] as const;
export type LaunchPlan = TracePlan | ProgramPlan;

export function planLaunch(raw: Record<string, unknown>): LaunchPlan {
  const args = raw as RewindLaunchArguments;
  const common: CommonPlan = {
    stopOnEntry: optional(raw, 'stopOnEntry', 'boolean') ?? false,
    noDebug: optional(raw, 'noDebug', 'boolean') ?? false,
    outFiles: stringList(raw, 'outFiles') ?? [],
    skipFiles: stringList(raw, 'skipFiles') ?? [],
    verbose: optional(raw, 'verbose', 'boolean') ?? false,
  };
  if (args.trace !== undefined) {
    const tracePath = optional(raw, 'trace', 'string') as string;
    if (args.program !== undefined) fail('set either "program" or "trace", not both');
    return { kind: 'trace', tracePath: path.resolve(tracePath), ...common };
  }
  const program = optional(raw, 'program', 'string');
  if (!program) fail('"program" (a file to record) or "trace" (a saved recording) is required');
  const absoluteProgram = path.resolve(optional(raw, 'cwd', 'string') ?? process.cwd(), program);
  return {
    kind: 'program',
    ...common,
    program: absoluteProgram,
    args: stringList(raw, 'args') ?? [],
    cwd: path.resolve(optional(raw, 'cwd', 'string') ?? path.dirname(absoluteProgram)),
    env: { ...readEnvFile(optional(raw, 'envFile', 'string')), ...envMap(raw) },
    runtimeExecutable: optional(raw, 'runtimeExecutable', 'string') ?? process.execPath,
    runtimeArgs: stringList(raw, 'runtimeArgs') ?? [],
    include: stringList(raw, 'include'),
    exclude: stringList(raw, 'exclude'),
    level: oneOf(raw, 'level', RECORD_LEVELS),
    focus: stringList(raw, 'focus'),
    levels: levelMap(raw),
    activeEditorFile: optional(raw, 'activeEditorFile', 'string'),
    live: optional(raw, 'live', 'boolean') ?? true,
    overflow: oneOf(raw, 'overflow', ['block', 'drop-newest', 'overwrite-oldest'] as const),
    bufferEvents: positiveInteger(raw, 'bufferEvents'),
    capture: captureLimits(raw.capture),
  };
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

function envMap(raw: Record<string, unknown>): Record<string, string | null> {
  const env = raw.env;
  if (env === undefined) return {};
  const valid = typeof env === 'object' && env !== null && !Array.isArray(env) && Object.values(env).every((value) => value === null || typeof value === 'string');
  if (!valid) fail('"env" must be an object of strings (or null to remove a variable)');
  return { ...(env as Record<string, string | null>) };
}

function levelMap(raw: Record<string, unknown>): Record<string, RecordLevel> | undefined {
  const value = raw.levels;
  if (value === undefined || value === null) return undefined;
  const valid = typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((level) => (RECORD_LEVELS as readonly unknown[]).includes(level));
  if (!valid) fail('"levels" must map globs to "full", "calls" or "none"');
  return { ...(value as Record<string, RecordLevel>) };
}

function captureLimits(value: unknown): CaptureLimits {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) fail('"capture" must be an object');
  const limits = value as Record<string, unknown>;
  return {
    maxStringLength: positiveInteger(limits, 'maxStringLength'),
    maxCollectionEntries: positiveInteger(limits, 'maxCollectionEntries'),
    maxDepth: positiveInteger(limits, 'maxDepth'),
  };
}

function optional<T extends 'string' | 'boolean'>(raw: Record<string, unknown>, name: string, type: T): (T extends 'string' ? string : boolean) | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) fail(`"${name}" must be a ${type}`);
  return value as T extends 'string' ? string : boolean;
}

function stringList(raw: Record<string, unknown>, name: string): string[] | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(`"${name}" must be an array of strings`);
  return [...(value as string[])];
}

function oneOf<T extends string>(raw: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (!allowed.includes(value as T)) fail(`"${name}" must be one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
  return value as T;
}

function positiveInteger(raw: Record<string, unknown>, name: string): number | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 1) fail(`"${name}" must be a positive integer`);
  return value as number;
}

function fail(problem: string): never {
  throw new DapError(`launch: ${problem}`, DapErrorId.LAUNCH_FAILED);
}
