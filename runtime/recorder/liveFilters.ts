// Live breakpoint filters, the producer's side (issue 13 item 1): the drain publishes the adapter's
// filters (format/liveFilter.ts) into a shared text area (sharedText.ts) beside the stop flags; here they are read when
// they change, the latest value written to each watched binding is kept (WRITE probes flagged
// WATCH) with the activation that wrote it, and at a filtered probe the filter says whether to
// stop. It only ever says "no stop" when sure: an unknown value, a frame's binding written by
// another activation of its function (recursion, re-entry: issue 13 item 2), an object operand or
// a filter being rewritten means stop, and the adapter decides. A closure's variable is read only
// while the function owning it has had exactly one activation in the whole run, counted from the
// adapter's count when the recorder had made no frame since (LiveFilter.enclosing): a closure cannot
// say which activation created it, but with one there is nothing to tell apart. Runs no program code
// (primitives only, captured builtins). Knows the area's layout and the filter shapes; not the ring,
// the adapter or what a breakpoint is.
import type { FilterExpr, FilterHit, LiveFilter } from '../format/liveFilter';
import { B } from './builtins';
import { lastFrameId } from './frameIds';
import { callStringMethod, isPlainPrimitive, readMember } from './liveFilterReads';
import { readText, textGeneration, type TextArea } from './sharedText';

// Captured as the recorder loads, before any program code (INS-25).
const create = Object.create;
const MathMax = Math.max;

/** An operand the filter cannot decide on (not written yet, an object where a primitive is needed). */
const UNKNOWN: unknown = B.freeze({ unknown: true });

type Compiled = () => unknown;

interface CompiledFilter {
  condition: Compiled | undefined;
  hit: FilterHit | undefined;
  counterKey: number;
}

let area: TextArea | undefined;
/** The generation compiled below; -1: none yet. */
let compiledGeneration = -1;
let byProbe: Record<number, CompiledFilter[]> = create(null) as Record<number, CompiledFilter[]>;
/** A watched WRITE probe → its binding's key (the binding's first write probe). */
let bindingOf: Record<number, number> = create(null) as Record<number, number>;
/** The binding's key → the value last written to it while watched. */
let latest: Record<number, unknown> = create(null) as Record<number, unknown>;
/** The binding's key → the function probe whose frames own it (absent: module scope). */
let ownerOf: Record<number, number> = create(null) as Record<number, number>;
/** The binding's key → the frame that wrote `latest` (0: not known). */
let writtenBy: Record<number, number> = create(null) as Record<number, number>;
/**
 * A tracked function probe (ENTRY-flagged) → the frame ids of its activations not exited yet,
 * innermost last. A frame entered before the flag was set is not in it: its writes are unknown.
 */
let activations: Record<number, number[]> = create(null) as Record<number, number[]>;
/**
 * A function probe owning a closure's watched binding → its activations in the whole run so far,
 * or UNCOUNTED when some may have been missed (the adapter's count was stale when compiled, or the
 * function's entries were not all seen since): its closures' variables are then unknown.
 */
let activationCounts: Record<number, number> = create(null) as Record<number, number>;
const UNCOUNTED = -1;
/** The binding's key → true for a closure's variable (LiveFilter.enclosing). */
let enclosingKey: Record<number, boolean> = create(null) as Record<number, boolean>;
/** Hit counts by breakpoint id: they continue across a resend while the program runs. */
const hitCounts: Record<number, number> = create(null) as Record<number, number>;
/** Whether every entry of a function probe from now on reaches activationEntered (liveStops.ts). */
let entriesSeen: (functionProbe: number) => boolean = () => false;

