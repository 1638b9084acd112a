// A breakpoint filter the recorder evaluates itself (issue 13 item 1): a simple condition over the
// values the program last wrote to a few bindings, and/or a hit count, so a rarely true breakpoint
// in a hot loop does not stop the program at every hit. The adapter compiles it; the recorder only
// says "not a hit" when it is sure, and the adapter confirms every stop with the full evaluation.
// Pure: the shapes and a validating check; no evaluation, no I/O.
import { ModuleScope } from './moduleScope';

/**
 * String methods a condition may call: pure on a string receiver with primitive arguments, so the
 * adapter's evaluator (debug-adapter/replay/evaluator.ts) runs them itself and the recorder may
 * call them in a filter (runtime/recorder/liveFilterReads.ts). Declared once for both.
 */
export const FILTER_STRING_METHODS = [
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'slice',
  'charAt',
  'at',
] as const;

/** Operators a filter may use: none of them runs program code on primitive operands. */
export const FILTER_BINARY_OPERATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
] as const;
export const FILTER_LOGICAL_OPERATORS = ['&&', '||', '??'] as const;
/** `typeof` too: it reads a value's type without any trap or conversion, objects (and Proxies) included. */
export const FILTER_UNARY_OPERATORS = ['!', '-', '+', 'typeof'] as const;
const FILTER_HIT_OPERATORS = ['==', '>=', '>', '<=', '<', '%'] as const;

export type FilterBinaryOperator = (typeof FILTER_BINARY_OPERATORS)[number];
export type FilterLogicalOperator = (typeof FILTER_LOGICAL_OPERATORS)[number];
export type FilterUnaryOperator = (typeof FILTER_UNARY_OPERATORS)[number];
export type FilterHitOperator = (typeof FILTER_HIT_OPERATORS)[number];

/** A condition's tree: constants, the latest write of one of the filter's bindings, operators. */
export type FilterExpr =
  | ['value', number | string | boolean | null]
  | ['undefined']
  /** The value last written to `bindings[index]` (unknown until written: the filter then stops). */
  | ['binding', number]
  | ['unary', FilterUnaryOperator, FilterExpr]
  | ['binary', FilterBinaryOperator, FilterExpr, FilterExpr]
  | ['logical', FilterLogicalOperator, FilterExpr, FilterExpr]
  /**
   * `object[key]` (`object?.[key]` when optional): read only where no getter or Proxy trap can
   * run (own or inherited data properties of ordinary objects, a string's length and characters);
   * anything else is unknown.
   */
  | ['member', FilterExpr, FilterExpr, boolean]
  /**
   * `receiver.method(...args)`: only a string's builtin method (as the adapter's evaluator), on primitive arguments.
   */
  | ['call', FilterExpr, string, FilterExpr[]];

/** A hit condition the recorder counts: the hit ordinal `op count`, counting on from `hitsSoFar`. */
export interface FilterHit {
  op: FilterHitOperator;
  count: number;
  /** Hits of the breakpoint already recorded in this producer (the ordinal continues from there). */
  hitsSoFar: number;
}

export interface LiveFilter {
  /** The breakpoint's id: its hit counter survives a resend while the program runs. */
  breakpointId: number;
  /** The step probes the breakpoint binds to. */
  probes: number[];
  /** Per binding the condition reads, the write probes that write it (module scope or the running frame). */
  bindings: number[][];
  /**
   * Per binding, the function probe whose frame owns it, or ModuleScope.functionProbe. The recorder
   * tracks that function's activations and reads a value only when the running activation wrote
   * it (a recursive or re-entered call's value is another activation's: the filter then stops).
   */
  owners: number[];
  /**
   * Per binding (as `bindings`), for a closure's variable (owned by a function enclosing the
   * probe's, declared in that function's own scope: one instance per activation), how many
   * activations of its owner the adapter had indexed when it compiled the filter; null for any
   * other binding. The recorder counts on from there and reads such a value only while its owner
   * has had exactly one activation (every closure of it then sees that one's bindings).
   */
  enclosing?: (number | null)[];
  /**
   * The frames the adapter had indexed in this producer (its recording complete from the start):
   * the counts in `enclosing` hold only if the recorder had made exactly as many when it compiles.
   */
  framesSeen?: number;
  condition?: FilterExpr;
  hit?: FilterHit;
}

