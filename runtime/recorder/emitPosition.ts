// Where Node's own EventEmitter emit calls its listeners and throws an unhandled 'error'
// (`node:events` lines and columns): the lone listener's call is probed at start-up (one private
// emit, the listener's caller frame); the other sites are read from emit's own text, whose lines
// are the file's. nodeEmits.ts compiles its replacement with those lines so the program's stacks
// keep Node's frames. Knows the shape of a V8 stack line and of Node's emit text, not recording.
import { EventEmitter } from 'node:events';
import { B } from './builtins';
import { quietRegExp } from './quietRegExp';

export interface SourcePosition {
  /** 1-based, as stacks print it. */
  line: number;
  /** 1-based, as stacks print it. */
  column: number;
}

/** A line of Node's emit copied verbatim into the replacement (so every column on it is Node's). */
export interface SourceLine {
  /** 1-based line in `node:events`. */
  line: number;
  text: string;
}

export interface NodeEmitSites {
  /** The lone listener's call (`handler.apply(this, args)`, V8 reports the member call at `apply`). */
  lone: SourcePosition;
  /**
   * The call of each of several listeners: over a copy (`arrayClone`, Node 20) or over the array
   * itself, marked as emitting so a removal copies it (`kEmitting`, Node 22+). Absent: unknown form.
   */
  many?: SourceLine & { form: 'clone' | 'emitting' };
  /** `this.emit(kErrorMonitor, ...args)`: an 'error' runs its monitors (EventEmitter.errorMonitor) first. */
  monitor?: SourceLine;
  /**
   * `throw err; // Unhandled 'error' event` for an 'error' with no listener that is not an Error; `name` is its
   * variable.
   */
  unhandled?: SourceLine & { name: string };
}

/** A frame in `node:events`: `at name (node:events:L:C)`, or an anonymous function's `at node:events:L:C`. */
// Quiet (quietRegExp.ts): emitRejections.ts reads positions while the program runs.
const nodeEventsFrame = quietRegExp(/[ (]node:events:(\d+):(\d+)\)?$/);
const LONE_CALL = 'handler.apply(this, args)';
const MANY_CALL =
  /^\s*const result = (?:listeners\[i\]\.apply\(this, args\)|ReflectApply\(handler\[i\], this, args\));$/;
const MONITOR_CALL = /^\s*this\.emit\(kErrorMonitor, \.\.\.args\);$/;
const UNHANDLED_THROW = /^\s*throw (\w+); \/\/ Unhandled 'error' event$/;

/**
 * `run()` with Node's own stack formatting and at least `frames` frames (before user code: nobody
 * observes the limit or the formatter meanwhile); returns what it returned.
 */
export function withNodeStacks<T>(frames: number, run: () => T): T {
  const errorConstructor = Error as ErrorConstructor & { stackTraceLimit: number };
  const limit = B.getOwnPropertyDescriptor(errorConstructor, 'stackTraceLimit');
  const prepare = B.getOwnPropertyDescriptor(errorConstructor, 'prepareStackTrace');
  try {
    errorConstructor.stackTraceLimit = frames;
    if (prepare !== undefined) B.deleteProperty(errorConstructor, 'prepareStackTrace');
    return run();
  } finally {
    if (limit === undefined) B.deleteProperty(errorConstructor, 'stackTraceLimit');
    else B.defineProperty(errorConstructor, 'stackTraceLimit', limit);
    if (prepare !== undefined) B.defineProperty(errorConstructor, 'prepareStackTrace', prepare);
  }
}

/** The stack of stackHere's caller, as text: line 1 is the caller's frame (call inside withNodeStacks). */
export function stackHere(): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, stackHere);
  return typeof holder.stack === 'string' ? holder.stack : '';
}

/** The `node:events` position of line `index` of `stack` (0 is the header), named or anonymous frame. */
export function nodeEventsPosition(stack: string, index: number): SourcePosition | undefined {
  const frame = nodeEventsFrame(stack.split('\n')[index] ?? '');
  return frame ? { line: Number(frame[1]), column: Number(frame[2]) } : undefined;
}

/** Node's call position of a lone listener inside `emit`, or undefined if its stack does not say. */
function nodeEmitCallPosition(emit: (...args: never[]) => unknown): SourcePosition | undefined {
  const stack = withNodeStacks(3, () => {
    const probe = new EventEmitter();
    let seen = '';
    probe.on('probe', () => (seen = stackHere()));
    B.apply(emit, probe, ['probe']);
    return seen;
  });
  // Line 0 is the header, line 1 the listener, line 2 its caller: Node's emit (runs once, at start).
  return nodeEventsPosition(stack, 2);
}

/** Every site of Node's emit the replacement keeps, or undefined without the lone call's position. */
export function nodeEmitSites(emit: (...args: never[]) => unknown): NodeEmitSites | undefined {
  const lone = nodeEmitCallPosition(emit);
  if (lone === undefined) return undefined;
  const text = B.functionToString(emit);
  const lines = text.split('\n');
  const loneIndex = lines.findIndex((line) => line.includes(LONE_CALL));
  // The text's first line is `first` in node:events (emit's text is a slice of the file).
  const first = lone.line - loneIndex;
  if (loneIndex < 0 || first < 1) return { lone };
  const sites: NodeEmitSites = { lone };
  const manyIndex = lines.findIndex((line) => MANY_CALL.test(line));
  const form = text.includes('arrayClone(handler)') ? 'clone' : text.includes('[kEmitting]++') ? 'emitting' : undefined;
  if (manyIndex > loneIndex && form !== undefined)
    sites.many = { line: first + manyIndex, text: lines[manyIndex], form };
  const monitorIndex = lines.findIndex((line) => MONITOR_CALL.test(line));
  if (monitorIndex > 0 && monitorIndex < loneIndex)
    sites.monitor = { line: first + monitorIndex, text: lines[monitorIndex] };
  for (let index = lines.length - 1; index >= 0; index--) {
    const thrown = UNHANDLED_THROW.exec(lines[index]);
    if (thrown === null) continue;
    if (index < loneIndex) sites.unhandled = { line: first + index, text: lines[index], name: thrown[1] };
    break;
  }
  return sites;
}
