// INS-19 with no exception for native callbacks (issue 14 item 3): while an async_hooks hook with a
// `before` (or `after`) callback is on, or once executionAsyncResource() was called, Node calls
// every native callback through its JS `callbackTrampoline`, whose frame then shows at the bottom of their stacks and
// whose first statement writes index 0 of an array of Node's (a getter-only `Array.prototype[0]` makes it throw
// before the callback runs). The recorder learns which callback runs without either
// (runtime/recorder/callbackRuns.ts), so a recorded run is a plain run's: the same stacks, and the
// file read with such a getter. The runs with a hook of their own show that each program tells the
// difference. Promise reactions: any hook with an `init` callback makes Node track promises, and
// its promise hook writes that index before each reaction. Where Node's createHook takes
// `trackPromises: false` (Node 24) the recorder's hooks leave promises to V8
// (runtime/recorder/promiseRuns.ts) and a recorded run is a plain run's; on Node 20 the difference is
// the documented exception the promise tests pin (README), in full and deferred recordings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leavesPromisesUntracked } from '../support/promiseTracking';
import { CLI, REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'trampoline');
const PROGRAM = join(FIXTURE_DIR, 'callback-stacks.js');
const BEFORE_HOOK = join(FIXTURE_DIR, '_before-hook.js');
const INDEX_ZERO = join(FIXTURE_DIR, 'index-zero-getter.js');
const INDEX_ZERO_PROMISE = join(FIXTURE_DIR, 'index-zero-promise.js');
const INIT_HOOK = join(FIXTURE_DIR, '_init-hook.js');
const INDEX_ZERO_MICROTASK = join(FIXTURE_DIR, 'index-zero-microtask.js');
/** The INS corpus's promise case: a helper (`_`), since on Node 20 it is this file's pinned exception. */
const INS_INDEX_ZERO_PROMISE = join(REPO_ROOT, 'test', 'fixtures', 'ins', '_ins-29-index-zero-promise.js');
/** Node's promise hook's throw on its internal array, before the first promise reaction. */
const PROMISE_HOOK_THROW =
  /TypeError: Cannot set property 0 of \[object Array\] which has only a getter\n {4}at pushAsyncContext \(node:internal\/async_hooks:\d+:\d+\)\n {4}at emitBeforeScript \(node:internal\/async_hooks:\d+:\d+\)\n {4}at promiseBeforeHook/;
/** AsyncResource.runInAsyncScope's throw on Node's internal array, before a queueMicrotask callback. */
const MICROTASK_SCOPE_THROW =
  /TypeError: Cannot set property 0 of \[object Array\] which has only a getter\n {4}at pushAsyncContext \(node:internal\/async_hooks:\d+:\d+\)\n {4}at emitBeforeScript \(node:internal\/async_hooks:\d+:\d+\)\n {4}at AsyncResource\.runInAsyncScope/;
/** The trampoline's throw on Node's internal array, whichever native callback comes first. */
const TRAMPOLINE_THROW =
  /TypeError: Cannot set property 0 of \[object Array\] which has only a getter\n {4}at \w+\.callbackTrampoline \(node:internal\/async_hooks:\d+:\d+\)/;
/** The trampoline's frame as the fixture prints it, after another frame (`a | at b`). */
const TRAMPOLINE_FRAME = / \| at [\w.]*callbackTrampoline \(node:internal\/async_hooks:\d+:\d+\)/;
const TIMEOUT_MS = 60_000;

/** Whether the binary's queueMicrotask skips its AsyncResource while no hook is on (Node 24's text says so). */
function queueMicrotaskHasFastPath(nodeBinary: string): boolean {
  const source = spawnSync(nodeBinary, ['-p', 'String(queueMicrotask).includes("enabledHooksExist()")'], {
    encoding: 'utf8',
  });
  return source.stdout.trim() === 'true';
}

/**
 * Runs `program` plain, plain with a `before` hook (or `hook`), and recorded through the CLI (with
 * `recordOptions`, e.g. `--deferred`).
 */
