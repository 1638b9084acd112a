// The instrumentation planner's launch-time half: from what the user asked (focus globs, a
// per-glob `levels` map, a default level) and where they are looking (files with breakpoints or
// logpoints, the active editor's file) to the ordered rules the bootloader applies per file
// (runtime/loader/planner.ts). Precedence: `levels` > breakpoints/logpoints > active editor >
// focus globs > default. Knows nothing of DAP, the CLI or how a level instruments.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { RECORD_LEVELS, type LevelPlan, type LevelRule, type PlanReason, type RecordLevel } from '../../runtime/format';

/** A file the user is looking at, and how the launcher knows. */
export interface FocusFile {
  path: string;
  reason: Extract<PlanReason, 'breakpoint' | 'logpoint' | 'active editor'>;
}

export interface PlanOptions {
  /** The level of files no rule names (default: `calls` when focused, else `full`). */
  level?: RecordLevel;
  /** Globs recorded at `full`. Present (even empty) = focused recording. */
  focus?: readonly string[];
  /** Explicit per-glob levels; they win over everything else. */
  levels?: Readonly<Record<string, RecordLevel>>;
  focusFiles?: readonly FocusFile[];
}

/** Focused recording is asked for: per-file levels apply (and breakpoints decide what is `full`). */
export function isFocused(options: PlanOptions): boolean {
  return options.focus !== undefined || options.levels !== undefined || options.level === 'none';
}

/** The plan for the bootloader, or undefined when every file is recorded at one level (no planning). */
export function buildLevelPlan(options: PlanOptions): LevelPlan | undefined {
  if (!isFocused(options)) return undefined;
  const rules: LevelRule[] = [];
  for (const [glob, level] of Object.entries(options.levels ?? {})) rules.push({ glob, level, reason: 'levels' });
  const byReason = (reason: FocusFile['reason']): FocusFile[] =>
    (options.focusFiles ?? []).filter((file) => file.reason === reason);
  for (const file of [...byReason('breakpoint'), ...byReason('logpoint'), ...byReason('active editor')]) {
    rules.push({ glob: escapeGlob(file.path), level: 'full', reason: file.reason });
  }
  for (const glob of options.focus ?? []) rules.push({ glob, level: 'full', reason: 'focus' });
  return { defaultLevel: options.level ?? 'calls', rules };
}

/** The settings' single level (trace header, files outside any plan): the plan's default, `none` read as `calls`. */
export function headerLevel(options: PlanOptions): 'full' | 'calls' {
  const level = isFocused(options) ? (options.level ?? 'calls') : (options.level ?? 'full');
  return level === 'full' ? 'full' : 'calls';
}

/** `GLOB=LEVEL` (CLI `--file-level`) into the levels map; undefined names what is wrong. */
export function parseLevelAssignment(text: string): { glob: string; level: RecordLevel } | undefined {
  const at = text.lastIndexOf('=');
  const level = text.slice(at + 1);
  if (at <= 0 || !(RECORD_LEVELS as readonly string[]).includes(level)) return undefined;
  return { glob: text.slice(0, at), level: level as RecordLevel };
}

/** An exact path as a glob: characters globs treat specially match themselves. */
export function escapeGlob(path: string): string {
  // A lone `]` or `}` already matches itself (globs.ts escapes them outside a class).
  return path.replace(/[*?{[]/g, (char) => `[${char}]`);
}

/** One line per rule and the default, as the Debug Console and `rewind/plan` show the plan. */
export function describePlan(plan: LevelPlan): string[] {
  const lines = plan.rules.map((rule) => `${rule.level.padEnd(5)}  ${unescapeGlob(rule.glob)}  (${rule.reason})`);
  lines.push(`${plan.defaultLevel.padEnd(5)}  every other recorded file  (default)`);
  return lines;
}

/** A rule's glob as the user wrote it (a breakpoint file's path without escapes). */
export function unescapeGlob(glob: string): string {
  return glob.replace(/\[([*?{[])\]/g, '$1');
}

/**
 * The folder whose files are recorded by default: the working directory, or the program's own
 * folder when the program lies outside it (it would record nothing of itself otherwise). A tool
 * installed in a node_modules folder elsewhere (a test runner's bin from another project or a
 * global install, a symlinked bin included) is the exception: its own folder is never recorded
 * (node_modules is excluded), and the code it loads is the working directory's.
 */
export function recordingRoot(programPath: string, cwd: string): string {
  const inside = relative(cwd, programPath);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return cwd;
  return isInstalledTool(programPath) ? cwd : dirname(programPath);
}

/** Whether the program (as Node runs it: symlinks resolved) lies in a node_modules folder. */
function isInstalledTool(programPath: string): boolean {
  let resolved = programPath;
  try {
    resolved = realpathSync.native(programPath);
  } catch {
    // Not there (yet): the path as given.
  }
  return resolved.split(sep).includes('node_modules');
}