export function useFilterArea(shared: TextArea | undefined, tracksEntries?: (functionProbe: number) => boolean): void {
  area = shared;
  entriesSeen = tracksEntries ?? (() => false);
  activationCounts = create(null) as Record<number, number>;
  enclosingKey = create(null) as Record<number, boolean>;
  compiledGeneration = -1;
  byProbe = create(null) as Record<number, CompiledFilter[]>;
  bindingOf = create(null) as Record<number, number>;
  latest = create(null) as Record<number, unknown>;
  ownerOf = create(null) as Record<number, number>;
  writtenBy = create(null) as Record<number, number>;
  activations = create(null) as Record<number, number[]>;
}

/**
 * A WATCH-flagged WRITE probe wrote `value` (called from the WRITE path only when flagged);
 * `ownerFrame`: the frame owning the binding when the WRITE names it, else the running one.
 */
export function watchWrite(probeId: number, value: unknown, ownerFrame: number | undefined): void {
  refresh();
  const key = bindingOf[probeId];
  if (key === undefined) return;
  latest[key] = value;
  const owner = ownerOf[key];
  if (owner !== undefined)
    writtenBy[key] = ownerFrame !== undefined && ownerFrame > 0 ? ownerFrame : runningFrame(owner);
}

/** An activation of a tracked function began (ENTER). */
export function activationEntered(functionProbe: number, frameId: number): void {
  refresh();
  const stack = activations[functionProbe];
  if (stack !== undefined) B.listPush(stack, frameId);
  const count = activationCounts[functionProbe];
  if (count !== undefined && count !== UNCOUNTED) activationCounts[functionProbe] = count + 1;
}

/**
 * After a live stop, as the producer goes on: compiles filters the adapter sent while it was
 * stopped before any frame is made, so the activation counts it sent (of the frames it had seen:
 * all of them) are still exact.
 */
export function refreshFilters(): void {
  refresh();
}

/** An activation of a tracked function ended (its EXIT runs on every way out, a throw's too). */
export function activationExited(functionProbe: number, frameId: number): void {
  const stack = activations[functionProbe];
  if (stack !== undefined && stack.length > 0 && stack[stack.length - 1] === frameId) stack.length--;
}

/** The innermost activation of `functionProbe` not exited: the one its code runs in (it never suspends). */
function runningFrame(functionProbe: number): number {
  const stack = activations[functionProbe];
  return stack !== undefined && stack.length > 0 ? stack[stack.length - 1] : 0;
}

/** At a FILTER-flagged probe: false only when every filter on it is sure this is not a hit. */
export function filtersPass(probeId: number): boolean {
  if (!refresh()) return true;
  const filters = byProbe[probeId];
  if (filters === undefined) return true;
  let pass = false;
  // Every filter counts its hit, even after one already said stop.
  for (let index = 0; index < filters.length; index++) if (filterPasses(filters[index])) pass = true;
  return pass;
}

function filterPasses(filter: CompiledFilter): boolean {
  if (filter.hit !== undefined) {
    const ordinal = (hitCounts[filter.counterKey] ?? 0) + 1;
    hitCounts[filter.counterKey] = ordinal;
    if (!hitQualifies(filter.hit, ordinal)) return false;
  }
  if (filter.condition === undefined) return true;
  let value: unknown;
  try {
    value = filter.condition();
  } catch {
    return true; // the adapter's evaluation reports the failure
  }
  return value === UNKNOWN || !!value;
}

/** DAP hit conditions as the replay engine reads them (replay/hitCondition.ts). */
function hitQualifies(hit: FilterHit, ordinal: number): boolean {
  switch (hit.op) {
    case '>=':
      return ordinal >= hit.count;
    case '>':
      return ordinal > hit.count;
    case '<=':
      return ordinal <= hit.count;
    case '<':
      return ordinal < hit.count;
    case '%':
      return hit.count > 0 && ordinal % hit.count === 0;
    default:
      return ordinal === hit.count;
  }
}

