// Which opens a deferred run logs as opens to write (its re-execution gives a read-write scratch
// file): any flag that can change the file — write, append, create, truncate, read-write — in open's
// string and numeric forms. The rest are opens to read (a read-only scratch file at re-execution).
import { constants } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { opensToWrite } from '../../../runtime/recorder/nondeterminismOpens';

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_SYNC } = constants;

describe('opensToWrite', () => {
  it.each([
    [undefined, false],
    ['r', false],
    ['rs', false],
    ['sr', false],
    [O_RDONLY, false],
    [O_RDONLY | O_SYNC, false],
    ['r+', true],
    ['rs+', true],
    ['w', true],
    ['wx', true],
    ['w+', true],
    ['a', true],
    ['ax', true],
    ['as+', true],
    [O_WRONLY, true],
    [O_RDWR, true],
    [O_RDONLY | O_CREAT, true],
    [O_RDONLY | O_TRUNC, true],
    [O_WRONLY | O_APPEND, true],
  ])('%s → %s', (flags, writes) => {
    expect(opensToWrite(flags)).toBe(writes);
  });
});
