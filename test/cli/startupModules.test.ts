// What a `full` recording loads of Node's own modules before the program's first line. Each of
// these cost every recorded process start-up time on Node 24 (docs/PERFORMANCE.md, "Session 34")
// and only a deferred run uses them: perf_hooks (under the `performance` global), dns, zlib and
// node:fs/promises (readline under it). A program that lists them sees none, as in a plain run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, nodeBinaries, plainNode, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const PROGRAM = `
const watched = ['perf_hooks', 'dns', 'zlib', 'internal/fs/promises', 'internal/readline/interface'];
const loaded = new Set(process.moduleLoadList);
console.log(JSON.stringify(watched.filter((name) => loaded.has('NativeModule ' + name))));
`;

describe('Node modules a full recording loads at start', () => {
  assertBuilt();
  const program = join(scratch.path, 'listModules.js');
  writeFileSync(program, PROGRAM);

  it.each(nodeBinaries({ node22: true }))('none of them on $label', async ({ label, path: node }) => {
    const plain = await plainNode([program], {}, node);
    expect(plain).toMatchObject({ code: 0, stdout: '[]\n' });
    const trace = join(scratch.path, `${label.replace(/\W+/g, '-')}.rwd`);
    const recorded = await rewind(['record', '--out', trace, '--', program], {}, node);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toBe(plain.stdout);
  });
});
