// A safe expression evaluator over recorded state (watch, hover, REPL, breakpoint conditions,
// logpoint interpolation all use it). acorn parses; a whitelist interprets identifiers, member
// paths, literals, arithmetic, comparison, logical/conditional and a few unary operators, and
// .length/.size. Anything else is refused: nothing can be called, assigned or created, so an
// evaluation can never change anything — it only reads a recording.
import { parse, type Node, type Program } from 'acorn';
import {
  INTRINSIC_PROTOTYPES,
  ObjectType,
  WELL_KNOWN_SYMBOLS,
  WELL_KNOWN_SYMBOL_FIRST_ID,
  assertNever,
  type DecodedValue,
} from '../../runtime/format';
import { FILTER_STRING_METHODS } from '../../runtime/format/liveFilter';
import { ReplayError } from './errors';
import { emptyState, isArrayLike, itemAt, keyText, type ObjectState } from './objects';
import { inheritedProperty, type ChainLookup } from './prototypeChain';

export interface EvalScope extends ChainLookup {
  lookup(name: string): DecodedValue | undefined;
}

type Primitive = string | number | boolean | bigint | null | undefined;

const GLOBALS: Record<string, DecodedValue> = {
  undefined: { type: 'undefined' },
  NaN: { type: 'number', value: NaN },
  Infinity: { type: 'number', value: Infinity },
};

/** The builtin prototype a primitive's properties come from (a primitive owns none but a string's). */
const PRIMITIVE_PROTOTYPES: Partial<Record<DecodedValue['type'], (typeof INTRINSIC_PROTOTYPES)[number]>> = {
  number: 'Number.prototype',
  boolean: 'Boolean.prototype',
  bigint: 'BigInt.prototype',
  symbol: 'Symbol.prototype',
};

/** A primitive as the object its property reads see: no own properties, the builtin's prototype. */
function primitiveWrapper(prototype: (typeof INTRINSIC_PROTOTYPES)[number]): ObjectState {
  const index = INTRINSIC_PROTOTYPES.indexOf(prototype);
  return emptyState(0, () => ({ type: 'undefined' }), { known: true, prototype: { kind: 'builtin', index } });
}

const refuse = (what: string): never => {
  throw new ReplayError(`${what} is not supported in a recording (expressions can only read recorded values)`);
};

/**
 * Parsed expressions by their text. One expression is evaluated at many steps (a watch at every
 * stop, a breakpoint condition at every hit, evaluate's sandbox check then its interpreter), and
 * parsing cost more than evaluating (replayBench: evaluate took twice as long once the sandbox
 * check parsed it a second time). Nothing mutates a parsed tree. Bounded: a REPL session types
 * many one-off expressions.
 */
const parsedExpressions = new Map<string, Node>();
const PARSED_EXPRESSIONS_KEPT = 256;

/** Parses once per text (then the kept tree); throws ReplayError on a syntax error. */
export function parseExpression(text: string): Node {
  const kept = parsedExpressions.get(text);
  if (kept) return kept;
  const parsed = parseExpressionText(text);
  if (parsedExpressions.size >= PARSED_EXPRESSIONS_KEPT)
    parsedExpressions.delete(parsedExpressions.keys().next().value as string);
  parsedExpressions.set(text, parsed);
  return parsed;
}

function parseExpressionText(text: string): Node {
  // Parsed as one parenthesised expression statement, so `{…}` is an object and `a; b` is refused.
  let program: Program;
  try {
    program = parse(`(${text}\n)`, { ecmaVersion: 'latest' });
  } catch (error) {
    // acorn's "(line:column)" counts in the wrapped text, not the user's: leave it out.
    throw new ReplayError(`cannot parse "${text}": ${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')}`);
  }
  const [statement, ...rest] = program.body;
  if (rest.length || statement?.type !== 'ExpressionStatement')
    throw new ReplayError(`cannot parse "${text}": not a single expression`);
  return statement.expression;
}

