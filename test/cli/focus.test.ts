// `rewind record --focus GLOB --file-level GLOB=LEVEL` (focused recording, issue 9 §2) and
// `rewind info` listing each file's level and why. The program is the DAP suite's focus fixture:
// main.js requires lib/geometry.js and lib/text.js; counts follow the instrumenter's step rule.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES, nodeBinaries, plainNode, REPO, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

const PROGRAM_DIR = join(REPO, 'test/fixtures/dap/focus');
const MAIN = join(PROGRAM_DIR, 'main.js');
const GEOMETRY = join(PROGRAM_DIR, 'lib/geometry.js');
const TEXT = join(PROGRAM_DIR, 'lib/text.js');

interface FileLevel {
  path: string;
  level: string;
  reason?: string;
}

async function record(name: string, options: string[]) {
  const out = join(scratch.path, `${name}.rwd`);
  const result = await rewind(['record', '--out', out, ...options, '--', 'main.js'], { cwd: PROGRAM_DIR });
  const info = await rewind(['info', out, '--json']);
  const text = await rewind(['info', out]);
  const json = JSON.parse(info.stdout) as { steps: number; files: string[]; fileLevels: FileLevel[] };
  return { result, json, text: text.stdout };
}

describe('rewind record --focus', () => {
  it('records the focused file in full, the rest at calls, a --file-level file not at all; info says why', async () => {
    const { result, json, text } = await record('focused', ['--focus', 'main.js', '--file-level', 'lib/text.js=none']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await plainNode([MAIN])).stdout); // the program observes nothing
    expect(json.fileLevels).toEqual([
      { path: MAIN, level: 'full', reason: 'focus main.js' },
      { path: GEOMETRY, level: 'calls', reason: 'default' },
      { path: TEXT, level: 'none', reason: 'levels lib/text.js' },
    ]);
    // main.js at full: 3 top-level steps (2 requires and `main()`; a function declaration is no
    // step), main's 7 statements and the callback's one, called twice (by text.js's each());
    // geometry.js at calls: area's ENTER and RETURN, and its module's ENTER (a module never
    // returns); text.js: nothing.
    expect(json.steps).toBe(3 + 7 + 2 + 2 + 1);
    expect(text).toContain(`  full   ${MAIN}  (focus main.js)`);
    expect(text).toContain(`  none   ${TEXT}  (levels lib/text.js)`);
  });

  it('--level none with --focus: only the focused file is recorded', async () => {
    const { json } = await record('only-main', ['--focus', 'main.js', '--level', 'none']);
    expect(json.fileLevels.map((file) => `${file.level} ${file.reason}`)).toEqual([
      'full focus main.js',
      'none default',
      'none default',
    ]);
    expect(json.steps).toBe(3 + 7 + 2);
  });

  it('without --focus every file is at --level, as before', async () => {
    const { json } = await record('whole', ['--level', 'calls']);
    expect(json.fileLevels.map((file) => `${file.level} ${file.reason}`)).toEqual([
      'calls default',
      'calls default',
      'calls default',
    ]);
  });

  it.each(nodeBinaries())(
    'on $label: ES modules get their planned levels too (in-thread or off-thread loader)',
    async ({ path: node }) => {
      const dir = join(FIXTURES, 'focus-esm');
      const out = join(scratch.path, `esm-${node.length}.rwd`);
      const result = await rewind(
        ['record', '--out', out, '--focus', 'main.mjs', '--file-level', 'lib/text.mjs=none', '--', 'main.mjs'],
        { cwd: dir },
        node,
      );
      expect(result.stdout).toBe('6 x!\n');
      const info = JSON.parse((await rewind(['info', out, '--json'])).stdout) as { fileLevels: FileLevel[] };
      // Sibling ES modules load concurrently: their FILE records come in whichever order their reads end.
      const byPath = [...info.fileLevels].sort((a, b) => a.path.localeCompare(b.path));
      expect(byPath).toEqual([
        { path: join(dir, 'lib/geo.mjs'), level: 'calls', reason: 'default' },
        { path: join(dir, 'lib/text.mjs'), level: 'none', reason: 'levels lib/text.mjs' },
        { path: join(dir, 'main.mjs'), level: 'full', reason: 'focus main.mjs' },
      ]);
    },
  );

  it('refuses a malformed --file-level', async () => {
    const result = await rewind(['record', '--file-level', 'lib/**=fast', '--', 'main.js'], { cwd: PROGRAM_DIR });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("option --file-level must be GLOB=full|calls|none (got 'lib/**=fast')");
  });
});
