// A drain worker that cannot start (TR-10): the main thread's drain is started by the bootloader stub
// before the recorder's body loads (recorder/earlyDrain.ts), and a failure then, before the recorder
// listens, must reach it all the same: the program runs unaffected (its output, its exit code) and
// the recorder says once why nothing was recorded, without waiting at exit for a drain that never
// came. A copy of the build whose drainWorker.js throws as it loads, on Node 20 and 24.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO, assertBuilt, nodeBinaries, run, scratchDirectory } from './harness';

describe.each(nodeBinaries())('a drain worker that cannot start, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('leaves the program as it was and says why the recording stopped', async () => {
    scratch = scratchDirectory();
    const build = join(scratch.path, 'dist');
    const dist = join(REPO, 'dist');
    mkdirSync(build);
    for (const name of readdirSync(dist)) if (/\.(m?js)$/.test(name)) copyFileSync(join(dist, name), join(build, name));
    writeFileSync(join(build, 'drainWorker.js'), "throw new Error('the drain cannot start');\n");
    const program = join(scratch.path, 'prog.js');
    writeFileSync(program, "console.log('ran');\nprocess.exitCode = 3;\n");
    const recorded = await run(
      node,
      [join(build, 'cli.js'), 'record', '--out', join(scratch.path, 't.rwd'), '--', program],
      {
        cwd: scratch.path,
      },
    );
    expect(recorded.stdout).toBe('ran\n');
    expect(recorded.code).toBe(3);
    // Once, and not "could not be completed in time": the failure answered the exit handshake.
    expect(recorded.stderr).toBe('[rewind] recording stopped: drain worker failed: the drain cannot start\n');
  });
});
