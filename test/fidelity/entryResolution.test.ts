// Issue 14 item 9: `rewind record` accepts every entry `node` accepts — an extensionless file, a
// path Node completes with an extension, a folder with a package.json "main" — and records the
// file Node runs. Plain vs recorded through the CLI on each Node binary.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const ENTRIES = join(REPO_ROOT, 'test', 'fixtures', 'entries');
const CASES = [
  { entry: 'bin/tool', runs: 'bin/tool' },
  { entry: 'bin/other', runs: 'bin/other.js' },
  { entry: 'pkg', runs: 'pkg/main.js' },
];

describe.each(nodeBinaries())('entry resolution on $label', ({ path: nodeBinary }) => {
  it.each(CASES)('records `$entry` as node runs it', ({ entry, runs }) => {
    const run = runPlainAndRecorded(nodeBinary, join(ENTRIES, entry), ['you']);
    try {
      expect(run.plain.status).toBe(0);
      expect(run.recorded.stderr).toBe(run.plain.stderr);
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.recorded.status).toBe(0);
      const info = spawnSync(process.execPath, [CLI, 'info', '--json', run.tracePath], { encoding: 'utf8' });
      expect(info.status, info.stderr).toBe(0);
      expect((JSON.parse(info.stdout) as { files: string[] }).files).toEqual([join(ENTRIES, runs)]);
    } finally {
      run.cleanup();
    }
  });

  it('still refuses an entry node cannot find', () => {
    const result = spawnSync(nodeBinary, [CLI, 'record', '--out', '/dev/null', '--', join(ENTRIES, 'missing')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot find the script ${join(ENTRIES, 'missing')}`);
  });
});