/** Recompiles when the drain published new filters; false while they are being rewritten. */
function refresh(): boolean {
  if (area === undefined) return false;
  const generation = textGeneration(area);
  if (generation === compiledGeneration) return true;
  const text = readText(area, generation);
  if (text === undefined) return false;
  // The next publish after ours (+2): the functions and bindings in both were flagged all along
  // (the drain sets new flags before it clears old ones), so their activation stacks and latest
  // values are still right. After a publish this producer never compiled, a binding in both may
  // have been unwatched in between: its latest value is forgotten (a write may have been missed).
  compile(text ? (B.JSONParse(text) as LiveFilter[]) : [], generation === compiledGeneration + 2);
  compiledGeneration = generation;
  return true;
}

function compile(filters: LiveFilter[], consecutive: boolean): void {
  const nextByProbe = create(null) as Record<number, CompiledFilter[]>;
  const nextBindingOf = create(null) as Record<number, number>;
  const nextLatest = create(null) as Record<number, unknown>;
  const nextOwnerOf = create(null) as Record<number, number>;
  const nextWrittenBy = create(null) as Record<number, number>;
  const nextActivations = create(null) as Record<number, number[]>;
  const nextCounts = create(null) as Record<number, number>;
  const nextEnclosing = create(null) as Record<number, boolean>;
  const framesNow = lastFrameId();
  for (let index = 0; index < filters.length; index++) {
    const filter = filters[index];
    // The adapter's counts hold if it had seen every frame made so far (the program was stopped).
    const countsHold = filter.framesSeen === framesNow;
    const keys = B.list<number>();
    for (let binding = 0; binding < filter.bindings.length; binding++) {
      const writes = filter.bindings[binding];
      const key = writes.length ? writes[0] : -1;
      const owner = filter.owners[binding];
      B.listPush(keys, key);
      for (let at = 0; at < writes.length; at++) nextBindingOf[writes[at]] = key;
      if (owner >= 0) {
        nextOwnerOf[key] = owner;
        const kept = consecutive ? activations[owner] : undefined;
        nextActivations[owner] = kept ?? nextActivations[owner] ?? B.list<number>();
      }
      const seen = filter.enclosing?.[binding];
      if (owner >= 0 && seen !== undefined && seen !== null) {
        nextEnclosing[key] = true;
        nextCounts[owner] = activationCount(owner, seen, countsHold, consecutive, nextCounts[owner]);
      }
      // Watched without a break: its latest value (and who wrote it) is still the program's.
      if (consecutive && bindingOf[key] === key && B.hasOwn(latest, key)) {
        nextLatest[key] = latest[key];
        if (owner >= 0 && ownerOf[key] === owner) nextWrittenBy[key] = writtenBy[key] ?? 0;
      }
    }
    if (filter.hit !== undefined)
      hitCounts[filter.breakpointId] = MathMax(hitCounts[filter.breakpointId] ?? 0, filter.hit.hitsSoFar);
    const compiled: CompiledFilter = {
      condition: filter.condition === undefined ? undefined : compileExpr(filter.condition, keys),
      hit: filter.hit,
      counterKey: filter.breakpointId,
    };
    for (let at = 0; at < filter.probes.length; at++) {
      const probe = filter.probes[at];
      const list = nextByProbe[probe] ?? B.list<CompiledFilter>();
      B.listPush(list, compiled);
      nextByProbe[probe] = list;
    }
  }
  byProbe = nextByProbe;
  bindingOf = nextBindingOf;
  latest = nextLatest;
  ownerOf = nextOwnerOf;
  writtenBy = nextWrittenBy;
  activations = nextActivations;
  activationCounts = nextCounts;
  enclosingKey = nextEnclosing;
}

/**
 * The activations so far of a function owning a closure's variable: the adapter's count when it
 * holds and every entry is seen from now on; else the count kept across a consecutive publish (its
 * entries were seen all along); else UNCOUNTED. `already`: another filter's answer in this publish.
 */