/**
 * Throws ReplayError when `text` can never evaluate: it does not parse, or it uses something the
 * interpreter refuses whatever the values (a call, an assignment, `new`, an unsupported operator).
 * Breakpoint conditions and logpoint parts are checked once, when set, rather than fail at every hit.
 */
export function checkExpression(text: string): void {
  const refusal = staticRefusal(parseExpression(text), true);
  if (refusal) refuse(refusal);
}

/**
 * Whether `text` (which parses) asks for more than the interpreter reads: a call, a lambda, `new`,
 * an object or array literal. Watch, hover and REPL evaluation then runs it in the sandbox.
 */
export function needsSandbox(text: string): boolean {
  return staticRefusal(parseExpression(text)) !== undefined;
}

/** The `{expression}` parts of a logpoint message, in order. */
export function interpolationParts(message: string): string[] {
  return [...message.matchAll(INTERPOLATION)].map((match) => match[1]);
}

/** Replaces each `{expression}` part of a logpoint message. */
export function interpolateMessage(message: string, replace: (expression: string) => string): string {
  return message.replace(INTERPOLATION, (_whole, expression: string) => replace(expression));
}

const INTERPOLATION = /\{([^{}]+)\}/g;
const UNARY_OPERATORS = new Set(['!', 'typeof', '-', '+', 'void']);
const BINARY_OPERATORS = new Set(['===', '!==', '==', '!=', '+', '-', '*', '/', '%', '**', '<', '>', '<=', '>=']);
const LOGICAL_OPERATORS = new Set(['&&', '||', '??']);
/**
 * Methods of a string the interpreter runs itself (pure, on the recorded text, with primitive
 * arguments): so `$request.url.includes('/orders')` is a condition, not a call into the program.
 */
const STRING_METHODS: ReadonlySet<string> = new Set(FILTER_STRING_METHODS);

/** `x.method(args)` with a method of STRING_METHODS and no spread: the receiver must be a string when run. */
function stringMethodCall(call: Record<string, unknown>): boolean {
  const callee = call.callee as Record<string, unknown> & { type: string };
  const property = callee.property as { type: string; name?: string } | undefined;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    property?.type === 'Identifier' &&
    STRING_METHODS.has(property.name!) &&
    (call.arguments as Array<{ type: string }>).every((argument) => argument.type !== 'SpreadElement')
  );
}

/**
 * What the interpreter below would refuse in this tree whatever the recorded values, if anything.
 * `stringMethods`: a call of a STRING_METHODS name may run in the interpreter (conditions); else
 * every call is refused (watch and REPL then run it sandboxed, where `list.includes(1)` works too).
 */
function staticRefusal(node: Node, stringMethods = false): string | undefined {
  const any = node as unknown as Record<string, unknown> & { type: string };
  const children = (...keys: string[]) =>
    keys.flatMap((key) => {
      const child = any[key];
      return Array.isArray(child) ? (child as Node[]) : child ? [child as Node] : [];
    });
  const first = (nodes: Node[]) =>
    nodes.map((child) => staticRefusal(child, stringMethods)).find((refusal) => refusal !== undefined);
  switch (any.type) {
    case 'Identifier':
    case 'ThisExpression':
      return undefined;
    case 'Literal':
      return 'regex' in any && any.regex ? 'a regular expression literal' : undefined;
    case 'TemplateLiteral':
      return first(children('expressions'));
    case 'MemberExpression':
      return first(children('object', ...(any.computed ? ['property'] : [])));
    case 'ChainExpression':
      return first(children('expression'));
    case 'UnaryExpression':
      return UNARY_OPERATORS.has(any.operator as string)
        ? first(children('argument'))
        : `the operator ${any.operator as string}`;
    case 'BinaryExpression':
      return BINARY_OPERATORS.has(any.operator as string)
        ? first(children('left', 'right'))
        : `the operator ${any.operator as string}`;
    case 'LogicalExpression':
      return LOGICAL_OPERATORS.has(any.operator as string)
        ? first(children('left', 'right'))
        : `the operator ${any.operator as string}`;
    case 'ConditionalExpression':
      return first(children('test', 'consequent', 'alternate'));
    case 'CallExpression':
      return stringMethods && stringMethodCall(any) ? first(children('arguments', 'callee')) : 'calling a function';
    case 'TaggedTemplateExpression':
      return 'calling a function';
    case 'AssignmentExpression':
    case 'UpdateExpression':
      return 'assignment';
    case 'NewExpression':
      return '`new`';
    default:
      return `\`${any.type}\``;
  }
}

