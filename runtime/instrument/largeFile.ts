// The large-file path (instrument.ts, from STREAMED_OUTPUT_MIN_CHARS): two streamed parses and no
// syntax tree of the whole file. The first collects what the walk must know before the first
// statement — the module's names, hoisted and lexical, as program() would declare them from the
// whole body — and where the module's ENTER goes; the second walks each statement as it is parsed
// and writes out the text before it (streamedOutput.ts). Knows the order of the walk, not its handlers.
import type { Options as AcornOptions } from 'acorn';
import type * as ESTree from 'estree';
import type { DeclarationKind } from '../format/probes';
import { ModuleAnnexB } from './annexB';
import { NestedWritesBuilder, type NestedWrites } from './appendProof';
import { moduleEnterOffset } from './functions';
import type { LineStartFinder } from './lineStarts';
import { declareHoisted, declareLexical, openScope } from './scope';
import type { VisitState } from './state';
import { parseStatements } from './streamedParse';
import type { StreamedOutput } from './streamedOutput';
import { ProgramWalk } from './visitor';

export interface ModuleFacts {
  /** The Program node, its body empty. */
  program: ESTree.Program;
  /** The module scope's names, as declared from the whole body. */
  names: Map<string, DeclarationKind>;
  /** Where the module's ENTER (and its aliases) go: the streamed output holds the text before it open. */
  enterAt: number;
  /** Start offsets of the module's Annex B block functions (annexB.ts), found over the whole body. */
  annexB: ReadonlySet<number>;
  /** The writes the append proof needs (appendProof.ts), when asked for (level `full`). */
  appendFacts?: NestedWrites;
}

function isDirective(statement: ESTree.Node): boolean {
  return typeof (statement as ESTree.Directive).directive === 'string';
}

/**
 * The first pass. Throws acorn's SyntaxError for a file it cannot parse. `withWrites`: also find
 * the writes the append proof needs (a walk of every statement, so only where appends are recorded).
 */
export function scanModule(code: string, options: AcornOptions, withWrites = false): ModuleFacts {
  const hoisted = openScope(undefined, 0, -1, { start: 0, end: 0 });
  const lexical = openScope(undefined, 0, -1, { start: 0, end: 0 });
  const prologue: ESTree.Node[] = [];
  const blockFunctions = new ModuleAnnexB();
  const writes = withWrites ? new NestedWritesBuilder() : undefined;
  const program = parseStatements(code, options, (statement) => {
    writes?.statement(statement);
    declareHoisted(hoisted, [statement]);
    declareLexical(lexical, [statement]);
    blockFunctions.statement(statement);
    if (prologue.length === 0 || isDirective(prologue[prologue.length - 1])) prologue.push(statement);
  });
  // program() declares hoisted names first, then Annex B vars, then lexical ones over them.
  const names = new Map(hoisted.names);
  const annexB = new Set<number>();
  for (const { start, name } of blockFunctions.result(prologue, options.sourceType !== 'module')) {
    annexB.add(start);
    if (!names.has(name)) names.set(name, 'var');
  }
  for (const [name, kind] of lexical.names) names.set(name, kind);
  const appendFacts = writes?.result(program as ESTree.Program & { start: number; end: number });
  return { program, names, enterAt: moduleEnterOffset(prologue), annexB, ...(appendFacts ? { appendFacts } : {}) };
}

/** The second pass: the walk, statement by statement, the output settled before each next one. */
export function walkStatements(
  code: string,
  options: AcornOptions,
  facts: ModuleFacts,
  state: VisitState,
  output: StreamedOutput,
  lineStartFinder: LineStartFinder,
): void {
  // At enter, the body holds the directive prologue and the first statement (all program() reads then).
  const program: ESTree.Program = { ...facts.program, body: [] };
  let walk: ProgramWalk | undefined;
  let last: ESTree.Node | undefined;
  const begin = (): ProgramWalk => {
    const started = new ProgramWalk(program, state);
    started.enter();
    const names = state.scope?.names;
    if (names) {
      names.clear();
      for (const [name, kind] of facts.names) names.set(name, kind);
    }
    // program() saw only the first statement's block functions.
    if (state.scope) state.scope.annexB = facts.annexB.size > 0 ? facts.annexB : undefined;
    for (const statement of program.body) started.statement(statement);
    return started;
  };
  parseStatements(code, options, (statement) => {
    if (!walk) {
      program.body.push(statement as ESTree.Statement);
      if (!isDirective(statement)) walk = begin();
    } else {
      const previousEnd = (last as ESTree.Node & { end: number }).end;
      lineStartFinder.statement(statement, previousEnd, output.lineStarts);
      // Later statements insert at or after their own start: what precedes this one's start is final.
      output.settle(previousEnd);
      walk.statement(statement);
    }
    last = statement;
  });
  walk ??= begin();
  // At leave, program() reads the last statement (the module's EXIT goes after it).
  program.body = last ? [last as ESTree.Statement] : [];
  walk.leave();
}
