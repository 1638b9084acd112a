// `rewind expand` stopped by Ctrl+C (SIGINT) or SIGTERM: the re-execution runs in a process group
// of its own, which a terminal's Ctrl+C does not reach, so the CLI must stop it itself — a long run
// re-executes for about 20x its time — and keep no partial or cached trace of it.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningWith, waitUntil } from '../support/polling';
import { FIXTURES, nodeBinaries, rewind, recordDeferred } from './harness';

describe.each(nodeBinaries())('rewind expand cancelled on $label', ({ path: node }) => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(['SIGINT', 'SIGTERM'] as const)('by %s stops the re-execution and keeps nothing of it', async (signal) => {
    scratch = mkdtempSync(join(tmpdir(), 'rewind-expand-cancel-'));
    // Sixty ticks 100 ms apart: the re-execution takes six seconds or more.
    const program = join(scratch, 'longTicks.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'longTicks.cjs'), program);
    const deferred = join(scratch, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    let cli: ChildProcess | undefined;
    const expanding = rewind(['expand', deferred], { cwd: scratch, started: (child) => (cli = child) }, node);
    expect(await waitUntil(() => runningWith(program), 20_000)).toBe(true);
    const signalledAtMs = Date.now();
    cli!.kill(signal);
    const result = await expanding;
    expect(Date.now() - signalledAtMs).toBeLessThan(3000);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('expansion cancelled');
    expect(await waitUntil(() => !runningWith(program), 2000)).toBe(true);
    expect(readdirSync(scratch).sort()).toEqual(['d.rwd', 'longTicks.cjs']);
  });
});
