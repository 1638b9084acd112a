// Recordings are files users keep: a format 3.10 trace, whose probe tables are JSON (fixtures/
// probes-3.10.rwd, written by 3.10's recorder from fixtures/probes-3.10.cjs), still reads with the
// binary tables' reader, to the very probes a 3.11 recording of the same program holds in
// PACKED_PROBES records (needs `npm run build`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordType, readTrace, type RegisteredFile } from '../../../runtime/format';
import { FileParts } from '../../../runtime/format/fileParts';
import { FORMAT_MINOR } from '../../../runtime/format/version';
import { openRecording } from '../../../debug-adapter/replay';
import { recordSourceBytes } from '../../support/recordSource';

const FIXTURES = join(__dirname, 'fixtures');

function tables(bytes: Uint8Array): RegisteredFile[] {
  const parts = new FileParts();
  return readTrace(bytes).records.flatMap((record) => {
    const file = parts.take(record);
    return file ? [file] : [];
  });
}

describe('probe tables of a 3.10 trace and of a 3.11 one', () => {
  const old = new Uint8Array(readFileSync(join(FIXTURES, 'probes-3.10.rwd')));
  const source = readFileSync(join(FIXTURES, 'probes-3.10.cjs'), 'utf8');

  it('the 3.10 fixture holds JSON tables only, and reads to the probes a 3.11 recording of its program holds', async () => {
    const contents = readTrace(old);
    expect(contents.version).toEqual({ major: 3, minor: 10 });
    expect(contents.records.some((record) => record.type === RecordType.PACKED_PROBES)).toBe(false);
    const [before] = tables(old);
    expect(before.probes.length).toBeGreaterThan(40);
    expect(before.packedProbes).toBeUndefined();

    const now = await recordSourceBytes(source);
    expect(readTrace(now).version.minor).toBe(FORMAT_MINOR);
    expect(readTrace(now).records.some((record) => record.type === RecordType.PACKED_PROBES)).toBe(true);
    const after = tables(now).find((file) => file.sourceHash === before.sourceHash);
    expect(after?.packedProbes?.probeCount).toBe(before.probes.length);
    expect(after?.probes).toEqual(before.probes);
  }, 60_000);

  it('the 3.10 fixture opens for replay: a breakpoint in `later` stops there, with no warning about its format', () => {
    const { store, engine } = openRecording(old);
    // (The recorder's own note, its cache's hits, is all.)
    expect(store.notes).toEqual(['instrumentation cache: 0 hits, 1 misses']);
    const [file] = store.files();
    expect(file.path.endsWith('program.js')).toBe(true);
    // Line 15 of probes-3.10.cjs: `return value * 2;`
    expect(engine.setBreakpoints(file.path, [{ line1: 15 }])).toMatchObject([{ verified: true }]);
    expect(engine.open()).toMatchObject({ reason: 'breakpoint' });
    const [top] = engine.stackTrace().frames;
    expect(top).toMatchObject({ name: 'later', source: { line1: 15 } });
  });
});
