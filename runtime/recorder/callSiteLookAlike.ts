// CallSites as a program's own `Error.prepareStackTrace` sees them (issue 14 item 5): V8 makes
// every CallSite method read-only, so an instrumented frame is handed over as a look-alike whose
// position methods answer the user's line and column (getLineNumber, getColumnNumber, the
// enclosing function's, the eval origin, toString) and whose every other method is V8's own,
// called on the real CallSite. Frames of code the recorder left alone stay V8's objects.
// Knows CallSites; not how positions are mapped (stackFormat.ts) nor who asks.
import { B } from './builtins';
import { disguise } from './functionText';

/** What the look-alikes ask of stackFormat.ts's frame texts (declared here: no import back into it). */
interface FrameTexts {
  /** The user's 1-based line and column of `site` (or of its function when `enclosing`). */
  sitePosition(site: unknown, enclosing: boolean): { line: number; column: number } | undefined;
  evalOrigin(site: unknown): unknown;
  instrumentedText(site: unknown): string | undefined;
  mayBeInstrumented(site: unknown): boolean;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Look-alike → the V8 CallSite it stands for. */
const realSites = new B.WeakMap<object, object>();

/** What each mapped method answers for a look-alike, given its real CallSite. */
function mappedAnswers(frames: FrameTexts): Record<string, (site: object) => unknown> {
  return {
    getLineNumber: (site) => frames.sitePosition(site, false)?.line,
    getColumnNumber: (site) => frames.sitePosition(site, false)?.column,
    getEnclosingLineNumber: (site) => frames.sitePosition(site, true)?.line,
    getEnclosingColumnNumber: (site) => frames.sitePosition(site, true)?.column,
    getEvalOrigin: (site) => frames.evalOrigin(site),
    toString: (site: object) => frames.instrumentedText(site),
  };
}

/**
 * Returns `replace(trace)`: the trace array with each instrumented frame replaced (in place: V8
 * made the array for this one call) by a look-alike built on `callSitePrototype`'s methods.
 */
export function lookAlikes(callSitePrototype: object, frames: FrameTexts): (trace: unknown) => unknown {
  const prototype = lookAlikePrototype(callSitePrototype, frames);
  return (trace) => {
    if (!B.isArray(trace)) return trace;
    for (let i = 0; i < trace.length; i++) {
      const site: unknown = trace[i];
      if (typeof site !== 'object' || site === null || !frames.mayBeInstrumented(site)) continue;
      const lookAlike: object = { __proto__: prototype }; // syntax: nothing the program replaced is called
      B.weakMapSet(realSites, lookAlike, site);
      trace[i] = lookAlike; // an own index of V8's array: no setter of the program's can run
    }
    return trace;
  };
}

/** An object with CallSite.prototype's own members, each method delegating to the real CallSite. */
function lookAlikePrototype(callSitePrototype: object, frames: FrameTexts): object {
  const answers = mappedAnswers(frames);
  const prototype: object = { __proto__: B.getPrototypeOf(callSitePrototype) as object | null };
  const keys = B.ownKeys(callSitePrototype);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const descriptor = B.getOwnPropertyDescriptor(callSitePrototype, key)!;
    const native = descriptor.value as Method;
    if (typeof key !== 'string' || key === 'constructor' || typeof native !== 'function') {
      B.defineProperty(prototype, key, descriptor);
      continue;
    }
    const answer = B.hasOwn(answers, key) ? answers[key] : undefined;
    const replacement = {
      [key](this: unknown, ...args: unknown[]): unknown {
        const site = typeof this === 'object' && this !== null ? B.weakMapGet(realSites, this) : undefined;
        if (site === undefined) return B.apply(native, this, args); // V8's own TypeError for a foreign receiver
        if (answer) {
          const mapped = answer(site as object);
          if (mapped !== undefined) return mapped;
        }
        return B.apply(native, site, args);
      },
    }[key];
    disguise(replacement, native);
    B.defineProperty(prototype, key, { ...descriptor, value: replacement });
  }
  return prototype;
}
