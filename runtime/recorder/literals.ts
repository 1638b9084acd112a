// Shallow literal snapshots (issue 9 "cheaper objects"): the instrumenter marks a fresh object or
// array literal, or a rest parameter's array, as the value of the probe that will snapshot it
// (`<rt>.w(id, <rt>.litv(<prefix>k3, {a, b}))`, literalShapes.ts), with the literal's static key
// list. snapshot.ts takes the mark at that object's first sight and reads its entries by those keys
// instead of reflecting on it. Owns only the mark; knows no event, no identity.
import { B } from './builtins';

/** The key list that marks an array (a literal without holes or spread, or a rest array). */
export const ARRAY_KEYS: readonly string[] = B.freeze([]) as readonly string[];

/**
 * The marked object, until its first sight takes it. Only one: the mark is set right before the
 * probe that prepares the value, with no user code between (the instrumenter's rule), so the
 * object is still exactly as its literal made it when it is taken. A probe that does not prepare
 * it (a redacted write) drops the mark; a probe at `calls` level gives it an id, so it is never
 * "never seen" again and the mark cannot apply later.
 */
let markedValue: unknown;
let markedKeys: readonly string[] | undefined;

/**
 * An object literal of the given own keys (a module-level list; undefined while an ES module's
 * hoisted function runs before the module body declared it: then nothing is marked).
 */
export function litv<T>(keys: readonly string[] | undefined, value: T): T {
  markedValue = value;
  markedKeys = keys;
  return value;
}

/** An array literal without holes or spread, or a rest parameter's array, just made. */
export function lita<T>(value: T): T {
  markedValue = value;
  markedKeys = ARRAY_KEYS;
  return value;
}

/** The key list of `value` if it is the marked literal (the mark is consumed), else undefined. */
export function takeLiteral(value: object): readonly string[] | undefined {
  if (value !== markedValue) return undefined;
  markedValue = undefined;
  return markedKeys;
}

/** Forget the mark: its probe will not prepare the value (redaction), or identities were reset. */
export function dropLiteral(): void {
  markedValue = undefined;
}
