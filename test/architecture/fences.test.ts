// The folder fences of ARCHITECTURE.md §2 are lint rules (eslint.config.mjs); this holds the rules
// to their word: an import across a fence, written into a file of that folder, is refused with the
// fence's message, and the allowed way in is not. Linted as text: no file is written.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages ESLint gives `source` as if it were the file at `path`. */
async function refusals(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}${path}` });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const FENCES: Array<{ file: string; imports: string; refused: string }> = [
  // Issue 16 step 1: replay reads a recording through the store and the history interface only.
  {
    file: 'debug-adapter/replay/fence.ts',
    imports: '../trace/threadIndex',
    refused: 'replay reads the trace only through trace/store and trace/history.',
  },
  {
    file: 'debug-adapter/replay/fence.ts',
    imports: '../trace/eventIndexer',
    refused: 'replay reads the trace only through trace/store and trace/history.',
  },
  {
    file: 'debug-adapter/replay/sandbox/fence.ts',
    imports: '../../trace/stepBase',
    refused: 'replay reads the trace only through trace/store and trace/history.',
  },
  { file: 'debug-adapter/session/fence.ts', imports: 'vscode', refused: 'Only extension/ may import vscode.' },
  {
    file: 'debug-adapter/trace/fence.ts',
    imports: '../../runtime/recorder/ring',
    refused: 'debug-adapter talks to the trace only through runtime/format.',
  },
  { file: 'protocol/fence.ts', imports: '../runtime/format', refused: 'protocol imports nothing outside itself.' },
  { file: 'protocol/fence.ts', imports: 'node:fs', refused: 'protocol must not use Node built-ins.' },
  {
    file: 'runtime/format/fence.ts',
    imports: '../recorder/ring',
    refused: 'runtime/format imports nothing outside itself.',
  },
  {
    file: 'runtime/instrument/fence.ts',
    imports: '../recorder/ring',
    refused: 'runtime/instrument never imports the recorder or anything above it.',
  },
  {
    file: 'webview/fence.ts',
    imports: '../runtime/format',
    refused: 'webview is self-contained; it shares only protocol/.',
  },
  {
    file: 'extension/fence.ts',
    imports: '../runtime/recorder/ring',
    refused: 'extension never loads the recorder in-process.',
  },
];

describe('folder fences (lint)', () => {
  it.each(FENCES)('$file may not import $imports', async ({ file, imports, refused }) => {
    expect(await refusals(file, `import { x } from '${imports}';\nexport const y = x;\n`)).toEqual([
      expect.stringContaining(refused),
    ]);
  });

  it.each([
    ['debug-adapter/replay/fence.ts', '../trace/history'],
    ['debug-adapter/replay/fence.ts', '../trace/store'],
    ['debug-adapter/replay/fence.ts', '../../runtime/format'],
    ['webview/fence.ts', '../protocol/requests'],
    ['extension/fence.ts', 'vscode'],
  ])('%s may import %s', async (file, imports) => {
    expect(await refusals(file, `import { x } from '${imports}';\nexport const y = x;\n`)).toEqual([]);
  });
});
