// Fault injection: the debug adapter is SIGKILLed while it records a program that started
// children (issue 10 item 8, DAP-10). No cleanup can run in the adapter, yet the program, its
// children (one of them in a process group of its own) and their children must all end within a
// few seconds, instead of living on reparented to init.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawAdapter } from '../debug-adapter/dap/support/rawAdapter';
import { isAlive, waitUntil } from '../support/polling';

const PROGRAM = `
const { spawn } = require('node:child_process');
const role = process.argv[2] || 'root';
console.log(role + ' ' + process.pid);
if (role === 'root') {
  spawn(process.execPath, [__filename, 'child'], { stdio: 'inherit' });
  spawn(process.execPath, [__filename, 'detached'], { stdio: 'inherit', detached: true });
}
if (role === 'child') spawn(process.execPath, [__filename, 'grandchild'], { stdio: 'inherit' });
let ticks = 0;
setInterval(() => { ticks++; }, 50);
`;

let adapter: RawAdapter | undefined;
let pids: number[] = [];
afterEach(() => {
  adapter?.kill();
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL'); // never leave a failed run's tree behind
});

describe('SIGKILL of the adapter', () => {
  it('ends the recorded program and all its descendants within a few seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rewind-orphans-'));
    writeFileSync(join(dir, 'tree.js'), PROGRAM);
    adapter = new RawAdapter();
    adapter.send({
      seq: 1,
      type: 'request',
      command: 'initialize',
      arguments: { adapterID: 'rewind', pathFormat: 'path' },
    });
    adapter.send({
      seq: 2,
      type: 'request',
      command: 'launch',
      arguments: { program: join(dir, 'tree.js'), cwd: dir },
    });
    adapter.send({ seq: 3, type: 'request', command: 'configurationDone' });
    const printed = () =>
      adapter!.messages
        .filter((message) => message.event === 'output')
        .map((message) => (message.body as { output: string }).output)
        .join('');
    await adapter.until(
      () => ['root', 'child', 'detached', 'grandchild'].every((role) => new RegExp(`${role} \\d+`).test(printed())),
      20_000,
    );
    pids = ['root', 'child', 'detached', 'grandchild'].map((role) =>
      Number(new RegExp(`${role} (\\d+)`).exec(printed())![1]),
    );
    expect(pids.every(isAlive)).toBe(true);
    adapter.kill();
    await waitUntil(() => !pids.some(isAlive), 5000, 100);
    expect(pids.filter(isAlive), `still alive of ${pids.join(', ')}`).toEqual([]);
  });
});
