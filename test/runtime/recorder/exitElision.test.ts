// EXIT only where needed (format 3, issue 9 §1): the real recorder writes no EXIT after a RETURN
// whose probe ends its frame, and still writes one for a frame that leaves by a throw (even right
// after a callee's skipped EXIT, with no event between) or returns before a `finally`.
import { describe, expect, it } from 'vitest';
import {
  EventKind,
  holdsEvents,
  decodeEventWords,
  eventEnd,
  headerKind,
  headerProbe,
  type RegisteredFile,
} from '../../../runtime/format';
import { FileParts } from '../../../runtime/format/fileParts';
import { recordSource } from '../../support/recordSource';

const PROGRAM = `'use strict';
function twice(value) { return value * 2; }
function thrower() { return null.x; }
function callsThenThrows() { twice(5); return null.y; }
function caught() { try { thrower(); } catch { return twice(1); } }
function guarded() { try { return twice(2); } finally { twice(3); } }
twice(0);
caught();
try { callsThenThrows(); } catch { /* expected */ }
guarded();
`;

/** ENTER and EXIT counts per function name, producer 0. */
async function frameEvents(
  level: 'full' | 'calls',
): Promise<Map<string, { enter: number; exit: number; ret: number }>> {
  const { programPath: program, records } = await recordSource(PROGRAM, level);
  const parts = new FileParts();
  const file = records
    .map((record) => parts.take(record))
    .find((candidate): candidate is RegisteredFile => candidate?.path === program);
  if (!file) throw new Error('no FILE record for the program');
  const nameOf = (probe: number): string => {
    const info = file.probes[probe - file.probeBase];
    const fn = info.kind === 'function' || info.kind === 'module' ? info : file.probes[info.functionProbe];
    return fn.functionName ?? '?';
  };
  const counts = new Map<string, { enter: number; exit: number; ret: number }>();
  const count = (probe: number, key: 'enter' | 'exit' | 'ret') => {
    const name = nameOf(probe);
    const entry = counts.get(name) ?? { enter: 0, exit: 0, ret: 0 };
    entry[key]++;
    counts.set(name, entry);
  };
  for (const record of records) {
    if (!holdsEvents(record.type)) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      const kind = headerKind(words[at]);
      if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS) count(headerProbe(words[at]), 'enter');
      else if (kind === EventKind.EXIT) count(headerProbe(words[at]), 'exit');
      else if (kind === EventKind.RETURN) count(headerProbe(words[at]), 'ret');
    }
  }
  return counts;
}

describe.each(['full', 'calls'] as const)('EXIT events at level %s', (level) => {
  it('none after a RETURN that ends its frame; one for each throw and each return before a finally', async () => {
    const counts = await frameEvents(level);
    expect(Object.fromEntries(counts)).toEqual({
      '<module>': { enter: 1, exit: 1, ret: 0 },
      twice: { enter: 5, exit: 0, ret: 5 },
      thrower: { enter: 1, exit: 1, ret: 0 },
      // twice's EXIT was skipped just before this frame threw with no event between: its own EXIT stays.
      callsThenThrows: { enter: 1, exit: 1, ret: 0 },
      caught: { enter: 1, exit: 0, ret: 1 },
      guarded: { enter: 1, exit: 1, ret: 1 },
    });
  });
});
