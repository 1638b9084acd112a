// Function.prototype.toString as a plain run sees it (INS-18): installed once before user code,
// it asks the native toString and, when the text carries a source mark (runtime/format/
// sourceMark.ts), returns the user's original text instead. Replacements the recorder installs
// are stringified as the natives they stand for, itself included. No per-closure cost: the
// lookup happens only when a function is stringified. Knows no files: `sourceText` reads them.
import { SOURCE_MARK_CLOSE, SOURCE_MARK_STEM } from '../format/sourceMark';
import { B } from './builtins';

const disguises = new B.WeakMap<object, object>();
/** This bundle: a frame from it in a stack is ours. */
const OWN_FILE = `${__filename}:`;
/** Node's own (Node 20 defines one; later versions leave it undefined): formatting with it runs no user code. */
const nodePrepareStackTrace = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace')?.value as unknown;
/** Frames of ours above the native toString when it throws: the replacement and nativeOrThrow. */
const OWN_FRAMES = 2;

/** `replacement` will stringify (and so look) like `original`. */
export function disguise(replacement: object, original: object): void {
  B.weakMapSet(disguises, replacement, original);
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
      return stand ? text : originalText(text, sourceText) ?? text;
    },
  }.toString;
  disguise(replacement, native);
  B.defineProperty(Function.prototype, 'toString', { value: replacement, writable: descriptor!.writable, enumerable: descriptor!.enumerable, configurable: descriptor!.configurable });
}

/**
 * The TypeError a non-function gets, with the stack a plain run shows: OWN_FRAMES more frames are
 * captured (ours), then their lines are cut. With a user's Error.prepareStackTrace the stack is not formatted
 * here (that would call user code): our frame stays in it.
 */
function nativeOrThrow(self: unknown): string {
  const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
  const bumped = limit !== undefined && B.hasOwn(limit, 'value') && typeof limit.value === 'number' && limit.writable === true;
  if (bumped) B.defineProperty(B.Error, 'stackTraceLimit', { ...limit, value: (limit.value as number) + OWN_FRAMES });
  try {
    return B.functionToString(self);
  } catch (error) {
    if (bumped) B.defineProperty(B.Error, 'stackTraceLimit', limit);
    if (B.isNativeError(error) && B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace')?.value === nodePrepareStackTrace) withoutOwnFrame(error as Error);
    throw error;
  } finally {
    if (bumped) B.defineProperty(B.Error, 'stackTraceLimit', limit);
  }
}

function withoutOwnFrame(error: Error): void {
  const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
  if (!descriptor || typeof descriptor.get === 'function' && typeof descriptor.set !== 'function') return;
  const stack = descriptor.get ? B.apply(descriptor.get, error, []) : descriptor.value;
  if (typeof stack !== 'string') return;
  let cut = stack;
  for (let own = B.stringIndexOf(cut, OWN_FILE); own >= 0; own = B.stringIndexOf(cut, OWN_FILE)) {
    const lineEnd = B.stringIndexOf(cut, '\n', own);
    cut = B.stringSlice(cut, 0, B.stringLastIndexOf(cut, '\n', own)) + (lineEnd < 0 ? '' : B.stringSlice(cut, lineEnd));
  }
  if (descriptor.set) B.apply(descriptor.set, error, [cut]);
  else B.defineProperty(error, 'stack', { ...descriptor, value: cut });
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
function decimal(digits: string): number {
  if (digits.length === 0 || digits.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    const c = B.stringCharCodeAt(digits, i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
