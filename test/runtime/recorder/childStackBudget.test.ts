// Which spawns get the recording's stack budget (issue 14 item 7): recorded Node children only,
// never over a stack size the program chose, without touching the options the program passed.
import { afterEach, describe, expect, it } from 'vitest';
import { budgetedOptions } from '../../../runtime/recorder/childStackBudget';

const ARG = '--stack-size=1722';
const ENV_NAME = 'REWIND_ADDED_EXEC_ARG';
const EXEC_PATH = '/opt/node/bin/node';
const BOOTLOADER = '/opt/rewind/dist/bootloader.js';
const budget = { addedArg: ARG, envName: ENV_NAME, execPath: EXEC_PATH, bootloaderFile: BOOTLOADER };
const recorded = [`NODE_OPTIONS=--require ${BOOTLOADER}`, 'HOME=/root'];

describe('budgetedOptions', () => {
  afterEach(() => {
    delete (Array.prototype as unknown as Record<string, unknown>)['1'];
  });

  it('adds the budget as the first Node argument and the variable that hides it, on a copy', () => {
    const options = { file: EXEC_PATH, args: ['node', 'child.js', 'x'], envPairs: recorded, cwd: '/tmp' };
    const budgeted = budgetedOptions(options, budget);
    expect(budgeted).toEqual({
      file: EXEC_PATH,
      args: ['node', ARG, 'child.js', 'x'],
      envPairs: [...recorded, `${ENV_NAME}=${ARG}`],
      cwd: '/tmp',
    });
    expect(options.args).toEqual(['node', 'child.js', 'x']);
    expect(options.envPairs).toBe(recorded);
    expect(Array.isArray(budgeted?.args)).toBe(true);
  });

  it('recognises Node by the running executable or by the name node', () => {
    expect(
      budgetedOptions({ file: '/usr/bin/node', args: ['node', 'a.js'], envPairs: recorded }, budget),
    ).toBeDefined();
    expect(budgetedOptions({ file: 'node', args: ['node', 'a.js'], envPairs: recorded }, budget)).toBeDefined();
    expect(
      budgetedOptions({ file: '/bin/sh', args: ['/bin/sh', '-c', 'node a.js'], envPairs: recorded }, budget),
    ).toBeUndefined();
    expect(
      budgetedOptions({ file: '/usr/bin/nodemon', args: ['nodemon'], envPairs: recorded }, budget),
    ).toBeUndefined();
  });

  it('leaves unrecorded children and a stack size the program chose alone', () => {
    expect(
      budgetedOptions({ file: EXEC_PATH, args: ['node', 'a.js'], envPairs: ['NODE_OPTIONS=', 'HOME=/root'] }, budget),
    ).toBeUndefined();
    expect(
      budgetedOptions({ file: EXEC_PATH, args: ['node', '--stack-size=4000', 'a.js'], envPairs: recorded }, budget),
    ).toBeUndefined();
    expect(budgetedOptions({ file: EXEC_PATH, args: 'node a.js', envPairs: recorded }, budget)).toBeUndefined();
  });

  it('runs no setter the program put on Array.prototype', () => {
    let calls = 0;
    Object.defineProperty(Array.prototype, '1', {
      set() {
        calls++;
      },
      configurable: true,
    });
    const budgeted = budgetedOptions({ file: EXEC_PATH, args: ['node', 'a.js'], envPairs: recorded }, budget);
    expect(calls).toBe(0);
    expect(Object.getOwnPropertyDescriptor(budgeted?.args, '1')?.value).toBe(ARG);
  });
});
