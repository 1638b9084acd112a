// Issue 10 item 3 (TR-05, DAP-11): deaths the recorder cannot see coming — SIGTERM of a busy and of
// an idle program, process.abort(), out of memory — keep everything up to the last drained batch,
// and the trace says so honestly: complete only when the recorder wrote its own END, else
// `complete: false` with an estimate of the unflushed tail. Kill delays are random within bounds;
// every failure message names its delay so a run can be replayed.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { assertBuilt, FIXTURES, infoJson, rewind, scratchDirectory, type RunOptions } from './harness';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

/** Sends `signal` to the program (its pid from its `ready <pid>` line) `delayMs` after that line appears. */
function killProgramAfterReady(signal: NodeJS.Signals, delayMs: number): RunOptions['started'] {
  return (child: ChildProcess) => {
    let seen = '';
    let sent = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /ready (\d+)/.exec(seen);
      if (!match || sent) return;
      sent = true;
      setTimeout(() => {
        try {
          process.kill(Number(match[1]), signal);
        } catch {
          /* already gone */
        }
      }, delayMs);
    });
  };
}

describe('issue 10 item 3: deaths by signal, abort and out of memory', () => {
  it.each([0, 1, 2])(
    'SIGTERM of a busy loop (run %i): the drained prefix, whole records, incomplete with an estimate of the tail',
    async () => {
      const delayMs = 100 + Math.floor(Math.random() * 500);
      const out = join(scratch.path, `busy-sigterm-${delayMs}-${Math.random()}.rwd`);
      const result = await rewind(['record', '--out', out, '--', join(FIXTURES, 'busy-loop.cjs')], {
        started: killProgramAfterReady('SIGTERM', delayMs),
      });
      const context = `SIGTERM ${delayMs} ms after ready`;
      expect(result.signal, context).toBe('SIGTERM');
      const info = await infoJson(out);
      expect(info.error, context).toBeUndefined();
      expect(info.end, context).toMatchObject({ reason: 'signal', signal: 'SIGTERM' });
      // Before: `complete: true, lost: 0` while the loop's last stretch was missing.
      expect(info.complete, context).toBe(false);
      // It was mid-loop: some events were in flight when it died, and the estimate says so.
      expect(info.end.unflushedEventsEstimate, context).toBeGreaterThan(0);
      // `console.log(ready)` and the loop's first steps had long been drained.
      expect(info.steps, context).toBeGreaterThan(1000);
      const text = await rewind(['info', out]);
      expect(text.stderr, context).toMatch(
        /died of SIGTERM before its last events were flushed: about \d+ events may be missing/,
      );
    },
  );

  it.each([0, 1, 2])(
    'SIGTERM just after an idle program printed (run %i): the printed line and its steps are in the trace',
    async () => {
      // Shorter than the 20 ms idle flush: only a publish at the print itself keeps the line.
      const delayMs = 5;
      const out = join(scratch.path, `idle-sigterm-${Math.random()}.rwd`);
      const result = await rewind(['record', '--out', out, '--', join(FIXTURES, 'idle-print.cjs')], {
        started: killProgramAfterReady('SIGTERM', delayMs),
      });
      expect(result.signal).toBe('SIGTERM');
      const info = await infoJson(out);
      // `let count`, two setTimeouts, then in the callback `count += 1` and the console.log that printed.
      expect(info.steps).toBe(5);
      expect(info.end).toMatchObject({ reason: 'signal', signal: 'SIGTERM' });
      // Idle: nothing in flight, but no death by signal can prove that. The estimate carries the
      // start-up's rate over the few ms since the last report: small, never a ring's worth.
      expect(info.complete).toBe(false);
      expect(info.end.unflushedEventsEstimate).toBeLessThan(1000);
    },
  );

  it('process.abort(): every step before it, END signal SIGABRT, complete (the recorder finished first)', async () => {
    const out = join(scratch.path, 'abort.rwd');
    const result = await rewind(['record', '--out', out, '--', join(FIXTURES, 'abort-after-loop.cjs')]);
    expect(result.signal).toBe('SIGABRT');
    expect(result.stdout).toBe('total 999\n');
    const info = await infoJson(out);
    // Before: 0 events, `complete: true`.
    expect(info.end).toMatchObject({ reason: 'signal', signal: 'SIGABRT' });
    // `let total`, the loop's 1000 iterations (each a test and a body step), console.log, process.abort().
    expect(info.steps).toBeGreaterThan(2000);
    expect(info.complete).toBe(true);
  });

  it('out of memory (--max-old-space-size=48): the drained prefix, incomplete with an estimate of the tail', async () => {
    const out = join(scratch.path, 'oom.rwd');
    const result = await rewind(
      ['record', '--out', out, '--node-arg', '--max-old-space-size=48', '--', join(FIXTURES, 'out-of-memory.cjs')],
      { timeoutMs: 120_000 },
    );
    expect(result.signal).toBe('SIGABRT');
    expect(result.stderr).toMatch(/heap out of memory/i);
    const info = await infoJson(out);
    expect(info.error).toBeUndefined();
    expect(info.end).toMatchObject({ reason: 'signal', signal: 'SIGABRT' });
    // Before: `complete: true` with the tail silently gone.
    expect(info.complete).toBe(false);
    expect(info.end.unflushedEventsEstimate).toBeGreaterThanOrEqual(0);
    expect(info.steps).toBeGreaterThan(10_000);
  }, 150_000);

  it('a child its parent kills at once: rewind info names the killed child, not "no end record"', async () => {
    const out = join(scratch.path, `kills-child-${Math.random()}.rwd`);
    const result = await rewind(['record', '--out', out, '--', join(FIXTURES, 'kills-its-child.cjs')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('parent ends\n');
    const info = await infoJson(out);
    expect(info.end).toMatchObject({ reason: 'process-exit', exitCode: 0 });
    expect(info.complete).toBe(false);
    expect(info.producers).toHaveLength(2);
    const child = info.producers[1];
    expect(info.killed.map((killed) => killed.producerId)).toEqual([child.producerId]);
    // Before: "the trace is incomplete (no end record)", though the program's own END was there.
    const text = await rewind(['info', out]);
    expect(text.stderr).not.toContain('no end record');
    expect(text.stderr).toContain(
      `process ${child.pid} (node ${join(FIXTURES, 'kills-its-child.cjs')} child) was killed`,
    );
  });
});
