// The shape every JSON field read from a trace must have (issue 10 item 10): a crafted or damaged
// record whose fields have the wrong type or an impossible value is refused naming the field, so
// no reader prints "end 5", "lost 1e+300" or crashes on `argv.join`. Fields a record may omit are
// checked when present. Pure; knows nothing of framing or of which record holds which schema.

/** undefined when the value is acceptable, else the problem: `field "name" is not …`. */
export type FieldCheck = (value: unknown, name: string) => string | undefined;

export interface FieldSpec {
  check: FieldCheck;
  required?: boolean;
}

export type Schema = Readonly<Record<string, FieldSpec>>;

const is =
  (accept: (value: unknown) => boolean, wanted: string): FieldCheck =>
  (value, name) =>
    accept(value) ? undefined : `field "${name}" is not ${wanted}`;

export const count = is((value) => Number.isSafeInteger(value) && (value as number) >= 0, 'a non-negative integer');
export const integer = (min: number, max: number): FieldCheck =>
  is(
    (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max,
    `an integer in [${min}, ${max}]`,
  );
export const finite = is((value) => typeof value === 'number' && Number.isFinite(value), 'a finite number');
export const text = is((value) => typeof value === 'string', 'a string');
export const flag = is((value) => typeof value === 'boolean', 'a boolean');
export const object = is((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'an object');
export const oneOf = (...allowed: readonly string[]): FieldCheck =>
  is((value) => allowed.includes(value as string), `one of ${allowed.join(', ')}`);
const orNull =
  (check: FieldCheck): FieldCheck =>
  (value, name) =>
    value === null ? undefined : check(value, name) && `${check(value, name)} or null`;

export const each =
  (check: FieldCheck): FieldCheck =>
  (value, name) => {
    if (!Array.isArray(value)) return `field "${name}" is not an array`;
    for (let index = 0; index < value.length; index++) {
      const problem = check(value[index], `${name}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  };

export const shaped =
  (schema: Schema): FieldCheck =>
  (value, name) =>
    object(value, name) ?? schemaProblem(value as Record<string, unknown>, schema, `${name}.`);

/** The first field of `value` that breaks `schema`, or undefined. */
export function schemaProblem(value: Record<string, unknown>, schema: Schema, prefix = ''): string | undefined {
  for (const name in schema) {
    const spec = schema[name];
    const field = value[name];
    if (field === undefined) {
      if (spec.required) return `lacks "${prefix}${name}"`;
      continue;
    }
    const problem = spec.check(field, `${prefix}${name}`);
    if (problem) return problem;
  }
  return undefined;
}

const required = (check: FieldCheck): FieldSpec => ({ check, required: true });
const optional = (check: FieldCheck): FieldSpec => ({ check });

const PRODUCER_ID = integer(0, 0xffff);
const PROBE_ID = integer(0, 2 ** 27 - 1);
const POSITION: Schema = { line1: required(count), column0: required(count) };
const RANGE: Schema = { start: required(shaped(POSITION)), end: required(shaped(POSITION)) };

const PROBE_SCHEMA: Schema = {
  kind: required(
    oneOf(
      'module',
      'function',
      'statement',
      'loopHead',
      'return',
      'write',
      'property',
      'mutatorCall',
      'await',
      'yield',
      'throw',
      'catch',
    ),
  ),
  range: required(shaped(RANGE)),
  functionProbe: required(integer(-1, 2 ** 27 - 1)),
  functionName: optional(text),
  paramNames: optional(each(text)),
  isAsync: optional(flag),
  isGenerator: optional(flag),
  varName: optional(text),
  declarationKind: optional(text),
  scopeFunctionProbe: optional(integer(-1, 2 ** 27 - 1)),
  scopeRange: optional(shaped(RANGE)),
  propertyKey: optional(text),
  operation: optional(text),
  argumentCount: optional(count),
};

export const HEADER_SCHEMA: Schema = {
  sessionId: optional(text),
  pid: optional(count),
  threadId: optional(count),
  nodeVersion: optional(text),
  startWallTimeMs: optional(finite),
  argv: optional(each(text)),
  cwd: optional(text),
  options: optional(object),
};

export const PRODUCER_SCHEMA: Schema = {
  producerId: required(PRODUCER_ID),
  pid: required(count),
  ppid: optional(integer(-1, Number.MAX_SAFE_INTEGER)), // -1: unknown (collector.ts)
  threadId: optional(count),
  argv: optional(each(text)),
  nodeVersion: optional(text),
  startWallTimeMs: optional(finite),
};

export const FILE_SCHEMA: Schema = {
  path: required(text),
  probeBase: required(PROBE_ID),
  probes: required(each(shaped(PROBE_SCHEMA))),
  sourceHash: optional(text),
  sourceType: optional(oneOf('commonjs', 'module')),
  level: optional(text),
  reason: optional(text), // why the recording plan gave the file its level (focused recording)
  sourceText: optional(text), // code with no file to read it from (an eval worker's)
  probeCount: optional(count), // the whole table's, when PROBES records carry the rest (3.3)
  // PACKED_PROBES records carry the table (3.11, packedProbes.ts)
  packedProbes: optional(
    shaped({ probeCount: required(count), fieldSets: required(count), strings: required(each(text)) }),
  ),
};

export const PROBES_SCHEMA: Schema = {
  probeBase: required(PROBE_ID),
  from: required(count),
  probes: required(each(shaped(PROBE_SCHEMA))),
};

export const LOST_SCHEMA: Schema = { lostEvents: required(count), reason: required(text), afterEvent: optional(count) };

export const TIME_SCHEMA: Schema = {
  eventIndex: required(count),
  wallTimeMs: required(finite),
  monotonicMs: optional(finite),
};

export const END_SCHEMA: Schema = {
  // Any string: a newer minor version may name new reasons, which readers show as they are.
  reason: required(text),
  exitCode: optional(orNull(integer(-(2 ** 31), 2 ** 32 - 1))),
  signal: optional(text),
  error: optional(shaped({ name: required(text), message: required(text), stack: optional(text) })),
  eventsEmitted: optional(count),
  eventsLost: optional(count),
  // Written by the collector for a producer that died unflushed (issue 10 item 3).
  unflushedEventsEstimate: optional(count),
  recorderCost: optional(
    shaped({
      ringWaitMs: required(finite),
      ringWaits: required(count),
      drainCpuMs: optional(finite),
      drainRounds: optional(count),
      drainWrites: optional(count),
      drainWrittenBytes: optional(count),
      drainWakeups: optional(count),
      drainWriteMs: optional(finite),
      drainChecksumMs: optional(finite),
    }),
  ),
};

export const NOTE_SCHEMA: Schema = {
  level: required(oneOf('info', 'warning', 'error')),
  message: required(text),
  path: optional(text),
};