/**
 * What a data breakpoint on `text` watches: a variable (`total`) or one property of an object
 * (`state.label`, `items[2]`, `map["k"]`: the object's expression and the key); else why not.
 */
export function watchTarget(
  text: string,
): { kind: 'variable'; name: string } | { kind: 'property'; object: string; key: string } | string {
  let node: Node;
  try {
    node = parseExpression(text);
  } catch (error) {
    if (error instanceof ReplayError) return error.userMessage;
    throw error;
  }
  const any = node as unknown as Record<string, unknown> & { type: string };
  if (any.type === 'Identifier') return { kind: 'variable', name: any.name as string };
  if (any.type !== 'MemberExpression' || any.optional)
    return `only a variable or a property (a.b, a[0]) can be watched, not "${text}"`;
  const object = any.object as Node;
  const property = any.property as Node & { name?: string; value?: unknown };
  // Offsets count in the parsed text, which opens with "(".
  const objectText = text.slice(object.start - 1, object.end - 1);
  if (!any.computed) return { kind: 'property', object: objectText, key: property.name! };
  if (property.type === 'Literal' && (typeof property.value === 'string' || typeof property.value === 'number'))
    return { kind: 'property', object: objectText, key: String(property.value) };
  return `only a literal key (a["k"], a[0]) can be watched, not "${text}"`;
}

export function evaluateExpression(text: string, scope: EvalScope): DecodedValue {
  return new Interpreter(scope).evaluate(parseExpression(text));
}

/** The value's truthiness, as JavaScript defines it (objects are truthy). */
export function truthy(value: DecodedValue): boolean {
  return value.type === 'object' || Boolean(toPrimitive(value, 'truthiness'));
}

function toPrimitive(value: DecodedValue, operation: string): Primitive {
  switch (value.type) {
    case 'undefined':
    case 'hole':
      return undefined;
    case 'null':
      return null;
    case 'boolean':
    case 'number':
      return value.value;
    case 'string':
      return value.value;
    case 'bigint':
      return BigInt(value.text);
    case 'symbol':
      return refuse(`${operation} on a symbol`);
    case 'notCaptured':
      throw new ReplayError(`the value was not recorded (${value.typeofName})`);
    case 'object':
      return refuse(`${operation} on an object (it would call valueOf/toString)`);
    default:
      return assertNever(value, 'value type');
  }
}

function fromPrimitive(value: Primitive): DecodedValue {
  if (value === undefined) return { type: 'undefined' };
  if (value === null) return { type: 'null' };
  switch (typeof value) {
    case 'boolean':
      return { type: 'boolean', value };
    case 'number':
      return { type: 'number', value };
    case 'bigint':
      return { type: 'bigint', text: value.toString() };
    default:
      return { type: 'string', value: String(value), length: String(value).length, truncated: false };
  }
}

class Interpreter {
  constructor(private readonly scope: EvalScope) {}

