// Fault injection: the disk fills while `rewind record` writes the trace (issue 10 item 12, TR-10).
// The program is unaffected and `record` must not claim "recording saved" for a file that holds
// only a prefix. Mounts a 64 KiB tmpfs as the temp folder (the CI runs as root; elsewhere mount
// fails and the test says so).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, rewind } from '../cli/harness';

const base = mkdtempSync(join(tmpdir(), 'rewind-enospc-'));
const small = join(base, 'tmpfs');
let mounted = false;

beforeAll(() => {
  assertBuilt();
  mkdirSync(small);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [small]);
});

describe('disk full while recording', () => {
  it('the program finishes, record says the trace is incomplete and never "recording saved"', async () => {
    expect(mounted, 'needs root to mount a small tmpfs').toBe(true);
    const program = join(base, 'writes.js');
    writeFileSync(
      program,
      "let total = 0;\nfor (let i = 0; i < 300000; i++) total += i;\nconsole.log('done', total);\n",
    );
    const result = await rewind(['record', '--', program], { env: { TMPDIR: small }, timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('done 44999850000\n');
    expect(result.stderr).toMatch(/could not write the trace to .*ENOSPC/);
    expect(result.stderr).toMatch(/the recording is incomplete: .* holds only what was written before the error/);
    expect(result.stderr).not.toContain('recording saved');
  });
});
