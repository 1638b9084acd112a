// The scratch files a deferred recording's re-execution opens in place of the program's files
// (runtime/recorder/nondeterminismOpens.ts, nondeterminismDirs.ts): each is removed as it opens, so
// none may be left once an expansion ends. Other test files' re-executions run beside this one and
// have theirs for a moment: a file counts as left only if it is still there after they had time to
// unlink it.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { waitUntil } from './polling';

const SETTLE_MS = 3000;

export function reexecutionScratchFiles(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('rewind-reexecuted-'));
}

/** The scratch files there now that were not there `before`, once others' have had time to go. */
export async function scratchFilesLeft(before: readonly string[]): Promise<string[]> {
  const added = (): string[] => reexecutionScratchFiles().filter((name) => !before.includes(name));
  await waitUntil(() => added().length === 0, SETTLE_MS);
  return added();
}
