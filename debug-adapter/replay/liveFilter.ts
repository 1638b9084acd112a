// Compiles a live breakpoint's condition and hit condition into a filter the recorder evaluates
// (runtime/format/liveFilter.ts, issue 13 item 1): comparisons, arithmetic and boolean combinations
// of constants and of bindings the running frame owns (its locals and parameters) or module scope
// owns, resolved at the breakpoint's probe as the evaluator would (innermost visible binding).
// Property reads (`a.b`, `a[i]`, `a?.b`, `.length`, `.size`) and the string methods the
// evaluator runs (`name.startsWith('x')`) compile too: the recorder reads or calls only where no
// program code can run (runtime/recorder/liveFilterReads.ts) and stops where it cannot know.
// A closure's variable (declared in an enclosing function's own scope) compiles with how many
// activations of that function the adapter has indexed: the recorder reads it only while there has
// been one. Anything else (block-scoped variables of an enclosing function, other globals, `this`)
// is not compiled: the program stops at every hit and the engine decides, as before. Knows probe
// tables and acorn; not the recorder.
import { parseExpressionAt, type Expression, type MemberExpression } from 'acorn';
import {
  ModuleScope,
  producerProbeId,
  type ProbeInfo,
  type ProducerProbeId,
  type RegisteredFile,
  type SourceRange,
} from '../../runtime/format';
import {
  FILTER_BINARY_OPERATORS,
  FILTER_LOGICAL_OPERATORS,
  FILTER_UNARY_OPERATORS,
  type FilterExpr,
  type FilterHit,
  type LiveFilter,
} from '../../runtime/format/liveFilter';
import type { ProbeTable } from '../trace/history';

export interface LiveBreakpoint {
  id: number;
  /** The step probes it binds to in this producer. */
  probes: ProducerProbeId[];
  condition?: string;
  hitCondition?: string;
  /** Hits already recorded in this producer (the hit ordinal continues from there). */
  hitsSoFar: () => number;
  /** What the producer's recording says of its frames, when it is complete from the start. */
  activations?: ActivationsSeen;
}

/** The frames a producer's recording holds so far (every one it made: nothing lost or dropped). */
export interface ActivationsSeen {
  frames: number;
  /** The activations (frames) of a function probe so far. */
  of(functionProbe: ProducerProbeId): number;
}

/** The filters for a breakpoint, or undefined when it must stop at every hit (nothing to filter, or not compilable). */
export function compileLiveFilters(table: ProbeTable, breakpoint: LiveBreakpoint): LiveFilter[] | undefined {
  const condition = breakpoint.condition?.trim() ? breakpoint.condition : undefined;
  const hitText = breakpoint.hitCondition?.trim() ? breakpoint.hitCondition : undefined;
  if (condition === undefined && hitText === undefined) return undefined;
  // With both, the ordinal counts only the hits whose condition held: the recorder filters on the condition alone.
  const hit = hitText !== undefined && condition === undefined ? parseHit(hitText, breakpoint.hitsSoFar) : undefined;
  if (condition === undefined)
    return hit
      ? [{ breakpointId: breakpoint.id, probes: breakpoint.probes, bindings: [], owners: [], hit }]
      : undefined;
  const parsed = parseCondition(condition);
  if (!parsed) return undefined;
  const filters: LiveFilter[] = [];
  for (const probe of breakpoint.probes) {
    const scope = new ProbeScope(table, probe, breakpoint.activations);
    const compiled = scope.compile(parsed);
    if (!compiled) return undefined;
    const enclosing = scope.enclosing.some((count) => count !== null)
      ? { enclosing: scope.enclosing, framesSeen: breakpoint.activations!.frames }
      : {};
    filters.push({
      breakpointId: breakpoint.id,
      probes: [probe],
      bindings: scope.bindings,
      owners: scope.owners,
      ...enclosing,
      condition: compiled,
    });
  }
  return filters;
}

