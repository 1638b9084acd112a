// A tiny closed-schema validator for the messages crossing the webview and DAP boundaries (SEC-07).
// It owns only shape checking: it knows nothing about Rewind's messages (requests.ts) and uses no
// DOM or Node API, so the adapter, the extension host and the browser bundle share it.
// 'closed' rejects unknown keys and oversize arrays; 'strip' drops them and cuts arrays to size
// (used on adapter bodies, which may grow fields, before they are sent on to the webview).

export type SchemaMode = 'closed' | 'strip';
export const INVALID: unique symbol = Symbol('invalid');
export interface Schema<T> {
  (value: unknown, mode: SchemaMode): T | typeof INVALID;
  /** What a fitting value is, for a message ("an integer in [0, ∞]"); set on the scalar schemas. */
  readonly expected?: string;
}

function described<T>(expected: string, schema: Schema<T>): Schema<T> {
  return Object.assign(schema, { expected });
}

export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): Schema<number> {
  return described(`an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}]`, (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : INVALID,
  );
}

export function finite(min: number, max: number): Schema<number> {
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : INVALID;
}

export function text(maxLength: number): Schema<string> {
  return described(`a string of at most ${maxLength} characters`, (value) =>
    typeof value === 'string' && value.length <= maxLength ? value : INVALID,
  );
}

export function oneOf<const T extends readonly string[]>(...values: T): Schema<T[number]> {
  return (value) => (typeof value === 'string' && values.includes(value) ? (value as T[number]) : INVALID);
}

export function literal<const T extends string | boolean>(expected: T): Schema<T> {
  return (value) => (value === expected ? expected : INVALID);
}

/** At most maxItems items; in 'strip' mode a longer array is cut to maxItems instead of refused. */
export function arrayOf<T>(item: Schema<T>, maxItems: number): Schema<T[]> {
  return (value, mode) => {
    if (!Array.isArray(value) || (value.length > maxItems && mode === 'closed')) return INVALID;
    const length = Math.min(value.length, maxItems);
    const out: T[] = new Array<T>(length);
    for (let index = 0; index < length; index++) {
      const checked = item(value[index], mode);
      if (checked === INVALID) return INVALID;
      out[index] = checked;
    }
    return out;
  };
}

type Fields = Record<string, Schema<unknown>>;
type Shape<R extends Fields, O extends Fields> = { [K in keyof R]: R[K] extends Schema<infer T> ? T : never } & {
  [K in keyof O]?: O[K] extends Schema<infer T> ? T : never;
};

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An object with exactly these keys; the result is a fresh object holding only known keys. */
export function record<R extends Fields>(required: R): Schema<Shape<R, Record<never, never>>>;
export function record<R extends Fields, O extends Fields>(required: R, optional: O): Schema<Shape<R, O>>;
export function record(required: Fields, optional?: Fields): Schema<unknown> {
  const known = new Set([...Object.keys(required), ...Object.keys(optional ?? {})]);
  return (value, mode) => {
    if (!isPlainRecord(value)) return INVALID;
    if (mode === 'closed' && Object.keys(value).some((key) => !known.has(key))) return INVALID;
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(required)) {
      if (!Object.hasOwn(value, key)) return INVALID;
      const checked = schema(value[key], mode);
      if (checked === INVALID) return INVALID;
      out[key] = checked;
    }
    for (const [key, schema] of Object.entries(optional ?? {})) {
      if (!Object.hasOwn(value, key) || value[key] === undefined) continue;
      const checked = schema(value[key], mode);
      if (checked === INVALID) return INVALID;
      out[key] = checked;
    }
    return out;
  };
}

/** Picks the schema by the value of a discriminant key, so errors never fall through to a sibling. */
export function tagged<T>(key: string, variants: Record<string, Schema<T>>): Schema<T> {
  return (value, mode) => {
    if (!isPlainRecord(value)) return INVALID;
    const tag = value[key];
    if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) return INVALID;
    return variants[tag](value, mode);
  };
}
