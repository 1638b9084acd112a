// A probe's "other fields" (all of ProbeInfo but kind, range and function probe) as bytes, for
// the binary probe tables (format 3.11): a varint mask of the fields present, then each one's
// value in mask order — strings as indexes into the table's string list, numbers as zigzag
// varints (a scope relative to the previous set's), booleans in the mask itself. Each distinct
// set of fields is coded once per table, in order (SetContext carries from one to the next).
// Knows ProbeInfo's fields, not records or where the bytes go.
import type { ProbeInfo, SourceRange } from './probes';
import { ByteRangeError, type ByteReader, type ByteWriter } from './varint';

type OtherName = Exclude<keyof ProbeInfo, 'kind' | 'range' | 'functionProbe'>;
type FieldType = 'string' | 'strings' | 'boolean' | 'integer' | 'range';

/**
 * Every other field, its type and its mask bit (a Record: a field added to ProbeInfo must be added
 * here). Bits by frequency, so the commonest masks fit one varint byte; a boolean has two (true,
 * false), since `isAsync: false` and no isAsync are different probes.
 */
const FIELDS: Record<OtherName, { type: FieldType; bit: number }> = {
  endsFrame: { type: 'boolean', bit: 0 },
  varName: { type: 'string', bit: 2 },
  declarationKind: { type: 'string', bit: 3 },
  scopeRange: { type: 'range', bit: 4 },
  scopeFunctionProbe: { type: 'integer', bit: 5 },
  functionName: { type: 'string', bit: 6 },
  paramNames: { type: 'strings', bit: 7 },
  isAsync: { type: 'boolean', bit: 8 },
  isGenerator: { type: 'boolean', bit: 10 },
  operation: { type: 'string', bit: 12 },
  propertyKey: { type: 'string', bit: 13 },
  argumentCount: { type: 'integer', bit: 14 },
};
const NAMES = (Object.keys(FIELDS) as OtherName[]).sort((a, b) => FIELDS[a].bit - FIELDS[b].bit);
/** Bits no field owns: a mask with one of them set is not one this reader wrote. */
const UNKNOWN_BITS = ~NAMES.reduce(
  (bits, name) => bits | ((FIELDS[name].type === 'boolean' ? 3 : 1) << FIELDS[name].bit),
  0,
);

/** Distinct strings of one table, each given its index on first use. */
export class StringList {
  readonly strings: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(text: string): number {
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(text);
      this.indexes.set(text, index);
    }
    return index;
  }
}

/**
 * What a set's numbers are coded relative to: the last set's scope (sets are coded in order, and
 * consecutive ones are mostly bindings of one scope), so a scopeRange is a few small deltas.
 */
export class SetContext {
  scopeLine = 0;
  scopeColumn = 0;
  scopeFunctionProbe = -1;
}

/** Writes `other`'s fields; throws on a field FIELDS does not know (a ProbeInfo field added without a code). */
export function writeOtherFields(
  out: ByteWriter,
  other: Partial<ProbeInfo>,
  strings: StringList,
  context: SetContext,
): void {
  let mask = 0;
  for (const key in other) {
    const value = other[key as OtherName];
    if (value === undefined) continue;
    const field = FIELDS[key as OtherName] as (typeof FIELDS)[OtherName] | undefined;
    if (!field) throw new Error(`probe field "${key}" has no binary code (probeFields.ts FIELDS)`);
    mask |= 1 << (field.bit + (field.type === 'boolean' && value === false ? 1 : 0));
  }
  out.unsigned(mask);
  for (const name of NAMES) {
    const value = other[name];
    if (value === undefined) continue;
    switch (FIELDS[name].type) {
      case 'string':
        out.unsigned(strings.indexOf(value as string));
        break;
      case 'strings':
        out.unsigned((value as string[]).length);
        for (const text of value as string[]) out.unsigned(strings.indexOf(text));
        break;
      case 'integer':
        if (name === 'scopeFunctionProbe') {
          out.signed(((value as number) - context.scopeFunctionProbe) | 0);
          context.scopeFunctionProbe = value as number;
        } else out.signed(value as number);
        break;
      case 'range': {
        const range = value as SourceRange;
        out.signed((range.start.line1 - context.scopeLine) | 0);
        out.signed((range.start.column0 - context.scopeColumn) | 0);
        out.signed((range.end.line1 - range.start.line1) | 0);
        out.signed((range.end.column0 - range.start.column0) | 0);
        context.scopeLine = range.start.line1;
        context.scopeColumn = range.start.column0;
        break;
      }
      case 'boolean':
        break;
    }
  }
}

