// The CLI's contract on bad input (clear message, non-zero exit), --help/--version, `info` on a
// trace built by the framing helper (text and --json, damage named by byte offset) and
// `instrument`. None of these need the recorder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventHeader, EventKind, readTrace, RecordType, valueWord, ValueTag } from '../../runtime/format';
import { buildTrace, jsonPayload, testHeader, wordsPayload } from '../support/traceFile';
import { CLI, EXAMPLES, REPO, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

/** A two-function program's trace: module enter, f entered twice, g once, 4 steps, 3 lost. */
function sampleTrace(): Uint8Array {
  const probes = [
    { kind: 'module', functionProbe: -1, functionName: '<module>' },
    { kind: 'function', functionProbe: 0, functionName: 'f' },
    { kind: 'function', functionProbe: 0, functionName: 'g' },
    { kind: 'statement', functionProbe: 0 },
  ].map((probe) => ({ ...probe, range: { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } } }));
  const base = 100;
  const words = [
    eventHeader(EventKind.ENTER, base),
    1,
    eventHeader(EventKind.STEP, base + 3),
    eventHeader(EventKind.ENTER, base + 1),
    2,
    eventHeader(EventKind.STEP, base + 3),
    eventHeader(EventKind.EXIT, base + 1),
    2,
    eventHeader(EventKind.ENTER, base + 1),
    3,
    eventHeader(EventKind.STEP, base + 3),
    eventHeader(EventKind.RETURN, base + 1),
    valueWord(ValueTag.SMALL_INT, 5),
    eventHeader(EventKind.ENTER, base + 2),
    4,
    eventHeader(EventKind.STEP, base + 3),
    eventHeader(EventKind.EXIT, base + 2),
    4,
  ];
  return buildTrace([
    {
      type: RecordType.PRODUCER,
      payload: jsonPayload({
        producerId: 0,
        pid: 42,
        ppid: 1,
        threadId: 0,
        argv: ['node', 'sample.js'],
        nodeVersion: 'v20',
        startWallTimeMs: 1000,
      }),
    },
    {
      type: RecordType.FILE,
      payload: jsonPayload({
        path: '/w/sample.js',
        sourceHash: '',
        sourceType: 'commonjs',
        level: 'full',
        probes,
        probeBase: base,
      }),
    },
    { type: RecordType.EVENTS, payload: wordsPayload(words) },
    { type: RecordType.LOST, payload: jsonPayload({ lostEvents: 3, reason: 'ring-full', afterEvent: 2 }) },
    {
      type: RecordType.TIME,
      payload: jsonPayload({ eventIndex: 10, wallTimeMs: testHeader().startWallTimeMs + 250, monotonicMs: 250 }),
    },
    {
      type: RecordType.END,
      payload: jsonPayload({ reason: 'process-exit', exitCode: 4, eventsEmitted: 14, eventsLost: 3 }),
    },
  ]);
}

