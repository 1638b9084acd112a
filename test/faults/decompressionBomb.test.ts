// Fault injection: decompression bombs (issue 10 item 6). Compressed records that inflate hugely
// must be bounded per record (the format's 64 MiB) and in total (inflationBudget), so a small
// file cannot take `rewind info` or the adapter to gigabytes: reading stops at the record that
// breaks the bound, names it, and keeps the valid prefix.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTraceFile } from '../../debug-adapter/recording';
import { MAX_RECORD_PAYLOAD, RecordFlag, readTrace } from '../../runtime/format';
import { assertBuilt, rewind, scratchDirectory } from '../cli/harness';
import { buildTrace, endRecord, type TestRecord } from '../support/traceFile';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

/** A record of an unknown type (readers skip it) whose payload inflates to `bytes` zero bytes. */
function bomb(bytes: number): TestRecord {
  return { type: 200, flags: RecordFlag.DEFLATE, payload: deflateRawSync(Buffer.alloc(bytes)) };
}

const nodeInflate = (input: Uint8Array, maxOutputBytes: number) =>
  inflateRawSync(input, { maxOutputLength: Math.max(1, maxOutputBytes) });

describe('compressed records are bounded', () => {
  it('in total: the record that would pass the budget ends the read, the records before it stay', () => {
    const bytes = buildTrace([bomb(400_000), bomb(400_000), bomb(400_000), endRecord()]);
    const trace = readTrace(bytes, { inflate: nodeInflate, maxInflatedBytes: 1_000_000 });
    expect(trace.records).toHaveLength(2);
    expect(trace.error?.message).toMatch(
      /compressed record inflates past the 1000000 bytes allowed for all compressed records \(a decompression bomb\?\)/,
    );
    expect(trace.complete).toBe(false);
  });

  it('an inflater that ignores the bound is still refused', () => {
    const bytes = buildTrace([bomb(2_000_000), endRecord()]);
    const trace = readTrace(bytes, { inflate: (input) => inflateRawSync(input), maxInflatedBytes: 1_000_000 });
    expect(trace.records).toHaveLength(0);
    expect(trace.error?.message).toMatch(/decompression bomb/);
  });

  it('per record: one record inflating past 64 MiB is refused without inflating it all', () => {
    const path = join(scratch.path, 'one-bomb.rwd');
    writeFileSync(path, buildTrace([bomb(MAX_RECORD_PAYLOAD + 4096), endRecord()]));
    const trace = readTraceFile(path);
    expect(trace.records).toHaveLength(0);
    expect(trace.error?.message).toMatch(/inflates past the record limit of 67108864 bytes/);
  });

  it('rewind info on a ~0.7 MB file of records inflating to 60 MiB each: refused past 256 MiB, exit 2, a warning naming it', async () => {
    const path = join(scratch.path, 'many-bombs.rwd');
    // One bomb deflated once and repeated: deflating 12 × 60 MiB in the test took most of a 60 s
    // timeout at load average 32 on 2 cores, before `info` even ran.
    const one = bomb(60 * 1024 * 1024);
    const records = Array.from({ length: 12 }, () => one);
    writeFileSync(path, buildTrace([...records, endRecord()]));
    const result = await rewind(['info', path], { timeoutMs: 110_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /compressed record inflates past the 268435456 bytes allowed for all compressed records \(a decompression bomb\?\) at byte offset \d+/,
    );
  }, 120_000);
});
