// TypeScript → JavaScript by blanking type-only syntax with spaces (like ts-blank-space / Node's
// strip-only mode): every remaining token keeps its line AND column, so probes and source maps
// point into the .ts file unchanged. Enums, namespaces, parameter properties, `accessor` fields,
// `import x =` and `export =` (CommonJS) become generated code inserted beside their own text;
// a .tsx file's JSX is left for the instrumenter to lower (jsx.ts); TC39 decorators and the rest
// are refused with an InstrumentError naming the construct and line.
import { Parser } from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import { LineIndex } from '../positions';
import { applyFills, blankRanges, type Blanks } from './blank';
import { trailerCode } from './decorators';
import { withLiteralEnumName } from './enums';
import type { JsxOptions } from '../jsx';
import { tsHandlers } from './handlers';
import type { TsNode } from './tsNode';

const TypeScriptParser = Parser.extend(tsPlugin());
/** A .tsx file's: its JSX is lowered by the instrumenter (jsx.ts), which parses the stripped code with it too. */
export const TsxParser = Parser.extend(tsPlugin({ jsx: true }));
/** Each rewrite costs a parse: enough for any hand-written enum, bounded for a generated one. */
const MAX_ENUM_NAME_REWRITES = 256;

export function isTsxFile(filename: string): boolean {
  return /\.tsx$/i.test(filename);
}

export { isTypeScriptFile } from './fileNames';

/** What tsconfig.json says about how TypeScript becomes JavaScript (the loader reads it). */
export interface TypeScriptOptions {
  experimentalDecorators?: boolean;
  /** tsconfig.json's `jsx`, `jsxFactory` and `jsxFragmentFactory` (.tsx files). */
  jsx?: JsxOptions;
}

export interface StrippedTypeScript {
  /** The JavaScript: same length, every kept token at its original line and column. */
  code: string;
  /** Offset → code to add there (parameter properties); never moves a line. */
  insertions: Array<[number, string]>;
  /** Offset → code to add there after everything the instrumenter adds at that offset (decorators). */
  trailers: Array<[number, string]>;
  /**
   * A class's end offset → code before and after it, written by the instrumenter as it visits
   * that class: inside whatever the instrumenter wraps around the class, around what it adds to it.
   */
  wraps: Array<[number, string, string]>;
}

/**
 * The TypeScript AST. A CommonJS file whose namespaces hold `export`s parses only as a module
 * (acorn's rule, not TypeScript's): parsed as a script first, then as a module. Only the blanking
 * reads this AST; the instrumenter parses the stripped JavaScript as the file's real type.
 */
function parseTypeScript(code: string, sourceType: 'commonjs' | 'module', jsx: boolean): ESTree.Node {
  const parser = jsx ? TsxParser : TypeScriptParser;
  const parseText = (text: string, asModule: boolean): ESTree.Node =>
    parser.parse(text, {
      ecmaVersion: 'latest',
      sourceType: asModule ? 'module' : 'script',
      locations: true,
      allowHashBang: true,
      allowReturnOutsideFunction: sourceType === 'commonjs',
      allowAwaitOutsideFunction: sourceType === 'module',
    }) as unknown as ESTree.Node;
  // Computed enum member names the parser refuses are rewritten one at a time, where it stops.
  const parse = (asModule: boolean): ESTree.Node => {
    for (let text = code, rewrites = 0; ; rewrites++) {
      try {
        return parseText(text, asModule);
      } catch (error) {
        const at = (error as { pos?: unknown }).pos;
        const fixed =
          rewrites < MAX_ENUM_NAME_REWRITES && typeof at === 'number' ? withLiteralEnumName(text, at) : undefined;
        if (fixed === undefined) throw error;
        text = fixed;
      }
    }
  };
  if (sourceType === 'module') return parse(true);
  try {
    return parse(false);
  } catch (scriptError) {
    try {
      return parse(true);
    } catch {
      throw scriptError;
    }
  }
}

export function stripTypeScript(
  code: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  options: TypeScriptOptions = {},
): StrippedTypeScript {
  const ast = parseTypeScript(code, sourceType, isTsxFile(filename));
  const blanks: Blanks = {
    code,
    ranges: [],
    insertions: [],
    fills: [],
    lines: new LineIndex(code),
    derived: [],
    classNames: [],
    sourceType,
    experimentalDecorators: options.experimentalDecorators === true,
    decoratorRanges: [],
    trailers: [],
    leaders: [],
    wraps: [],
    tc39States: 0,
  };
  walk(ast, {
    enter(node) {
      const handler = tsHandlers[node.type];
      if (handler && handler(node as unknown as TsNode, blanks) === 'skip') this.skip();
      else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
        blanks.derived.push(!!node.superClass);
        blanks.classNames.push(node.id?.name);
      }
    },
    leave(node) {
      if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
        blanks.derived.pop();
        blanks.classNames.pop();
      }
    },
  });
  const stripped = applyFills(blankRanges(code, blanks.ranges), blanks.fills);
  return {
    code: blankRanges(stripped, blanks.decoratorRanges),
    insertions: [
      ...blanks.leaders.map(([at, leader]): [number, string] => [at, trailerCode(leader, stripped)]),
      ...blanks.insertions,
    ],
    trailers: blanks.trailers.map(([at, trailer]) => [at, trailerCode(trailer, stripped)]),
    wraps: blanks.wraps.map(([end, open, close]) => [end, trailerCode(open, stripped), trailerCode(close, stripped)]),
  };
}
