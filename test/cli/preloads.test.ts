// A program's --require preloads run as in a plain run (INS-26). On Node 20 the recorder's own
// `module.register` starts Node's off-thread module loader, which runs every --require preload
// again as it starts: before loader/loaderThreadPreloads.ts a preload's output came out twice, and
// a preload that cannot run off the main thread (ts-node's register does not) disabled recording
// ("[rewind] recording disabled"). On Node 22 and 24 the recorder registers in-thread hooks and
// starts no such worker; the same cases check nothing changed there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, infoJson, nodeBinaries, plainNode, rewind, scratchDirectory } from './harness';

const REPORTING_PRELOAD = [
  "const { isMainThread } = require('node:worker_threads');",
  "console.log(`preload on the ${isMainThread ? 'main thread' : 'worker'}`);",
  '',
].join('\n');
const MAIN_THREAD_ONLY_PRELOAD = [
  "if (!require('node:worker_threads').isMainThread) throw new Error('this preload runs on the main thread only');",
  "globalThis.preloaded = 'yes';",
  '',
].join('\n');

describe.each(nodeBinaries({ node22: true }))('--require preloads, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** The program `main.js` with `preload.js`, run plain and recorded with `-r ./preload.js`. */
  async function runBoth(preload: string, main: string) {
    scratch = scratchDirectory();
    writeFileSync(join(scratch.path, 'preload.js'), preload);
    writeFileSync(join(scratch.path, 'main.js'), main);
    const plain = await plainNode(['-r', './preload.js', 'main.js'], { cwd: scratch.path }, node);
    const trace = join(scratch.path, 't.rwd');
    const recorded = await rewind(
      ['record', '--out', trace, '--node-arg=-r', '--node-arg=./preload.js', '--', 'main.js'],
      { cwd: scratch.path },
      node,
    );
    return { plain, recorded, trace };
  }

  it('a preload runs once, on the main thread', async () => {
    const { plain, recorded } = await runBoth(REPORTING_PRELOAD, "console.log('main');\n");
    expect(plain.stdout).toBe('preload on the main thread\nmain\n');
    expect({ stdout: recorded.stdout, stderr: recorded.stderr, code: recorded.code }).toEqual({
      stdout: plain.stdout,
      stderr: plain.stderr,
      code: plain.code,
    });
  });

  it('a preload that runs on the main thread only leaves the program recorded', async () => {
    const { plain, recorded, trace } = await runBoth(
      MAIN_THREAD_ONLY_PRELOAD,
      'const answer = globalThis.preloaded;\nconsole.log(answer);\n',
    );
    expect(plain).toMatchObject({ stdout: 'yes\n', stderr: '', code: 0 });
    expect({ stdout: recorded.stdout, stderr: recorded.stderr, code: recorded.code }).toEqual({
      stdout: plain.stdout,
      stderr: plain.stderr,
      code: plain.code,
    });
    const info = await infoJson(trace);
    expect(info.files).toContain(join(scratch.path, 'main.js'));
    expect(info.steps).toBeGreaterThanOrEqual(2);
  });

  it("a program that registers hooks itself: its loader's worker runs the preload, but on Node 20", async () => {
    const main = "require('node:module').register('data:text/javascript,export{}');\nconsole.log('main');\n";
    const { plain, recorded } = await runBoth(REPORTING_PRELOAD, main);
    expect(plain.stdout.split('\n').sort()).toEqual([
      '',
      'main',
      'preload on the main thread',
      'preload on the worker',
    ]);
    expect(recorded.code).toBe(plain.code);
    expect(recorded.stderr).toBe(plain.stderr);
    // On Node 20 the program's hooks share the worker the recorder started, where its preloads did
    // not run (loaderThreadPreloads.ts, README "Current limits").
    const sharesRecorderWorker =
      (await plainNode(['-p', 'typeof require("node:module").registerHooks'], {}, node)).stdout.trim() !== 'function';
    expect(recorded.stdout).toBe(
      sharesRecorderWorker ? plain.stdout.replace('preload on the worker\n', '') : plain.stdout,
    );
  });
});