const isProbeList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((id) => Number.isInteger(id) && (id as number) >= 0);

const oneOf = <T extends string>(list: readonly T[], value: unknown): value is T => list.includes(value as T);

function isFilterExpr(value: unknown, bindingCount: number, depth = 0): value is FilterExpr {
  if (!Array.isArray(value) || depth > 64) return false;
  const [tag, a, b, c] = value as unknown[];
  switch (tag) {
    case 'value':
      return value.length === 2 && (a === null || ['number', 'string', 'boolean'].includes(typeof a));
    case 'undefined':
      return value.length === 1;
    case 'binding':
      return Number.isInteger(a) && (a as number) >= 0 && (a as number) < bindingCount;
    case 'unary':
      return oneOf(FILTER_UNARY_OPERATORS, a) && isFilterExpr(b, bindingCount, depth + 1);
    case 'binary':
      return (
        oneOf(FILTER_BINARY_OPERATORS, a) &&
        isFilterExpr(b, bindingCount, depth + 1) &&
        isFilterExpr(c, bindingCount, depth + 1)
      );
    case 'logical':
      return (
        oneOf(FILTER_LOGICAL_OPERATORS, a) &&
        isFilterExpr(b, bindingCount, depth + 1) &&
        isFilterExpr(c, bindingCount, depth + 1)
      );
    case 'member':
      return (
        value.length === 4 &&
        isFilterExpr(a, bindingCount, depth + 1) &&
        isFilterExpr(b, bindingCount, depth + 1) &&
        typeof c === 'boolean'
      );
    case 'call':
      return (
        value.length === 4 &&
        isFilterExpr(a, bindingCount, depth + 1) &&
        typeof b === 'string' &&
        Array.isArray(c) &&
        c.length <= 8 &&
        c.every((arg) => isFilterExpr(arg, bindingCount, depth + 1))
      );

    default:
      return false;
  }
}

function isFilterHit(value: unknown): value is FilterHit {
  if (typeof value !== 'object' || value === null) return false;
  const hit = value as Record<string, unknown>;
  return (
    oneOf(FILTER_HIT_OPERATORS, hit.op) &&
    Number.isInteger(hit.count) &&
    Number.isInteger(hit.hitsSoFar) &&
    (hit.hitsSoFar as number) >= 0
  );
}

function isEnclosingList(value: unknown, bindingCount: number): boolean {
  return (
    Array.isArray(value) &&
    value.length === bindingCount &&
    value.every((count) => count === null || (Number.isInteger(count) && (count as number) >= 0))
  );
}

export function isLiveFilter(value: unknown): value is LiveFilter {
  if (typeof value !== 'object' || value === null) return false;
  const filter = value as Record<string, unknown>;
  if (!Number.isInteger(filter.breakpointId) || !isProbeList(filter.probes)) return false;
  if (!Array.isArray(filter.bindings) || !filter.bindings.every(isProbeList)) return false;
  if (!Array.isArray(filter.owners) || filter.owners.length !== filter.bindings.length) return false;
  if (!filter.owners.every((owner) => Number.isInteger(owner) && (owner as number) >= ModuleScope.functionProbe))
    return false;
  if (filter.enclosing !== undefined && !isEnclosingList(filter.enclosing, filter.bindings.length)) return false;
  if (filter.framesSeen !== undefined && !(Number.isInteger(filter.framesSeen) && (filter.framesSeen as number) >= 0))
    return false;
  if (filter.condition === undefined && filter.hit === undefined) return false;
  if (filter.condition !== undefined && !isFilterExpr(filter.condition, filter.bindings.length)) return false;
  return filter.hit === undefined || isFilterHit(filter.hit);
}
