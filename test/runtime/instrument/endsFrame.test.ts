// Which returns end their frame (format 3, issue 9 §1 "EXIT only where needed"): a RETURN with no
// code able to run before its function exits calls `r` and its probe says endsFrame, so the
// recorder skips the EXIT; one inside try…finally, for…of, a `using` block or an async generator
// calls `rf`, and its EXIT is still written.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';

/** For each `return` probe in source order: its line (1-based) and whether it ends its frame. */
function returns(source: string): Array<{ line: number; endsFrame: boolean; call: string }> {
  const result = instrument(source, { filename: '/t/returns.js' });
  if (!result) throw new Error('not instrumented');
  const calls = [...result.code.matchAll(/\$rw\$(rf?)\(\s*(\d+),/g)].map((match) => ({
    method: match[1],
    id: Number(match[2]),
  }));
  return result.probes.probes.flatMap((probe, id) => {
    if (probe.kind !== 'return') return [];
    const call = calls.find((candidate) => candidate.id === id);
    return [{ line: probe.range.start.line1, endsFrame: probe.endsFrame === true, call: call?.method ?? '?' }];
  });
}

describe('returns that end their frame', () => {
  it('a plain return, an arrow body and the implicit end of a body end their frame (r)', () => {
    const source = [
      'function f(a) {',
      '  if (a) return 1;',
      '  const g = () => a;',
      '  return g();',
      '}',
      'function h() {}',
      'f(1); h();',
    ].join('\n');
    const found = returns(source);
    // f's two returns and its implicit end, the arrow's expression body, h's implicit end.
    expect(found).toHaveLength(5);
    expect(found.every((entry) => entry.endsFrame && entry.call === 'r')).toBe(true);
  });

  it('code can still run after a return in a try with a finally, a catch with a finally, a for…of body, a using block, an async generator (rf)', () => {
    const source = [
      'function a() { try { return 1; } finally { log(); } }',
      'function b() { try { x(); } catch { return 2; } finally { log(); } }',
      'function c(items) { for (const item of items) { return item; } }',
      'function d(items) { for (const item of items) return item; }',
      'async function e(items) { for await (const item of items) { return item; } }',
      'async function* f() { return 6; }',
      'function g() { { using r = open(); return 7; } }',
      'function h() { try { x(); } finally { return 8; } }',
      'function i() { try { return 9; } catch { } }',
      'function j() { try { } finally { const k = () => { return 10; }; } }',
    ].join('\n');
    const byLine = new Map<number, string[]>();
    for (const entry of returns(source))
      byLine.set(entry.line, [...(byLine.get(entry.line) ?? []), `${entry.call}${entry.endsFrame ? ' ends' : ''}`]);
    // Each line: the implicit end-of-body return (r, ends) and the explicit one.
    expect(Object.fromEntries(byLine)).toEqual({
      1: ['r ends', 'rf'],
      2: ['r ends', 'rf'],
      3: ['r ends', 'rf'],
      4: ['r ends', 'rf'],
      5: ['r ends', 'rf'],
      6: ['r ends', 'rf'],
      7: ['r ends', 'rf'],
      8: ['r ends', 'r ends'], // a return in the finally block itself: nothing runs after it
      9: ['r ends', 'r ends'], // try…catch without finally: a return skips the catch
      10: ['r ends', 'r ends', 'r ends'], // the arrow's own return is outside any try of its own function
    });
  });

  it('a CommonJS top-level return keeps the module EXIT right after it (rf)', () => {
    expect(returns('if (true) return;\nlog();')).toEqual([{ line: 1, endsFrame: false, call: 'rf' }]);
  });
});
