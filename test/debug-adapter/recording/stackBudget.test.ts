// The recorded program's V8 stack budget (INS-20): given only where the OS stack leaves ample room,
// never over the user's own --stack-size, only for Node itself.
import { describe, expect, it } from 'vitest';
import { isNodeBinary, softStackLimitBytes, stackBudgetArgument } from '../../../debug-adapter/recording/stackBudget';

const limits = (soft: string) =>
  `Limit                     Soft Limit           Hard Limit           Units\nMax stack size            ${soft}              unlimited            bytes\n`;

describe('stack budget', () => {
  it('reads the soft stack limit', () => {
    expect(softStackLimitBytes(limits('8388608'))).toBe(8388608);
    expect(softStackLimitBytes(limits('unlimited'))).toBe(Infinity);
    expect(softStackLimitBytes(undefined)).toBeUndefined();
  });

  it('gives 1.5x V8 default budget under an 8 MiB OS stack, nothing under a small one or an unknown one', () => {
    expect(stackBudgetArgument([], limits('8388608'))).toBe('--stack-size=1722');
    expect(stackBudgetArgument([], limits('unlimited'))).toBe('--stack-size=1722');
    expect(stackBudgetArgument([], limits('2097152'))).toBeUndefined();
    expect(stackBudgetArgument([], 'Limit  Soft Limit  Hard Limit  Units\n')).toBeUndefined(); // no stack line: unknown
  });

  it("never overrides the user's own --stack-size", () => {
    expect(stackBudgetArgument(['--stack-size=500'], limits('8388608'))).toBeUndefined();
  });

  it('only for Node itself', () => {
    expect(isNodeBinary(undefined)).toBe(true);
    expect(isNodeBinary(process.execPath)).toBe(true);
    expect(isNodeBinary('/usr/local/bin/node')).toBe(true);
    expect(isNodeBinary('/usr/bin/bun')).toBe(false);
  });
});
