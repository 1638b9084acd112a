// Per-file recording levels as a trace tells them (its FILE records): what each file was recorded
// at — full, calls, or none (ran unrecorded) — and why (breakpoint, focus glob, default…), for
// `rewind info`. Knows the trace format only; a file loaded twice lists its first level.
import { RecordType, TraceFormatError, decodeFile, type TraceRecord } from '../../runtime/format';

export interface FileLevel {
  path: string;
  level: 'full' | 'calls' | 'none';
  /** Absent in traces recorded before the planner (one level for every file). */
  reason?: string;
}

/** Collected one record at a time (a streamed trace). */
export class FileLevels {
  private readonly byPath = new Map<string, FileLevel>();

  observe(record: TraceRecord): void {
    if (record.type !== RecordType.FILE) return;
    try {
      const file = decodeFile(record);
      if (this.byPath.has(file.path)) return;
      const level = file.level === 'calls' || file.level === 'none' ? file.level : 'full';
      this.byPath.set(
        file.path,
        typeof file.reason === 'string' ? { path: file.path, level, reason: file.reason } : { path: file.path, level },
      );
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error; // the summary reports damaged records
    }
  }

  levels(): FileLevel[] {
    return [...this.byPath.values()];
  }
}

/** `  full   /abs/a.js  (breakpoint)`: one line per file, under info's `files` heading. */
export function fileLevelLines(levels: readonly FileLevel[]): string[] {
  return levels.map((file) => `  ${file.level.padEnd(5)}  ${file.path}${file.reason ? `  (${file.reason})` : ''}`);
}
