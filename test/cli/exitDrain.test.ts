// The exit drain (runtime/recorder/exitDrain.ts): a producer whose drain thread has not started by
// its exit claims the ring and appends its records to the trace itself, from a private realm. To
// make "has not started" certain rather than a race, most cases run a copy of the build whose
// drain worker never claims anything (a thread slow to start, forever), on the Nodes with in-thread
// module hooks. On Node 20 the off-thread ESM loader posts to the drain directly, so there is no
// exit drain there: the last cases check which path each Node takes with the real build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnd, readTrace, RecordType, type EndInfo } from '../../runtime/format';
import { REPO, assertBuilt, infoJson, nodeBinaries, plainNode, run, scratchDirectory } from './harness';

/** Every producer's END in the trace at `path`, by producer id. */
function endsOf(path: string): Map<number, EndInfo> {
  const ends = new Map<number, EndInfo>();
  for (const record of readTrace(readFileSync(path)).records)
    if (record.type === RecordType.END) ends.set(record.producerId, decodeEnd(record));
  return ends;
}

/** A copy of dist/ whose drain worker never gets past its first line: a thread still starting when the program ends. */
function buildWithIdleDrain(directory: string): string {
  const build = join(directory, 'dist');
  const dist = join(REPO, 'dist');
  mkdirSync(build);
  for (const name of readdirSync(dist)) if (/\.(m?js)$/.test(name)) copyFileSync(join(dist, name), join(build, name));
  writeFileSync(join(build, 'drainWorker.js'), 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n');
  return join(build, 'cli.js');
}

/** Writes `source` as `name` in `directory` and records it with the CLI at `cli`. */
async function recordSource(node: string, cli: string, directory: string, name: string, source: string) {
  const program = join(directory, name);
  writeFileSync(program, source);
  const trace = join(directory, 't.rwd');
  const recorded = await run(node, [cli, 'record', '--out', trace, '--', program], { cwd: directory });
  return { program, trace, recorded };
}

/** Node ≥ 22.15 loads modules through in-thread hooks (module.registerHooks): the exit drain's condition. */
function hasInThreadHooks(node: string): boolean {
  const probe = spawnSync(node, ['-p', "typeof require('node:module').registerHooks"], { encoding: 'utf8' });
  return probe.stdout.trim() === 'function';
}

const binaries = nodeBinaries({ node22: true }).map((binary) => ({
  ...binary,
  inThreadHooks: hasInThreadHooks(binary.path),
}));

describe.each(binaries.filter((binary) => binary.inThreadHooks))('the exit drain, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('writes a short program whole when its drain thread has not started', async () => {
    scratch = scratchDirectory();
    const source = 'function add(a, b) {\n  return a + b;\n}\nconsole.log(add(2, 3));\nprocess.exitCode = 4;\n';
    const cli = buildWithIdleDrain(scratch.path);
    const { program, trace, recorded } = await recordSource(node, cli, scratch.path, 'add.js', source);
    expect(recorded.stdout).toBe('5\n');
    expect(recorded.code).toBe(4);
    // No "nothing was recorded", no "could not be completed in time": the collector counted it.
    expect(recorded.stderr).toBe('');
    const info = await infoJson(trace);
    expect(info.complete).toBe(true);
    expect(info.end).toMatchObject({ reason: 'exit', exitCode: 4 });
    expect(info.files).toEqual([program]);
    expect(info.events).toBeGreaterThan(5);
    expect(info.lost).toBe(0);
    const end = endsOf(trace).get(0);
    expect(end).toMatchObject({ reason: 'exit', exitCode: 4, eventsLost: 0 });
    expect(end?.recorderCost?.drainedAtExit).toBe(true);
  });

  it("consults none of the program's builtins", async () => {
    scratch = scratchDirectory();
    // Everything the drain's framing, JSON and loops would touch in the program's realm.
    const source = [
      "const note = (what) => () => { require('fs').writeSync(1, `called ${what}\\n`); throw new Error(what); };",
      "console.log('before');",
      "Array.prototype.push = note('push');",
      "Object.prototype.toJSON = function () { require('fs').writeSync(1, 'called toJSON\\n'); return 'replaced'; };",
      "JSON.stringify = note('stringify');",
      "Object.keys = note('keys');",
      "DataView.prototype.setUint32 = note('setUint32');",
      "Uint8Array.prototype.subarray = note('subarray');",
      'delete Array.prototype[Symbol.iterator];',
      'process.exitCode = 2;',
      '',
    ].join('\n');
    const cli = buildWithIdleDrain(scratch.path);
    const { program, trace, recorded } = await recordSource(node, cli, scratch.path, 'patched.js', source);
    const plain = await plainNode([program], { cwd: scratch.path }, node);
    expect(recorded.stdout).toBe(plain.stdout);
    expect(recorded.stdout).toBe('before\n');
    expect(recorded.code).toBe(plain.code);
    expect(recorded.stderr).toBe('');
    const end = endsOf(trace).get(0);
    expect(end).toMatchObject({ reason: 'exit', exitCode: 2, eventsLost: 0 });
    expect(end?.recorderCost?.drainedAtExit).toBe(true);
    const info = await infoJson(trace);
    expect(info.complete).toBe(true);
    expect(info.files).toEqual([program]);
    expect(info.emitted).toBe(info.events);
  });

  it('writes a parent and its child, each at its own exit', async () => {
    scratch = scratchDirectory();
    const source = [
      "const { execFileSync } = require('node:child_process');",
      "if (process.argv[2] === 'child') process.exitCode = 3;",
      "else console.log(execFileSync(process.execPath, [__filename, 'child']).length, 'bytes from the child');",
      '',
    ].join('\n');
    const cli = buildWithIdleDrain(scratch.path);
    const { program, trace, recorded } = await recordSource(node, cli, scratch.path, 'parent.js', source);
    // execFileSync throws for the child's exit code 3: the parent ends with Node's uncaught error.
    const plain = await plainNode([program], { cwd: scratch.path }, node);
    expect(recorded.code).toBe(plain.code);
    const info = await infoJson(trace);
    // The root is producer 0; a child is named by its pid.
    const root = info.producers.find((producer) => producer.argv.length === 2);
    const child = info.producers.find((producer) => producer.argv[2] === 'child');
    expect(info.producers).toHaveLength(2);
    expect(root).toMatchObject({ producerId: 0, argv: [node, program] });
    expect(info.complete).toBe(true);
    const ends = endsOf(trace);
    expect(ends.get(child?.producerId ?? -1)).toMatchObject({ reason: 'exit', exitCode: 3 });
    expect(ends.get(0)).toMatchObject({ reason: 'uncaught-exception', exitCode: plain.code });
    for (const end of ends.values()) expect(end.recorderCost?.drainedAtExit).toBe(true);
  });
});

