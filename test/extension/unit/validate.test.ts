// The launch-configuration rules as a table: configuration in → launched configuration or the
// exact problem the user is shown. Runs without VS Code (extension/config is vscode-free).
import { describe, expect, it } from 'vitest';
import { validateLaunch, defaultCwd, type ValidateContext } from '../../../extension/config/validate';

const files = new Set([
  '/ws',
  '/ws/app',
  '/ws/app/main.js',
  '/ws/lib.ts',
  '/ws/.env',
  '/tmp/run.rwd',
  '/elsewhere/tool.mjs',
]);
const context: ValidateContext = { workspaceFolders: ['/ws'], exists: (p) => files.has(p) };
const launch = (config: Record<string, unknown>) =>
  validateLaunch({ type: 'rewind', request: 'launch', name: 'x', ...config }, context);
const problems = (config: Record<string, unknown>) => {
  const result = launch(config);
  return result.ok ? [] : result.problems;
};

describe('validateLaunch: accepted configurations', () => {
  it.each([
    ['absolute program in the folder', { program: '/ws/app/main.js' }, { program: '/ws/app/main.js', cwd: '/ws' }],
    ['relative program resolves against the folder', { program: 'lib.ts' }, { program: '/ws/lib.ts', cwd: '/ws' }],
    ['program outside every folder runs in its directory', { program: '/elsewhere/tool.mjs' }, { cwd: '/elsewhere' }],
    ['explicit cwd is kept', { program: '/ws/lib.ts', cwd: '/ws/app' }, { cwd: '/ws/app' }],
    ['a saved recording needs no program', { trace: '/tmp/run.rwd' }, { trace: '/tmp/run.rwd' }],
    [
      'every attribute at once',
      {
        program: '/ws/lib.ts',
        args: ['a'],
        env: { A: '1', B: null },
        envFile: '/ws/.env',
        runtimeExecutable: 'node',
        runtimeArgs: ['--x'],
        stopOnEntry: true,
        skipFiles: [],
        outFiles: ['/ws/**/*.js'],
        console: 'internalConsole',
        include: ['**/*.ts'],
        exclude: ['**/node_modules/**'],
        level: 'calls',
        overflow: 'overwrite-oldest',
        bufferEvents: 4096,
        capture: { maxStringLength: 10, maxCollectionEntries: 5, maxDepth: 2 },
      },
      { level: 'calls' },
    ],
  ])('%s', (_name, input, expected) => {
    const result = launch(input);
    expect(result).toMatchObject({ ok: true, config: expected });
  });
});

describe('validateLaunch: rejected configurations say why', () => {
  it.each([
    [
      'no program',
      {},
      'No program to debug: set "program" in the launch configuration, or open a JavaScript or TypeScript file in the editor and press F5 again.',
    ],
    [
      'not a JS/TS file',
      { program: '/ws/README.md' },
      '"program" must be a JavaScript or TypeScript file (.js .mjs .cjs .jsx .ts .mts .cts .tsx); it is "/ws/README.md".',
    ],
    ['missing program file', { program: '/ws/gone.js' }, 'The program "/ws/gone.js" does not exist.'],
    ['missing recording', { trace: '/tmp/none.rwd' }, 'The recording "/tmp/none.rwd" does not exist.'],
    [
      'program and trace together',
      { program: '/ws/lib.ts', trace: '/tmp/run.rwd' },
      'Set either "program" (record and debug it) or "trace" (open a saved recording), not both.',
    ],
    [
      'attach',
      { request: 'attach', program: '/ws/lib.ts' },
      '"request" must be "launch" (Rewind cannot attach); it is "attach".',
    ],
    [
      'unknown level',
      { program: '/ws/lib.ts', level: 'everything' },
      '"level" must be one of "full", "calls", "none"; it is "everything".',
    ],
    [
      'levels of an unknown level',
      { program: '/ws/lib.ts', levels: { 'lib/**': 'fast' } },
      '"levels" must be an object mapping globs to "full", "calls", "none"; it is {"lib/**":"fast"}.',
    ],
    [
      'focus not a list',
      { program: '/ws/lib.ts', focus: 'lib/**' },
      '"focus" must be an array of strings; it is "lib/**".',
    ],
    [
      'unknown overflow',
      { program: '/ws/lib.ts', overflow: 'drop' },
      '"overflow" must be one of "block", "drop-newest", "overwrite-oldest", "flight"; it is "drop".',
    ],
    [
      'terminal console',
      { program: '/ws/lib.ts', console: 'integratedTerminal' },
      '"console" must be "internalConsole" (the integrated and external terminals are not supported yet); it is "integratedTerminal".',
    ],
    ['tiny buffer', { program: '/ws/lib.ts', bufferEvents: 10 }, '"bufferEvents" must be an integer ≥ 1024; it is 10.'],
    [
      'fractional buffer',
      { program: '/ws/lib.ts', bufferEvents: 2048.5 },
      '"bufferEvents" must be an integer ≥ 1024; it is 2048.5.',
    ],
    [
      'args as a string',
      { program: '/ws/lib.ts', args: '--fast' },
      '"args" must be an array of strings; it is "--fast".',
    ],
    [
      'env with numbers',
      { program: '/ws/lib.ts', env: { PORT: 80 } },
      '"env" must be an object mapping variable names to strings (or null to remove one); it is {"PORT":80}.',
    ],
    [
      'unknown capture limit',
      { program: '/ws/lib.ts', capture: { maxBytes: 1 } },
      '"capture" must be an object with integer fields ≥ 1 among "maxStringLength", "maxCollectionEntries", "maxDepth"; it is {"maxBytes":1}.',
    ],
    [
      'stopOnEntry as text',
      { program: '/ws/lib.ts', stopOnEntry: 'yes' },
      '"stopOnEntry" must be true or false; it is "yes".',
    ],
    [
      'missing cwd',
      { program: '/ws/lib.ts', cwd: '/nowhere' },
      'The working directory ("cwd") "/nowhere" does not exist.',
    ],
  ])('%s', (_name, input, message) => {
    expect(problems(input)).toEqual([message]);
  });

  it('lists every shape problem at once', () => {
    expect(problems({ program: '/ws/lib.ts', level: 'x', overflow: 'y' })).toHaveLength(2);
  });

  it('a relative program with no folder open cannot be placed', () => {
    const result = validateLaunch({ request: 'launch', program: 'a.js' }, { workspaceFolders: [], exists: () => true });
    expect(result).toEqual({
      ok: false,
      problems: ['"program" must be an absolute path when no folder is open; it is "a.js".'],
    });
  });
});

describe('defaultCwd', () => {
  it('picks the innermost containing folder, never a sibling with a common prefix', () => {
    expect(defaultCwd('/ws/inner/a.js', ['/ws', '/ws/inner'])).toBe('/ws/inner');
    expect(defaultCwd('/ws2/a.js', ['/ws'])).toBe('/ws2');
  });
});
