// Probe tables in the trace in binary (format 3.11): the FILE record's JSON says how many probes
// and field sets follow and the strings they name (`packedProbes`, with `probes: []`), and
// PACKED_PROBES records (records.ts) carry them, each record bounded in size:
//   varint probeBase | varint setsFrom | varint setsCount | varint probesFrom | varint probesCount
//   | field sets (probeFields.ts) | probes
// A probe: a byte (kind; 0x10: its field set's index follows; 0x20: its set is the next one no
// probe named before, sets being numbered in first use), its start line as a zigzag delta from
// the previous probe's in its chunk, start column, end line and column relative to the start, its
// function probe as a delta from the previous probe's, then the set's index if 0x10. ~7 bytes a
// probe and ~15 with its share of sets and strings, where its JSON was ~190. Knows the packed
// table and record payloads, not where records go.
import { ByteRangeError, ByteReader, ByteWriter } from './varint';
import { SetContext, readOtherFields } from './probeFields';
import { COLUMNS, Column, KINDS, PROBES_PER_CHUNK, type PackedProbeTable } from './probeTable';
import type { PackedProbesHeader, ProbeInfo, SourceRange } from './probes';

// Math and Number functions taken when the module is evaluated: the loader runs this in a program's
// require() (on every cache hit), where Math.floor as the program sees it may be its own (INS-25).
const { min: mathMin } = Math;

export type { PackedProbesHeader } from './probes';

/** A probe byte's flags: a set index follows; or it has the next set not named before (no index). */
const HAS_OTHER = 0x10;
const NEW_SET = 0x20;
/** A set of other fields, as a probe gets them: JSON.parse of the 3.10 text added them after the three. */
interface FieldSet {
  names: string[];
  values: unknown[];
}
const KIND_MASK = 0x0f;
const MAX_PROBE_ID = 2 ** 27 - 1;

export function packedProbesHeader(table: PackedProbeTable): PackedProbesHeader {
  // Copied by index, not spread (the program's Array.prototype[Symbol.iterator] on a cache hit).
  const names = table.fieldCodes.strings;
  const strings: string[] = [];
  for (let index = 0; index < names.length; index++) strings[index] = names[index];
  return { probeCount: table.count, fieldSets: table.otherCount - 1, strings };
}

/**
 * The PACKED_PROBES payloads of a table, handed to `send` one at a time (made after the previous
 * one was sent, so one is alive at a time): field sets first, then probes a chunk at a time, a
 * payload closed once it holds `recordBytes` or more. None for a table with no probes. A callback,
 * not a generator: the loader calls it while user code, which may patch iterators, runs.
 */
export function packedProbeRecords(
  table: PackedProbeTable,
  probeBase: number,
  recordBytes: number,
  send: (payload: Uint8Array) => void,
): void {
  const { bytes, starts } = table.fieldCodes;
  const scratch = new Uint8Array(PROBES_PER_CHUNK * MAX_PROBE_BYTES);
  const sets = { next: 1 };
  let set = 1;
  let chunk = 0;
  while (set < table.otherCount || chunk < table.chunkCount) {
    const body = new ByteWriter(mathMin(recordBytes, 1 << 20));
    const setsFrom = set;
    // The sets' codes lie end to end: a run of them is one copy.
    while (set < table.otherCount && starts[set] - starts[setsFrom] < recordBytes) set++;
    body.bytes(bytes.subarray(starts[setsFrom], starts[set]));
    const chunksFrom = chunk;
    while (chunk < table.chunkCount && body.length < recordBytes)
      writeChunk(body, table.chunkColumns(chunk++), scratch, sets);
    const probesFrom = chunksFrom * PROBES_PER_CHUNK;
    const record = new ByteWriter(body.length + 25);
    record.unsigned(probeBase);
    record.unsigned(setsFrom);
    record.unsigned(set - setsFrom);
    record.unsigned(probesFrom);
    record.unsigned(mathMin(table.count, chunk * PROBES_PER_CHUNK) - probesFrom);
    record.bytes(body.finish());
    send(record.finish());
  }
}

/** Worst case of one probe: its byte and six numbers of 5 bytes. */
const MAX_PROBE_BYTES = 31;

/**
 * One chunk's probes, coded into `scratch` with no call per number (it runs once per load, mostly
 * unoptimised), then appended. The deltas start afresh in each chunk, so each record reads alone;
 * `sets.next` carries over: the set a NEW_SET probe names.
 */
