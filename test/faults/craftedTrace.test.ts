// Fault injection on trace fields (issue 10 items 10 and 12): crafted PRODUCER, FILE, LOST, TIME,
// END, NOTE records and headers whose fields have hostile types or values. `rewind info` refuses
// each naming the record, the field and the byte offset — never "internal error", never "end 5"
// or "lost 1e+300" — and `info --json` answers with JSON even when it refuses the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { infoCommand } from '../../debug-adapter/cli/info';
import { CliError } from '../../debug-adapter/cli/errors';
import { RecordType } from '../../runtime/format';
import { assertBuilt, rewind, scratchDirectory } from '../cli/harness';
import { buildTrace, endRecord, jsonPayload, testHeader, type TestRecord } from '../support/traceFile';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());
let traces = 0;

function writeTrace(records: readonly TestRecord[], header = testHeader()): string {
  const path = join(scratch.path, `crafted-${traces++}.rwd`);
  writeFileSync(path, buildTrace(records, header));
  return path;
}

const producer = (fields: Record<string, unknown> = {}): TestRecord => ({
  type: RecordType.PRODUCER,
  payload: jsonPayload({
    producerId: 0,
    pid: 42,
    ppid: 1,
    threadId: 0,
    argv: ['node', 'main.js'],
    nodeVersion: 'v20',
    startWallTimeMs: 1,
    ...fields,
  }),
});
const end = (fields: Record<string, unknown>): TestRecord => ({
  type: RecordType.END,
  payload: jsonPayload({ reason: 'exit', exitCode: 0, eventsEmitted: 0, eventsLost: 0, ...fields }),
});

/** infoCommand in this process: what it printed, its exit code, or the CliError it threw. */
function infoInProcess(args: string[]): { stdout: string; stderr: string; code: number } {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    stdout += String(text);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
    stderr += String(text);
    return true;
  });
  try {
    return { stdout, stderr, code: infoCommand(args) };
  } catch (error) {
    if (!(error instanceof CliError)) throw error; // anything else is the "internal error" of main.ts
    return { stdout, stderr: `${stderr}rewind: ${error.message}\n`, code: error.exitCode };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('rewind info on crafted records', () => {
  beforeAll(() => assertBuilt());

  it('argv that is not an array of strings: a warning naming PRODUCER and "argv", exit 2, not "internal error"', async () => {
    const path = writeTrace([producer({ argv: 5 }), endRecord()]);
    const result = await rewind(['info', path]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PRODUCER record field "argv" is not an array at byte offset \d+/);
  });

  it('END fields of the wrong type are refused, not printed as "end 5, exit code x" or "lost 1e+300"', async () => {
    for (const [fields, field] of [
      [{ reason: 5 }, 'reason'],
      [{ exitCode: 'x' }, 'exitCode'],
      [{ eventsLost: 1e300 }, 'eventsLost'],
      [{ eventsEmitted: -1 }, 'eventsEmitted'],
      [{ error: { name: 1 } }, 'error.name'],
    ] as const) {
      const path = writeTrace([producer(), end(fields)]);
      const result = await rewind(['info', path]);
      expect(result.stderr, JSON.stringify(fields)).toMatch(
        new RegExp(`END record field "${field.replace('.', '\\.')}" is not .* at byte offset \\d+`),
      );
      expect(result.code).toBe(2);
      expect(result.stdout).not.toMatch(/end\s+5|exit code x|1e\+300/);
    }
  });

  it('a header with a hostile field is refused with exit 1, and --json prints a JSON error', async () => {
    const path = writeTrace([producer(), endRecord()], {
      ...testHeader(),
      argv: 'node main.js' as unknown as string[],
    });
    const text = await rewind(['info', path]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/header field "argv" is not an array at byte offset 12/);
    const json = await rewind(['info', path, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { message: expect.stringMatching(/header field "argv"/), path },
    });
  });

  it('--json on a file that is not a trace prints a JSON error', async () => {
    const path = join(scratch.path, 'not-a-trace.rwd');
    writeFileSync(path, 'hello');
    const result = await rewind(['info', path, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/not a readable trace/);
  });

  it('fuzz: every field of every JSON record, and of the header, set to each hostile value: never an internal error', () => {
    const hostile: unknown[] = [5, -1, 1e300, 1.5, 'x', '', null, true, [], [1], {}, { a: 1 }, NaN];
    const valid: Record<number, Record<string, unknown>> = {
      [RecordType.PRODUCER]: {
        producerId: 0,
        pid: 42,
        ppid: 1,
        threadId: 0,
        argv: ['node'],
        nodeVersion: 'v20',
        startWallTimeMs: 1,
      },
      [RecordType.FILE]: {
        path: '/a.js',
        probeBase: 1,
        sourceHash: 'h',
        sourceType: 'commonjs',
        level: 'full',
        probes: [
          {
            kind: 'statement',
            range: { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } },
            functionProbe: 0,
            varName: 'v',
            paramNames: ['p'],
          },
        ],
      },
      [RecordType.LOST]: { lostEvents: 1, reason: 'ring-full', afterEvent: 0 },
      [RecordType.TIME]: { eventIndex: 0, wallTimeMs: 5, monotonicMs: 1 },
      [RecordType.END]: {
        reason: 'exit',
        exitCode: 0,
        signal: 'SIGTERM',
        error: { name: 'E', message: 'm', stack: 's' },
        eventsEmitted: 0,
        eventsLost: 0,
      },
      [RecordType.NOTE]: { level: 'info', message: 'm', path: '/a.js' },
    };
    let cases = 0;
    const check = (records: TestRecord[], header = testHeader()) => {
      const path = writeTrace(records, header);
      const result = infoInProcess([path]);
      expect([0, 1, 2]).toContain(result.code);
      expect(result.stdout).not.toMatch(/1e\+300|NaN|\[object Object\]/);
      cases++;
    };
    const records = (type: number, payload: Record<string, unknown>): TestRecord[] =>
      [RecordType.PRODUCER, RecordType.FILE, RecordType.LOST, RecordType.TIME, RecordType.END, RecordType.NOTE].map(
        (each) => ({ type: each, payload: jsonPayload(each === type ? payload : valid[each]) }),
      );
    for (const [type, fields] of Object.entries(valid)) {
      for (const name of Object.keys(fields)) {
        for (const value of hostile) check(records(Number(type), { ...fields, [name]: value }));
      }
      for (const value of hostile) check([{ type: Number(type), payload: jsonPayload(value) }]); // not an object at all
    }
    const probe = (valid[RecordType.FILE].probes as Array<Record<string, unknown>>)[0];
    for (const name of [...Object.keys(probe), 'range.start', 'range.start.line1']) {
      for (const value of hostile) {
        const crafted = structuredClone(probe) as Record<string, Record<string, Record<string, unknown>>>;
        const [first, second, third] = name.split('.');
        if (third) crafted[first][second][third] = value as never;
        else if (second) crafted[first][second] = value as never;
        else (crafted as Record<string, unknown>)[first] = value;
        check(records(RecordType.FILE, { ...valid[RecordType.FILE], probes: [crafted] }));
      }
    }
    for (const name of Object.keys(testHeader()))
      for (const value of hostile) check([], { ...testHeader(), [name]: value } as never);
    expect(cases).toBeGreaterThan(500);
  });
});
