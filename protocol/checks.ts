// Value checks for the public contracts (launch attributes, settings, CLI option values): each
// returns what was expected when a value does not fit, else undefined, so every side words its
// message the same way. Pure: no Node, no DOM, no vscode, nothing else of Rewind's.

/** Returns the expectation ("an array of strings") when `value` does not fit, else undefined. */
export type Check = (value: unknown) => string | undefined;

export const quoteAll = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const oneOf =
  (values: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && values.includes(value) ? undefined : `one of ${quoteAll(values)}`;

export const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string';

export const stringArray: Check = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'an array of strings';

export const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'true or false');

export const integerAtLeast =
  (minimum: number): Check =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= minimum ? undefined : `an integer ≥ ${minimum}`;

export const environment: Check = (value) =>
  isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string' || v === null)
    ? undefined
    : 'an object mapping variable names to strings (or null to remove one)';

/** An object whose values all pass `check`; `what` words the expectation ("globs to …"). */
export const mapOf =
  (check: Check, what: string): Check =>
  (value) =>
    isPlainObject(value) && Object.values(value).every((item) => check(item) === undefined)
      ? undefined
      : `an object mapping ${what}`;

/** An object with only `fields`, each passing `check`. */
export const objectOf =
  (fields: readonly string[], check: Check, what: string): Check =>
  (value) => {
    const expected = `an object with ${what} among ${quoteAll(fields)}`;
    if (!isPlainObject(value)) return expected;
    const fits = Object.entries(value).every(([key, item]) => fields.includes(key) && check(item) === undefined);
    return fits ? undefined : expected;
  };
