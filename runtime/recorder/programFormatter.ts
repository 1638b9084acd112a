// A program's own `Error.prepareStackTrace` sees the user's positions (issue 14 item 5). Node calls
// whatever function `Error.prepareStackTrace` holds with V8's CallSites, whose methods V8 makes
// read-only; so the property becomes an accessor. The program reads back exactly what it stored;
// Node's stack-formatting callback (the only reader while V8 formats a stack) gets a wrapper that
// hands the program's formatter look-alike CallSites (callSiteLookAlike.ts). Node's formatter and
// the recorder's stand-in for it are handed over as they are, with no probe. What a program can
// still see: the property's descriptor (get/set, not value/writable), one frame of ours inside its
// formatter, and the wrapper if it reads the property while formatting. Knows how Node reads the
// property; not how positions map.
import { B } from './builtins';
import { setProgramFormatterReader } from './nodeStackFormatter';

/** What a stack taken by the probe is when V8 formats it through Node's callback (not formatting already). */
const PROBED = B.freeze({});
const probeFormatter = (): unknown => PROBED;

type Formatter = (this: unknown, error: unknown, trace: unknown) => unknown;
const errorLimit = B.Error as unknown as { stackTraceLimit: number };

export function installProgramFormatters(standIn: unknown, replace: (trace: unknown) => unknown): void {
  const descriptor = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  if (!descriptor || !descriptor.configurable || !descriptor.writable || descriptor.value !== standIn) return;
  const captureStackTrace = (B.Error as unknown as { captureStackTrace?: unknown }).captureStackTrace;
  if (typeof captureStackTrace !== 'function') return;
  let current: unknown = standIn;
  let probing = false;
  const wrappers = new B.WeakMap<object, Formatter>();

  /**
   * Whether V8 is formatting a stack now: only then does Node's callback read the property. A
   * stack taken meanwhile is V8's own text (V8 does not format within formatting); taken at any
   * other time it goes through Node's callback, which finds `probeFormatter` and returns PROBED.
   */
  function formattingNow(): boolean {
    const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
    // Assigned when it is a plain writable value (cheap: V8 keeps Error's shape), else defined.
    const assign = limit !== undefined && limit.writable === true && B.hasOwn(limit, 'value');
    probing = true;
    try {
      if (assign) errorLimit.stackTraceLimit = 0;
      else
        B.defineProperty(B.Error, 'stackTraceLimit', {
          value: 0,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      const holder: { stack?: unknown } = {};
      B.apply(captureStackTrace as Formatter, B.Error, [holder]);
      return holder.stack !== PROBED;
    } catch {
      return false;
    } finally {
      probing = false;
      if (assign) errorLimit.stackTraceLimit = limit.value as number;
      else if (limit) B.defineProperty(B.Error, 'stackTraceLimit', limit);
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
      if (probing) return probeFormatter;
      if (typeof current !== 'function' || current === standIn || !formattingNow()) return current;
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
