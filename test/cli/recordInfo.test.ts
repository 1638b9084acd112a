// End to end: `rewind record` the examples/ programs, then check `rewind info --json` against
// counts computed from each program's structure (issue 2 §6). Each expectation says how it was
// derived; they follow the instrumenter's step rule: one STEP per executed statement, one per
// evaluation of a loop test, one per for-of iteration binding (probes.ts 'statement'/'loopHead').
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../debug-adapter/replay';
import { instrument } from '../../runtime/instrument';
import { assertBuilt, EXAMPLES, infoJson, nodeBinaries, plainNode, rewind, scratchDirectory } from './harness';
import { indexOf } from '../../debug-adapter/trace/indexedThread';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

async function recordExample(name: string, args: string[] = [], options: string[] = []) {
  const out = join(scratch.path, `${name}-${args.join('_')}-${options.join('_')}.rwd`);
  const result = await rewind(['record', '--out', out, ...options, '--', join(EXAMPLES, name), ...args]);
  return { result, out, info: await infoJson(out) };
}

function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

describe('rewind record + info on examples/', () => {
  it.each([10, 25])('loop.js with %i iterations: 2N + 5 steps', async (iterations) => {
    const { result, out, info } = await recordExample('loop.js', [String(iterations)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await plainNode([join(EXAMPLES, 'loop.js'), String(iterations)])).stdout);
    // Top level: `const iterations`, `let total`, the `for` statement, `console.log` = 4 steps;
    // the loop test runs N + 1 times (the last one fails) and the body statement N times.
    expect(info.steps).toBe(4 + (iterations + 1) + iterations);
    expect(info.functions).toBe(0);
    expect(info.files).toEqual([join(EXAMPLES, 'loop.js')]);
    expect(info).toMatchObject({ lost: 0, complete: true, end: { reason: 'exit', exitCode: 0 } });
    // Besides the steps: module ENTER and EXIT, 5 writes before the loop ends (iterations,
    // total, index = 0 …), 2 per iteration (index++, total +=): events exceed steps by at least that.
    expect(info.events).toBeGreaterThanOrEqual(info.steps + 2 + 3 + 2 * iterations);
    // TR-01 bookkeeping: what the trace holds plus what was lost is what the recorder emitted.
    expect(info.events + info.lost).toBe(info.emitted);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('fib.js 10: every call takes 2 steps, fib(10) makes 2·fib(11) − 1 calls', async () => {
    const { result, info } = await recordExample('fib.js', ['10']);
    expect(result.stdout).toBe('fib(10) = 55\n');
    const calls = 2 * fibonacci(11) - 1;
    // Per call: the `if` and one `return`; top level: `const n` and `console.log`.
    expect(info.steps).toBe(2 * calls + 2);
    expect(info.functions).toBe(1);
    expect(info.end).toMatchObject({ reason: 'exit', exitCode: 0 });
  });

  it('async.js: 8 distinct functions entered across suspended and resumed frames', async () => {
    const { result, info } = await recordExample('async.js');
    expect(result.stdout).toBe((await plainNode([join(EXAMPLES, 'async.js')])).stdout);
    // delay, its Promise executor, the timer callback, fetchUser, fetchOrders, the map callback,
    // main and the reduce callback.
    expect(info.functions).toBe(8);
    // main: 3 statements + console.log; fetchUser, fetchOrders: 2 each; top level: `const delay`, `main()`.
    expect(info.steps).toBe(4 + 2 + 2 + 2);
    expect(info).toMatchObject({ complete: true, end: { reason: 'exit', exitCode: 0 } });
  });

  it('classes.js: same output, every method recorded', async () => {
    const { result, info } = await recordExample('classes.js');
    const plain = await plainNode([join(EXAMPLES, 'classes.js')]);
    expect(result.stdout).toBe(plain.stdout);
    // Account: constructor, deposit, withdraw, available, historyLength; CreditAccount:
    // constructor, available. (A field initializer may count as its own function probe.)
    expect(info.functions).toBeGreaterThanOrEqual(7);
    expect(info).toMatchObject({ complete: true, end: { reason: 'exit', exitCode: 0 } });
  });

  it('hello.ts: TypeScript records with positions in the .ts file', async () => {
    const { result, info } = await recordExample('hello.ts');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('hello, rewind (1/3)\nhello, rewind (2/3)\nhello, rewind (3/3)\n');
    // greet: `const lines`, `for`, 4 loop tests, 3 pushes, `return` = 10; top level:
    // `const greeting`, `for…of`, 3 × (iteration binding + console.log) = 8.
    expect(info.steps).toBe(18);
    expect(info.functions).toBe(1);
    expect(info.files).toEqual([join(EXAMPLES, 'hello.ts')]);
  });

  it('--level calls records function boundaries only: its steps are the calls and returns', async () => {
    const { info, out } = await recordExample('fib.js', ['10'], ['--level', 'calls']);
    const calls = 2 * fibonacci(11) - 1;
    // Each call's ENTER and RETURN, and the module body's ENTER (a module never RETURNs).
    expect(info.steps).toBe(2 * calls + 1);
    // The same count replay steps through.
    const { store } = openRecording(readFileSync(out));
    expect(indexOf(store.threads.get(store.mainThreadId()!)!).stepCount).toBe(info.steps);
    expect(info.functions).toBe(1);
    expect(info.end).toMatchObject({ reason: 'exit', exitCode: 0 });
  });

  it('--level calls: frames left by a throw are steps, counted by info as replay counts them', async () => {
    const { info, out } = await recordExample('throws.js', [], ['--level', 'calls']);
    // Module ENTER; loadSettings and parseConfig ENTER, each left by JSON.parse's throw (EXIT
    // without RETURN: 2 steps); the module's own EXIT is its end, not a step.
    expect(info.steps).toBe(1 + 2 + 2);
    const { store } = openRecording(readFileSync(out));
    expect(indexOf(store.threads.get(store.mainThreadId()!)!).stepCount).toBe(info.steps);
    expect(info.end).toMatchObject({ reason: 'uncaught-exception' });
  });

  it('drop-newest with a tiny buffer loses events, and info accounts for every one (TR-01)', async () => {
    const { result, info } = await recordExample(
      'fib.js',
      ['22'],
      ['--overflow', 'drop-newest', '--buffer-events', '1024'],
    ); // the smallest ring
    expect(result.stdout).toBe('fib(22) = 17711\n');
    expect(info.lost).toBeGreaterThan(0);
    // The drain's LOST markers stand for the gaps: they are not events the program emitted.
    expect(info.events + info.lost).toBe(info.emitted);
  });

  it('--node-arg passes options to node itself (runtimeArgs), before the script', async () => {
    const script = join(scratch.path, 'exec-argv.js');
    writeFileSync(script, 'console.log(JSON.stringify(process.execArgv));\n');
    const out = join(scratch.path, 'exec-argv.rwd');
    const result = await rewind([
      'record',
      '--out',
      out,
      '--node-arg=--no-warnings',
      '--node-arg',
      '--max-old-space-size=300',
      '--',
      script,
      '--not-for-node',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['--no-warnings', '--max-old-space-size=300']);
    expect((await infoJson(out)).steps).toBe(1);
  });

  it('without --out, saves to a private per-user directory and says where on stderr', async () => {
    const result = await rewind(['record', '--', join(EXAMPLES, 'loop.js'), '3']);
    expect(result.code).toBe(0);
    const match = /^\[rewind\] recording saved to (.+loop-.+\.rwd)\n$/.exec(result.stderr);
    expect(match, result.stderr).not.toBeNull();
    const tracePath = (match as RegExpExecArray)[1];
    expect(statSync(tracePath).mode & 0o777).toBe(0o600);
    expect(statSync(join(tracePath, '..')).mode & 0o777).toBe(0o700);
    expect((await infoJson(tracePath)).steps).toBe(4 + 4 + 3);
  });

  it.each(nodeBinaries())(
    'on $label: the same stdout and the same counts for loop.js and hello.ts',
    async ({ path: node }) => {
      for (const [name, steps] of [
        ['loop.js', 2 * 10 + 5],
        ['hello.ts', 18],
      ] as const) {
        const out = join(scratch.path, `${name}-${Math.random()}.rwd`);
        const recorded = await rewind(['record', '--out', out, '--', join(EXAMPLES, name)], {}, node);
        expect(recorded.code).toBe(0);
        if (name === 'loop.js')
          expect(recorded.stdout).toBe((await plainNode([join(EXAMPLES, name)], {}, node)).stdout);
        expect((await infoJson(out)).steps).toBe(steps);
      }
    },
  );

  it('a child process records into the same trace as a second producer', async () => {
    const out = join(scratch.path, 'child.rwd');
    const result = await rewind(['record', '--out', out, '--', join(__dirname, 'fixtures/spawns-child.cjs')]);
    expect(result.stdout).toBe('parent got: child says hi\n');
    const info = await infoJson(out);
    expect(info.producers).toHaveLength(2);
    expect(info.complete).toBe(true);
  });

  it('a parent with two children: each producer resolves its own probe ids, a shared file counts once', async () => {
    const parent = join(__dirname, '../fixtures/dap/processes/parent.js');
    const child = join(__dirname, '../fixtures/dap/processes/child.js');
    const out = join(scratch.path, 'processes.rwd');
    const result = await rewind(['record', '--out', out, '--', parent]);
    expect(result.stdout).toBe('child spawned ran\nchild forked ran\nparent done 42 0 0\n');
    const info = await infoJson(out);
    expect(info.producers).toHaveLength(3);
    expect([...info.files].sort()).toEqual([child, parent].sort());
    // Both children load child.js and number its probes from the same base as the parent's
    // parent.js: its table is declared twice in the trace, but it is one file.
    const probesOf = (path: string) => instrument(readFileSync(path, 'utf8'), { filename: path })!.probes.probes.length;
    expect(info.probes).toBe(probesOf(parent) + probesOf(child));
    // parentWork, the two 'exit' callbacks, and childWork (the same function in both children).
    expect(info.functions).toBe(4);
    // Parent: 6 top-level statements, parentWork 2, the callbacks 2 and 1; each child: 3 top-level
    // statements and childWork 2.
    expect(info.steps).toBe(6 + 2 + 2 + 1 + 2 * (3 + 2));
  });
});
