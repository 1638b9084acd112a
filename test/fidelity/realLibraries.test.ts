// Issue 9 §3's real-library corpus, as fidelity rather than speed: marked rendering Markdown and
// prettier formatting TypeScript and JavaScript, each library copied beside a small program (so it is
// recorded at `full` like user code, as in `npm run bench`), run plain and recorded through the real
// CLI on this Node and Node 24. The output must be identical, and the recording must replay to its
// end with the program's printed output in its console. Knows nothing of how the bench times them.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../debug-adapter/replay';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const MODULES = join(REPO_ROOT, 'node_modules');

/** Markdown with most of what marked's lexer and renderer branch on. */
const MARKDOWN = `# Rewind *fidelity* sample

A paragraph with **strong**, \`code\`, a [link](https://example.com "title") and an autolink <https://example.org>.

- one
- two with _emphasis_
  1. nested ordered
  2. second

> a quote
> over two lines

| left | right |
| :--- | ----: |
| a    | 1     |
| b    | 2     |

\`\`\`js
const x = 1 < 2 && "html & entities";
\`\`\`

Line with a hard  
break, an ![image](a.png) and ~~strike~~.
`;

const MARKED_PROGRAM = `const { marked } = require('./marked-lib.js');
const markdown = require('fs').readFileSync(require('path').join(__dirname, 'input.md'), 'utf8');
process.stdout.write(marked.parse(markdown));
process.stdout.write(JSON.stringify(marked.lexer(markdown).map((token) => token.type)) + '\\n');
`;

/** A TypeScript and a JavaScript input, both far from prettier's layout, so it reprints every node. */
const PRETTIER_INPUTS = [
  {
    parser: 'babel-ts',
    text: `enum Level { Calls = 'calls', Full = 'full' }
interface Plan<T extends object = {}> { readonly files: Map<string, Level>; extra?: T }
export class Planner<T extends object> implements Iterable<[string, Level]> { private plan: Plan<T> = { files: new Map() }
constructor(private readonly fallback: Level = Level.Calls) {}
  choose(file: string, focus: readonly string[]): Level { return focus.some(pattern => file.endsWith(pattern)) ? Level.Full : this.fallback }
  *[Symbol.iterator]() { yield* this.plan.files }
}
export const chosen = (files: string[]) => files.map((file, index) => ({ file, level: index % 2 ? Level.Full : Level.Calls } as const))
`,
  },
  {
    parser: 'babel',
    text: `async function* lines(stream){let rest='';for await(const chunk of stream){rest+=chunk;let at;while((at=rest.indexOf('\\n'))>=0){yield rest.slice(0,at);rest=rest.slice(at+1)}}if(rest)yield rest}
const total = [1,2,3].reduce((sum,value)=>sum+value**2,0), label = \`total \${total}\`, { a = 1, ...others } = { b: 2, c: [3, 4] };
module.exports = { lines, total, label, others, pick: (object, ...keys) => Object.fromEntries(keys.filter(key => key in object).map(key => [key, object[key]])) };
`,
  },
];

const PRETTIER_PROGRAM = `const prettier = require('./prettier-lib.js');
const plugins = [require('./prettier-babel.js'), require('./prettier-estree.js')];
const inputs = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'inputs.json'), 'utf8'));
(async () => {
  for (const input of inputs) process.stdout.write(await prettier.format(input.text, { parser: input.parser, plugins }));
})();
`;

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A fresh folder holding `program.js`, the given files and the library files (node_modules path → name). */
function workload(program: string, files: Record<string, string>, libraries: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'rewind-real-library-'));
  folders.push(folder);
  for (const [from, name] of Object.entries(libraries)) copyFileSync(join(MODULES, from), join(folder, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  writeFileSync(join(folder, 'program.js'), program);
  return join(folder, 'program.js');
}

const markedProgram = (): string =>
  workload(MARKED_PROGRAM, { 'input.md': MARKDOWN }, { 'marked/lib/marked.umd.js': 'marked-lib.js' });

const prettierProgram = (): string =>
  workload(
    PRETTIER_PROGRAM,
    { 'inputs.json': JSON.stringify(PRETTIER_INPUTS) },
    {
      'prettier/standalone.js': 'prettier-lib.js',
      'prettier/plugins/babel.js': 'prettier-babel.js',
      'prettier/plugins/estree.js': 'prettier-estree.js',
    },
  );

/**
 * Plain and recorded print the same; the trace holds the program and its libraries at `full`, and
 * replays forward to its end with what the program printed in its console. Returns the output.
 */
function expectRecordedLikePlain(nodeBinary: string, program: string, libraryFiles: string[]): string {
  const run = runPlainAndRecorded(nodeBinary, program);
  try {
    expect(run.plain.status, run.plain.stderr).toBe(0);
    expect(run.recorded).toEqual(run.plain);
    // The engine rather than `rewind info`: one process less (these traces hold ~1 MB of minified source).
    const { engine } = openRecording(readFileSync(run.tracePath));
    const folder = dirname(program);
    const recordedFiles = engine.recordedFiles().filter((file) => file.path.startsWith(folder));
    expect(recordedFiles.map((file) => [file.path, file.level]).sort()).toEqual(
      [program, ...libraryFiles.map((name) => join(folder, name))].sort().map((path) => [path, 'full']),
    );
    engine.open({ stopOnEntry: true });
    expect(engine.continue('forward')).toMatchObject({ reason: 'end' });
    expect(engine.summary()).toMatchObject({ ended: true, exitCode: 0, lostAfterLastStep: 0 });
    expect(engine.summary().totalSteps).toBeGreaterThan(1000);
    const printed = engine.console(0, 1000).messages.filter((message) => message.stream === 'stdout');
    expect(printed.map((message) => message.text).join('')).toBe(run.plain.stdout);
    return run.plain.stdout;
  } finally {
    run.cleanup();
  }
}

describe.each(nodeBinaries())('real libraries recorded at full on $label', ({ path: nodeBinary }) => {
  it('marked renders Markdown as it does plain, and the recording replays to its end', () => {
    const html = expectRecordedLikePlain(nodeBinary, markedProgram(), ['marked-lib.js']);
    expect(html).toContain('<table>');
    expect(html).toContain('<ol>');
  }, 60_000);

  it('prettier formats TypeScript and JavaScript as it does plain, and the recording replays to its end', () => {
    const formatted = expectRecordedLikePlain(nodeBinary, prettierProgram(), [
      'prettier-lib.js',
      'prettier-babel.js',
      'prettier-estree.js',
    ]);
    expect(formatted).toContain('export class Planner<T extends object>');
    expect(formatted).toContain('async function* lines(stream) {');
  }, 60_000);
});
