// Non-frame context the walk tracks on the way down: block scopes (for write resolution), where
// temps and the frame variable are unavailable (parameters, class field initializers), and class
// names for display. Pure bookkeeping: inserts no text.
import type * as ESTree from 'estree';
import { className } from './names';
import { boundNames, declareLexical, openScope } from './scope';
import type { DeclarationKind } from '../format/probes';
import type { Visit } from './visit';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function openBlock(visit: Visit, names: Array<[string, DeclarationKind]>, statements: readonly ESTree.Node[]): void {
  const { state, leaves } = visit;
  const scope = openScope(state.scope, state.fn.depth, state.fn.probeId, visit.node);
  for (const [name, kind] of names) scope.names.set(name, kind);
  declareLexical(scope, statements);
  state.scope = scope;
  leaves.push(() => {
    state.scope = scope.parent;
  });
}

function loopDeclarations(init: ESTree.Node | null | undefined): Array<[string, DeclarationKind]> {
  if (init?.type !== 'VariableDeclaration' || init.kind === 'var') return [];
  const kind: DeclarationKind = init.kind === 'const' ? 'const' : 'let';
  return init.declarations.flatMap((d) => boundNames(d.id).map((name): [string, DeclarationKind] => [name, kind]));
}

/** Generic enter for every node: opens scopes and marks parameter / field-initializer regions. */
export function enterContext(visit: Visit): void {
  const { node, parent, key, state, leaves } = visit;
  if (parent && FUNCTIONS.has(parent.type) && key === 'params') {
    const fn = state.fn;
    fn.noFrame++;
    fn.noTemps++;
    leaves.push(() => {
      fn.noFrame--;
      fn.noTemps--;
    });
  } else if (
    (parent?.type === 'PropertyDefinition' || (parent?.type as string) === 'AccessorProperty') &&
    key === 'value'
  ) {
    const fn = state.fn;
    fn.noTemps++; // no function body to declare a `var` temp in: property writes there are not recorded
    leaves.push(() => {
      fn.noTemps--;
    });
  }
  switch (node.type) {
    case 'BlockStatement':
      if (!(parent && FUNCTIONS.has(parent.type))) openBlock(visit, [], node.body);
      break;
    case 'SwitchStatement':
      openBlock(
        visit,
        [],
        node.cases.flatMap((c) => c.consequent),
      );
      break;
    case 'FunctionDeclaration':
      // `if (x) function f(){}`: a block of its own (Annex B.3.4), where `f` is the function.
      if (parent?.type === 'IfStatement') openBlock(visit, [], [node]);
      break;
    case 'ForStatement':
      openBlock(visit, loopDeclarations(node.init), []);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      openBlock(visit, loopDeclarations(node.left), []);
      break;
    case 'CatchClause':
      openBlock(
        visit,
        boundNames(node.param).map((name): [string, DeclarationKind] => [name, 'catch']),
        [],
      );
      break;
    case 'ClassDeclaration':
    case 'ClassExpression': {
      state.classNames.push(className(state, node));
      leaves.push(() => {
        state.classNames.pop();
      });
      break;
    }
    default:
      break;
  }
}