  evaluate(node: Node): DecodedValue {
    const any = node as unknown as Record<string, unknown> & { type: string };
    switch (any.type) {
      case 'Identifier':
        return this.identifier(any.name as string);
      case 'Literal':
        if ('regex' in any && any.regex) return refuse('a regular expression literal');
        return fromPrimitive(any.value as Primitive);
      case 'TemplateLiteral':
        return this.template(any);
      case 'ThisExpression':
        return this.identifier('this');
      case 'MemberExpression':
        return this.member(any, false);
      case 'ChainExpression':
        return this.evaluate(any.expression as Node);
      case 'UnaryExpression':
        return this.unary(any.operator as string, any.argument as Node);
      case 'BinaryExpression':
        return this.binary(any.operator as string, any.left as Node, any.right as Node);
      case 'LogicalExpression':
        return this.logical(any.operator as string, any.left as Node, any.right as Node);
      case 'ConditionalExpression':
        return truthy(this.evaluate(any.test as Node))
          ? this.evaluate(any.consequent as Node)
          : this.evaluate(any.alternate as Node);
      case 'CallExpression':
        return stringMethodCall(any) ? this.stringMethod(any) : refuse('calling a function');
      case 'TaggedTemplateExpression':
        return refuse('calling a function');
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return refuse('assignment');
      case 'NewExpression':
        return refuse('`new`');
      default:
        return refuse(`\`${any.type}\``);
    }
  }

  private identifier(name: string): DecodedValue {
    const value = this.scope.lookup(name) ?? GLOBALS[name];
    if (!value) throw new ReplayError(`${name} is not defined at this moment`);
    return value;
  }

  private template(node: Record<string, unknown>): DecodedValue {
    const quasis = node.quasis as Array<{ value: { cooked: string } }>;
    const expressions = node.expressions as Node[];
    let text = quasis[0].value.cooked;
    expressions.forEach((expression, index) => {
      text += String(toPrimitive(this.evaluate(expression), 'template interpolation')) + quasis[index + 1].value.cooked;
    });
    return fromPrimitive(text);
  }

  private stringMethod(call: Record<string, unknown>): DecodedValue {
    const callee = call.callee as Record<string, unknown>;
    const name = (callee.property as { name: string }).name;
    const receiver = this.evaluate(callee.object as Node);
    if (receiver.type !== 'string') return refuse(`calling ${name} on a ${receiver.type}`);
    if (receiver.truncated)
      throw new ReplayError(
        `the string was recorded only in part (${receiver.length} characters): ${name} would guess`,
      );
    const args = (call.arguments as Node[]).map((argument) => toPrimitive(this.evaluate(argument), name));
    const method = String.prototype[name as 'includes'] as (...values: unknown[]) => Primitive;
    return fromPrimitive(method.apply(receiver.value, args));
  }

  private member(node: Record<string, unknown>, _optional: boolean): DecodedValue {
    const wellKnown = this.wellKnownSymbol(node);
    if (wellKnown) return wellKnown;
    const target = this.evaluate(node.object as Node);
    if (node.optional && (target.type === 'undefined' || target.type === 'null')) return { type: 'undefined' };
    const property = node.property as Node & { name?: string };
    const key = node.computed ? this.evaluate(property) : fromPrimitive(property.name);
    return this.property(target, key);
  }

  /**
   * `Symbol.iterator` and the other well-known symbols (the program's `Symbol` unless it declared
   * its own), as a recording names them (format 3.6: wellKnownSymbols.ts), so `arr[Symbol.iterator]`
   * reads the builtin member.
   */
  private wellKnownSymbol(node: Record<string, unknown>): DecodedValue | undefined {
    const object = node.object as Node & { name?: string };
    const property = node.property as Node & { name?: string };
    if (node.computed || object.type !== 'Identifier' || object.name !== 'Symbol' || this.scope.lookup('Symbol'))
      return undefined;
    const index = WELL_KNOWN_SYMBOLS.indexOf(property.name as (typeof WELL_KNOWN_SYMBOLS)[number]);
    if (index < 0) return undefined;
    return {
      type: 'symbol',
      id: WELL_KNOWN_SYMBOL_FIRST_ID + index,
      description: `Symbol.${property.name}`,
      registered: false,
    };
  }

