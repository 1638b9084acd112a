// A deferred recording's re-execution starts no child process: the program (children.cjs) runs
// children through spawnSync, execSync and execFileSync in the deferred run — each appends a line to
// side.txt and prints what world.txt and the clock say —; then the world changes; `rewind expand`
// re-executes it, fed each child's logged outcome, and must leave side.txt as it was (before, every
// child ran again: a second line each) while printing exactly what the deferred run printed (no
// divergence). And the wrappers look like Node's functions (childObserves.cjs). Node 20, 22 and 24.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { expandDeferred } from '../../debug-adapter/recording';
import {
  BOOTLOADER,
  FIXTURES,
  assertBuilt,
  nodeBinaries,
  plainNode,
  scratchDirectory,
  recordDeferred,
} from './harness';

const DEFERRED = join(FIXTURES, 'deferred');

/** What a trace's program printed to a stream, joined (as recorded: a long write is cut). */
function printed(tracePath: string, stream: 'stdout' | 'stderr'): string {
  const contents = readDeferredContents(readTrace(readFileSync(tracePath)).records);
  return contents.printed[stream].map((chunk) => chunk.text).join('');
}

describe.each(nodeBinaries({ node22: true }))(
  'a deferred recording that starts child processes, on $label',
  ({ path: node }) => {
    beforeAll(assertBuilt);
    let scratch: ReturnType<typeof scratchDirectory>;
    afterEach(() => scratch.remove());

    it('re-executes without starting any, fed what each gave the deferred run', async () => {
      scratch = scratchDirectory();
      const program = join(scratch.path, 'children.cjs');
      copyFileSync(join(DEFERRED, 'children.cjs'), program);
      const side = join(scratch.path, 'side.txt');
      writeFileSync(join(scratch.path, 'world.txt'), 'as it was\n');
      const deferred = join(scratch.path, 'd.rwd');
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      const ran = readFileSync(side, 'utf8');
      expect(ran.split('\n').filter(Boolean)).toHaveLength(11);
      // The stdio 'inherit' child wrote to the descriptor itself, past process.stdout: not in the trace.
      expect(recorded.stdout).toContain('inherited\n');
      const deferredStdout = printed(deferred, 'stdout');
      expect(deferredStdout).not.toContain('inherited');
      expect(deferredStdout).toContain('as it was');
      // execSync passed its children's piped stderr on to the program's.
      expect(printed(deferred, 'stderr')).toBe('as it was\nas it was\n');

      // The world changes: a child started again would print this, and add to side.txt.
      writeFileSync(join(scratch.path, 'world.txt'), 'changed since\n');
      const expandedPath = join(scratch.path, 'full.rwd');
      let fed = '';
      const outcome = await expandDeferred({
        deferredPath: deferred,
        outPath: expandedPath,
        bootloaderPath: BOOTLOADER,
        onOutput: (text) => (fed += text),
      });
      expect(outcome.divergence).toBeUndefined();
      expect(readFileSync(side, 'utf8')).toBe(ran);
      // Everything the deferred run printed through process.stdout and stderr, nothing inherited.
      const programStdout = recorded.stdout.replace('inherited\n', '');
      expect(fed.replace(programStdout, '')).toBe('as it was\nas it was\n');
      expect(printed(expandedPath, 'stdout')).toBe(deferredStdout);
      expect(printed(expandedPath, 'stderr')).toBe('as it was\nas it was\n');
      // One logged outcome per call, in the deferred run's log.
      const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
      const sources = log.reads.map((read) => read.source);
      expect(sources.filter((source) => source === ndSourceId('child_process.spawnSync'))).toHaveLength(3);
      expect(sources.filter((source) => source === ndSourceId('child_process.execSync'))).toHaveLength(6);
      expect(sources.filter((source) => source === ndSourceId('child_process.execFileSync'))).toHaveLength(4);
    });

    it('sees the wrapped functions exactly as in a plain run, recorded deferred and re-executed', async () => {
      scratch = scratchDirectory();
      const program = join(scratch.path, 'childObserves.cjs');
      copyFileSync(join(DEFERRED, 'childObserves.cjs'), program);
      const plain = await plainNode([program], { cwd: scratch.path }, node);
      expect(plain.code, plain.stderr).toBe(0);
      const deferred = join(scratch.path, 'd.rwd');
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stdout).toBe(plain.stdout);
      let fed = '';
      const outcome = await expandDeferred({
        deferredPath: deferred,
        outPath: join(scratch.path, 'full.rwd'),
        bootloaderPath: BOOTLOADER,
        onOutput: (text) => (fed += text),
      });
      expect(outcome.divergence).toBeUndefined();
      expect(fed).toBe(plain.stdout);
    });
  },
);
