// Fault injection: `rewind record` killed by SIGINT, SIGTERM or SIGHUP (issue 10 item 13). The
// recorded program and everything it started end with it — even a program that ignores the
// signal is SIGKILLed after a grace period — and the trace is left readable, with the program's
// steps in it. Before, the program (or its child) ran on, unrecorded, to its end.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES, infoJson, rewind, scratchDirectory } from '../cli/harness';
import { isAlive, waitUntil } from '../support/polling';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

const TREE = join(FIXTURES, 'tree-ignores-signals.cjs');

describe('killing rewind record ends the recorded program tree', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s to rewind: parent and child end, the trace is readable',
    async (signal) => {
      const out = join(scratch.path, `${signal}.rwd`);
      const pids: number[] = [];
      let signalledAt = 0;
      await rewind(['record', '--out', out, '--', TREE], {
        timeoutMs: 90_000,
        started: (child) => {
          let seen = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            const parent = /parent (\d+)/.exec(seen);
            const kid = /child (\d+)/.exec(seen);
            if (parent && kid && pids.length === 0) {
              pids.push(Number(parent[1]), Number(kid[1]));
              signalledAt = Date.now();
              child.kill(signal);
            }
          });
        },
      });
      expect(pids).toHaveLength(2);
      // Within the grace period (3 s) of the signal, not "to its end" (never, for this program).
      // Counted from the signal: start-up alone took 20+ s at load average 32 on 2 cores.
      expect(Date.now() - signalledAt).toBeLessThan(15_000);
      expect(
        await waitUntil(() => pids.every((pid) => !isAlive(pid)), 5000),
        `pids ${pids.join(', ')} still alive`,
      ).toBe(true);
      const info = await infoJson(out);
      expect(info.steps).toBeGreaterThan(0);
      expect(info.producers.length).toBeGreaterThanOrEqual(1);
    },
    120_000,
  );
});