function activationCount(
  owner: number,
  adapterCount: number,
  countsHold: boolean,
  consecutive: boolean,
  already: number | undefined,
): number {
  if (already !== undefined && already !== UNCOUNTED) return already;
  if (countsHold && entriesSeen(owner)) return adapterCount;
  const kept = consecutive ? activationCounts[owner] : undefined;
  return kept ?? UNCOUNTED;
}

/**
 * A module binding; a frame's written by the activation running now (the filter's probe is in its
 * code); a closure's while its owner has had one activation (whoever wrote it wrote that one's).
 */
function writtenHere(key: number): boolean {
  const owner = ownerOf[key];
  if (owner === undefined) return true;
  if (enclosingKey[key] === true) return activationCounts[owner] === 1;
  const frame = writtenBy[key];
  return frame !== undefined && frame !== 0 && frame === runningFrame(owner);
}

function compileExpr(expr: FilterExpr, keys: number[]): Compiled {
  switch (expr[0]) {
    case 'value': {
      const value = expr[1];
      return () => value;
    }
    case 'undefined':
      return () => undefined;
    case 'binding': {
      const key = keys[expr[1]];
      return () => (B.hasOwn(latest, key) && writtenHere(key) ? latest[key] : UNKNOWN);
    }
    case 'unary': {
      const operand = compileExpr(expr[2], keys);
      const op = expr[1];
      return () => {
        const value = operand();
        if (value === UNKNOWN) return UNKNOWN;
        if (op === '!') return !value; // ToBoolean runs no code, objects included
        if (op === 'typeof') return typeof value; // no trap, no conversion: a Proxy's too
        if (!isPlainPrimitive(value)) return UNKNOWN;
        return op === '-' ? -(value as number) : +(value as number);
      };
    }
    case 'binary':
      return compileBinary(expr[1], compileExpr(expr[2], keys), compileExpr(expr[3], keys));
    case 'logical': {
      const left = compileExpr(expr[2], keys);
      const right = compileExpr(expr[3], keys);
      const op = expr[1];
      return () => {
        const value = left();
        if (value === UNKNOWN) return UNKNOWN;
        if (op === '&&') return value ? right() : value;
        if (op === '||') return value ? value : right();
        return value === null || value === undefined ? right() : value;
      };
    }
    case 'member': {
      const object = compileExpr(expr[1], keys);
      const key = compileExpr(expr[2], keys);
      const optional = expr[3];
      return () => {
        const value = object();
        if (value === UNKNOWN) return UNKNOWN;
        if (optional && (value === null || value === undefined)) return undefined;
        const name = key();
        return name === UNKNOWN ? UNKNOWN : readMember(value, name, UNKNOWN as object);
      };
    }
    case 'call': {
      const receiver = compileExpr(expr[1], keys);
      const method = expr[2];
      const args = B.list<Compiled>();
      for (let index = 0; index < expr[3].length; index++) B.listPush(args, compileExpr(expr[3][index], keys));
      return () => {
        const value = receiver();
        if (value === UNKNOWN) return UNKNOWN;
        const values = B.list<unknown>();
        for (let index = 0; index < args.length; index++) {
          const arg = args[index]();
          if (arg === UNKNOWN) return UNKNOWN;
          B.listPush(values, arg);
        }
        return callStringMethod(value, method, values, UNKNOWN as object);
      };
    }
  }
}

function compileBinary(op: FilterExpr[1] & string, left: Compiled, right: Compiled): Compiled {
  return () => {
    const a = left();
    const b = right();
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    // Identity needs no conversion; everything else only on primitives (no valueOf, no toString).
    if (op === '===') return a === b;
    if (op === '!==') return a !== b;
    if (!isPlainPrimitive(a) || !isPlainPrimitive(b)) return UNKNOWN;
    const x = a as number;
    const y = b as number;
    switch (op) {
      case '==':
        return x == y;
      case '!=':
        return x != y;
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
      default:
        return UNKNOWN;
    }
  };
}
