// Where Node's own EventEmitter emit calls a lone listener (`node:events` line and column), found by
// emitting once on a private emitter before any user code and reading the listener's caller frame.
// nodeEmits.ts compiles its replacement there so the program's stacks keep Node's frame. Knows the
// shape of a V8 stack line, nothing about recording.
import { EventEmitter } from 'node:events';
import { B } from './builtins';

export interface SourcePosition {
  /** 1-based, as stacks print it. */
  line: number;
  /** 1-based, as stacks print it. */
  column: number;
}

const NODE_EVENTS_FRAME = /\(node:events:(\d+):(\d+)\)$/;

/** Node's call position of a lone listener inside `emit`, or undefined if its stack does not say. */
export function nodeEmitCallPosition(emit: (...args: never[]) => unknown): SourcePosition | undefined {
  const errorConstructor = Error as ErrorConstructor & { stackTraceLimit: number };
  const limit = B.getOwnPropertyDescriptor(errorConstructor, 'stackTraceLimit');
  const prepare = B.getOwnPropertyDescriptor(errorConstructor, 'prepareStackTrace');
  let stack: string;
  try {
    // Before user code: nobody observes the limit or the formatter while this one stack is taken.
    errorConstructor.stackTraceLimit = 3;
    if (prepare !== undefined) B.deleteProperty(errorConstructor, 'prepareStackTrace');
    const probe = new EventEmitter();
    const holder: { stack?: string } = {};
    probe.on('probe', () => errorConstructor.captureStackTrace(holder));
    B.apply(emit, probe, ['probe']);
    stack = typeof holder.stack === 'string' ? holder.stack : '';
  } finally {
    if (limit === undefined) B.deleteProperty(errorConstructor, 'stackTraceLimit');
    else B.defineProperty(errorConstructor, 'stackTraceLimit', limit);
    if (prepare !== undefined) B.defineProperty(errorConstructor, 'prepareStackTrace', prepare);
  }
  // Line 0 is the header, line 1 the listener, line 2 its caller: Node's emit (runs once, at start).
  const frame = NODE_EVENTS_FRAME.exec(stack.split('\n')[2] ?? '');
  return frame ? { line: Number(frame[1]), column: Number(frame[2]) } : undefined;
}
