// The collector's trace file (editor launches write through it) keeps the disk's reserve
// (runtime/format/diskReserve.ts): the write that would eat into it is refused, said once, and the
// file keeps, whole, what was written before it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceFileSink } from '../../../debug-adapter/recording/traceFileSink';
import type { RecordingError } from '../../../debug-adapter/recording/errors';

const MiB = 1 << 20;
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('TraceFileSink and the disk reserve', () => {
  it('stops at the write that would leave less than 5% free: one failure, the earlier bytes kept', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rewind-sink-'));
    directories.push(directory);
    const path = join(directory, 'trace.rwd');
    let availableBytes = 7 * MiB; // of a 100 MiB disk: 5 MiB is kept
    const failures: RecordingError[] = [];
    const sink = new TraceFileSink(
      path,
      () => {},
      (error) => failures.push(error),
      () => ({ totalBytes: 100 * MiB, availableBytes }),
    );
    const chunk = (fill: number) => new Uint8Array(MiB).fill(fill);
    sink.write(chunk(1));
    availableBytes -= MiB;
    sink.write(chunk(2)); // 6 → 5 MiB: still the reserve
    availableBytes -= MiB;
    sink.write(chunk(3)); // would leave 4 MiB
    sink.write(chunk(4));
    expect(failures.map((failure) => failure.message)).toEqual([
      `[rewind:recording] could not write the trace to ${path}: the disk is nearly full (5.0 MiB free): Rewind stops writing the trace ` +
        'to leave 5.0 MiB to the rest of the machine (5% of the disk, at most 1.0 GiB); the rest of the recording is ' +
        'lost (the program is unaffected)',
    ]);
    expect((await sink.close())?.message).toMatch(/nearly full/);
    const written = readFileSync(path);
    expect(written.length).toBe(2 * MiB);
    expect([written[0], written[2 * MiB - 1]]).toEqual([1, 2]);
  });
});
