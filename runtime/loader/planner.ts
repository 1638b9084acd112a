// The instrumentation planner's run-time half: which level a loaded file is recorded at, and why.
// The launcher (CLI, adapter) orders the rules by precedence (format/plan.ts); here the first rule
// whose glob matches the file's absolute path wins, else the plan's default. No plan: every file
// at the settings' level. Knows paths and globs only, never what a level instruments.
import { resolve } from 'node:path';
import type { RecorderSettings } from '../format/environment';
import type { PlanReason, RecordLevel } from '../format/plan';
import { B } from '../recorder/builtins';
import { anchor, globToRegExp, toSlashes } from './globs';

export interface PlannedLevel {
  level: RecordLevel;
  reason: PlanReason;
  /** The rule's glob that decided it (absent for the default). */
  glob?: string;
}

export type LevelChooser = (absolutePath: string) => PlannedLevel;

export function createLevelChooser(settings: Pick<RecorderSettings, 'level' | 'plan' | 'root'>): LevelChooser {
  const plan = settings.plan;
  if (!plan) {
    const whole: PlannedLevel = { level: settings.level, reason: 'default' };
    return () => whole;
  }
  const root = toSlashes(resolve(settings.root || process.cwd()));
  const rules = plan.rules.map((rule) => ({ ...rule, pattern: globToRegExp(anchor(rule.glob, root)) }));
  const fallback: PlannedLevel = { level: plan.defaultLevel, reason: 'default' };
  // Runs at every later load, after user code may have replaced Array/RegExp methods: a plain loop
  // and the RegExp exec captured before user code ran (recorder/builtins.ts).
  return (absolutePath) => {
    const path = toSlashes(absolutePath);
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index];
      if (B.regexpExec(rule.pattern, path) !== null) return { level: rule.level, reason: rule.reason, glob: rule.glob };
    }
    return fallback;
  };
}

/** "breakpoint", "focus lib/**", "default": how the plan's reason reads in notes and FILE records. */
export function describeReason(planned: PlannedLevel): string {
  return planned.glob !== undefined && (planned.reason === 'focus' || planned.reason === 'levels')
    ? `${planned.reason} ${planned.glob}`
    : planned.reason;
}