/** Records `source` with the real build; its output and its root producer's END. */
async function recordedWithRealBuild(node: string, directory: string, name: string, source: string) {
  const { trace, recorded } = await recordSource(node, join(REPO, 'dist/cli.js'), directory, name, source);
  return { recorded, end: endsOf(trace).get(0) };
}

describe.each(binaries)('which thread drains, with the real build, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('leaves a program its drain thread reached before its exit to that thread', async () => {
    scratch = scratchDirectory();
    // Two seconds: far past any drain thread's start, even on a loaded machine.
    const source = "setTimeout(() => console.log('late'), 2000);\n";
    const { recorded, end } = await recordedWithRealBuild(node, scratch.path, 'late.js', source);
    expect(recorded.stdout).toBe('late\n');
    expect(recorded.stderr).toBe('');
    expect(end).toMatchObject({ reason: 'exit', exitCode: 0, eventsLost: 0 });
    expect(end?.recorderCost?.drainedAtExit).toBeUndefined();
    expect(end?.recorderCost?.drainRounds).toBeGreaterThan(0);
  });
});

describe.each(binaries.filter((binary) => !binary.inThreadHooks))('no exit drain on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('leaves even a short program to its drain thread, since an off-thread loader posts to it', async () => {
    scratch = scratchDirectory();
    const source = "console.log('short');\n";
    const { recorded, end } = await recordedWithRealBuild(node, scratch.path, 'short.js', source);
    expect(recorded.stdout).toBe('short\n');
    expect(end).toMatchObject({ reason: 'exit', exitCode: 0, eventsLost: 0 });
    expect(end?.recorderCost?.drainedAtExit).toBeUndefined();
  });
});
