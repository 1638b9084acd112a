// Parsing a large file one top-level statement at a time: acorn's own parse, with the program's
// body a sink that hands each statement on as soon as it is parsed (directives marked as acorn
// marks them) and keeps none, so no syntax tree of the whole file is ever alive (148 MB for
// 260,000 lines of `a = 1; b = 2;`). Knows acorn's parser, not what is done with the statements.
import { Parser, type Options as AcornOptions } from 'acorn';
import type * as ESTree from 'estree';

/** acorn's own test for a directive (its adaptDirectivePrologue marks the leading ones). */
interface DirectiveTest {
  isDirectiveCandidate(statement: ESTree.Node): boolean;
}

/**
 * Parses `code` as acorn's Parser.parse would, calling `take` with each top-level statement in
 * order; returns the Program node with an empty body (its start, end and sourceType set). Throws
 * acorn's SyntaxError as Parser.parse does.
 */
export function parseStatements(
  code: string,
  options: AcornOptions,
  take: (statement: ESTree.Node) => void,
): ESTree.Program {
  let prologue = true;
  const directive = { test: (_statement: ESTree.Node): boolean => false };
  const body = {
    length: 0, // what acorn's adaptDirectivePrologue sees at the end: the directives are marked here
    push(statement: ESTree.Node & { directive?: string }): void {
      if (prologue && directive.test(statement)) {
        const literal = (statement as ESTree.ExpressionStatement).expression as ESTree.Literal;
        statement.directive = (literal.raw as string).slice(1, -1);
      } else prologue = false;
      take(statement);
    },
  };
  const program = { type: 'Program', start: 0, end: 0, body };
  // Parser.parse(code, options) is `new this(options, code).parse()`; the instance is needed for its directive test.
  const AcornParser = Parser as unknown as new (options: AcornOptions, input: string) => Parser & DirectiveTest;
  const instance = new AcornParser({ ...options, program: program as never }, code);
  directive.test = (statement) => instance.isDirectiveCandidate(statement);
  instance.parse();
  return { ...(program as unknown as ESTree.Program), body: [] };
}
