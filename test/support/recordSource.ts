// Test support: records a program given as source text with the built recorder (dist/bootloader.js)
// into a scratch directory and returns the root producer's records, for tests that read the event
// stream itself, or the whole trace file, for tests that open it as a recording. The scratch
// directory is gone when the promise settles. Knows the launcher, not events.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { readTrace, type TraceRecord } from '../../runtime/format';
import { launchRecorded, recorderSettings } from '../../debug-adapter/recording';

const REPO = resolve(__dirname, '../..');

export interface RecordedSource {
  /** Where the program was (its FILE record names this path). */
  programPath: string;
  /** Producer 0's records, in file order. */
  records: TraceRecord[];
}

export async function recordSource(source: string, level: 'full' | 'calls' = 'full'): Promise<RecordedSource> {
  let programPath = '';
  const bytes = await recordSourceBytes(source, level, (path) => (programPath = path));
  const records = readTrace(bytes).records.filter((record) => record.producerId === 0);
  return { programPath, records };
}

/** The whole trace file of `source` recorded at `level` (for tests that open it as a recording). */
export async function recordSourceBytes(
  source: string,
  level: 'full' | 'calls' = 'full',
  onProgramPath?: (programPath: string) => void,
  /**
   * Recorder attributes passed as a launch would (e.g. objectShapes: false, format 3.12), and
   * explicitEvents: format 3.11's frame words instead of compact ones (format/compactEvents.ts).
   */
  options: { objectShapes?: boolean; explicitEvents?: boolean } = {},
): Promise<Uint8Array> {
  const { explicitEvents, ...attributes } = options;
  const directory = mkdtempSync(join(tmpdir(), 'rewind-source-'));
  try {
    const programPath = join(directory, 'program.js');
    onProgramPath?.(programPath);
    writeFileSync(programPath, source);
    const out = join(directory, 'trace.rwd');
    const launched = launchRecorded({
      program: programPath,
      cwd: directory,
      bootloaderPath: join(REPO, 'dist/bootloader.js'),
      stdio: 'pipe',
      settings: {
        ...recorderSettings({ root: directory, outFile: out, sessionId: 'source', level, ...attributes }),
        ...(explicitEvents ? { explicitEvents: true } : {}),
      },
    });
    let stderr = '';
    launched.child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await launched.exited, stderr).toEqual({ code: 0, signal: null });
    return readFileSync(out);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
