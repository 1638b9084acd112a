// The re-execution's output check on hand-made printed chunks: equal writes pass, the first
// differing one names its stream and line (counted over the writes before it, several lines a write),
// a write cut in the trace is compared by its recorded start and true length, and what the
// deferred run printed that the re-execution did not is reported at the end.
import { describe, expect, it } from 'vitest';
import { createOutputCheck } from '../../../runtime/recorder/nondeterminismOutput';
import type { PrintedOutput } from '../../../runtime/format';

function check(printed: Partial<PrintedOutput>) {
  const divergences: string[] = [];
  const output = createOutputCheck({ stdout: [], stderr: [], ...printed }, (why) => divergences.push(why));
  return { output, divergences };
}

const chunk = (text: string) => ({ text, length: text.length });

describe('checking a re-execution output against the deferred run', () => {
  it('passes the same writes and names the first differing line, counted across writes', () => {
    const { output, divergences } = check({ stdout: [chunk('one\ntwo\n'), chunk('three\n'), chunk('four\n')] });
    output.wrote(1, 'one\ntwo\n');
    expect(divergences).toEqual([]);
    output.wrote(1, 'THREE\n');
    expect(divergences).toEqual(['stdout line 3 is "THREE", the deferred run printed "three"']);
  });

  it('finds the differing line inside a write of several lines, per stream', () => {
    const { output, divergences } = check({ stdout: [chunk('a\n')], stderr: [chunk('x\ny\nz\n')] });
    output.wrote(1, 'a\n');
    output.wrote(2, 'x\nY\nz\n');
    expect(divergences).toEqual(['stderr line 2 is "Y", the deferred run printed "y"']);
  });

  it('compares a write the trace cut by its recorded start and its true length', () => {
    const long = 'x'.repeat(3000);
    const cut = { text: long.slice(0, 1024), length: long.length };
    const same = check({ stdout: [cut] });
    same.output.wrote(1, long);
    expect(same.divergences).toEqual([]);
    const longer = check({ stdout: [cut] });
    longer.output.wrote(1, `${long}y`);
    expect(longer.divergences).toHaveLength(1);
  });

  it('reports a write the deferred run did not make, and at the end one the re-execution did not', () => {
    const extra = check({});
    extra.output.wrote(1, 'surprise\n');
    expect(extra.divergences).toEqual(['stdout line 1 is "surprise", the deferred run printed nothing more']);
    const short = check({ stdout: [chunk('a\n'), chunk('b\n')] });
    short.output.wrote(1, 'a\n');
    expect(short.output.missing()).toBe('stdout line 2 is missing: the deferred run printed "b" there');
  });
});