describe('rewind CLI: usage and bad input', () => {
  it('--help prints the commands and --version the package version', async () => {
    const help = await rewind(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['record', 'info', 'instrument', 'dap']) expect(help.stdout).toContain(command);
    const version = await rewind(['--version']);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  it('the built CLI is executable with a node shebang (package bin)', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['record', '--colour', 'x.js'], /unknown option --colour/],
    [['record', '--level', 'most', '--', 'x.js'], /--level must be one of full, calls/],
    [
      ['record', '--buffer-events', '-5', '--', join(EXAMPLES, 'loop.js')],
      /--buffer-events must be an integer ≥ 1024 \(got '-5'\)/,
    ],
    [['record'], /record needs a script/],
    [['record', '--', 'no/such/script.js'], /cannot find the script .*no\/such\/script\.js/],
    [['info'], /info needs exactly one trace file/],
    [['info', 'no-such-trace.rwd'], /cannot read the trace .*no-such-trace\.rwd: ENOENT/],
  ])('rewind %j fails clearly', async (args, message) => {
    const result = await rewind(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('rewind info', () => {
  const tracePath = join(scratch.path, 'sample.rwd');
  writeFileSync(tracePath, sampleTrace());

  it('--json reports the counts of the trace', async () => {
    const result = await rewind(['info', tracePath, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout);
    // Counted from the words above: ENTER×4, STEP×4, EXIT×2, RETURN×1 = 11 events; functions f
    // and g (the module probe is not a function); lost 3 from the LOST record; the TIME sample is 250 ms after the
    // header's start; emitted 14 = 11 received + 3 lost.
    expect(info).toMatchObject({
      events: 11,
      steps: 4,
      functions: 2,
      probes: 4,
      files: ['/w/sample.js'],
      lost: 3,
      emitted: 14,
      complete: true,
      end: { reason: 'process-exit', exitCode: 4 },
      durationMs: 250,
    });
    expect(info.producers).toEqual([{ producerId: 0, pid: 42, threadId: 0, argv: ['node', 'sample.js'] }]);
  });

  it("names the program's own process first, wherever its record is", async () => {
    // A short child drained at its own exit (recorder/exitDrain.ts) can be in the file before its parent.
    const child = {
      type: RecordType.PRODUCER,
      producerId: 7,
      payload: jsonPayload({
        producerId: 7,
        pid: 43,
        ppid: 42,
        threadId: 0,
        argv: ['node', 'child.js'],
        nodeVersion: 'v20',
        startWallTimeMs: 1001,
      }),
    };
    const records = readTrace(sampleTrace()).records.map((record) => ({
      type: record.type,
      producerId: record.producerId,
      payload: record.payload,
    }));
    const childFirst = join(scratch.path, 'child-first.rwd');
    writeFileSync(childFirst, buildTrace([child, ...records]));
    const json = JSON.parse((await rewind(['info', childFirst, '--json'])).stdout);
    expect(json.producers.map((producer: { producerId: number }) => producer.producerId)).toEqual([0, 7]);
    const text = (await rewind(['info', childFirst])).stdout;
    expect(text).toMatch(/program\s+node sample\.js \(pid 42\)/);
  });

  it('prints a readable summary', async () => {
    const result = await rewind(['info', tracePath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/end\s+process-exit, exit code 4/);
    expect(result.stdout).toMatch(/steps\s+4\n/);
    expect(result.stdout).toMatch(/functions\s+2\n/);
    expect(result.stdout).toMatch(/lost\s+3\n/);
    expect(result.stdout).toContain('/w/sample.js');
  });

  it('warns when the trace is incomplete', async () => {
    const bytes = sampleTrace();
    const lastRecord = readTrace(bytes).records.at(-1)?.byteOffset as number;
    const truncated = join(scratch.path, 'truncated.rwd');
    writeFileSync(truncated, bytes.subarray(0, lastRecord));
    const result = await rewind(['info', truncated, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      complete: false,
      end: { reason: null, exitCode: null },
      steps: 4,
    });
    expect(result.stderr).toMatch(/warning: the trace is incomplete/);
  });

  it('names the byte offset of damage and exits 2, still summarising the valid prefix', async () => {
    const bytes = sampleTrace();
    const events = readTrace(bytes).records[2];
    bytes[events.byteOffset + 20] ^= 0x10;
    const damaged = join(scratch.path, 'damaged.rwd');
    writeFileSync(damaged, bytes);
    const result = await rewind(['info', damaged, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`record checksum mismatch at byte offset ${events.byteOffset}`);
    expect(JSON.parse(result.stdout)).toMatchObject({ complete: false, files: ['/w/sample.js'], steps: 0 });
  });

  it('refuses a file that is not a trace, naming offset 0', async () => {
    const notTrace = join(scratch.path, 'not-a-trace.rwd');
    writeFileSync(notTrace, 'hello world\n');
    const result = await rewind(['info', notTrace]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a readable trace: .*bad magic.* at byte offset 0/);
  });

  it('refuses a newer format major with a clear message', async () => {
    const bytes = sampleTrace();
    bytes[4] += 1;
    const newer = join(scratch.path, 'newer.rwd');
    writeFileSync(newer, bytes);
    const result = await rewind(['info', newer]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is newer than this reader supports .* update Rewind/);
  });
});

describe('rewind instrument', () => {
  it('prints the instrumented code of a file', async () => {
    const result = await rewind(['instrument', join(EXAMPLES, 'loop.js')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rewind:instrumented');
    // The program's own `+=`, its part in a temp (the append shape, instrument/appendWrites.ts).
    expect(result.stdout).toMatch(/total \+= \(\S+=index\)/);
  });

  it('fails clearly on a file the parser rejects', async () => {
    const broken = join(scratch.path, 'broken.js');
    writeFileSync(broken, 'let = = 1;\n');
    const result = await rewind(['instrument', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.js is not instrumented \(parse-error\)/);
  });
});

describe('rewind dap', () => {
  it('serves the Debug Adapter Protocol on stdio: initialize gets a response with step-back support', async () => {
    const request = JSON.stringify({
      seq: 1,
      type: 'request',
      command: 'initialize',
      arguments: { adapterID: 'rewind', clientID: 'cli-test' },
    });
    const result = await rewind(['dap'], { input: `Content-Length: ${Buffer.byteLength(request)}\r\n\r\n${request}` });
    const match = /^Content-Length: (\d+)\r\n\r\n/.exec(result.stdout);
    expect(match, result.stdout + result.stderr).not.toBeNull();
    const body = result.stdout.slice(
      (match as RegExpExecArray)[0].length,
      (match as RegExpExecArray)[0].length + Number((match as RegExpExecArray)[1]),
    );
    const response = JSON.parse(body);
    expect(response).toMatchObject({ type: 'response', request_seq: 1, command: 'initialize', success: true });
    expect(response.body.supportsStepBack).toBe(true);
  });
});