  private property(target: DecodedValue, key: DecodedValue): DecodedValue {
    const name = key.type === 'string' ? key.value : key.type === 'number' ? String(key.value) : undefined;
    if (target.type === 'string') {
      if (name === 'length') return fromPrimitive(target.length);
      const index = Number(name);
      if (Number.isInteger(index) && index >= 0) {
        if (index >= target.value.length && target.truncated)
          throw new ReplayError('that part of the string was not recorded (truncated)');
        return index < target.value.length ? fromPrimitive(target.value[index]) : { type: 'undefined' };
      }
      return this.inherited(primitiveWrapper('String.prototype'), key, name);
    }
    if (target.type === 'undefined' || target.type === 'null')
      throw new ReplayError(`cannot read "${name}" of ${target.type}`);
    const wrapper = PRIMITIVE_PROTOTYPES[target.type];
    if (wrapper) return this.inherited(primitiveWrapper(wrapper), key, name);
    if (target.type !== 'object') return refuse(`reading properties of a ${target.type}`);
    return this.objectProperty(this.scope.object(target.id), key, name);
  }

  private objectProperty(state: ObjectState, key: DecodedValue, name: string | undefined): DecodedValue {
    if (!state.known) throw new ReplayError('this object was not recorded at this moment');
    if (isArrayLike(state.type)) {
      if (name === 'length') return fromPrimitive(state.length);
      const index = Number(name);
      if (name !== undefined && Number.isInteger(index) && index >= 0) {
        if (index >= state.length) return { type: 'undefined' };
        const item = itemAt(state, index);
        if (!item) throw new ReplayError(`element ${index} was not recorded (the array was captured in part)`);
        return item.type === 'hole' ? { type: 'undefined' } : item;
      }
    }
    if ((state.type === ObjectType.MAP || state.type === ObjectType.SET) && name === 'size') {
      const captured = state.type === ObjectType.MAP ? state.mapEntries.length : state.setValues.length;
      return fromPrimitive(captured + state.uncaptured);
    }
    const property = state.properties.get(keyText(key));
    // An error's message and a function's name are recorded with the snapshot, not as properties.
    if (
      !property &&
      state.extra &&
      ((state.type === ObjectType.ERROR && name === 'message') ||
        (state.type === ObjectType.FUNCTION && name === 'name'))
    )
      return state.extra;
    if (!property) {
      if (state.uncaptured > 0) throw new ReplayError(`"${name}" was not recorded (the object was captured in part)`);
      return this.inherited(state, key, name);
    }
    if (property.kind !== 'data') return refuse(`running the getter of "${name}"`);
    return property.value ?? { type: 'undefined' };
  }

  /** A key the object does not own: its recorded prototype chain answers, or says it cannot. */
  private inherited(state: ObjectState, key: DecodedValue, keyName: string | undefined): DecodedValue {
    const name = keyName ?? (key.type === 'symbol' ? `Symbol(${key.description ?? ''})` : keyText(key));
    const found = inheritedProperty(state, key, this.scope);
    switch (found.kind) {
      case 'absent':
        return { type: 'undefined' };
      case 'value':
        return found.value;
      case 'accessor':
        throw new ReplayError(
          `"${name}" is a getter inherited from ${found.holder}: it was not run (a replay never runs the program's code)`,
        );
      case 'unknown':
        throw new ReplayError(`"${name}" is not an own property and may be inherited: ${found.reason}`);
      default:
        return assertNever(found, 'inherited property');
    }
  }

  private unary(operator: string, argument: Node): DecodedValue {
    const value = this.evaluate(argument);
    switch (operator) {
      case '!':
        return fromPrimitive(!truthy(value));
      case 'typeof':
        return fromPrimitive(typeOf(value, this.scope));
      case '-':
        return fromPrimitive(-(toPrimitive(value, 'negation') as number));
      case '+': {
        const primitive = toPrimitive(value, 'unary plus');
        return typeof primitive === 'bigint' ? refuse('unary plus on a BigInt') : fromPrimitive(+(primitive as number));
      }
      case 'void':
        return { type: 'undefined' };
      default:
        return refuse(`the operator ${operator}`);
    }
  }

