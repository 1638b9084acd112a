// Vitest's file order for a run with no results cache (every fresh clone, so every CI run): the
// files known to run for minutes first, then vitest's own order (larger files first). With two
// workers, a minutes-long file started last ran alone at the end (the INS corpus, a small file,
// finished last in CI, about two minutes after everything else). Order only: a stale list costs
// balance, never a result.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, by CI durations (seconds, session 32): each pattern matches one file's path. */
const LONG_RUNNING = [
  /test\/fidelity\/insCorpus\.test\.ts$/, // 390 s (three Nodes)
  /test\/fidelity\/insCorpusDeferred\.test\.ts$/, // 348 s
  /test\/cli\/deferred\.test\.ts$/, // 99 s
  /test\/debug-adapter\/dap\/deferred\.test\.ts$/, // 87 s
  /test\/runtime\/instrument\/fixtures\.test\.ts$/, // 72 s
  /test\/faults\/hugeTrace\.test\.ts$/, // 69 s
  /test\/debug-adapter\/trace\/regenerate\.test\.ts$/, // 52 s
  /test\/fidelity\/typescriptTc39Decorators\.test\.ts$/, // 48 s
  /test\/faults\/largeFile\.test\.ts$/, // 45 s
  /test\/cli\/nodeTest\.test\.ts$/, // 43 s
];

function rank(file: TestSpecification): number {
  const path = file.moduleId.replace(/\\/g, '/');
  const index = LONG_RUNNING.findIndex((pattern) => pattern.test(path));
  return index === -1 ? LONG_RUNNING.length : index;
}

export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files off the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
