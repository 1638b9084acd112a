// A big file's probe table reaches the drain as records of up to 8 MiB each (issue 10 item 2): the
// drain frames each around the buffer it was given (no copy of the payload) and writes a large one
// at once, so a table of 20 records is never held whole in the drain (158 MB for 260,000 lines)
// while the program's thread compiles its code. Small records still wait for the round's one write.
import { afterEach, describe, expect, it } from 'vitest';
import { finalFlush } from '../../../runtime/recorder/ring';
import { recordInThread } from '../../support/recorder/memory';

afterEach(() => finalFlush());

function fileJson(path: string, nameChars: number): Uint8Array {
  const file = {
    path,
    sourceHash: '',
    sourceType: 'commonjs',
    level: 'full',
    probeBase: 1,
    probes: [
      {
        kind: 'write',
        range: { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } },
        functionProbe: -1,
        varName: 'v'.repeat(nameChars),
      },
    ],
  };
  return new Uint8Array(Buffer.from(JSON.stringify(file), 'utf8'));
}

describe('FILE records in the drain', () => {
  it('a large one is written as it comes, its payload the very buffer posted; a small one waits for the round', () => {
    const recording = recordInThread();
    recording.drain.round(); // the PRODUCER record
    const written: Uint8Array[][] = [];
    const write = recording.sink.write.bind(recording.sink);
    recording.sink.write = (chunks) => {
      written.push(chunks);
      write(chunks);
    };
    const small = fileJson('/app/small.js', 10);
    recording.drain.file(small);
    expect(written).toHaveLength(0);
    const large = fileJson('/app/large.js', 2 << 20);
    recording.drain.file(large);
    expect(written).toHaveLength(1);
    // Prefix, payload, checksum — the small one before it, in order; neither payload copied.
    expect(written[0]).toHaveLength(6);
    expect(written[0][1]).toBe(small);
    expect(written[0][4]).toBe(large);
    const trace = recording.finish();
    expect(trace.main.files.map((file) => file.path)).toEqual(['/app/small.js', '/app/large.js']);
    expect(trace.main.files[1].probes[0].varName).toHaveLength(2 << 20);
  });
});
