// How V8 prints the object of a failing call in "<object>.push is not a function": its own
// CallPrinter's rules (src/ast/prettyprinter.cc) over the AST its parser builds, with the parser's
// constant folding (`-1`, `1 + 2` → `3`). V8 ≥ 12 also folds adjacent string literals and counts
// async bodies otherwise: both readings are returned when they differ, the recorder picks one. The recorder throws that
// message itself when a mutator
// call's receiver went through a temporary (issue 14 item 4). Undefined where the printing depends
// on V8 internals (function bodies, `import.meta`…): the caller then leaves the call unrecorded.
import type * as ESTree from 'estree';
import { v8StatementCount } from './calleeLiterals';

/** An array index as V8 reads a key: printed in brackets, not after a dot. */
const INDEX = /^(?:0|[1-9]\d{0,9})$/;
const INTERMEDIATE = '(intermediate value)';
/** Operators whose left-leaning chains V8 collapses into one n-ary operation (`(a + b + c)`). */
const NARY = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>', '>>>', '&&', '||', '??', ',']);

/** A subexpression after V8's parser folded it: a literal it built, or the node itself. */
type Folded =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string; foldedString: boolean }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'node'; node: ESTree.Node };

/** The printed receiver: how V8 11 prints it, and how V8 ≥ 12 does when it differs (CallPrinter's `modern`). */
export interface PrintedReceiver {
  text: string;
  modern?: string;
}

export function calleeObjectText(node: ESTree.Node): PrintedReceiver | undefined {
  const text = new CallPrinter(false).find(node, true);
  if (text === undefined) return undefined;
  const modern = new CallPrinter(true).find(node, true);
  if (modern === undefined) return undefined;
  return modern === text ? { text } : { text, modern };
}

/**
 * V8 prints one "(intermediate value)" per statement of a function literal's body (an expression
 * body is one; a function declaration or `;` is none), or one when there are none. Its own statements
 * count too: one for default, destructured or rest parameters, one for a generator's first yield;
 * V8 11 wraps an async body in one try statement (V8 ≥ 12 does not, as measured on Node 20 and 24).
 */
function functionStatements(node: ESTree.ArrowFunctionExpression | ESTree.FunctionExpression, modern: boolean): number {
  if (node.async && !modern) return 1;
  let own = node.body.type === 'BlockStatement' ? v8StatementCount(node.body.body) : 1;
  if (node.params.some((param) => param.type !== 'Identifier')) own++;
  if (node.generator) own++;
  return Math.max(1, own);
}

/** ToInt32, as the parser folds `~`, `|`, `&`, `^` and shifts. */
function int32(value: number): number {
  return value | 0;
}

function foldNumbers(operator: string, left: number, right: number): number | undefined {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '%':
      return left % right;
    case '**':
      return left ** right;
    case '|':
      return int32(left) | int32(right);
    case '&':
      return int32(left) & int32(right);
    case '^':
      return int32(left) ^ int32(right);
    case '<<':
      return int32(left) << (int32(right) & 31);
    case '>>':
      return int32(left) >> (int32(right) & 31);
    case '>>>':
      return (left >>> 0) >>> (int32(right) & 31);
    default:
      return undefined;
  }
}

class CallPrinter {
  /** `modern`: V8 ≥ 12's parser (joins adjacent string literals, no try around async bodies). */
  constructor(private readonly modern: boolean) {}

  /**
   * CallPrinter::Find inside the callee: prints the node, or "(intermediate value)" when it prints nothing (or print is
   * false).
   */
  find(node: ESTree.Node, print: boolean): string | undefined {
    if (!print) return INTERMEDIATE;
    const text = this.visit(node);
    if (text === undefined) return undefined;
    return text === '' ? INTERMEDIATE : text;
  }

