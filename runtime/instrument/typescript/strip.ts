// TypeScript → JavaScript by blanking type-only syntax with spaces (like ts-blank-space / Node's
// strip-only mode): every remaining token keeps its line AND column, so probes and source maps
// point into the .ts file unchanged. Non-erasable syntax (enum, namespace, parameter properties,
// `import =`, `export =`, JSX) is refused with an InstrumentError naming the construct and line.
import { Parser } from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import { InstrumentError } from '../errors';
import { LineIndex } from '../positions';
import { applyFills, blankRanges, type Blanks } from './blank';
import { tsHandlers } from './handlers';
import type { TsNode } from './tsNode';

const TypeScriptParser = Parser.extend(tsPlugin());

export function isTypeScriptFile(filename: string): boolean {
  return /\.(?:ts|mts|cts|tsx)$/i.test(filename) && !/\.d\.[cm]?ts$/i.test(filename);
}

export interface StrippedTypeScript {
  /** The JavaScript: same length, every kept token at its original line and column. */
  code: string;
  /** Offset → code to add there (parameter properties); never moves a line. */
  insertions: Array<[number, string]>;
}

export function stripTypeScript(code: string, filename: string, sourceType: 'commonjs' | 'module'): StrippedTypeScript {
  if (/\.tsx$/i.test(filename)) throw new InstrumentError(`JSX in ${filename} is not supported: .tsx files run uninstrumented`);
  const ast = TypeScriptParser.parse(code, {
    ecmaVersion: 'latest',
    sourceType: sourceType === 'module' ? 'module' : 'script',
    locations: true,
    allowHashBang: true,
    allowReturnOutsideFunction: sourceType === 'commonjs',
    allowAwaitOutsideFunction: sourceType === 'module',
  }) as unknown as ESTree.Node;
  const blanks: Blanks = { code, ranges: [], insertions: [], fills: [], lines: new LineIndex(code), derived: [] };
  walk(ast, {
    enter(node) {
      const handler = tsHandlers[node.type];
      if (handler && handler(node as unknown as TsNode, blanks) === 'skip') this.skip();
      else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') blanks.derived.push(!!node.superClass);
    },
    leave(node) {
      if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') blanks.derived.pop();
    },
  });
  return { code: applyFills(blankRanges(code, blanks.ranges), blanks.fills), insertions: blanks.insertions };
}
