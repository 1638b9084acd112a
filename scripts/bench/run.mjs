// `npm run bench`: every benchmark of the project, one after the other, each printing its table.
// Timings live here and only here — never in unit tests (PERFORMANCE.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = [
  ['recording slowdown (issue 2)', 'scripts/bench/recordingBench.mjs'],
  ['replay latency (issue 3)', 'scripts/bench/replayBench.mjs'],
  ['timeline webview (issue 5)', 'scripts/bench/webviewBench.mjs'],
  ['live sessions: conditional breakpoint in a hot loop (issue 13)', 'scripts/bench/liveBench.mjs'],
  ['callback origins on callback-heavy code (issue 11)', 'scripts/bench/originsBench.mjs'],
  ["emit labels: Node's EventEmitter emits (issue 11)", 'scripts/bench/emitsBench.mjs'],
  [
    'live sessions: the breakpoint check with breakpoints in other files (issue 13)',
    'scripts/bench/liveCheckBench.mjs',
  ],
];
let failed = false;
for (const [title, script] of suites) {
  console.log(`\n=== ${title}: node ${script}`);
  if (!existsSync(script)) {
    console.log(`missing ${script}`);
    failed = true;
    continue;
  }
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
