// Function.prototype.toString as a plain run sees it (INS-18): installed once before user code,
// it asks the native toString and, when the text carries a source mark (runtime/format/
// sourceMark.ts), returns the user's original text instead. Replacements the recorder installs
// are stringified as the natives they stand for, itself included. No per-closure cost: the
// lookup happens only when a function is stringified. Knows no files: `sourceText` reads them.
import { SOURCE_MARK_CLOSE, SOURCE_MARK_STEM } from '../format/sourceMark';
import { B } from './builtins';
import { applyHidingOwnFrames } from './ownFrames';

const disguises = new B.WeakMap<object, object>();
const MIRRORED_KEYS = B.freeze(['name', 'length']);

/** `replacement` will stringify (and so look) like `original`: same text, name and length. */
export function disguise(replacement: object, original: object): void {
  // A replacement of a replacement stands for the native the first one stands for.
  B.weakMapSet(disguises, replacement, B.weakMapGet(disguises, original) ?? original);
  // Indexed: called while the program runs (stdio is wrapped on first use), builtins may be gone.
  for (let i = 0; i < MIRRORED_KEYS.length; i++) {
    const descriptor = B.getOwnPropertyDescriptor(original, MIRRORED_KEYS[i]);
    if (descriptor) B.defineProperty(replacement, MIRRORED_KEYS[i], descriptor);
  }
}

/**
 * The native a replacement the recorder installed stands for (`fn` itself if none): the recorder's
 * own calls go to it, so a deferred run's logged handle methods (nondeterminismSockets.ts) see the
 * program's calls alone.
 */
export function nativeOf(fn: unknown): unknown {
  return (typeof fn === 'function' && B.weakMapGet(disguises, fn)) || fn;
}

export function installFunctionToString(sourceText: (token: string) => string | undefined): void {
  const descriptor = B.getOwnPropertyDescriptor(Function.prototype, 'toString');
  const native = descriptor?.value as (() => string) | undefined;
  if (typeof native !== 'function') return;
  // A method: like the builtin it has no prototype and is not a constructor; name and length match.
  const replacement = {
    toString(this: unknown): string {
      if (typeof this !== 'function') return nativeOrThrow(this);
      const stand = B.weakMapGet(disguises, this) as object | undefined;
      const text = B.functionToString(stand ?? this);
      return stand ? text : (originalText(text, sourceText) ?? text);
    },
  }.toString;
  disguise(replacement, native);
  B.defineProperty(Function.prototype, 'toString', {
    value: replacement,
    writable: descriptor!.writable,
    enumerable: descriptor!.enumerable,
    configurable: descriptor!.configurable,
  });
}

/** The TypeError a non-function gets, as a plain run shows it: ours are the replacement and this. */
function nativeOrThrow(self: unknown): string {
  return applyHidingOwnFrames(B.functionToString as (...args: never[]) => unknown, undefined, [self], 3) as string;
}

/** The source text a marked function had, or undefined when its mark cannot be trusted. */
function originalText(text: string, sourceText: (token: string) => string | undefined): string | undefined {
  const markAt = B.stringIndexOf(text, SOURCE_MARK_STEM);
  if (markAt < 0) return undefined;
  const close = B.stringIndexOf(text, SOURCE_MARK_CLOSE, markAt);
  if (close < 0) return undefined;
  const fields = B.stringSlice(text, markAt + SOURCE_MARK_STEM.length, close);
  const firstColon = B.stringIndexOf(fields, ':');
  const secondColon = B.stringIndexOf(fields, ':', firstColon + 1);
  if (firstColon < 0 || secondColon < 0) return undefined;
  const at = decimal(B.stringSlice(fields, firstColon + 1, secondColon));
  const end = decimal(B.stringSlice(fields, secondColon + 1));
  const start = at - markAt;
  if (start < 0 || end < at) return undefined;
  const source = sourceText(B.stringSlice(fields, 0, firstColon));
  if (source === undefined || end > source.length) return undefined;
  // Everything before the mark is untouched source: if it differs, this mark is not this text's.
  if (B.stringSlice(source, start, at) !== B.stringSlice(text, 0, markAt)) return undefined;
  return B.stringSlice(source, start, end);
}

/** A non-negative decimal, or -1. */
export function decimal(digits: string): number {
  if (digits.length === 0 || digits.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    const c = B.stringCharCodeAt(digits, i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
