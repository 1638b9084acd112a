// Deferred recording through the real CLI on every Node the suite runs (this one, and Node 24 when
// REWIND_NODE24 names it): `record --deferred` runs the program uninstrumented and logs what it
// read; `expand` re-executes it at full with that log fed back — the same steps as a direct full
// recording, the values the deferred run printed — and caches the result. Changed code is refused
// by path, a divergence is reported with its place, and a program with a server is flagged.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DIVERGENCE_PREFIX,
  PARTIAL_PREFIX,
  ndCallbackTypeId,
  ndSourceId,
  readDeferredContents,
  readTrace,
  RecordType,
  decodeNote,
} from '../../runtime/format';
import { expandDeferred } from '../../debug-adapter/recording';
import {
  BOOTLOADER,
  FIXTURES,
  assertBuilt,
  infoJson,
  nodeBinaries,
  plainNode,
  rewind,
  scratchDirectory,
} from './harness';

const DEFERRED = join(FIXTURES, 'deferred');

/** The program's own lines of a recorded run's stdout. */
function printed(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line !== '' && !line.startsWith('[rewind]'));
}

function notesOf(tracePath: string): string[] {
  return readTrace(readFileSync(tracePath))
    .records.filter((record) => record.type === RecordType.NOTE)
    .map((record) => decodeNote(record).message);
}