/** Reads what writeOtherFields wrote; throws ByteRangeError (offset in the reader's bytes) on what it cannot be. */
export function readOtherFields(
  input: ByteReader,
  strings: readonly string[],
  context: SetContext,
): Partial<ProbeInfo> {
  const start = input.at;
  const mask = input.unsigned();
  if (mask & UNKNOWN_BITS) throw new ByteRangeError(`has an unknown field mask ${mask}`, start);
  const other: Record<string, unknown> = {};
  for (const name of NAMES) {
    const { type, bit } = FIELDS[name];
    if (type === 'boolean') {
      const set = (mask >> bit) & 3;
      if (set === 3) throw new ByteRangeError(`says "${name}" is both true and false`, start);
      if (set !== 0) other[name] = set === 1;
      continue;
    }
    if (!(mask & (1 << bit))) continue;
    if (type === 'string') other[name] = stringAt(input, strings);
    else if (type === 'integer')
      other[name] =
        name === 'scopeFunctionProbe'
          ? (context.scopeFunctionProbe = (context.scopeFunctionProbe + input.signed()) | 0)
          : input.signed();
    else if (type === 'range') {
      const range = readRange(input, (context.scopeLine + input.signed()) | 0, context.scopeColumn);
      context.scopeLine = range.start.line1;
      context.scopeColumn = range.start.column0;
      other[name] = range;
    } else {
      const count = input.unsigned();
      const list: string[] = [];
      for (let index = 0; index < count; index++) list.push(stringAt(input, strings));
      other[name] = list;
    }
  }
  return other as Partial<ProbeInfo>;
}

/** What probe flags depend on, of one set: its names and argument count (undefined when absent). */
export interface FlagFields {
  varName?: string;
  propertyKey?: string;
  operation?: string;
  argumentCount?: number;
}

/**
 * One set's FlagFields, read alone and without decoding the rest (a large file has a set per
 * binding, and the loader judges each one's flags on every load): scopes are skipped, not made
 * into ranges, since they are coded relative to the set before. Throws as readOtherFields does.
 */
export function readFlagFields(input: ByteReader, strings: readonly string[]): FlagFields {
  const start = input.at;
  const mask = input.unsigned();
  if (mask & UNKNOWN_BITS) throw new ByteRangeError(`has an unknown field mask ${mask}`, start);
  const fields: FlagFields = {};
  // By index: for…of calls Array.prototype[Symbol.iterator], the program's on every cache hit (INS-25).
  for (let nameIndex = 0; nameIndex < NAMES.length; nameIndex++) {
    const name = NAMES[nameIndex];
    const { type, bit } = FIELDS[name];
    if (type === 'boolean' || !(mask & (1 << bit))) continue;
    if (type === 'string') {
      const text = stringAt(input, strings);
      if (name === 'varName' || name === 'propertyKey' || name === 'operation') fields[name] = text;
    } else if (type === 'integer') {
      const value = input.signed();
      if (name === 'argumentCount') fields.argumentCount = value;
    } else if (type === 'range') for (let index = 0; index < 4; index++) input.signed();
    else for (let count = input.unsigned(); count > 0; count--) stringAt(input, strings);
  }
  return fields;
}

/** A range whose start line is read, its start column relative to `baseColumn`, its end to its start. */
function readRange(input: ByteReader, startLine: number, baseColumn: number): SourceRange {
  const startColumn = (baseColumn + input.signed()) | 0;
  const endLine = (startLine + input.signed()) | 0;
  const endColumn = (startColumn + input.signed()) | 0;
  return { start: { line1: startLine, column0: startColumn }, end: { line1: endLine, column0: endColumn } };
}

function stringAt(input: ByteReader, strings: readonly string[]): string {
  const start = input.at;
  const index = input.unsigned();
  if (index >= strings.length) throw new ByteRangeError(`names string ${index} of a table of ${strings.length}`, start);
  return strings[index];
}