function parseHit(text: string, hitsSoFar: () => number): FilterHit | undefined {
  const match = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const op = match[1] === undefined || match[1] === '=' ? '==' : (match[1] as FilterHit['op']);
  return { op, count: Number(match[2]), hitsSoFar: hitsSoFar() };
}

function parseCondition(text: string): Expression | undefined {
  try {
    const expression = parseExpressionAt(text, 0, { ecmaVersion: 'latest' });
    return text.slice(expression.end).trim() === '' ? expression : undefined;
  } catch {
    return undefined;
  }
}

const contains = (range: SourceRange, at: SourceRange['start']): boolean =>
  before(range.start, at) && before(at, range.end);

function before(a: SourceRange['start'], b: SourceRange['start']): boolean {
  return a.line1 < b.line1 || (a.line1 === b.line1 && a.column0 <= b.column0);
}

/** Names as the code at one step probe sees them, each binding's write probes gathered once. */
class ProbeScope {
  readonly bindings: number[][] = [];
  /** Per binding, the producer-scoped function probe whose frame owns it, or ModuleScope.functionProbe. */
  readonly owners: number[] = [];
  /** Per binding, for a closure's variable the activations its owner has had so far; else null. */
  readonly enclosing: (number | null)[] = [];
  private readonly byName = new Map<string, number>();
  private readonly file: RegisteredFile | undefined;
  private readonly info: ProbeInfo | undefined;

  constructor(
    table: ProbeTable,
    probe: ProducerProbeId,
    private readonly activations: ActivationsSeen | undefined,
  ) {
    const resolved = table.resolve(probe);
    this.file = resolved?.file;
    this.info = resolved?.info;
  }

