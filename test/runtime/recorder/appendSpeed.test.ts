// A string built by `+=` records in linear time at `full` (issue 9, docs/PERFORMANCE.md "Strings
// built by appending"): each step is an APPEND of the part, never a WRITE that reads (and so
// flattens, copies) the whole string so far. Measured (load ~9, Node 20): 20,000 appends of a
// 20-character part take 98–143 ms of the program's own time recorded, 94 ms plain, and 79,291 ms
// with a WRITE per step (main before the APPEND event): the bound below is 100x the first and
// 5x below the last even unloaded; the program stops itself there (exit code 3) rather than run on.
import { describe, expect, it } from 'vitest';
import { EventKind, Ext, holdsEvents, decodeEventWords, eventEnd } from '../../../runtime/format';
import { recordSource } from '../../support/recordSource';

const APPENDS = 20_000;
const BOUND_MS = 15_000;

const PROGRAM = `
const start = performance.now();
let s = '';
for (let i = 0; i < ${APPENDS}; i++) {
  s += 'abcdefghijklmnopqrs' + (i % 10);
  if (i % 500 === 0 && performance.now() - start > ${BOUND_MS}) {
    console.error('too slow: ' + i + ' appends in ' + Math.round(performance.now() - start) + ' ms');
    process.exitCode = 3; // recordSource expects 0 and shows this stderr
    break;
  }
}
console.log(s.length);
`;

describe('strings built by appending', () => {
  it(`records ${APPENDS} appends as APPEND events, well within ${BOUND_MS} ms`, async () => {
    const { records } = await recordSource(PROGRAM);
    let appends = 0;
    const appendHeader = (Ext.APPEND << 4) | EventKind.EXT;
    for (const record of records) {
      if (!holdsEvents(record.type)) continue;
      const words = decodeEventWords(record);
      for (let at = 0; at < words.length; at = eventEnd(words, at)) if (words[at] === appendHeader) appends++;
    }
    expect(appends).toBe(APPENDS);
  }, 60_000);
});
