// A deferred recording's file watchers (fs.watch, fs.watchFile, fs.promises.watch): their events
// depend on what else changed the disk, and a re-execution changes nothing (its writes are fed, not
// performed), so a re-execution that let them through hung waiting for events that never came, or
// saw others. watch.cjs watches a folder with each API, writes files to trigger events, prints them
// and closes each watcher; the user then removes the folder (and makes the path whose absence
// failed a watch); the expansion must print what the deferred run printed (no divergence), in
// time. Which events a write gives differs by platform and Node, so the fed run is compared with
// the logged one, never with a fixed list. Node 20, 22 and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import {
  FIXTURES,
  assertBuilt,
  nodeBinaries,
  plainNode,
  scratchDirectory,
  expandPrinting,
  recordDeferred,
} from './harness';

/** The lines that show how the watchers' handles look to the program (not which events came). */
const looks = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => /^(start looks|stat handle looks|watch missing)/.test(line));

describe.each(nodeBinaries({ node22: true }))(
  'a deferred recording that watches files, on $label',
  ({ path: node }) => {
    beforeAll(assertBuilt);
    let scratch: ReturnType<typeof scratchDirectory>;
    afterEach(() => scratch.remove());

    it('feeds every watcher its logged events at their turns, through the objects the program holds', async () => {
      scratch = scratchDirectory();
      const program = join(scratch.path, 'watch.cjs');
      copyFileSync(join(FIXTURES, 'deferred', 'watch.cjs'), program);
      const plain = await plainNode([program], { cwd: scratch.path }, node);
      expect(plain.code, plain.stderr).toBe(0);
      rmSync(join(scratch.path, 'watched'), { recursive: true });

      const deferred = join(scratch.path, 'd.rwd');
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stdout).toContain('promises.watch done');
      // The handles look the same to the program whether it is recorded or not.
      expect(looks(recorded.stdout)).toEqual(looks(plain.stdout));
      expect(looks(recorded.stdout)).toHaveLength(3);
      const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
      expect(log.unsupported).toEqual([]);
      const sources = [...log.reads, ...log.asyncReads.values()].map((read) => read.source);
      for (const name of ['FSEvent.start', 'FSEvent.onchange', 'StatWatcher.start', 'StatWatcher.onchange'] as const)
        expect(sources, name).toContain(ndSourceId(name));

      // Afterwards nothing the watchers saw is there, and the watch that failed would now succeed.
      rmSync(join(scratch.path, 'watched'), { recursive: true });
      mkdirSync(join(scratch.path, 'watched', 'missing'), { recursive: true });
      // A re-execution left waiting for events nothing triggers never ends: that is the failure.
      const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), {
        timeoutMs: 40_000,
      });
      expect(outcome.divergence).toBeUndefined();
      expect(fed).toBe(recorded.stdout);
    }, 90_000);
  },
);
