// The V8 stack budget of a recorded program. Every instrumented function keeps a frame id and a
// try/finally, so its frames are larger and a recorded program would reach only ~58–78% of its plain
// recursion depth before a RangeError (issue 14 item 7 asks for ≥ 90%). The launcher gives the
// program's main thread a proportionally larger V8 budget (`--stack-size`, which NODE_OPTIONS cannot
// carry), only where the OS stack leaves ample room, and never over the user's own setting; the
// bootloader passes the same argument on to recorded Node children (runtime/recorder/childStackBudget).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The default runtime, this Node, or an executable named node. */
export function isNodeBinary(executable: string | undefined): boolean {
  return executable === undefined || executable === process.execPath || /^node(\.exe)?$/.test(basename(executable));
}

/** V8's default budget on 64-bit Node, in KiB. */
const DEFAULT_STACK_KIB = 984;
/**
 * The largest frame growth measured (an object-building recursion, 1.7x) still reaches ≥ 90% of the
 * plain depth (102% Node 24, 104% Node 20); the leanest shapes reach up to ~130%. 1722 KiB + the
 * margin stays well under the usual 8 MiB OS stack.
 */
const BUDGET_FACTOR = 1.75;
/** Room kept between V8's budget and the OS limit (native frames, signal handlers). */
const OS_MARGIN_BYTES = 2 * 1024 * 1024;

/** The `--stack-size=…` argument to prepend, or undefined when it is not safe or the user set one. */
export function stackBudgetArgument(runtimeArgs: readonly string[], limitsText = readLimits()): string | undefined {
  if (runtimeArgs.some((arg) => arg.startsWith('--stack-size'))) return undefined;
  const budgetKib = Math.round(DEFAULT_STACK_KIB * BUDGET_FACTOR);
  const osLimitBytes = softStackLimitBytes(limitsText);
  if (osLimitBytes === undefined || osLimitBytes < budgetKib * 1024 + OS_MARGIN_BYTES) return undefined;
  return `--stack-size=${budgetKib}`;
}

function readLimits(): string | undefined {
  try {
    return process.platform === 'linux' ? readFileSync('/proc/self/limits', 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The soft "Max stack size" from /proc/self/limits ("unlimited" → Infinity); undefined if unknown. */
export function softStackLimitBytes(limitsText: string | undefined): number | undefined {
  const line = limitsText?.split('\n').find((text) => text.startsWith('Max stack size'));
  const soft = line?.slice('Max stack size'.length).trim().split(/\s+/)[0];
  if (soft === undefined) return undefined;
  if (soft === 'unlimited') return Infinity;
  const bytes = Number(soft);
  return Number.isFinite(bytes) ? bytes : undefined;
}