  private binary(operator: string, leftNode: Node, rightNode: Node): DecodedValue {
    const left = this.evaluate(leftNode);
    const right = this.evaluate(rightNode);
    if (operator === '===' || operator === '!==')
      return fromPrimitive(strictEquals(left, right) === (operator === '==='));
    if ((operator === '==' || operator === '!=') && (left.type === 'object' || right.type === 'object')) {
      return fromPrimitive(strictEquals(left, right) === (operator === '=='));
    }
    const a = toPrimitive(left, `the operator ${operator}`) as number;
    const b = toPrimitive(right, `the operator ${operator}`) as number;
    if (typeof a === 'bigint' && typeof b === 'bigint') checkBigIntCost(operator, a, b);
    switch (operator) {
      case '+':
        return fromPrimitive(a + b);
      case '-':
        return fromPrimitive(a - b);
      case '*':
        return fromPrimitive(a * b);
      case '/':
        return fromPrimitive(a / b);
      case '%':
        return fromPrimitive(a % b);
      case '**':
        return fromPrimitive(a ** b);
      case '<':
        return fromPrimitive(a < b);
      case '>':
        return fromPrimitive(a > b);
      case '<=':
        return fromPrimitive(a <= b);
      case '>=':
        return fromPrimitive(a >= b);
      // Loose equality of primitives is what the user's expression asks for; no user code can run.
      case '==':
        return fromPrimitive(a == b);
      case '!=':
        return fromPrimitive(a != b);
      default:
        return refuse(`the operator ${operator}`);
    }
  }

  private logical(operator: string, leftNode: Node, rightNode: Node): DecodedValue {
    const left = this.evaluate(leftNode);
    switch (operator) {
      case '&&':
        return truthy(left) ? this.evaluate(rightNode) : left;
      case '||':
        return truthy(left) ? left : this.evaluate(rightNode);
      default:
        return left.type === 'undefined' || left.type === 'null' ? this.evaluate(rightNode) : left;
    }
  }
}

/**
 * Evaluation cost limit (issue 10 item 7): `2n ** 1000000000n` ran for ever in one synchronous
 * step that nothing could interrupt. BigInt results that would exceed this many bits are refused
 * before they are computed; every other operation is bounded by its (recorded or literal) operands.
 */
const MAX_BIGINT_RESULT_BITS = 1_000_000;

function checkBigIntCost(operator: string, a: bigint, b: bigint): void {
  let bits: number;
  if (operator === '**')
    bits = a >= -1n && a <= 1n ? 1 : b > BigInt(MAX_BIGINT_RESULT_BITS) ? Infinity : bitLength(a) * Number(b);
  else if (operator === '*') bits = bitLength(a) + bitLength(b);
  else return;
  if (bits > MAX_BIGINT_RESULT_BITS) {
    throw new ReplayError(
      `the result of ${operator} would have about ${Number.isFinite(bits) ? bits.toLocaleString('en-US') : 'unboundedly many'} bits: past the evaluation cost limit of ${MAX_BIGINT_RESULT_BITS.toLocaleString('en-US')} bits`,
    );
  }
}

/** Bits of |value| (0 for 0n). */
function bitLength(value: bigint): number {
  return (value < 0n ? -value : value).toString(16).length * 4;
}

function strictEquals(left: DecodedValue, right: DecodedValue): boolean {
  if (left.type === 'object' || right.type === 'object')
    return left.type === right.type && (left as { id: number }).id === (right as { id: number }).id;
  if (left.type === 'symbol' || right.type === 'symbol')
    return left.type === right.type && (left as { id: number }).id === (right as { id: number }).id;
  return toPrimitive(left, 'comparison') === toPrimitive(right, 'comparison');
}

function typeOf(value: DecodedValue, scope: EvalScope): string {
  switch (value.type) {
    case 'hole':
      return 'undefined';
    case 'notCaptured':
      return value.typeofName;
    case 'object': {
      const type = scope.object(value.id).type;
      return type === ObjectType.FUNCTION || type === ObjectType.CLASS ? 'function' : 'object';
    }
    default:
      return value.type;
  }
}
