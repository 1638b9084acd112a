// Deferred recording through the real CLI on every Node the suite runs (this one, and Node 24 when
// REWIND_NODE24 names it): `record --deferred` runs the program uninstrumented and logs what it
// read; `expand` re-executes it at full with that log fed back — the same steps as a direct full
// recording, the values the deferred run printed — and caches the result. Changed code is refused
// by path, a divergence is reported with its place, and a program with a server is flagged.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createSocket } from 'node:dgram';
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
import { reexecutionScratchFiles, scratchFilesLeft } from '../support/reexecutionScratch';
import {
  FIXTURES,
  assertBuilt,
  expandPrinting,
  infoJson,
  nodeBinaries,
  plainNode,
  rewind,
  scratchDirectory,
  recordDeferred,
} from './harness';

const DEFERRED = join(FIXTURES, 'deferred');

/**
 * A DNS server on 127.0.0.1 answering every A question with `answers.a` and every PTR question with
 * `answers.ptr` (TTL 60), which a test may change between a recording and its re-execution.
 */
async function startDnsServer(answers: { a: string; ptr: string }) {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    let end = 12;
    while (query[end] !== 0) end += query[end] + 1;
    const type = query.readUInt16BE(end + 1);
    const question = query.subarray(12, end + 5);
    const data =
      type === 1
        ? Buffer.from(answers.a.split('.').map(Number))
        : Buffer.concat([
            ...answers.ptr.split('.').map((label) => Buffer.from([label.length, ...Buffer.from(label)])),
            Buffer.from([0]),
          ]);
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(1, 6);
    const answer = Buffer.alloc(12);
    answer.writeUInt16BE(0xc00c, 0);
    answer.writeUInt16BE(type, 2);
    answer.writeUInt16BE(1, 4);
    answer.writeUInt32BE(60, 6);
    answer.writeUInt16BE(data.length, 10);
    socket.send(Buffer.concat([header, question, answer, data]), peer.port, peer.address);
  });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  return {
    port: socket.address().port,
    answers,
    close: () => new Promise<void>((done) => socket.close(() => done())),
  };
}

/** The program's own lines of a recorded run's stdout. */
function printed(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line !== '' && !line.startsWith('[rewind]'));
}

function notesOf(tracePath: string): string[] {
  return readTrace(readFileSync(tracePath))
    .records.filter((record) => record.type === RecordType.NOTE)
    .map((record) => decodeNote(record).message);
}

/** What dirs.cjs prints about its data folder (a.txt and b.txt) and a missing one. */
const DIRS_PRINTED = [
  'readSync [["a.txt",true,true],["b.txt",true,true]] true',
  'opendirSync missing ENOENT',
  'read null null ["a.txt","b.txt"] true',
  'for await ["a.txt","b.txt"]',
  'promise read true true',
];

