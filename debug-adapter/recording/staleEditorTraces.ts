// Editor-launch recordings left behind (issue 13 leftover): the `<tmpdir>/rewind-<uid>/editor-…rwd`
// of an adapter that was killed stays there with its writer marker. At its next activation the
// extension asks for them: a file whose writer is gone is offered to the user (open or delete), and
// any left-behind file older than a bound is removed. Knows names, markers and pids; not the editor.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EDITOR_TRACE_PREFIX, markerPath, privateTraceFolder, readMarker } from './liveTraceFile';
import { processRuns } from './orphanedFlight';

/** A left-behind recording is kept this long for the user to open, then removed. */
export const STALE_TRACE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface OrphanedEditorTrace {
  path: string;
  sizeBytes: number;
  /** When its adapter last wrote it. */
  modifiedWallMs: number;
}

export interface EditorTraceSweep {
  /** Written by an adapter that is gone (the marker's pid runs no more): to offer, newest first. */
  orphaned: OrphanedEditorTrace[];
  /** Left behind longer than the bound: removed now, with their markers. */
  removed: string[];
}

/**
 * Looks at the editor launches' files in `directory` (default: the private trace folder, never a
 * folder that is not ours alone). A file still being written (its writer runs) is left alone.
 */
export function sweepEditorTraces(
  directory: string | undefined = ownTraceFolder(),
  nowWallMs = Date.now(),
  maxAgeMs = STALE_TRACE_MAX_AGE_MS,
): EditorTraceSweep {
  const sweep: EditorTraceSweep = { orphaned: [], removed: [] };
  if (directory === undefined) return sweep;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return sweep;
  }
  for (const name of names) {
    if (!name.startsWith(EDITOR_TRACE_PREFIX) || !name.endsWith('.rwd')) continue;
    const path = join(directory, name);
    const marker = readMarker(path);
    if (marker && processRuns(marker.writerPid, marker.writerStartWallMs)) continue;
    let modifiedWallMs: number;
    let sizeBytes: number;
    try {
      ({ mtimeMs: modifiedWallMs, size: sizeBytes } = statSync(path));
    } catch {
      continue;
    }
    if (nowWallMs - modifiedWallMs > maxAgeMs) {
      deleteEditorTrace(path);
      sweep.removed.push(path);
    } else if (marker) sweep.orphaned.push({ path, sizeBytes, modifiedWallMs });
    // No marker and young: an orphan already opened (assembled): kept until it ages out.
  }
  sweep.orphaned.sort((a, b) => b.modifiedWallMs - a.modifiedWallMs);
  return sweep;
}

/** Removes an editor launch's recording and its marker. */
export function deleteEditorTrace(path: string): void {
  rmSync(path, { force: true });
  rmSync(markerPath(path), { force: true });
}

/** The offer's words: which program, when, how big, that its debugger was killed, and how many more there are. */
export function orphanedTracesMessage(orphaned: readonly OrphanedEditorTrace[]): string {
  const [newest] = orphaned;
  const program = /^editor-(.+)-\d{8}T\d{6}-\d+\.rwd$/.exec(basename(newest.path))?.[1] ?? basename(newest.path);
  const sizeMiB = (newest.sizeBytes / (1 << 20)).toFixed(1);
  const when = new Date(newest.modifiedWallMs).toLocaleString();
  const more = orphaned.length > 1 ? ` ${orphaned.length - 1} older one(s) too.` : '';
  return (
    `Rewind: the debugger recording ${program} was killed (last written ${when}); ` +
    `its recording (${sizeMiB} MiB) was kept.${more} Open it, or delete ${orphaned.length > 1 ? 'them all' : 'it'}?`
  );
}

function ownTraceFolder(): string | undefined {
  const { directory, problem } = privateTraceFolder();
  return problem ? undefined : directory;
}