  compile(node: Expression): FilterExpr | undefined {
    switch (node.type) {
      case 'Literal':
        if (node.value === null || typeof node.value === 'string' || typeof node.value === 'boolean')
          return ['value', node.value];
        return typeof node.value === 'number' && Number.isFinite(node.value) ? ['value', node.value] : undefined;
      case 'Identifier':
        return this.identifier(node.name);
      case 'UnaryExpression': {
        const operand = this.compile(node.argument);
        const op = FILTER_UNARY_OPERATORS.find((each) => each === node.operator);
        return operand && op ? ['unary', op, operand] : undefined;
      }
      case 'BinaryExpression': {
        const op = FILTER_BINARY_OPERATORS.find((each) => each === node.operator);
        if (!op || node.left.type === 'PrivateIdentifier') return undefined;
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        return left && right ? ['binary', op, left, right] : undefined;
      }
      case 'LogicalExpression': {
        const op = FILTER_LOGICAL_OPERATORS.find((each) => each === node.operator);
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        return op && left && right ? ['logical', op, left, right] : undefined;
      }
      case 'ChainExpression':
        return this.compile(node.expression);
      case 'MemberExpression': {
        const object = node.object.type === 'Super' ? undefined : this.compile(node.object);
        const key = this.memberKey(node);
        return object && key ? ['member', object, key, node.optional] : undefined;
      }
      case 'CallExpression': {
        if (node.optional || node.callee.type !== 'MemberExpression' || node.callee.optional) return undefined;
        const method = this.memberKey(node.callee);
        if (!method || method[0] !== 'value' || typeof method[1] !== 'string') return undefined;
        if (node.callee.object.type === 'Super') return undefined;
        const receiver = this.compile(node.callee.object);
        const args: FilterExpr[] = [];
        for (const arg of node.arguments) {
          const compiled = arg.type === 'SpreadElement' ? undefined : this.compile(arg);
          if (!compiled) return undefined;
          args.push(compiled);
        }
        return receiver ? ['call', receiver, method[1], args] : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The module body's range: its own declarations' scope. */
  private moduleRange(): SourceRange | undefined {
    return this.file?.probes.find((probe) => probe.kind === 'module')?.range;
  }

  /** The key of `a.b` (its name) or `a[key]`. */
  private memberKey(node: MemberExpression): FilterExpr | undefined {
    if (node.property.type === 'PrivateIdentifier') return undefined;
    if (!node.computed && node.property.type === 'Identifier') return ['value', node.property.name];
    return this.compile(node.property as Expression);
  }

  /** The innermost binding named `name` visible here, if the running frame or module scope owns it. */
  private identifier(name: string): FilterExpr | undefined {
    const known = this.byName.get(name);
    if (known !== undefined) return ['binding', known];
    if (!this.file || !this.info) return undefined;
    const at = this.info.range.start;
    let innermost: ProbeInfo | undefined;
    for (const probe of this.file.probes) {
      if (probe.varName !== name || !probe.scopeRange || !contains(probe.scopeRange, at)) continue;
      if (!innermost || before(innermost.scopeRange!.start, probe.scopeRange.start)) innermost = probe;
    }
    if (!innermost) return name === 'undefined' ? ['undefined'] : undefined;
    const owner = innermost.scopeFunctionProbe;
    if (innermost.kind !== 'write' || owner === undefined) return undefined;
    // A module's top-level code runs once: its bindings (a top-level loop's `let`) have one owner frame.
    const ownerInfo = owner === ModuleScope.functionProbe ? undefined : this.file.probes[owner];
    const moduleOwned = ownerInfo === undefined || ownerInfo.kind === 'module';
    const scope = innermost.scopeRange!;
    // A block of the module's top-level code (a loop's `let`) has an instance per entry: a
    // callback made in an earlier iteration holds an older one than the last written.
    if (moduleOwned && owner !== this.info.functionProbe && !sameRange(scope, this.moduleRange())) return undefined;
    const enclosing =
      moduleOwned || owner === this.info.functionProbe
        ? null
        : enclosingActivations(this.file, owner, scope, this.activations);
    if (enclosing === undefined) return undefined;
    // A frame that suspends (async, generator) may run while a newer activation of its function is
    // on the stack: the recorder cannot tell which activation wrote a value; the adapter decides.
    // (A closure's variable is read only while its owner has had one activation: no such doubt.)
    if (!moduleOwned && enclosing === null && (ownerInfo.isAsync || ownerInfo.isGenerator)) return undefined;
    const ownerFrame = moduleOwned ? ModuleScope.functionProbe : this.file.probeBase + owner;
    const writes: number[] = [];
    this.file.probes.forEach((probe, localId) => {
      if (
        probe.kind === 'write' &&
        probe.varName === name &&
        probe.scopeFunctionProbe === owner &&
        sameRange(probe.scopeRange, scope)
      )
        writes.push(this.file!.probeBase + localId);
    });
    this.bindings.push(writes);
    this.owners.push(ownerFrame);
    this.enclosing.push(enclosing);
    this.byName.set(name, this.bindings.length - 1);
    return ['binding', this.bindings.length - 1];
  }
}

/**
 * ProbeScope.identifier's answer for a binding of an enclosing function: its activations so far,
 * when the binding has one instance per activation (declared in the function's own scope, not in
 * a block of it that a loop enters again) and the recording says how many there were; else undefined.
 */
function enclosingActivations(
  file: RegisteredFile,
  owner: number,
  scope: SourceRange,
  activations: ActivationsSeen | undefined,
): number | undefined {
  const ownerInfo = file.probes[owner];
  if (!activations || ownerInfo?.kind !== 'function' || !sameRange(scope, ownerInfo.range)) return undefined;
  return activations.of(producerProbeId(file.probeBase, owner));
}

function sameRange(a: SourceRange | undefined, b: SourceRange | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.start.line1 === b.start.line1 &&
    a.start.column0 === b.start.column0 &&
    a.end.line1 === b.end.line1 &&
    a.end.column0 === b.end.column0
  );
}