function writeChunk(out: ByteWriter, columns: Int32Array, scratch: Uint8Array, sets: { next: number }): void {
  let at = 0;
  let startLine = 0;
  let functionProbe = -1;
  const put = (value: number): void => {
    let rest = ((value << 1) ^ (value >> 31)) >>> 0;
    while (rest >= 0x80) {
      scratch[at++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    scratch[at++] = rest;
  };
  for (let probe = 0; probe < columns.length; probe += COLUMNS) {
    const other = columns[probe + Column.OTHER];
    const isNew = other !== 0 && other === sets.next;
    scratch[at++] = columns[probe + Column.KIND] | (other === 0 ? 0 : isNew ? NEW_SET : HAS_OTHER);
    const line = columns[probe + Column.START_LINE];
    const column = columns[probe + Column.START_COLUMN];
    put(line - startLine);
    put(column);
    put(columns[probe + Column.END_LINE] - line);
    put(columns[probe + Column.END_COLUMN] - column);
    put(columns[probe + Column.FUNCTION_PROBE] - functionProbe);
    startLine = line;
    functionProbe = columns[probe + Column.FUNCTION_PROBE];
    if (isNew) sets.next++;
    else if (other !== 0) {
      let rest = other;
      while (rest >= 0x80) {
        scratch[at++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      scratch[at++] = rest;
    }
  }
  out.bytes(scratch.subarray(0, at));
}

/** A binary table being read: the FILE's header, the field sets and probes read so far. */
export class PackedProbesReader {
  /** Field sets by index ([0] is none), each as its field names and their values. */
  private readonly sets: FieldSet[] = [{ names: [], values: [] }];
  private readonly setContext = new SetContext();
  /** The set a NEW_SET probe names: one past the highest named so far (sets are numbered in first use). */
  private nextSet = 1;

  constructor(
    readonly header: PackedProbesHeader,
    readonly probeBase: number,
    /** Where the probes go (the RegisteredFile's `probes`). */
    readonly probes: ProbeInfo[],
  ) {}

  get complete(): boolean {
    return this.sets.length > this.header.fieldSets && this.probes.length >= this.header.probeCount;
  }

  /** The probeBase a payload continues (to find its reader), or a ByteRangeError. */
  static probeBaseOf(payload: Uint8Array): number {
    return new ByteReader(payload).unsigned();
  }

  /**
   * Reads one PACKED_PROBES payload into the table. Throws ByteRangeError (offset within the
   * payload) when it does not continue this table where it left off or cannot be a table.
   */
  read(payload: Uint8Array): void {
    const input = new ByteReader(payload);
    input.unsigned(); // probeBase: the caller matched it
    const setsAt = input.at;
    const setsFrom = input.unsigned();
    const setsCount = input.unsigned();
    const probesAt = input.at;
    const probesFrom = input.unsigned();
    const probesCount = input.unsigned();
    if (setsFrom !== this.sets.length || setsFrom + setsCount > this.header.fieldSets + 1)
      throw new ByteRangeError(`holds field sets ${setsFrom}… where ${this.sets.length}… were next`, setsAt);
    if (probesFrom !== this.probes.length || probesFrom + probesCount > this.header.probeCount)
      throw new ByteRangeError(`holds probes ${probesFrom}… where ${this.probes.length}… were next`, probesAt);
    for (let index = 0; index < setsCount; index++) this.sets.push(this.readSet(input));
    let startLine = 0;
    let functionProbe = -1;
    for (let index = 0; index < probesCount; index++) {
      // The deltas restart with each chunk, as they were written.
      if ((probesFrom + index) % PROBES_PER_CHUNK === 0) {
        startLine = 0;
        functionProbe = -1;
      }
      const probe = this.readProbe(input, startLine, functionProbe);
      startLine = probe.range.start.line1;
      functionProbe = probe.functionProbe;
      this.probes.push(probe);
    }
    if (!input.done) throw new ByteRangeError('has bytes after its last probe', input.at);
  }

  private readSet(input: ByteReader): FieldSet {
    const start = input.at;
    const set = readOtherFields(input, this.header.strings, this.setContext);
    if (
      (set.scopeRange !== undefined && !validRange(set.scopeRange)) ||
      (set.scopeFunctionProbe !== undefined && !validFunctionProbe(set.scopeFunctionProbe)) ||
      (set.argumentCount !== undefined && set.argumentCount < 0)
    )
      throw new ByteRangeError('holds a field set with a number out of range', start);
    const names = Object.keys(set);
    return { names, values: names.map((name) => set[name as keyof ProbeInfo]) };
  }

  private readProbe(input: ByteReader, previousLine: number, previousFunction: number): ProbeInfo {
    const start = input.at;
    const head = input.byte();
    const kind = KINDS[head & KIND_MASK] as ProbeInfo['kind'] | undefined;
    if (kind === undefined || (head & ~(KIND_MASK | HAS_OTHER | NEW_SET)) !== 0 || (head & HAS_OTHER && head & NEW_SET))
      throw new ByteRangeError(`holds a probe of unknown kind byte ${head}`, start);
    const startLine = (previousLine + input.signed()) | 0;
    const startColumn = input.signed();
    const range: SourceRange = {
      start: { line1: startLine, column0: startColumn },
      end: { line1: (startLine + input.signed()) | 0, column0: (startColumn + input.signed()) | 0 },
    };
    const functionProbe = (previousFunction + input.signed()) | 0;
    if (!validRange(range) || !validFunctionProbe(functionProbe))
      throw new ByteRangeError('holds a probe with a position or function probe out of range', start);
    if (!(head & (HAS_OTHER | NEW_SET))) return { kind, range, functionProbe };
    const at = input.at;
    const index = head & NEW_SET ? this.nextSet++ : input.unsigned();
    const set = this.sets[index] as FieldSet | undefined;
    if (index === 0 || !set) throw new ByteRangeError(`names field set ${index} of ${this.sets.length - 1}`, at);
    // Nested values (a scopeRange, paramNames) are shared by the probes of one set: read-only.
    const probe: Record<string, unknown> = { kind, range, functionProbe };
    for (let field = 0; field < set.names.length; field++) probe[set.names[field]] = set.values[field];
    return probe as unknown as ProbeInfo;
  }
}

function validRange(range: SourceRange): boolean {
  return range.start.line1 >= 0 && range.start.column0 >= 0 && range.end.line1 >= 0 && range.end.column0 >= 0;
}

function validFunctionProbe(functionProbe: number): boolean {
  return functionProbe >= -1 && functionProbe <= MAX_PROBE_ID;
}
