// End to end: `rewind record` real programs (a parent with a spawned and a forked child; a program
// that prints, throws, awaits and dies of an uncaught error), `rewind export --format
// chrome-trace`, and the JSON checked against the Trace Event Format's rules (traceEventRules.ts)
// and against what the programs did. Then a large synthetic recording exported under a heap limit
// far below its output size: the export streams.
import { createReadStream, existsSync, readFileSync, statSync, writeSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventKind, RecordType, ValueTag, eventHeader, valueWord } from '../../runtime/format';
import { TraceEventRules, traceEventProblems, type TraceEventJson } from '../support/traceEventRules';
import { encodeHeader, encodeRecord, jsonPayload, testHeader, wordsPayload } from '../support/traceFile';
import { TraceStore } from '../../debug-adapter/trace/store';
import { assertBuilt, FIXTURES, REPO, rewind, run, scratchDirectory } from './harness';
import { indexOf } from '../../debug-adapter/trace/indexedThread';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

interface ChromeTrace {
  traceEvents: TraceEventJson[];
  displayTimeUnit?: string;
  otherData?: { rewind?: { producers?: unknown[] } };
}

async function recordAndExport(
  name: string,
  script: string,
  recordOptions: string[] = [],
): Promise<{ trace: ChromeTrace; tracePath: string; stderr: string }> {
  const tracePath = join(scratch.path, `${name}.rwd`);
  const jsonPath = join(scratch.path, `${name}.json`);
  await rewind(['record', '--out', tracePath, ...recordOptions, '--', script], { timeoutMs: 60_000 });
  const exported = await rewind(['export', tracePath, '--format', 'chrome-trace', '--out', jsonPath]);
  expect(exported.stderr).toMatch(/wrote \d+ trace events/);
  expect(exported.code).toBe(0);
  expect(statSync(jsonPath).mode & 0o777).toBe(0o600);
  return { trace: JSON.parse(readFileSync(jsonPath, 'utf8')) as ChromeTrace, tracePath, stderr: exported.stderr };
}

const slicesOf = (trace: ChromeTrace, pid?: number) =>
  trace.traceEvents.filter((event) => event.ph === 'B' && (pid === undefined || event.pid === pid));
const instantsOf = (trace: ChromeTrace, category: string) =>
  trace.traceEvents.filter((event) => event.ph === 'i' && (event.cat ?? '').split(',').includes(category));

/** Steps per process as the export counts them: one past the last step any slice on it reaches. */
function stepsByPid(trace: ChromeTrace): Map<number, number> {
  const steps = new Map<number, number>();
  for (const event of trace.traceEvents) {
    if (event.ph === 'E')
      steps.set(event.pid, Math.max(steps.get(event.pid) ?? 0, (event.args?.lastStep as number) + 1));
  }
  return steps;
}

/** Steps per process as replay counts them: the store's own index of the same file. */
function replayStepsByPid(tracePath: string): Map<number, number> {
  const store = TraceStore.fromBytes(readFileSync(tracePath));
  return new Map([...store.threads.values()].map((thread) => [thread.producer?.pid ?? -1, indexOf(thread).stepCount]));
}

