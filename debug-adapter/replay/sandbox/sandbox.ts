// Evaluation with calls, still without side effects: an expression the interpreter refuses (a call,
// a lambda, `new`, an object literal) runs in a fresh vm realm, with a time limit, over read-only
// copies of the recorded values it names. Built-ins and functions written in the expression run;
// the program's functions, getters and anything changing a recorded value are refused with a clear
// message. Owns the script wrapping and the translation of what comes out; not the copies or results.
import { parse } from 'acorn';
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import * as vm from 'node:vm';
import type { DecodedValue } from '../../../runtime/format';
import { ReplayError } from '../errors';
import type { ObjectState } from '../objects';
import type { ChainLookup } from '../prototypeChain';
import { CHANGE_REFUSED, Copier } from './copies';
import { REFUSAL_NAME, createRealm } from './realm';
import { ResultObjects } from './results';

const SANDBOX_TIME_LIMIT_MS = 250;
const THIS_NAME = '__rewindThis__';

export interface SandboxScope extends ChainLookup {
  lookup(name: string): DecodedValue | undefined;
}

export interface SandboxResult {
  value: DecodedValue;
  /** The states of objects the expression created or copied, by their (negative) ids. */
  objects: ReadonlyMap<number, ObjectState>;
}

/** `text` must already be one expression (parseExpression checked it). */
export function evaluateInSandbox(text: string, scope: SandboxScope): SandboxResult {
  const realm = createRealm();
  const copier = new Copier(realm, scope);
  const { names, usesThis, writes } = namesIn(text);
  const written = writes.find((write) => scope.lookup(write.root) !== undefined);
  if (written) throw new ReplayError(`\`${write(text, written)}\` would change ${written.root}, and ${CHANGE_REFUSED}`);
  for (const name of names) {
    const value = scope.lookup(name);
    if (value) copier.defineGlobal(name, value);
  }
  if (usesThis) {
    const self = scope.lookup('this');
    if (self) copier.defineGlobal(THIS_NAME, self);
  }
  // Strict, so a write to a frozen copy throws instead of doing nothing silently.
  const source = usesThis
    ? `'use strict'; (function () { return (${text}\n); }).call(globalThis.${THIS_NAME})`
    : `'use strict'; (${text}\n)`;
  let result: unknown;
  try {
    result = vm.runInContext(source, realm.context, { timeout: SANDBOX_TIME_LIMIT_MS, filename: 'expression' });
  } catch (error) {
    throw new ReplayError(explain(error));
  }
  const objects = new ResultObjects();
  const value = objects.toDecoded(result);
  return { value, objects: objects.states };
}

interface Write {
  root: string;
  start: number;
  end: number;
}

/**
 * Every identifier the expression names (an over-approximation: lambda parameters too), `this`, and
 * its writes (assignment, ++/--, delete) to names it does not declare itself, by their root name.
 */
function namesIn(text: string): { names: Set<string>; usesThis: boolean; writes: Write[] } {
  const names = new Set<string>();
  const declared = new Set<string>();
  const targets: Array<{ node: ESTree.Node; start: number; end: number }> = [];
  let usesThis = false;
  const tree = parse(`(${text}\n)`, { ecmaVersion: 'latest' }) as unknown as ESTree.Node;
  const span = (node: ESTree.Node) => node as unknown as { start: number; end: number };
  walk(tree, {
    enter(node) {
      if (node.type === 'Identifier') names.add(node.name);
      else if (node.type === 'ThisExpression') usesThis = true;
      else if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression')
        node.params.forEach((param) => declareIn(param, declared));
      else if (node.type === 'VariableDeclarator') declareIn(node.id, declared);
      else if (node.type === 'AssignmentExpression') targets.push({ node: node.left, ...span(node) });
      else if (node.type === 'UpdateExpression' || (node.type === 'UnaryExpression' && node.operator === 'delete'))
        targets.push({ node: node.argument, ...span(node) });
    },
  });
  const writes: Write[] = [];
  for (const target of targets) {
    const root = rootName(target.node);
    // Offsets count in the parsed text, which opens with "(".
    if (root !== undefined && !declared.has(root)) writes.push({ root, start: target.start - 1, end: target.end - 1 });
  }
  return { names, usesThis, writes };
}

function declareIn(pattern: ESTree.Node, declared: Set<string>): void {
  walk(pattern, {
    enter(node) {
      if (node.type === 'Identifier') declared.add(node.name);
    },
  });
}

/** `a` for `a`, `a.b[c].d`; `this` for `this.x`. */
function rootName(node: ESTree.Node): string | undefined {
  let current = node;
  while (current.type === 'MemberExpression') current = current.object as ESTree.Node;
  if (current.type === 'Identifier') return current.name;
  return current.type === 'ThisExpression' ? 'this' : undefined;
}

function write(text: string, at: Write): string {
  return text.slice(at.start, at.end);
}

/** A user-facing sentence for what the realm threw, read from data properties only. */
function explain(error: unknown): string {
  if (typeof error !== 'object' || error === null)
    return `the expression threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
  const field = (key: string) => {
    const descriptor =
      Object.getOwnPropertyDescriptor(error, key) ??
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(error) ?? {}, key);
    return descriptor && 'value' in descriptor && typeof descriptor.value === 'string' ? descriptor.value : undefined;
  };
  if (field('code') === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
    return `the expression ran longer than ${SANDBOX_TIME_LIMIT_MS} ms and was stopped`;
  const name = field('name') ?? 'Error';
  const message = field('message') ?? '';
  if (name === REFUSAL_NAME) return message;
  if (
    name === 'TypeError' &&
    /read[- ]only|not extensible|Cannot (add|delete|assign|define|redefine|set)|only a getter|frozen/i.test(message)
  )
    return `${message}: the expression would change a recorded value, and ${CHANGE_REFUSED}`;
  if (name === 'EvalError' && /Code generation from strings disallowed/.test(message))
    return 'eval and new Function are not available in an expression';
  return `${name}: ${message}`;
}
