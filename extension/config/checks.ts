// Shape checks for each launch attribute: a table from attribute name to a function that returns
// what was expected when a value does not fit (undefined when it fits). Paths are checked against
// the file system elsewhere (validate.ts); this file knows only values. No vscode.
import { CAPTURE_LIMITS, CONSOLES, LEVELS, MIN_BUFFER_EVENTS, OVERFLOW_STRATEGIES, type LAUNCH_ATTRIBUTES } from './attributes';

/** Returns the expectation ("an array of strings") when `value` does not fit, else undefined. */
export type Check = (value: unknown) => string | undefined;

const quoteAll = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

export const oneOf = (values: readonly string[]): Check => (value) =>
  typeof value === 'string' && values.includes(value) ? undefined : `one of ${quoteAll(values)}`;

export const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string';

export const stringArray: Check = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'an array of strings';

export const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'true or false');

export const integerAtLeast = (minimum: number): Check => (value) =>
  Number.isSafeInteger(value) && (value as number) >= minimum ? undefined : `an integer ≥ ${minimum}`;

const environment: Check = (value) =>
  isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string' || v === null)
    ? undefined
    : 'an object mapping variable names to strings (or null to remove one)';

const capture: Check = (value) => {
  const expected = `an object with integer fields ≥ 1 among ${quoteAll(CAPTURE_LIMITS)}`;
  if (!isPlainObject(value)) return expected;
  const fits = Object.entries(value).every(([key, limit]) =>
    (CAPTURE_LIMITS as readonly string[]).includes(key) && integerAtLeast(1)(limit) === undefined);
  return fits ? undefined : expected;
};

const levelMap: Check = (value) =>
  isPlainObject(value) && Object.values(value).every((level) => oneOf(LEVELS)(level) === undefined)
    ? undefined
    : `an object mapping globs to ${quoteAll(LEVELS)}`;

const consoleKind: Check = (value) =>
  oneOf(CONSOLES)(value) === undefined
    ? undefined
    : '"internalConsole" (the integrated and external terminals are not supported yet)';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One check per attribute; `satisfies` keeps this table and LAUNCH_ATTRIBUTES in step. */
export const ATTRIBUTE_CHECKS = {
  program: nonEmptyString,
  args: stringArray,
  cwd: nonEmptyString,
  env: environment,
  envFile: nonEmptyString,
  runtimeExecutable: nonEmptyString,
  runtimeArgs: stringArray,
  stopOnEntry: boolean,
  skipFiles: stringArray,
  outFiles: stringArray,
  console: consoleKind,
  include: stringArray,
  exclude: stringArray,
  level: oneOf(LEVELS),
  focus: stringArray,
  levels: levelMap,
  overflow: oneOf(OVERFLOW_STRATEGIES),
  bufferEvents: integerAtLeast(MIN_BUFFER_EVENTS),
  capture,
  trace: nonEmptyString,
  verbose: boolean,
  live: boolean,
} satisfies Record<(typeof LAUNCH_ATTRIBUTES)[number], Check>;
