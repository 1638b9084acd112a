// Puts the source mark (runtime/format/sourceMark.ts) just after the first token of the text V8
// returns for a function, method or class, so the recorder's Function.prototype.toString can hand
// back the original. Everything before the mark is untouched source, which the recorder checks.
// Knows where V8's function text starts for each node shape; nothing of the hot-path calls.
import type * as ESTree from 'estree';
import { sourceMark } from '../format/sourceMark';
import { skipTrivia } from './text';
import type { VisitState } from './state';
import type { HandlerTable, Pos, Visit } from './visit';

type MethodOwner = Pos<ESTree.Property | ESTree.MethodDefinition>;

function isMethodValue(node: ESTree.Node, parent: ESTree.Node | null): parent is MethodOwner {
  if (!parent || (parent as { value?: unknown }).value !== node) return false;
  return (
    parent.type === 'MethodDefinition' || (parent.type === 'Property' && (parent.method || parent.kind !== 'init'))
  );
}

/** V8 starts a method's text at its key (or get/set/async/*), never at `static`. */
function methodFirstTokenEnd(state: VisitState, owner: MethodOwner, fn: ESTree.FunctionExpression): number {
  let at = owner.start;
  if (owner.type === 'MethodDefinition' && owner.static) at = skipTrivia(state.code, at + 'static'.length);
  if (owner.kind === 'get' || owner.kind === 'set') return at + 3;
  if (fn.async) return at + 'async'.length;
  if (fn.generator || owner.computed) return at + 1; // `*` or `[`
  return (owner.key as Pos).end;
}

function firstTokenEnd(state: VisitState, node: Pos, parent: ESTree.Node | null): number | undefined {
  switch (node.type) {
    case 'ClassDeclaration':
    case 'ClassExpression':
      return node.start + 'class'.length;
    case 'ArrowFunctionExpression': {
      const arrow = node as unknown as ESTree.ArrowFunctionExpression;
      if (arrow.async) return node.start + 'async'.length;
      return state.code.charCodeAt(node.start) === 40 /* ( */ ? node.start + 1 : (arrow.params[0] as Pos).end;
    }
    case 'FunctionDeclaration':
    case 'FunctionExpression': {
      const fn = node as unknown as ESTree.FunctionExpression;
      if (isMethodValue(node, parent)) return methodFirstTokenEnd(state, parent, fn);
      return node.start + (fn.async ? 'async' : 'function').length;
    }
    default:
      return undefined;
  }
}

function mark(visit: Visit): void {
  const { state, node, parent } = visit;
  const token = state.options.sourceToken;
  if (!token) return;
  const at = firstTokenEnd(state, node, parent);
  // A method's text ends with its body, which is also where its FunctionExpression ends. Prepended:
  // before code the TypeScript lowering added at the same offset too (a decorated computed key's).
  if (at !== undefined) state.options.ms.prependLeft(at, sourceMark(token, at, node.end));
}

export const sourceMarkHandlers: HandlerTable = {
  ClassDeclaration: mark,
  ClassExpression: mark,
  FunctionDeclaration: mark,
  FunctionExpression: mark,
  ArrowFunctionExpression: mark,
};