describe.each(nodeBinaries())('deferred recording on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** Expands into `outPath` (a scratch file by default), keeping what the re-execution printed. */
  async function expandFed(deferred: string, outPath = join(scratch.path, 'f.rwd'), untilMs?: number) {
    let fed = '';
    const outcome = await expandDeferred({
      deferredPath: deferred,
      outPath,
      ...(untilMs === undefined ? {} : { untilMs }),
      bootloaderPath: BOOTLOADER,
      onOutput: (text) => (fed += text),
    });
    return { divergence: outcome.divergence, fed };
  }

  function copyFixture(name: string): string {
    scratch = scratchDirectory();
    const target = join(scratch.path, name);
    copyFileSync(join(DEFERRED, name), target);
    return target;
  }

  it('expands to a full trace with the steps of a direct recording, fed the values the deferred run printed', async () => {
    const program = copyFixture('values.cjs');
    const input = join(scratch.path, 'input.txt');
    writeFileSync(input, `first ${Math.random()}\n`);
    const deferred = join(scratch.path, 'deferred.rwd');
    const recorded = await rewind(
      ['record', '--deferred', '--out', deferred, '--', program],
      { cwd: scratch.path },
      node,
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    const deferredLines = printed(recorded.stdout);
    expect(deferredLines).toHaveLength(2);
    const deferredInfo = await infoJson(deferred);
    expect(deferredInfo.steps).toBe(0); // nothing instrumented
    expect((await rewind(['info', deferred], {}, node)).stdout).toContain('deferred   no steps');
    const { log, files } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(files.map((file) => file.path)).toEqual([program]);
    expect(log.unsupported).toEqual([]);
    expect(log.callbacks.map((entry) => entry.ticket)).toEqual([1]); // the async read's completion

    // The input changes: the re-execution gets the logged contents, not the new ones.
    writeFileSync(input, 'second\n');
    const full = join(scratch.path, 'full.rwd');
    const expanded = await rewind(['expand', deferred, '-o', full], { cwd: scratch.path }, node);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(notesOf(full).some((note) => note.startsWith('Expanded from a deferred recording'))).toBe(true);
    expect(notesOf(full).some((note) => note.startsWith(DIVERGENCE_PREFIX))).toBe(false);
    const expandedInfo = await infoJson(full);
    const direct = join(scratch.path, 'direct.rwd');
    const directRun = await rewind(['record', '--out', direct, '--', program], { cwd: scratch.path }, node);
    expect(directRun.code, directRun.stderr).toBe(0);
    const directInfo = await infoJson(direct);
    expect(expandedInfo.steps).toBeGreaterThan(10);
    expect(expandedInfo.steps).toBe(directInfo.steps);
    expect(expandedInfo.functions).toBe(directInfo.functions);
    expect(expandedInfo.end).toEqual({ reason: 'exit', exitCode: 0 });
  });

  it('caches the expansion beside the deferred trace: a second expand re-executes nothing', async () => {
    const program = copyFixture('values.cjs');
    writeFileSync(join(scratch.path, 'input.txt'), 'cached\n');
    const deferred = join(scratch.path, 'run.rwd');
    expect((await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node)).code).toBe(0);
    const first = await rewind(['expand', deferred], {}, node);
    expect(first.code, first.stderr).toBe(0);
    const path = /expanded: (\S+)/.exec(first.stderr)![1];
    expect(path).toMatch(/run\.expanded-[0-9a-f]{16}\.rwd$/);
    const second = await rewind(['expand', deferred], {}, node);
    expect(second.stderr).toContain(`already expanded: ${path}`);
    // Opening it elsewhere (export) uses that expansion: its calls are there as slices.
    const exported = await rewind(
      ['export', deferred, '--format', 'chrome-trace', '--out', join(scratch.path, 'x.json')],
      {},
      node,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const slices = Number(/\((\d+) slices/.exec(exported.stderr)![1]);
    expect(slices).toBeGreaterThan(0);
  });

  it('refuses to expand once the program changed, naming the file', async () => {
    const program = copyFixture('values.cjs');
    writeFileSync(join(scratch.path, 'input.txt'), 'x\n');
    const deferred = join(scratch.path, 'd.rwd');
    expect((await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node)).code).toBe(0);
    writeFileSync(program, `${readFileSync(program, 'utf8')}\n// edited\n`);
    const expanded = await rewind(['expand', deferred, '-o', join(scratch.path, 'f.rwd')], {}, node);
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toContain(`its code changed since it was recorded: ${program}`);
  });

  it('stops a re-execution that diverges, and says where and why', async () => {
    const program = copyFixture('diverges.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    expect((await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node)).code).toBe(0);
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // not logged (accessSync): the other branch is taken
    const full = join(scratch.path, 'f.rwd');
    const expanded = await rewind(['expand', deferred, '-o', full], {}, node);
    expect(expanded.code).toBe(3);
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('deferred-diverges')) + 1;
    const message = `${DIVERGENCE_PREFIX} at ${program}:${line}:`;
    expect(expanded.stderr).toContain(message);
    expect(expanded.stderr).toContain('read #3 is Date.now, the log has Math.random');
    const note = notesOf(full).find((text) => text.startsWith(DIVERGENCE_PREFIX));
    expect(note).toContain(message);
    // Nothing after the divergence ran: the program printed nothing, and its trace ends there.
    expect(await infoJson(full)).toMatchObject({ end: { reason: 'process-exit' } });
  });

  it('holds a timer that fires before its logged turn until that turn, so the re-execution runs them in the logged order', async () => {
    const program = copyFixture('race.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.stdout).toBe('second first\n');
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // the first timer's delay is now 0: it fires first
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe('second first\n');
  });

  it('holds timers made by timers/promises and inside Node (AbortSignal.timeout) in their logged order too', async () => {
    const program = copyFixture('timersPromises.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.stdout).toBe('yielded plain promised aborted\n');
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // now 'promised' and 'aborted' come before 'plain'
    expect((await plainNode([program], {}, node)).stdout).toMatch(/promised.*aborted.*plain/);
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe('yielded plain promised aborted\n');
  });

  it('feeds back file stats, listings and contents read every way (sync, callback, promise, stream, FileHandle)', async () => {
    const program = copyFixture('fsReads.cjs');
    const data = join(scratch.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'a.txt'), 'hello world\n');
    writeFileSync(join(data, 'b.txt'), 'b\n');
    const plain = await plainNode([program], {}, node);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe(plain.stdout);
    // Everything it read changes: other contents, size, times, and one more file in the folder.
    writeFileSync(join(data, 'a.txt'), 'HELLO, a longer world now\n');
    writeFileSync(join(data, 'c.txt'), 'c\n');
    expect((await plainNode([program], {}, node)).stdout).not.toBe(plain.stdout);
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe(plain.stdout);
  });

  it('reports the first line the re-execution prints differently from the deferred run (an output checksum)', async () => {
    const program = copyFixture('prints.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.stdout).toBe('start\nno flag\nend\n');
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // not logged (accessSync): it prints another line
    const full = join(scratch.path, 'f.rwd');
    const { divergence, fed } = await expandFed(deferred, full);
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('deferred-prints')) + 1;
    expect(divergence).toContain(`${DIVERGENCE_PREFIX} at ${program}:${line}:`);
    expect(divergence).toContain('stdout line 2 is "flag", the deferred run printed "no flag"');
    expect(fed).toBe('start\n'); // stopped at the write that differs
    expect(await infoJson(full)).toMatchObject({ end: { reason: 'process-exit' } });
  });

  it('logs the stdin it read and a signal it received, and makes both happen at their turns in the re-execution', async () => {
    const program = copyFixture('inputs.cjs');
    const pidFile = join(scratch.path, 'pid.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const recording = rewind(
      ['record', '--deferred', '--out', deferred, '--', program],
      { input: 'line one\nline two\n' },
      node,
    );
    const deadline = Date.now() + 20_000;
    while (!existsSync(pidFile) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGUSR2');
    const recorded = await recording;
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(printed(recorded.stdout)).toEqual(['read "LINE ONE\\nLINE TWO\\n"', 'got SIGUSR2']);
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.callbacks.filter((entry) => entry.type === ndCallbackTypeId('signal'))).toHaveLength(1);
    // The re-execution's stdin is empty and nobody signals it.
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(printed(fed)).toEqual(printed(recorded.stdout));
  });

  it('logs dns.lookup answers (callback, all, promise) and feeds them back', async () => {
    const program = copyFixture('lookup.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(printed(recorded.stdout)).toEqual(['lookup null string true', 'all null true', 'promise true']);
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    const sources = [...log.asyncReads.values()].map((read) => read.source);
    expect(sources).toEqual([ndSourceId('dns.lookup'), ndSourceId('dns.lookup'), ndSourceId('dns.promises.lookup')]);
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(printed(fed)).toEqual(printed(recorded.stdout));
  });

  it('expands only the first ms asked for: a partial trace that says where it ends, cached apart', async () => {
    const program = copyFixture('ticks.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(printed(recorded.stdout)).toHaveLength(10);
    // Asked for the run up to when its third tick was logged: it stops before the first callback after.
    const trace = readTrace(readFileSync(deferred));
    const { callbackTimesMs } = readDeferredContents(trace.records, trace.header.startWallTimeMs);
    expect(callbackTimesMs).toHaveLength(10);
    const untilMs = Math.ceil(callbackTimesMs[2]);
    const ticks = callbackTimesMs.findIndex((ms) => ms > untilMs);
    expect(ticks).toBeGreaterThanOrEqual(3);
    const partial = await rewind(['expand', deferred, '--until-ms', String(untilMs)], {}, node);
    expect(partial.code, partial.stderr).toBe(0);
    expect(partial.stderr).toContain('(partial, as asked)');
    const path = /expanded: (\S+)/.exec(partial.stderr)![1];
    expect(path).toMatch(new RegExp(`d\\.expanded-[0-9a-f]{16}\\.until-${ticks}\\.rwd$`));
    const note = notesOf(path).find((text) => text.startsWith(PARTIAL_PREFIX));
    expect(note).toContain(`stopped, as asked, before callback #${ticks + 1} of the 10 logged`);
    expect(await infoJson(path)).toMatchObject({ end: { reason: 'process-exit' } });
    // What it re-executed is the deferred run's beginning: its ticks up to there.
    const { divergence, fed } = await expandFed(deferred, join(scratch.path, 'p.rwd'), untilMs);
    expect(divergence).toBeUndefined();
    expect(printed(fed)).toEqual(printed(recorded.stdout).slice(0, ticks));
  });

  it('refuses to expand once a dependency in node_modules changed, naming it', async () => {
    const program = copyFixture('usesDependency.cjs');
    const dependency = join(scratch.path, 'node_modules', 'dep', 'index.js');
    mkdirSync(dirname(dependency), { recursive: true });
    writeFileSync(dependency, 'module.exports = (x) => x * 2;\n');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.stdout).toBe('42\n');
    const { files } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(files.map((file) => file.path).sort()).toEqual([dependency, program].sort());
    writeFileSync(dependency, 'module.exports = (x) => x * 3;\n');
    const expanded = await rewind(['expand', deferred, '-o', join(scratch.path, 'f.rwd')], {}, node);
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toContain(`its code changed since it was recorded: ${dependency}`);
  });

  it('flags a program with an HTTP server, and expand refuses it with that reason', async () => {
    const program = copyFixture('server.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.unsupported).toContain(
      'a TCP server (net or http) accepted connections: its clients are not there at re-execution',
    );
    const expanded = await rewind(['expand', deferred, '-o', join(scratch.path, 'f.rwd')], {}, node);
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toContain('cannot be re-executed faithfully: a TCP server');
  });
});

describe.each(nodeBinaries())('what a program sees of deferred recording on $label', ({ path: node }) => {
  beforeAll(assertBuilt);

  it('sees the wrapped functions exactly as in a plain run, recorded deferred, re-executed and recorded at full', async () => {
    const scratch = scratchDirectory();
    try {
      const program = join(scratch.path, 'observes.cjs');
      copyFileSync(join(DEFERRED, 'observes.cjs'), program);
      const plain = await plainNode([program], { cwd: scratch.path }, node);
      expect(plain.code, plain.stderr).toBe(0);
      const deferred = join(scratch.path, 'd.rwd');
      const recorded = await rewind(
        ['record', '--deferred', '--out', deferred, '--', program],
        { cwd: scratch.path },
        node,
      );
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stdout).toBe(plain.stdout);
      let fed = '';
      const outcome = await expandDeferred({
        deferredPath: deferred,
        outPath: join(scratch.path, 'f.rwd'),
        bootloaderPath: BOOTLOADER,
        onOutput: (text) => (fed += text),
      });
      expect(outcome.divergence).toBeUndefined();
      expect(fed).toBe(plain.stdout);
      // And recorded at full directly: Node 20's CommonJS hook replaces fs.readFileSync too (cjsHook.ts).
      const full = await rewind(['record', '--out', join(scratch.path, 'full.rwd'), '--', program], {}, node);
      expect(full.stdout).toBe(plain.stdout);
    } finally {
      scratch.remove();
    }
  });
});
