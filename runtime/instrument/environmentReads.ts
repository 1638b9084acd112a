// Reads of process.env (SEC-10): each is wrapped in the hot path's `envRead`, so a value the program
// put into the environment after start-up (dotenv loading a .env file, `process.env.X = …`) is
// redacted wherever it is recorded from the read on. `process.env.X` and `process.env[k]` pass
// their value; a bare `process.env` passed on or destructured passes the object; a value assigned
// to `process.env.X` is passed too. Deletes and method calls are left alone. Knows nothing of how
// redaction is done.
import type * as ESTree from 'estree';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

function isProcessEnv(node: ESTree.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    !node.computed &&
    !node.optional &&
    node.object.type === 'Identifier' &&
    node.object.name === 'process' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'env'
  );
}

/** `node`'s value is read (not written, deleted, called as a method or assigned through a pattern). */
function isRead(node: ESTree.Node, parent: ESTree.Node | undefined): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'AssignmentExpression':
      return parent.left !== node;
    case 'UpdateExpression':
    case 'ArrayPattern':
    case 'RestElement':
      return false;
    case 'UnaryExpression':
      return parent.operator !== 'delete';
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'TaggedTemplateExpression':
      return parent.tag !== node;
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left !== node;
    case 'AssignmentPattern':
      return parent.left !== node;
    default:
      return true;
  }
}

function environment(visit: Visit): void {
  const { node, state, leaves } = visit;
  if (!isProcessEnv(node)) return;
  const parent = visit.parent ?? undefined;
  // `process.env.X` / `process.env[k]`: the member read is what is wrapped (its value).
  const member = parent?.type === 'MemberExpression' && parent.object === node && !parent.optional;
  const target = (member ? parent : node) as Pos;
  const outer = member ? state.ancestor(2) : parent;
  if (!isRead(target, outer)) return;
  // In a destructuring pattern a member is a write target (`[process.env.X] = list`).
  if (outer?.type === 'Property' && state.ancestor(member ? 3 : 2)?.type === 'ObjectPattern') return;
  state.insert(target.start, state.open('envRead'));
  leaves.push(() => state.insert(target.end, ')'));
}

/**
 * `process.env.X = value`: the value becomes an environment value, so it is one from here on (the
 * write itself is recorded as a property write, after `envRead` ran on the value).
 */
function environmentWrite(visit: Visit): void {
  const node = visit.node as Pos<ESTree.AssignmentExpression>;
  const { state, leaves } = visit;
  if (node.left.type !== 'MemberExpression' || !isProcessEnv(node.left.object)) return;
  const right = node.right as Pos;
  state.insert(right.start, `${state.open('envRead')}${argOpen(right)}`);
  leaves.push(() => state.insert(right.end, `${argClose(right)})`));
}

export const environmentReadHandlers: HandlerTable = {
  MemberExpression: environment,
  AssignmentExpression: environmentWrite,
};