describe('rewind export --format chrome-trace on real recordings', () => {
  it('a parent with a spawned and a forked child: one process track each, valid slices, output on the right process', async () => {
    const { trace, tracePath } = await recordAndExport('parent', join(REPO, 'test/fixtures/dap/processes/parent.js'));
    expect(traceEventProblems(trace.traceEvents)).toEqual([]);
    const names = trace.traceEvents
      .filter((event) => event.ph === 'M' && event.name === 'process_name')
      .map((event) => event.args?.name as string);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^parent\.js \(pid \d+\)$/);
    expect(names.slice(1).every((name) => /^child\.js \(pid \d+\)$/.test(name))).toBe(true);
    const pids = trace.traceEvents
      .filter((event) => event.ph === 'M' && event.name === 'process_name')
      .map((event) => event.pid);
    expect(new Set(pids).size).toBe(3);
    const [parentPid, spawnedPid, forkedPid] = pids;
    expect(slicesOf(trace, parentPid).map((event) => event.name)).toContain('parentWork');
    for (const childPid of [spawnedPid, forkedPid]) {
      expect(slicesOf(trace, childPid).map((event) => event.name)).toEqual(['<module>', 'childWork']);
      expect(slicesOf(trace, childPid).every((event) => String(event.args?.location).includes('child.js'))).toBe(true);
    }
    const parentWork = slicesOf(trace, parentPid).find((event) => event.name === 'parentWork')!;
    expect(parentWork.args).toMatchObject({
      function: 'parentWork',
      location: expect.stringMatching(/parent\.js:8:1$/),
    });
    const output = instantsOf(trace, 'output').map((event) => [event.pid, event.args?.text]);
    expect(output).toEqual(
      expect.arrayContaining([
        [spawnedPid, 'child spawned ran\n'],
        [forkedPid, 'child forked ran\n'],
        [parentPid, 'parent done 42 0 0\n'],
      ]),
    );
    // Step ranges are replay's step numbers: on each process they end one short of its step count.
    expect(stepsByPid(trace)).toEqual(replayStepsByPid(tracePath));
  }, 90_000);

  it('a program that prints, throws, awaits and dies: output and exception instants, async runs as separate slices', async () => {
    const { trace, tracePath } = await recordAndExport('prints-and-throws', join(FIXTURES, 'prints-and-throws.cjs'));
    expect(traceEventProblems(trace.traceEvents)).toEqual([]);
    const output = instantsOf(trace, 'output').map((event) => [event.args?.stream, event.args?.text]);
    expect(output).toEqual([
      ['stdout', 'first line\n'],
      ['stdout', 'caught value 5 is too big\n'],
      ['stderr', 'caught TypeError\n'],
      ['stdout', 'after the wait: done\n'],
    ]);
    const throws = instantsOf(trace, 'exception').map((event) => [event.name, event.args?.function]);
    expect(throws).toEqual([
      ['throw RangeError: value 5 is too big', 'risky'],
      ['throw', 'engineThrows'], // the engine's TypeError: no throw statement, the frame's exit by throw
      ['throw RangeError: value 7 is too big', 'risky'],
      ['uncaught RangeError: value 7 is too big', undefined],
    ]);
    const ends = trace.traceEvents.filter((event) => event.ph === 'E');
    expect(ends.filter((event) => event.name === 'risky').map((event) => event.args?.threw)).toEqual([true, true]);
    // `later` runs twice: until its await (suspended), and again when the timer resolves it.
    const later = trace.traceEvents.filter((event) => event.name === 'later');
    expect(later.map((event) => [event.ph, event.args?.suspended ?? event.args?.resumed ?? null])).toEqual([
      ['B', null],
      ['E', true],
      ['B', true],
      ['E', null],
    ]);
    expect(stepsByPid(trace)).toEqual(replayStepsByPid(tracePath));
    // Output sits inside the slice that printed it, in time.
    const resumed = later[2];
    const printed = instantsOf(trace, 'output')[3];
    expect(printed.ts).toBeGreaterThan(resumed.ts);
    expect(printed.ts).toBeLessThan(later[3].ts);
  }, 90_000);

  it('at level calls: calls are the steps (frames left by a throw included), as replay counts them', async () => {
    const { trace, tracePath } = await recordAndExport(
      'prints-and-throws-calls',
      join(FIXTURES, 'prints-and-throws.cjs'),
      ['--level', 'calls'],
    );
    expect(traceEventProblems(trace.traceEvents)).toEqual([]);
    expect(stepsByPid(trace)).toEqual(replayStepsByPid(tracePath));
    // No THROW events at this level: each throw shows where a frame left by it, without its value.
    expect(instantsOf(trace, 'exception').map((event) => [event.name, event.args?.function])).toEqual([
      ['throw', 'risky'],
      ['throw', 'engineThrows'],
      ['throw', 'risky'],
      ['uncaught RangeError: value 7 is too big', undefined],
    ]);
  }, 60_000);

  it('writes to stdout without --out, and refuses what it cannot export', async () => {
    const tracePath = join(scratch.path, 'stdout.rwd');
    await rewind(['record', '--out', tracePath, '--', join(FIXTURES, 'prints-and-throws.cjs')]);
    const toStdout = await rewind(['export', tracePath, '--format', 'chrome-trace']);
    expect(toStdout.code).toBe(0);
    expect(traceEventProblems((JSON.parse(toStdout.stdout) as ChromeTrace).traceEvents)).toEqual([]);
    const noFormat = await rewind(['export', tracePath]);
    expect([noFormat.code, noFormat.stderr]).toEqual([1, expect.stringContaining('export needs --format')]);
    const badFormat = await rewind(['export', tracePath, '--format', 'pprof']);
    expect(badFormat.stderr).toContain("option --format must be one of chrome-trace (got 'pprof')");
    const notATrace = join(scratch.path, 'not-a-trace.json');
    const refused = await rewind([
      'export',
      join(FIXTURES, 'prints-and-throws.cjs'),
      '--format',
      'chrome-trace',
      '--out',
      notATrace,
    ]);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      expect.stringContaining('not a readable trace: not a Rewind trace (bad magic)'),
    ]);
    expect(existsSync(notATrace)).toBe(false);
  }, 60_000);
});

/**
 * A recording of CALLS calls to one function (ENTER, STEP, RETURN, EXIT), written record by
 * record (the test holds one record at a time too), with a TIME sample every SAMPLE_EVERY events.
 */
