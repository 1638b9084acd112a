// A deferred recording's file watchers (fs.watch, fs.watchFile, fs.promises.watch): their events
// depend on what else changed the disk, and a re-execution changes nothing (its writes are fed, not
// performed), so a re-execution that let them through hung waiting for events that never came, or
// saw others. watch.cjs watches a folder with each API, writes files to trigger events and prints
// them; the user then empties the folder; `rewind expand` must not re-execute it wrongly.
// Node 20, 22 and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readDeferredContents, readTrace } from '../../runtime/format';
import { FIXTURES, assertBuilt, nodeBinaries, rewind, scratchDirectory } from './harness';

describe.each(nodeBinaries({ node22: true }))('a deferred recording that watches files, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('is refused by expand, naming the watchers, rather than re-executed without their events', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'watch.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'watch.cjs'), program);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(
      ['record', '--deferred', '--out', deferred, '--', program],
      { cwd: scratch.path },
      node,
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('promises.watch done');
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.unsupported.join('\n')).toMatch(/fs\.watch or fs\.promises\.watch/);
    expect(log.unsupported.join('\n')).toMatch(/fs\.watchFile/);

    rmSync(join(scratch.path, 'watched'), { recursive: true });
    const expanded = await rewind(
      ['expand', deferred, '-o', join(scratch.path, 'f.rwd')],
      { cwd: scratch.path, timeoutMs: 20_000 },
      node,
    );
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toContain('cannot be re-executed faithfully');
    expect(expanded.stderr).toContain('a file watcher was opened');
  });
});
