// Fault injection: the disk fills while `rewind record` writes the trace (issue 10 item 12, TR-10).
// The program is unaffected and `record` must not claim "recording saved" for a file that holds
// only a prefix. The recording stops while the disk still has its reserve free (diskReserve.ts:
// 5% here), not when a write fails; the failing write itself is pinned with /dev/full
// (passthrough.test.ts, ring.test.ts). The temp folder is a 4 MiB tmpfs: mounted here when the tests run as root (the
// CI does), else mounted inside a user and mount namespace of `rewind record`'s own (`unshare`,
// util-linux), so a fresh clone run by a normal user injects the fault too; as root both ways run.
// Where neither can mount (no root, user namespaces disabled), the test fails and says so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveBytes } from '../../runtime/format';
import { assertBuilt, CLI, rewind, run, type RunResult } from '../cli/harness';

const base = mkdtempSync(join(tmpdir(), 'rewind-enospc-'));
const small = join(base, 'tmpfs');
const TMPFS = ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs'];
type Mount = 'here' | 'namespace';
const mounts: Mount[] = [];

function succeeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  assertBuilt();
  mkdirSync(small);
  if (succeeds('mount', [...TMPFS, small])) mounts.push('here');
  if (succeeds('unshare', ['--user', '--map-root-user', '--mount', 'mount', ...TMPFS, small])) mounts.push('namespace');
});
afterAll(() => {
  if (mounts.includes('here')) execFileSync('umount', [small]);
});

/** `rewind record -- program` with TMPDIR on the small tmpfs, wherever it is mounted. */
function recordOnSmallDisk(program: string, mount: Mount): Promise<RunResult> {
  const options = { env: { TMPDIR: small }, timeoutMs: 90_000 };
  if (mount === 'here') return rewind(['record', '--', program], options);
  // The mount lives as long as the namespace: `rewind record` runs inside it.
  const script = 'mount "$1" "$2" "$3" "$4" "$5" "$6" && shift 6 && exec "$@"';
  const node = [process.execPath, CLI, 'record', '--', program];
  return run(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', ...TMPFS, small, ...node],
    options,
  );
}

describe('disk full while recording', () => {
  it('the program finishes, record says the trace is incomplete and never "recording saved"', async () => {
    expect(mounts, 'needs root or user namespaces (unshare) to mount a small tmpfs').not.toEqual([]);
    for (const mount of mounts) await expectDiskFullHandled(mount);
  }, 240_000);
});

/** The fault itself, through one way of mounting the small disk. */
async function expectDiskFullHandled(mount: Mount): Promise<void> {
  const program = join(base, 'writes.js');
  writeFileSync(program, "let total = 0;\nfor (let i = 0; i < 300000; i++) total += i;\nconsole.log('done', total);\n");
  const result = await recordOnSmallDisk(program, mount);
  const stderr = `${mount}: ${result.stderr}`;
  expect(result.code, stderr).toBe(0);
  expect(result.stdout, stderr).toBe('done 44999850000\n');
  expect(stderr).toMatch(
    /could not write the trace to .*: the disk is nearly full \(\d+\.\d MiB free\): Rewind stops writing the trace to leave 0\.2 MiB/,
  );
  expect(stderr).toMatch(/the recording is incomplete: .* holds only what was written before the error/);
  expect(stderr).not.toContain('recording saved');
  if (mount !== 'here') return; // the namespace's mount ended with it
  // The machine keeps its reserve (5% of 4 MiB), give or take the last write before the check.
  const space = statfsSync(small);
  expect(space.bavail * space.bsize, stderr).toBeGreaterThanOrEqual(
    reserveBytes(space.blocks * space.bsize) - (16 << 10),
  );
}