function writeLargeTrace(path: string, calls: number): void {
  const fd = openSync(path, 'w');
  const startMs = 1_700_000_000_000;
  const put = (bytes: Uint8Array) => writeSync(fd, bytes);
  let sequence = 0;
  const record = (type: number, payload: Uint8Array) =>
    put(encodeRecord({ type, producerId: 0, sequence: sequence++, payload }));
  put(encodeHeader(testHeader({ startWallTimeMs: startMs, argv: ['node', '/app/large.js'] })));
  record(
    RecordType.PRODUCER,
    jsonPayload({
      producerId: 0,
      pid: 4242,
      ppid: 1,
      threadId: 0,
      argv: ['node', '/app/large.js'],
      nodeVersion: 'v20.0.0',
      startWallTimeMs: startMs,
    }),
  );
  const range = (line1: number) => ({ start: { line1, column0: 0 }, end: { line1, column0: 10 } });
  record(
    RecordType.FILE,
    jsonPayload({
      path: '/app/large.js',
      sourceHash: '0',
      sourceType: 'commonjs',
      level: 'full',
      probeBase: 1,
      probes: [
        { kind: 'module', range: range(1), functionProbe: -1, functionName: '<module>' },
        { kind: 'function', range: range(2), functionProbe: 0, functionName: 'work' },
        { kind: 'statement', range: range(3), functionProbe: 1 },
        { kind: 'return', range: range(3), functionProbe: 1 },
      ],
    }),
  );
  const [MODULE, WORK, STATEMENT, RETURN] = [1, 2, 3, 4];
  const SAMPLE_EVERY = 1 << 16;
  const CALLS_PER_RECORD = 1 << 15;
  let events = 0;
  let words: number[] = [eventHeader(EventKind.ENTER, MODULE), 1];
  events++;
  for (let call = 0; call < calls; call++) {
    const frameId = call + 2;
    words.push(
      eventHeader(EventKind.ENTER, WORK),
      frameId,
      eventHeader(EventKind.STEP, STATEMENT),
      eventHeader(EventKind.RETURN, RETURN),
      valueWord(ValueTag.SMALL_INT, call & 0xffff),
      eventHeader(EventKind.EXIT, WORK),
      frameId,
    );
    events += 4;
    if ((call + 1) % CALLS_PER_RECORD === 0 || call === calls - 1) {
      if (call === calls - 1) {
        words.push(eventHeader(EventKind.EXIT, MODULE), 1);
        events++;
      }
      record(RecordType.EVENTS, wordsPayload(words));
      words = [];
      if (events % SAMPLE_EVERY < 4 * CALLS_PER_RECORD)
        record(
          RecordType.TIME,
          jsonPayload({ eventIndex: events, wallTimeMs: startMs + events / 1000, monotonicMs: events / 1000 }),
        );
    }
  }
  record(RecordType.END, jsonPayload({ reason: 'exit', exitCode: 0, eventsEmitted: events, eventsLost: 0 }));
  closeSync(fd);
}

describe('rewind export streams', () => {
  it('exports a recording whose JSON is many times the heap it is allowed, and the JSON keeps the rules', async () => {
    const calls = 400_000;
    const tracePath = join(scratch.path, 'large.rwd');
    const jsonPath = join(scratch.path, 'large.json');
    writeLargeTrace(tracePath, calls);
    const HEAP_LIMIT_MB = 24;
    const exported = await run(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_LIMIT_MB}`,
        join(REPO, 'dist/cli.js'),
        'export',
        tracePath,
        '--format',
        'chrome-trace',
        '--out',
        jsonPath,
      ],
      { timeoutMs: 120_000 },
    );
    expect(exported.stderr).toMatch(/wrote \d+ trace events/);
    expect(exported.code).toBe(0);
    const jsonBytes = statSync(jsonPath).size;
    // Held whole, the output alone (as a JS string: 1–2 bytes per character) would not fit the heap.
    expect(jsonBytes).toBeGreaterThan(3 * HEAP_LIMIT_MB * 1024 * 1024);
    const rules = new TraceEventRules();
    let slices = 0;
    let lastTs = 0;
    for await (const line of createInterface({ input: createReadStream(jsonPath) })) {
      if (!line.startsWith('{"ph"')) continue;
      const event = JSON.parse(line.replace(/,$/, '')) as TraceEventJson;
      rules.feed(event);
      if (event.ph === 'B') slices++;
      if (event.ph !== 'M') lastTs = event.ts;
    }
    expect(rules.finish()).toEqual([]);
    expect(slices).toBe(calls + 1);
    // The samples say 1000 events per ms: the last event (about 1.2M in) is at about 1.2 s.
    expect(lastTs / 1000).toBeCloseTo((4 * calls + 2) / 1000, 0);
  }, 240_000);
});
