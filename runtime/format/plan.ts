// The recording plan's vocabulary: per-file levels (`full`, `calls`, or `none` — nothing recorded
// inside the file) and the ordered rules a launcher sends to the bootloader, each with the reason
// shown to the user. Pure data and validation; matching paths against globs is the loader's.
import type { InstrumentLevel } from './probes';

/** What a file is recorded at: an instrument level, or `none` (the file runs untouched). */
export type RecordLevel = InstrumentLevel | 'none';

export const RECORD_LEVELS: readonly RecordLevel[] = ['full', 'calls', 'none'];

/** Why a file got its level, in precedence order of the rules that carry them. */
export type PlanReason = 'levels' | 'breakpoint' | 'logpoint' | 'active editor' | 'focus' | 'default';

export interface LevelRule {
  /** A glob (relative to the recording root, or absolute) or an absolute file path. */
  glob: string;
  level: RecordLevel;
  reason: PlanReason;
}

/** First matching rule wins; files no rule matches get defaultLevel (reason 'default'). */
export interface LevelPlan {
  defaultLevel: RecordLevel;
  rules: LevelRule[];
}

/** True when no file can be instrumented under `plan` (a deferred run's, or `--level none` without a focus). */
export function planInstrumentsNothing(plan: LevelPlan | undefined): boolean {
  return plan !== undefined && plan.defaultLevel === 'none' && plan.rules.every((rule) => rule.level === 'none');
}

const REASONS: readonly PlanReason[] = ['levels', 'breakpoint', 'logpoint', 'active editor', 'focus', 'default'];

function isRecordLevel(value: unknown): value is RecordLevel {
  return typeof value === 'string' && (RECORD_LEVELS as readonly string[]).includes(value);
}

/** A plan read back from JSON (the environment contract), or undefined when it is malformed. */
export function parseLevelPlan(value: unknown): LevelPlan | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { defaultLevel, rules } = value as Record<string, unknown>;
  if (!isRecordLevel(defaultLevel) || !Array.isArray(rules)) return undefined;
  const valid = rules.every((rule: unknown) => {
    const candidate = rule as Record<string, unknown> | null;
    return (
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.glob === 'string' &&
      isRecordLevel(candidate.level) &&
      (REASONS as readonly unknown[]).includes(candidate.reason)
    );
  });
  return valid ? { defaultLevel, rules: rules as LevelRule[] } : undefined;
}
