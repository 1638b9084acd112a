// A deferred recording's re-execution writes nothing to disk: the program (writes.cjs) changes the
// disk in every way fs offers — whole-file writes, appends, directories made and removed, renames,
// copies, links, modes, times, files opened to write, a write stream, a FileHandle — in the deferred
// run; then the user changes things; `rewind expand` re-executes it, fed what each write gave the
// deferred run, and must leave every file as the user left it (before, it appended to logs again,
// re-created removed files and overwrote edited ones) while printing exactly what the deferred run
// printed (the output check: no divergence). Node 20 and 24. And a program whose own reads come
// while Node removes and copies folders over many turns (removesWhileReading.cjs), and one that
// removes files through a library's patch of fs.lstat (removesThroughPatchedFs.cjs).
import { copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reexecutionScratchFiles, scratchFilesLeft } from '../support/reexecutionScratch';
import { FIXTURES, assertBuilt, nodeBinaries, plainNode, rewind, scratchDirectory, recordDeferred } from './harness';

/** Every path under `root` (but traces) with its kind, mode and contents: what a user would see there. */
function diskState(root: string): Record<string, string> {
  const state: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.endsWith('.rwd')) continue;
      const stats = lstatSync(path);
      const key = relative(root, path);
      if (stats.isDirectory()) {
        state[key] = `dir ${(stats.mode & 0o777).toString(8)}`;
        visit(path);
      } else if (stats.isSymbolicLink()) state[key] = 'link';
      else
        state[key] =
          `file ${(stats.mode & 0o777).toString(8)} ${stats.mtimeMs} ${JSON.stringify(readFileSync(path, 'utf8'))}`;
    }
  };
  visit(root);
  return state;
}

describe.each(nodeBinaries())('a deferred recording that writes files, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** The deferred fixture `name`, copied into a new scratch folder and recorded deferred there: it ends with 0. */
  async function recordFixtureDeferred(name: string): Promise<{ deferred: string; stdout: string }> {
    scratch = scratchDirectory();
    const program = join(scratch.path, name);
    copyFileSync(join(FIXTURES, 'deferred', name), program);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    return { deferred, stdout: recorded.stdout };
  }

  /** `rewind expand` in the scratch folder: it re-executes to the end, and nothing diverged. */
  async function expandWithoutDivergence(deferred: string): Promise<void> {
    const expanded = await rewind(
      ['expand', deferred, '-o', join(scratch.path, 'full.rwd')],
      { cwd: scratch.path },
      node,
    );
    expect(expanded.stderr).not.toContain('diverged');
    expect(expanded.code, expanded.stderr).toBe(0);
  }

  it('re-executes without touching the disk, fed what each write gave the deferred run', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'writes.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'writes.cjs'), program);
    const plain = await plainNode([program], { cwd: scratch.path }, node);
    expect(plain.code, plain.stderr).toBe(0);
    // The deferred run starts from the same empty folder as the plain one.
    scratch.remove();
    mkdirSync(scratch.path);
    copyFileSync(join(FIXTURES, 'deferred', 'writes.cjs'), program);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe(plain.stdout);
    expect(recorded.stdout).toContain('error="ENOENT"');

    // Afterwards the user edits what the program wrote, removes some of it, and makes the folder
    // whose absence failed a write: a re-execution that wrote for real would change all of that,
    // and its failed write would now succeed and print something else.
    writeFileSync(join(scratch.path, 'log.txt'), 'edited by the user\n');
    writeFileSync(join(scratch.path, 'out', 'cb.txt'), 'edited too\n');
    writeFileSync(join(scratch.path, 'out', 'stream.txt'), '');
    mkdirSync(join(scratch.path, 'out', 'missing'));
    const before = diskState(scratch.path);
    const scratchBefore = reexecutionScratchFiles();

    await expandWithoutDivergence(deferred);
    expect(diskState(scratch.path)).toEqual(before);
    // The scratch files fed opens wrote into are gone (unlinked as they were opened).
    expect(await scratchFilesLeft(scratchBefore)).toEqual([]);
  });

  it('reads the program makes while Node removes and copies folders are its own: logged, and fed back', async () => {
    // Before, a removal or copy in flight made every read unlogged until it completed, the
    // program's own in other callbacks too; fed at once at re-execution, those reads were taken
    // from the log and diverged ("read #207 is Math.random, the log has fs.existsSync").
    const { deferred, stdout } = await recordFixtureDeferred('removesWhileReading.cjs');
    expect(stdout).toContain('removed false false');
    expect(stdout).toContain('tick 8 true number');
    await expandWithoutDivergence(deferred);
  });

  it("a removal's inner calls through a library's patch of fs (graceful-fs, npm's) stay the removal's", async () => {
    const { deferred, stdout } = await recordFixtureDeferred('removesThroughPatchedFs.cjs');
    expect(stdout).toBe('left 0 number\nremoved false\n');
    await expandWithoutDivergence(deferred);
  });
});
