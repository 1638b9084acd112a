// INS-19 with no exception for native callbacks (issue 14 item 3): while an async_hooks hook with a
// `before` (or `after`) callback is on, or once executionAsyncResource() was called, Node calls
// every native callback (fs, sockets, immediates, child processes, ports) through its JS
// `callbackTrampoline`, whose frame then shows at the bottom of their stacks and whose first
// statement writes index 0 of an array of Node's (a getter-only `Array.prototype[0]` makes it throw
// before the callback runs). The recorder learns which callback runs without either
// (runtime/recorder/callbackRuns.ts), so a recorded run is a plain run's: the same stacks, and the
// file read with such a getter. The runs with a `before` hook of their own show that each program
// tells the difference. What remains is pinned by the third test: the recorder's `init` hook makes
// Node track promises, and its promise hook writes that index before each promise reaction.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'trampoline');
const PROGRAM = join(FIXTURE_DIR, 'callback-stacks.js');
const BEFORE_HOOK = join(FIXTURE_DIR, '_before-hook.js');
const INDEX_ZERO = join(FIXTURE_DIR, 'index-zero-getter.js');
const INDEX_ZERO_PROMISE = join(FIXTURE_DIR, 'index-zero-promise.js');
const INIT_HOOK = join(FIXTURE_DIR, '_init-hook.js');
/** Node's promise hook's throw on its internal array, before the first promise reaction. */
const PROMISE_HOOK_THROW =
  /TypeError: Cannot set property 0 of \[object Array\] which has only a getter\n {4}at pushAsyncContext \(node:internal\/async_hooks:\d+:\d+\)\n {4}at emitBeforeScript \(node:internal\/async_hooks:\d+:\d+\)\n {4}at promiseBeforeHook/;
/** The trampoline's throw on Node's internal array, whichever native callback comes first. */
const TRAMPOLINE_THROW =
  /TypeError: Cannot set property 0 of \[object Array\] which has only a getter\n {4}at \w+\.callbackTrampoline \(node:internal\/async_hooks:\d+:\d+\)/;
/** The trampoline's frame as the fixture prints it, after another frame (`a | at b`). */
const TRAMPOLINE_FRAME = / \| at [\w.]*callbackTrampoline \(node:internal\/async_hooks:\d+:\d+\)/;
const TIMEOUT_MS = 60_000;

/** Runs `program` plain, plain with a `before` hook (or `hook`), and recorded through the CLI. */
function runThreeWays(nodeBinary: string, program: string, hook = BEFORE_HOOK) {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-trampoline-'));
  try {
    const options = {
      cwd: FIXTURE_DIR,
      encoding: 'utf8' as const,
      timeout: TIMEOUT_MS,
      env: { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(workDir, 'cache') },
    };
    return {
      plain: spawnSync(nodeBinary, [program], options),
      hooked: spawnSync(nodeBinary, ['--require', hook, program], options),
      recorded: spawnSync(nodeBinary, [CLI, 'record', '--out', join(workDir, 't.rwd'), '--', program], options),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

describe.each(nodeBinaries())('native callbacks on $label', ({ path: nodeBinary }) => {
  it("have a plain run's stacks when recorded: no callbackTrampoline frame", () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, PROGRAM);
    for (const run of [plain, hooked, recorded])
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(plain.stdout.split('\n')).toHaveLength(8); // seven callbacks' stacks
    expect(plain.stdout).not.toMatch(TRAMPOLINE_FRAME);
    expect(hooked.stdout).toMatch(TRAMPOLINE_FRAME); // what a `before` hook would show
    expect(recorded.stdout).toBe(plain.stdout);
  });

  it('with a getter-only Array.prototype[0], read a file recorded as in a plain run', () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, INDEX_ZERO);
    const ran = { status: 0, stdout: 'read true\n', stderr: '' };
    expect({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr }).toEqual(ran);
    expect({ status: recorded.status, stdout: recorded.stdout, stderr: recorded.stderr }).toEqual(ran);
    // Under a `before` hook the trampoline throws before the callback runs.
    expect({ status: hooked.status, stdout: hooked.stdout }).toEqual({ status: 1, stdout: '' });
    expect(hooked.stderr).toMatch(TRAMPOLINE_THROW);
  });

  it('with a getter-only Array.prototype[0], a promise reaction throws recorded, as under any init hook', () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, INDEX_ZERO_PROMISE, INIT_HOOK);
    expect({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr }).toEqual({
      status: 0,
      stdout: 'reaction ran: value\n',
      stderr: '',
    });
    // Pinned (README, documented exceptions): the day the recorder tracks no promise through
    // async_hooks (Node 24's `trackPromises: false`), the recorded run is the plain one and this fails.
    for (const run of [hooked, recorded]) {
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
      expect(run.stderr).toMatch(PROMISE_HOOK_THROW);
    }
  });
});
