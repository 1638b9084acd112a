// A program's own `Error.prepareStackTrace` sees the user's positions (issue 14 item 5). Node
// calls whatever function `Error.prepareStackTrace` holds with V8's CallSites, whose methods V8
// makes read-only; so the property becomes an accessor. The program reads back exactly what it
// stored; Node's stack-formatting callback (told apart by the one frame V8 shows for the read)
// gets a wrapper that hands the program's formatter look-alike CallSites (callSiteLookAlike.ts).
// Node's formatter and the recorder's stand-in for it are handed over as they are, with no probe.
// What a program can still see: the property's descriptor (get/set, not value/writable) and one
// frame of ours inside its formatter. Knows how Node reads the property; not how positions map.
import { B } from './builtins';
import { setProgramFormatterReader } from './nodeStackFormatter';

/** The frame V8 prints for the read when Node's callback reads the property (Node 20 and 24). */
const NODE_READER = '    at prepareStackTraceCallback (node:internal/errors:';

type Formatter = (this: unknown, error: unknown, trace: unknown) => unknown;

export function installProgramFormatters(standIn: unknown, replace: (trace: unknown) => unknown): void {
  const descriptor = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  if (!descriptor || !descriptor.configurable || !descriptor.writable || descriptor.value !== standIn) return;
  const captureStackTrace = (B.Error as unknown as { captureStackTrace?: unknown }).captureStackTrace;
  if (typeof captureStackTrace !== 'function') return;
  let current: unknown = standIn;
  let probing = false;
  const wrappers = new B.WeakMap<object, Formatter>();

  /** Whether the getter's caller is Node's prepareStackTraceCallback, from V8's own one-frame text. */
  function readByNode(): boolean {
    const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
    probing = true; // a read meanwhile finds no formatter: V8's own text, and no program code runs
    try {
      B.defineProperty(B.Error, 'stackTraceLimit', { value: 1, writable: true, enumerable: true, configurable: true });
      const holder: { stack?: unknown } = {};
      B.apply(captureStackTrace as Formatter, B.Error, [holder, get]);
      const stack = holder.stack;
      return typeof stack === 'string' && B.stringIndexOf(stack, NODE_READER) >= 0;
    } catch {
      return false;
    } finally {
      probing = false;
      if (limit) B.defineProperty(B.Error, 'stackTraceLimit', limit);
      else B.deleteProperty(B.Error, 'stackTraceLimit');
    }
  }

  function wrapperOf(formatter: Formatter): Formatter {
    let wrapper = B.weakMapGet(wrappers, formatter) as Formatter | undefined;
    if (wrapper === undefined) {
      wrapper = function (this: unknown, error: unknown, trace: unknown): unknown {
        return B.apply(formatter, this, [error, replace(trace)]);
      };
      B.weakMapSet(wrappers, formatter, wrapper);
    }
    return wrapper;
  }

  const accessor = {
    get prepareStackTrace(): unknown {
      if (probing) return undefined;
      if (typeof current !== 'function' || current === standIn || !readByNode()) return current;
      return wrapperOf(current as Formatter);
    },
    set prepareStackTrace(value: unknown) {
      current = value;
    },
  };
  const { get, set } = B.getOwnPropertyDescriptor(accessor, 'prepareStackTrace')!;
  B.defineProperty(B.Error, 'prepareStackTrace', {
    get,
    set,
    enumerable: descriptor.enumerable,
    configurable: true,
  });
  setProgramFormatterReader(get!, () => current);
}
