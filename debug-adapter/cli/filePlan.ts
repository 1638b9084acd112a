// Per-file recording levels as a trace tells them (its FILE records): what each file was recorded
// at — full, calls, or none (ran unrecorded) — and why (breakpoint, focus glob, default…), for
// `rewind info`. Knows the trace format only; a file loaded twice lists its first level.
import { RecordType, TraceFormatError, decodeFile, type TraceContents } from '../../runtime/format';

export interface FileLevel {
  path: string;
  level: 'full' | 'calls' | 'none';
  /** Absent in traces recorded before the planner (one level for every file). */
  reason?: string;
}

export function fileLevelsOf(trace: TraceContents): FileLevel[] {
  const byPath = new Map<string, FileLevel>();
  for (const record of trace.records) {
    if (record.type !== RecordType.FILE) continue;
    try {
      const file = decodeFile(record);
      if (byPath.has(file.path)) continue;
      const level = file.level === 'calls' || file.level === 'none' ? file.level : 'full';
      byPath.set(file.path, typeof file.reason === 'string' ? { path: file.path, level, reason: file.reason } : { path: file.path, level });
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error; // the summary reports damaged records
    }
  }
  return [...byPath.values()];
}

/** `  full   /abs/a.js  (breakpoint)`: one line per file, under info's `files` heading. */
export function fileLevelLines(levels: readonly FileLevel[]): string[] {
  return levels.map((file) => `  ${file.level.padEnd(5)}  ${file.path}${file.reason ? `  (${file.reason})` : ''}`);
}
