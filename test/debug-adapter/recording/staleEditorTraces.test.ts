// Editor-launch recordings left behind by a killed adapter (issue 13 leftover): the sweep offers a
// file whose writer is gone, leaves one still being written alone, and removes one older than the
// bound with its marker; the offer's words name the program and say it was kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markerPath } from '../../../debug-adapter/recording/liveTraceFile';
import {
  STALE_TRACE_MAX_AGE_MS,
  deleteEditorTrace,
  orphanedTracesMessage,
  sweepEditorTraces,
} from '../../../debug-adapter/recording/staleEditorTraces';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A pid that ran and has exited (its process is gone). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid;
}

function editorTrace(folder: string, program: string, writerPid: number | undefined, ageMs = 0): string {
  const path = join(folder, `editor-${program}-20261203T101010-${writerPid ?? 1}.rwd`);
  writeFileSync(path, 'RWD trace bytes');
  if (writerPid !== undefined)
    writeFileSync(markerPath(path), JSON.stringify({ writerPid, writerStartWallMs: Date.now(), sendQueueBytes: 0 }));
  const atSeconds = (Date.now() - ageMs) / 1000;
  utimesSync(path, atSeconds, atSeconds);
  return path;
}

describe('editor-launch recordings left behind', () => {
  it('offers a killed adapter’s file, leaves a running one alone, removes one past the bound', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rewind-stale-'));
    folders.push(folder);
    const running = editorTrace(folder, 'server.js', process.pid);
    const killed = editorTrace(folder, 'app.js', deadPid(), 60_000);
    const killedEarlier = editorTrace(folder, 'tool.js', deadPid(), 3_600_000);
    const old = editorTrace(folder, 'old.js', deadPid(), STALE_TRACE_MAX_AGE_MS + 60_000);
    const opened = editorTrace(folder, 'opened.js', undefined); // assembled already: its marker is gone
    writeFileSync(join(folder, 'recording.rwd'), 'not an editor launch');

    const sweep = sweepEditorTraces(folder);
    expect(sweep.orphaned.map((trace) => trace.path)).toEqual([killed, killedEarlier]); // newest first
    expect(sweep.removed).toEqual([old]);
    expect(existsSync(old) || existsSync(markerPath(old))).toBe(false);
    for (const kept of [running, killed, killedEarlier, opened, join(folder, 'recording.rwd')])
      expect(existsSync(kept)).toBe(true);
    expect(existsSync(markerPath(running))).toBe(true);

    const message = orphanedTracesMessage(sweep.orphaned);
    expect(message).toMatch(/the debugger recording app\.js was killed/);
    expect(message).toMatch(/was kept\. 1 older one\(s\) too\. Open it, or delete them all\?/);

    deleteEditorTrace(killed);
    expect(existsSync(killed) || existsSync(markerPath(killed))).toBe(false);
    expect(sweepEditorTraces(folder).orphaned.map((trace) => trace.path)).toEqual([killedEarlier]);
  });

  it('touches nothing in a folder that cannot be read', () => {
    expect(sweepEditorTraces(join(tmpdir(), `rewind-missing-${process.pid}-${Date.now()}`))).toEqual({
      orphaned: [],
      removed: [],
    });
  });
});
