// Fault injection: a long run under the flight recorder (overflow 'flight', issue 12 item 10). It
// keeps the LAST events within its budget on disk and in memory, whatever the run's length (the
// overwrite-oldest trace grew 30 KB → 683 KB for a 10x longer run, its loss scattered); the oldest
// history goes, counted, and replay says where the kept history starts. Objects seen again after
// the window are re-snapshotted; one never seen again says it was not captured.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClient } from '../debug-adapter/dap/support/session';
import { assertBuilt, infoJson, rewind, scratchDirectory } from '../cli/harness';

const scratch = scratchDirectory();
const newClient = useClient();
const BUDGET_MIB = 1;
const PROGRAM = [
  'const n = Number(process.argv[2]);',
  "const early = { name: 'early', list: [1, 2, 3] };",
  "const state = { count: 0, label: 'start' };",
  'let total = 0;',
  'let holder, again;',
  'for (let i = 0; i < n; i++) {',
  '  total += i;',
  '  state.count = i;',
  '  if (i === n - 10) { holder = state; again = early; }',
  '}',
  "state.label = 'done';",
  'const late = { name: early.name.length, total };',
  'console.log(total); // END',
].join('\n');
let program = '';

beforeAll(() => {
  assertBuilt();
  program = join(scratch.path, 'long.js');
  writeFileSync(program, PROGRAM);
});
afterAll(() => scratch.remove());

async function recordFlight(iterations: number): Promise<string> {
  const out = join(scratch.path, `long-${iterations}.rwd`);
  const result = await rewind(
    [
      'record',
      '--out',
      out,
      '--overflow',
      'flight',
      '--flight-recorder-mib',
      String(BUDGET_MIB),
      '--',
      program,
      String(iterations),
    ],
    { timeoutMs: 120_000, env: { TMPDIR: scratch.path } },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

describe('the flight recorder', () => {
  it('keeps the trace within its budget: a 10x longer run gives a trace of about the same size', async () => {
    const short = await recordFlight(100_000);
    const long = await recordFlight(1_000_000);
    const shortBytes = statSync(short).size;
    const longBytes = statSync(long).size;
    const budgetBytes = BUDGET_MIB * 2 ** 20;
    // The budget, plus at most a quarter of it (what the ring held when a segment was asked to end).
    expect(shortBytes).toBeLessThan(budgetBytes * 1.25);
    expect(longBytes).toBeLessThan(budgetBytes * 1.25);
    expect(longBytes / shortBytes).toBeLessThan(1.5);
    // At least the budget less one segment is kept.
    expect(longBytes).toBeGreaterThan(budgetBytes * 0.5);
    // The segments are gone: only the traces are left in the folder.
    expect(readdirSync(scratch.path).filter((name) => name.includes('flight'))).toEqual([]);
    const info = await infoJson(long);
    // Every event is accounted for: kept or counted as lost (4 per iteration at least).
    expect(info).toMatchObject({ complete: true, end: { reason: 'exit', exitCode: 0 } });
    expect(info.lost).toBeGreaterThan(3_000_000);
    expect(info.events).toBeGreaterThan(50_000);
  }, 240_000);

  it('replay: the end shows the right values; back at the start it says where the kept history starts', async () => {
    const iterations = 400_000;
    const trace = await recordFlight(iterations);
    const client = newClient();
    await client.start();
    const stop = await client.launchAndStop({ trace }, () =>
      client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 13 }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const locals = await client.locals();
    const total = (iterations * (iterations - 1)) / 2;
    expect(locals.get('total')?.value).toBe(String(total));
    // Objects created before the kept history and seen again inside it: re-snapshotted, whole.
    const state = await client.children(locals.get('holder')?.variablesReference ?? 0);
    expect(state.get('count')?.value).toBe(String(iterations - 1));
    expect(state.get('label')?.value).toBe("'done'");
    expect(locals.get('again')?.value).toBe("{name: 'early', list: Array(3) [1, 2, 3]}");
    const late = await client.children(locals.get('late')?.variablesReference ?? 0);
    expect(late.get('total')?.value).toBe(String(total));
    // Declared and last written before the kept history: listed, and said to be not recorded.
    expect(locals.get('early')?.value).toBe('<before the kept history: not recorded>');
    expect(locals.get('n')?.value).toBe('<before the kept history: not recorded>');
    expect(locals.get('state')?.value).toBe('<before the kept history: not recorded>');
    const back = await client.move('reverseContinue');
    const text = (back.body as DebugProtocol.StoppedEvent['body']).description ?? '';
    expect(text).toMatch(/^Start of the kept history: \d+ events before were dropped\.$/);
    const dropped = Number(/(\d+) events/.exec(text)?.[1]);
    // The kept history is the end of the run: well inside the loop (4+ events an iteration).
    expect(dropped).toBeGreaterThan(iterations);
    expect((await client.topFrame()).line).toBeGreaterThanOrEqual(6);
    expect((await client.topFrame()).line).toBeLessThanOrEqual(9);
  }, 120_000);
});