  private finds(nodes: ESTree.Node[], print: boolean, separator = ''): string | undefined {
    const parts: string[] = [];
    for (const node of nodes) {
      const text = this.find(node, print);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return parts.join(separator);
  }

  /** The node as the parser leaves it: number, boolean and (V8 ≥ 12) string literals folded. */
  private fold(node: ESTree.Node): Folded {
    if (node.type === 'Literal') {
      if (typeof node.value === 'number') return { kind: 'number', value: node.value };
      if (typeof node.value === 'string') return { kind: 'string', value: node.value, foldedString: false };
      if (typeof node.value === 'boolean') return { kind: 'boolean', value: node.value };
    }
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && node.quasis[0].value.cooked != null)
      return { kind: 'string', value: node.quasis[0].value.cooked, foldedString: false };
    if (node.type === 'UnaryExpression') {
      const operand = this.fold(node.argument);
      if (node.operator === '!' && operand.kind !== 'node') return { kind: 'boolean', value: !operand.value };
      if (operand.kind === 'number') {
        if (node.operator === '+') return operand;
        if (node.operator === '-') return { kind: 'number', value: -operand.value };
        if (node.operator === '~') return { kind: 'number', value: ~int32(operand.value) };
      }
    }
    if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
      const left = this.fold(node.left);
      const right = this.fold(node.right);
      if (left.kind === 'number' && right.kind === 'number') {
        const value = foldNumbers(node.operator, left.value, right.value);
        if (value !== undefined) return { kind: 'number', value };
      }
      // V8 ≥ 12 joins a string literal to the (possibly already joined) string on its left.
      if (this.modern && node.operator === '+' && left.kind === 'string' && right.kind === 'string')
        if (!right.foldedString) return { kind: 'string', value: left.value + right.value, foldedString: true };
    }
    return { kind: 'node', node };
  }

  private visit(node: ESTree.Node): string | undefined {
    const folded = this.fold(node);
    if (folded.kind === 'string') return `"${folded.value}"`;
    if (folded.kind !== 'node') return String(folded.value);
    switch (node.type) {
      case 'Identifier':
        return node.name;
      case 'ThisExpression':
        return 'this';
      case 'Literal':
        if ('regex' in node && node.regex) return `/${node.regex.pattern}/${[...node.regex.flags].sort().join('')}`;
        if (node.value === null) return 'null';
        return ''; // a BigInt: V8 prints no value for it
      case 'TemplateLiteral':
        return this.finds(node.expressions, true);
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression': {
        if (node.optional || node.callee.type === 'Super') return undefined;
        const callee = this.find(node.callee, true);
        return callee === undefined ? undefined : `${callee}(...)`;
      }
      case 'TaggedTemplateExpression': {
        const tag = this.find(node.tag, true);
        return tag === undefined ? undefined : `${tag}(...)`;
      }
      case 'NewExpression':
      case 'AwaitExpression':
      case 'YieldExpression':
      case 'ChainExpression':
        return INTERMEDIATE;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return INTERMEDIATE.repeat(functionStatements(node, this.modern));
      case 'ClassExpression':
        return this.classLiteral(node);
      case 'ArrayExpression': {
        // A hole is V8's the-hole literal, printed its own way: left alone.
        if (node.elements.some((element) => element === null)) return undefined;
        const elements = this.finds(node.elements as ESTree.Node[], true, ',');
        return elements === undefined ? undefined : `[${elements}]`;
      }
      case 'SpreadElement': {
        const argument = this.find(node.argument, true);
        return argument === undefined ? undefined : `(...${argument})`;
      }
      case 'ObjectExpression':
        return `{${INTERMEDIATE.repeat(node.properties.length)}}`;
      case 'ConditionalExpression':
        return INTERMEDIATE.repeat(3);
      case 'SequenceExpression': {
        const parts = this.finds(node.expressions, true, ' , ');
        return parts === undefined ? undefined : `(${parts})`;
      }
      case 'UnaryExpression': {
        const operand = this.find(node.argument, true);
        const space = node.operator === 'typeof' || node.operator === 'void' || node.operator === 'delete' ? ' ' : '';
        return operand === undefined ? undefined : `(${node.operator}${space}${operand})`;
      }
      case 'UpdateExpression': {
        const operand = this.find(node.argument, true);
        if (operand === undefined) return undefined;
        return node.prefix ? `(${node.operator}${operand})` : `(${operand}${node.operator})`;
      }
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.binary(node);
      case 'AssignmentExpression':
        return this.find(node.left, true);
      case 'ObjectPattern':
        return `{${INTERMEDIATE.repeat(node.properties.length)}}`;
      default:
        return undefined;
    }
  }

  /** `o.a`, `o[k]`; an optional link prints `?` before the dot or `?.` before the bracket, as V8 does. */
  private member(node: ESTree.MemberExpression): string | undefined {
    if (node.object.type === 'Super') return undefined;
    const object = this.find(node.object, true);
    if (object === undefined) return undefined;
    const link = node.optional ? '?' : '';
    const key = node.property;
    if (key.type === 'PrivateIdentifier') return node.optional ? undefined : `${object}[#${key.name}]`;
    if (!node.computed && key.type === 'Identifier') return `${object}${link}.${key.name}`;
    if (key.type === 'Literal' && typeof key.value === 'string')
      return INDEX.test(key.value) ? undefined : `${object}${link}.${key.value}`;
    const printed = this.find(key, true);
    return printed === undefined ? undefined : `${object}${node.optional ? '?.' : ''}[${printed}]`;
  }

  /** The extends clause and every member but a plain-named field (those run in an initializer). */
  private classLiteral(node: ESTree.ClassExpression): string {
    let count = node.superClass ? 1 : 0;
    for (const member of node.body.body) {
      if (member.type === 'StaticBlock') continue;
      if (member.type === 'PropertyDefinition' && !member.computed && member.key.type !== 'PrivateIdentifier') continue;
      count++;
    }
    return INTERMEDIATE.repeat(count);
  }

  /** `(a + b)`; a left-leaning chain of one operator is V8's n-ary operation: `(a + b + c)`. */
  private binary(node: ESTree.BinaryExpression | ESTree.LogicalExpression): string | undefined {
    const operands: ESTree.Node[] = [node.right];
    let left: ESTree.Node = node.left;
    if (NARY.has(node.operator)) {
      while (
        (left.type === 'BinaryExpression' || left.type === 'LogicalExpression') &&
        left.operator === node.operator &&
        this.fold(left).kind === 'node'
      ) {
        operands.unshift(left.right);
        left = left.left;
      }
    }
    operands.unshift(left);
    const parts = this.finds(operands, true, ` ${node.operator} `);
    return parts === undefined ? undefined : `(${parts})`;
  }
}
