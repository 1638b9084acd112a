// A deferred recording's fs.statfs calls (sync, callback, promise; numbers and bigints; a failure)
// are logged and fed: before format 3.16 they were not, so a re-execution asked the disk again and
// saw other free counts, or a failure where the deferred run had a value. statfs.cjs prints what it
// got; between the deferred run and the expansion the folder it asks about is removed and the
// missing path it asks about is made, so every answer the disk would now give differs. The
// expansion must print what the deferred run printed, with no divergence. Node 20 and 24.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { FIXTURES, assertBuilt, nodeBinaries, plainNode, rewind, scratchDirectory, expandPrinting } from './harness';

/** The program's own lines of a recorded run's stdout. */
const printed = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => line !== '' && !line.startsWith('[rewind]'));

describe.each(nodeBinaries())('a deferred recording that asks fs.statfs, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('feeds every statfs form its logged StatFs or error, though the disk now answers otherwise', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'statfs.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'statfs.cjs'), program);
    mkdirSync(join(scratch.path, 'data'));
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(['record', '--deferred', '--out', deferred, '--', program], {}, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    const lines = printed(recorded.stdout);
    // A StatFs (its keys differ by Node: 24 adds frsize) of numbers or bigints, then the failure.
    const value = (label: string, type: string): RegExp =>
      new RegExp(`^${label} true true \\["type","bsize",[a-z",]*"ffree"\\] (${type},)+${type}( \\d+){4}$`);
    const expected = ['sync', 'callback', 'promise'].flatMap((form) => [
      value(form, 'number'),
      value(`${form} bigint`, 'bigint'),
      new RegExp(`^${form} missing failed ENOENT true 1$`),
    ]);
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, index) => expect(line).toMatch(expected[index]));
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    const sources = [...log.reads, ...log.asyncReads.values()].map((read) => read.source);
    for (const name of ['fs.statfsSync', 'fs.statfs', 'fs.promises.statfs'] as const)
      expect(sources, name).toContain(ndSourceId(name));

    // Now the folder is gone and the missing path is there: asked again, every answer differs.
    rmSync(join(scratch.path, 'data'), { recursive: true });
    mkdirSync(join(scratch.path, 'missing'));
    const now = await plainNode([program], {}, node);
    expect(now.stderr).toContain("ENOENT: no such file or directory, statfs '");

    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'));
    expect(outcome.divergence).toBeUndefined();
    // The logged counts too (bfree, bavail, ffree move as anything writes the disk): fed, not asked.
    expect(printed(fed)).toEqual(lines);
  });
});