describe.each(nodeBinaries())('deferred recording on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** Expands into `outPath` (a scratch file by default), keeping what the re-execution printed. */
  async function expandFed(deferred: string, outPath = join(scratch.path, 'f.rwd'), untilMs?: number) {
    const { outcome, printed } = await expandPrinting(deferred, outPath, untilMs === undefined ? {} : { untilMs });
    return { divergence: outcome.divergence, fed: printed };
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
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
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
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // not logged (module resolution): the other branch is taken
    const full = join(scratch.path, 'f.rwd');
    const expanded = await rewind(['expand', deferred, '-o', full], {}, node);
    expect(expanded.code).toBe(3);
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('deferred-diverges')) + 1;
    const message = `${DIVERGENCE_PREFIX} at ${program}:${line}:`;
    expect(expanded.stderr).toContain(message);
    // Reads #1-3 are the start environment and the process ids.
    expect(expanded.stderr).toContain('read #6 is Date.now, the log has Math.random');
    const note = notesOf(full).find((text) => text.startsWith(DIVERGENCE_PREFIX));
    expect(note).toContain(message);
    // Nothing after the divergence ran: the program printed nothing, and its trace ends there.
    expect(await infoJson(full)).toMatchObject({ end: { reason: 'process-exit' } });
  });

  it('says a re-execution that ended otherwise than its deferred run diverged, though nothing else could tell', async () => {
    const program = copyFixture('unfedClock.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    // The clock the log does not hold moves on; the one it holds is fed as it was.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const full = join(scratch.path, 'f.rwd');
    const expanded = await rewind(['expand', deferred, '-o', full], {}, node);
    expect(expanded.code).toBe(3);
    const message = `${DIVERGENCE_PREFIX} at its end: it exited with code 4, the deferred run exited with code 0.`;
    expect(expanded.stderr).toContain(message);
    // The printed line was the same: only the end tells.
    const { divergence, fed } = await expandFed(deferred);
    expect(fed).toBe('compared the clocks\n');
    expect(divergence).toContain(message);
  });

  it('holds a timer that fires before its logged turn until that turn, so the re-execution runs them in the logged order', async () => {
    const program = copyFixture('race.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.stdout).toBe('second first\n');
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // the first timer's delay is now 0: it fires first
    expect((await plainNode([program], {}, node)).stdout).toBe('first second\n');
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe('second first\n');
  });

  // An unref'd timer the deferred run never ran (it ended before the timer was due) may come due in
  // the slower re-execution (at `full`): not in the log at all, it was taken for a divergence. It
  // keeps nothing alive, so the deferred run really did end first: it is dropped. (Node's own HTTP
  // Date-header cache timer did this to deferred recordings of servers.)
  it("drops an unref'd timer the deferred run never ran, rather than take it for a divergence", async () => {
    const program = copyFixture('unrefTimer.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('done 17999997\n');
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe(recorded.stdout);
  }, 90_000);

  it("waits for an unref'd timer the deferred run ran only because it was slower, rather than end first", async () => {
    const program = copyFixture('unrefTimerLate.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe("the unref'd timer fired\nthen the last one\n");
    // At re-execution the synchronous child is fed at once: the unref'd timer is not due when the
    // ref'd one is, and the process is kept alive until it fires, in its logged turn.
    const { divergence, fed } = await expandFed(deferred);
    expect(divergence).toBeUndefined();
    expect(fed).toBe(recorded.stdout);
  });

  it("ends where the deferred run ended with an unref'd interval still armed, keeping itself alive for no tick", async () => {
    const program = copyFixture('unrefInterval.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('done after 2 ticks\n');
    // Aborted (and so failed) if the re-execution keeps itself alive past its logged end.
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 20_000 });
    expect(outcome.divergence).toBeUndefined();
    expect(printed).toBe(recorded.stdout);
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
    writeFileSync(join(scratch.path, 'flag.txt'), ''); // not logged (module resolution): it prints another line
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

  /**
   * Records `program` deferred, lets `change` alter the world, and expands it: what a plain run, the
   * deferred run, a plain run after the change and the re-execution printed, the log, any divergence.
   */
  async function recordChangeExpand(program: string, change: () => void | Promise<void>, args: string[] = []) {
    const plain = await plainNode([program, ...args], {}, node);
    expect(plain.code, plain.stderr).toBe(0);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program, ...args], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    await change();
    const now = await plainNode([program, ...args], {}, node);
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    const { divergence, fed } = await expandFed(deferred);
    return {
      plain: plain.stdout,
      recorded: printed(recorded.stdout),
      now: now.stdout,
      log,
      divergence,
      fed: printed(fed),
    };
  }

  function sourcesOf(log: ReturnType<typeof readDeferredContents>['log']): number[] {
    return [...log.reads, ...log.asyncReads.values()].map((read) => read.source);
  }

  it('feeds back access, exists, realpath and readlink (every form), and lets the loader resolve a symlinked module', async () => {
    const program = copyFixture('paths.cjs');
    const packageDir = join(scratch.path, 'pkg');
    mkdirSync(packageDir);
    writeFileSync(join(packageDir, 'index.js'), 'module.exports = { answer: 42 };\n');
    mkdirSync(join(scratch.path, 'node_modules'));
    symlinkSync('../pkg', join(scratch.path, 'node_modules', 'linked'));
    writeFileSync(join(scratch.path, 'one'), '1');
    writeFileSync(join(scratch.path, 'two'), '2');
    symlinkSync('one', join(scratch.path, 'link'));
    const run = await recordChangeExpand(program, () => {
      // The flag appears and the link points elsewhere: a plain run now prints other answers.
      writeFileSync(join(scratch.path, 'flag.txt'), '');
      unlinkSync(join(scratch.path, 'link'));
      symlinkSync('two', join(scratch.path, 'link'));
    });
    expect(run.recorded).toEqual(printed(run.plain));
    expect(run.recorded).toContain('accessSync "ENOENT"');
    expect(run.recorded).toContain('realpath.native [null,"one"]');
    expect(run.now).toContain('accessSync true');
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    const sources = sourcesOf(run.log);
    for (const name of [
      'fs.accessSync',
      'fs.access',
      'fs.promises.access',
      'fs.exists',
      'fs.realpathSync',
      'fs.realpathSync.native',
      'fs.realpath',
      'fs.realpath.native',
      'fs.promises.realpath',
      'fs.readlinkSync',
      'fs.readlink',
      'fs.promises.readlink',
    ] as const)
      expect(sources, name).toContain(ndSourceId(name));
    // The loader's realpath of the required module was let through: every realpathSync logged is the program's (two).
    expect(sources.filter((source) => source === ndSourceId('fs.realpathSync'))).toHaveLength(1);
  });

  it("feeds back what readvSync and readv read into the caller's buffers", async () => {
    const program = copyFixture('readv.cjs');
    writeFileSync(join(scratch.path, 'data.txt'), 'abcdefghij');
    const run = await recordChangeExpand(program, () => writeFileSync(join(scratch.path, 'data.txt'), 'ZYXWVUTSRQ'));
    expect(run.recorded).toEqual(['readvSync 8 abc|defgh', 'readv null 8 true cdef|ghij']);
    expect(run.now).toContain('ZYX');
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    expect(sourcesOf(run.log)).toEqual(expect.arrayContaining([ndSourceId('fs.readvSync'), ndSourceId('fs.readv')]));
  });

  it('feeds back whether each file opened to read (every form), and reads through the descriptor what the file held', async () => {
    const program = copyFixture('opens.cjs');
    writeFileSync(join(scratch.path, 'here.txt'), 'hello world\n');
    const scratchBefore = reexecutionScratchFiles();
    const run = await recordChangeExpand(program, () => {
      // The file that opened is gone and the one that did not is there: a plain run now fails at once.
      unlinkSync(join(scratch.path, 'here.txt'));
      writeFileSync(join(scratch.path, 'missing.txt'), 'surprise');
    });
    expect(run.recorded).toEqual([
      'openSync ["number",5,"hello",12]',
      'writeSync read-only ["EBADF","write"]',
      'openSync missing ["ENOENT","open"]',
      'open [null,"number"]',
      'read [null,3,"llo"]',
      'open missing [["ENOENT","open"],null]',
      'promises.open ["number","hello world\\n"]',
      'promises.open missing ["ENOENT","open"]',
      'stream "hello world\\n"',
      'stream missing ["ENOENT","open"]',
    ]);
    expect(run.now).toBe('');
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    const sources = sourcesOf(run.log);
    for (const name of ['fs.openSync (to read)', 'fs.open (to read)', 'fs.promises.open (to read)'] as const)
      expect(sources, name).toContain(ndSourceId(name));
    // The re-execution's stand-ins are unlinked as they open: none is left in the temporary folder.
    expect(await scratchFilesLeft(scratchBefore)).toEqual([]);
  });

  it('feeds back a directory read through fs.Dir (readSync, read by callback and promise, for await) and a failed open', async () => {
    const program = copyFixture('dirs.cjs');
    const data = join(scratch.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'a.txt'), 'a');
    writeFileSync(join(data, 'b.txt'), 'b');
    const run = await recordChangeExpand(program, () => {
      writeFileSync(join(data, 'c.txt'), 'c');
      mkdirSync(join(scratch.path, 'gone'));
    });
    expect(run.recorded).toEqual(DIRS_PRINTED);
    expect(run.now).toContain('c.txt');
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    const sources = sourcesOf(run.log);
    for (const name of ['fs.opendirSync', 'fs.opendir', 'fs.promises.opendir', 'Dir.readSync', 'Dir.read'] as const)
      expect(sources, name).toContain(ndSourceId(name));
  });

  it('stands in for a directory removed since: the re-execution lists what the deferred run listed, at the same path', async () => {
    const program = copyFixture('dirs.cjs');
    const data = join(scratch.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'a.txt'), 'a');
    writeFileSync(join(data, 'b.txt'), 'b');
    const scratchBefore = reexecutionScratchFiles();
    const run = await recordChangeExpand(program, () => rmSync(data, { recursive: true }));
    expect(run.recorded).toEqual(DIRS_PRINTED);
    expect(run.now).toBe('');
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    // The stand-ins are removed as they open.
    expect(await scratchFilesLeft(scratchBefore)).toEqual([]);
  });

  it('feeds back process.pid and process.ppid, and a kill of the logged pid reaches the re-executed process', async () => {
    const program = copyFixture('ids.cjs');
    const run = await recordChangeExpand(program, () => undefined); // every run has its own ids
    expect(run.recorded[0]).not.toBe(printed(run.now)[0]);
    expect(run.recorded.slice(1)).toEqual(printed(run.plain).slice(1));
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    expect(run.log.reads.slice(1, 3).map((read) => read.source)).toEqual([
      ndSourceId('process.pid'),
      ndSourceId('process.ppid'),
    ]);
  });

  it('feeds back the bytes crypto.randomFill put into a buffer (callback form)', async () => {
    const program = copyFixture('randomFill.cjs');
    const run = await recordChangeExpand(program, () => undefined); // every run draws other bytes
    expect(run.recorded).toHaveLength(3);
    expect(run.recorded[1]).toMatch(/^offset null 00000000 16$/);
    expect(run.divergence).toBeUndefined();
    expect(run.fed).toEqual(run.recorded);
    expect(sourcesOf(run.log).filter((source) => source === ndSourceId('crypto.randomFill'))).toHaveLength(3);
  });

  it('feeds back dns.resolve* and dns.reverse answers (callback and promise forms)', async () => {
    const program = copyFixture('resolve.cjs');
    const server = await startDnsServer({ a: '10.0.0.1', ptr: 'first.test' });
    try {
      writeFileSync(join(scratch.path, 'dns-port.txt'), String(server.port));
      const run = await recordChangeExpand(program, () => {
        server.answers.a = '10.0.0.2';
        server.answers.ptr = 'second.test';
      });
      expect(run.recorded).toEqual([
        'resolve4 ["10.0.0.1"]',
        'resolve A ["10.0.0.1"]',
        'reverse ["first.test"]',
        'promises.resolve4 [{"address":"10.0.0.1","ttl":60}]',
        'promises.reverse ["first.test"]',
      ]);
      expect(run.now).toContain('10.0.0.2');
      expect(run.divergence).toBeUndefined();
      expect(run.fed).toEqual(run.recorded);
      const sources = sourcesOf(run.log);
      for (const name of ['dns.resolve*', 'dns.reverse', 'dns.promises.resolve*', 'dns.promises.reverse'] as const)
        expect(sources, name).toContain(ndSourceId(name));
    } finally {
      await server.close();
    }
  });

  it('re-executes a server and its own client in one program: both sides are fed (format 3.18)', async () => {
    const program = copyFixture('server.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('got ok\n');
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    // Before 3.18: ['a TCP connection was made: its peer is not there at re-execution'], refused.
    expect(log.unsupported).toEqual([]);
    // The client's connection goes to Rewind's stand-in peer, the server's to Rewind's own client;
    // each side reads what the log says, so the two never need to meet.
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(outcome.divergence).toBeUndefined();
    expect(printed).toBe('got ok\n');
  }, 60_000);

  it("re-executes a UDP socket that sends to itself: its message is the log's (format 3.18)", async () => {
    const program = copyFixture('udp.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('got to myself from itself\nclosed\n');
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    // Before 3.18: ['a UDP socket was opened: its peers are not there at re-execution'], refused.
    expect(log.unsupported).toEqual([]);
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(outcome.divergence).toBeUndefined();
    expect(printed).toBe(recorded.stdout);
  }, 60_000);

  it('flags a program that starts a worker thread, and expand refuses it with that reason', async () => {
    const program = copyFixture('worker.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('worker done\n');
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.unsupported).toEqual([
      'a worker thread was started: threads (and memory they share) interleave differently at re-execution',
    ]);
    const expanded = await rewind(['expand', deferred, '-o', join(scratch.path, 'f.rwd')], {}, node);
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toContain('cannot be re-executed faithfully: a worker thread was started');
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
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stdout).toBe(plain.stdout);
      const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'));
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