function runThreeWays(nodeBinary: string, program: string, hook = BEFORE_HOOK, recordOptions: string[] = []) {
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
      recorded: spawnSync(
        nodeBinary,
        [CLI, 'record', ...recordOptions, '--out', join(workDir, 't.rwd'), '--', program],
        options,
      ),
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

  it('with a getter-only Array.prototype[0], a promise reaction runs recorded where Node leaves promises to V8', () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, INDEX_ZERO_PROMISE, INIT_HOOK);
    const ran = { status: 0, stdout: 'reaction ran: value\n', stderr: '' };
    expect({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr }).toEqual(ran);
    // Under an `init` hook that tracks promises, Node's promise hook throws before the reaction.
    expect({ status: hooked.status, stdout: hooked.stdout }).toEqual({ status: 1, stdout: '' });
    expect(hooked.stderr).toMatch(PROMISE_HOOK_THROW);
    if (leavesPromisesUntracked(nodeBinary)) {
      expect({ status: recorded.status, stdout: recorded.stdout, stderr: recorded.stderr }).toEqual(ran);
    } else {
      // Node 20's documented exception (README): no public way to an init hook without the promise hook.
      expect({ status: recorded.status, stdout: recorded.stdout }).toEqual({ status: 1, stdout: '' });
      expect(recorded.stderr).toMatch(PROMISE_HOOK_THROW);
    }
  });

  it('with a getter-only Array.prototype[0], a queueMicrotask callback throws recorded where a plain run has a fast path', () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, INDEX_ZERO_MICROTASK, INIT_HOOK);
    const threw = { status: 1, stdout: '' };
    // Pinned (README, documented exceptions): any enabled hook sends Node 24's queueMicrotask through
    // an AsyncResource, and Node 20 has no other path, plain or not.
    for (const run of [hooked, recorded]) {
      expect({ status: run.status, stdout: run.stdout }).toEqual(threw);
      expect(run.stderr).toMatch(MICROTASK_SCOPE_THROW);
    }
    // The plain run has the fast path (Node 24: runs the callback) or none (Node 20: throws alike).
    const fastPath = plain.status === 0;
    if (fastPath)
      expect({ stdout: plain.stdout, stderr: plain.stderr }).toEqual({ stdout: 'microtask ran\n', stderr: '' });
    else {
      expect({ status: plain.status, stdout: plain.stdout }).toEqual(threw);
      expect(plain.stderr).toMatch(MICROTASK_SCOPE_THROW);
    }
    expect(fastPath).toBe(queueMicrotaskHasFastPath(nodeBinary));
  });

  it('with setters on Array.prototype[0], promise reactions (then, await, Promise.all, thenables) recorded', () => {
    const run = runPlainAndRecorded(nodeBinary, INS_INDEX_ZERO_PROMISE);
    try {
      expect(run.plain).toEqual({
        stdout: 'setter: values 2 3, index-0 writes 0\ngetter-only: reaction ran, index 0 reads claimed\n',
        stderr: '',
        status: 0,
        signal: null,
      });
      if (leavesPromisesUntracked(nodeBinary)) {
        expect(run.recorded).toEqual(run.plain);
        return;
      }
      // Node 20: Node's promise hook writes index 0 before each reaction, the setter counts them,
      // and the getter-only index throws at the first reaction after it.
      expect({ status: run.recorded.status, signal: run.recorded.signal }).toEqual({ status: 1, signal: null });
      expect(run.recorded.stdout).toBe('setter: values 2 3, index-0 writes 8\n'); // one per reaction job
      expect(run.recorded.stderr).toMatch(PROMISE_HOOK_THROW);
    } finally {
      run.cleanup();
    }
  });
});

// A deferred recording (`record --deferred`, runtime/recorder/nondeterminismOrder.ts) logs which
// timer or immediate runs from a stand-in for the function Node calls, with an `init` hook alone:
// native callbacks run as in a plain run (until session 25 a `before` hook put them through Node's
// trampoline), and promises are left to V8 where Node allows it, as in a full recording.
describe.each(nodeBinaries())('deferred recordings on $label', ({ path: nodeBinary }) => {
  it('run promise reactions with a getter-only Array.prototype[0] where Node leaves promises to V8', () => {
    const { plain, recorded } = runThreeWays(nodeBinary, INDEX_ZERO_PROMISE, INIT_HOOK, ['--deferred']);
    expect({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr }).toEqual({
      status: 0,
      stdout: 'reaction ran: value\n',
      stderr: '',
    });
    if (leavesPromisesUntracked(nodeBinary)) {
      expect({ status: recorded.status, stdout: recorded.stdout, stderr: recorded.stderr }).toEqual({
        status: plain.status,
        stdout: plain.stdout,
        stderr: plain.stderr,
      });
    } else {
      // Node 20's promise hook, on for any init hook: the documented exception (README), as in full.
      expect({ status: recorded.status, stdout: recorded.stdout }).toEqual({ status: 1, stdout: '' });
      expect(recorded.stderr).toMatch(PROMISE_HOOK_THROW);
    }
  });

  it('run native callbacks as a plain run does: a getter-only Array.prototype[0] is never written', () => {
    const { plain, hooked, recorded } = runThreeWays(nodeBinary, INDEX_ZERO, BEFORE_HOOK, ['--deferred']);
    expect({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr }).toEqual({
      status: 0,
      stdout: 'read true\n',
      stderr: '',
    });
    // What a `before` hook does (the deferred run's until session 25): the trampoline throws.
    expect(hooked.status).toBe(1);
    expect(hooked.stderr).toMatch(TRAMPOLINE_THROW);
    expect({ status: recorded.status, stdout: recorded.stdout, stderr: recorded.stderr }).toEqual({
      status: plain.status,
      stdout: plain.stdout,
      stderr: plain.stderr,
    });
  });
});
