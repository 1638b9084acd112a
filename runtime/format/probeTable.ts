// A file's probe table as the instrumenter streams it out, held packed: per probe seven int32s
// (kind, its range's four numbers, function probe, which text its other fields have) in pages of
// PROBES_PER_CHUNK, and each distinct text of other fields once — ~28 bytes a probe, not ~150 of
// JSON text (1,040,005 probes of a generated file: 158 MB of text before), nor an object each.
// Each distinct set of other fields is also coded in binary once (probeFields.ts), so the trace's
// binary tables (format 3.11, packedProbes.ts) are written from the columns and these codes with
// no JSON between. Knows the text and codes of probes, not where they go.
import {
  SetContext,
  StringList,
  readFlagFields,
  readOtherFields,
  writeOtherFields,
  type FlagFields,
} from './probeFields';
import type { FileProbeTable, ProbeInfo, ProbeKind, SourceRange } from './probes';
import { ByteReader, ByteWriter } from './varint';

// Math and Number functions taken when the module is evaluated: the loader runs this in a program's
// require() (on every cache hit), where Math.floor as the program sees it may be its own (INS-25).
const { ceil: mathCeil, floor: mathFloor, min: mathMin } = Math;
const { isInteger } = Number;
const { isArray } = Array;

export const PROBES_PER_CHUNK = 4096;

/** Every ProbeKind and its column value (a Record: a kind added to ProbeKind must be added here). */
const KIND_VALUES: Record<ProbeKind, number> = {
  module: 0,
  function: 1,
  statement: 2,
  loopHead: 3,
  return: 4,
  write: 5,
  property: 6,
  mutatorCall: 7,
  await: 8,
  yield: 9,
  throw: 10,
  catch: 11,
};
export const KINDS = (Object.keys(KIND_VALUES) as ProbeKind[]).sort((a, b) => KIND_VALUES[a] - KIND_VALUES[b]);

/** A probe's int32s, in its page. */
export const Column = {
  KIND: 0,
  START_LINE: 1,
  START_COLUMN: 2,
  END_LINE: 3,
  END_COLUMN: 4,
  FUNCTION_PROBE: 5,
  /** Index into the other fields' texts; 0: none. */
  OTHER: 6,
} as const;
export const COLUMNS = 7;

/**
 * Each distinct set of other fields coded as probeFields.ts writes it (format 3.11's binary
 * tables): set `i`'s bytes are `bytes[starts[i]…starts[i+1])`; set 0 (none) is a zero mask.
 */
export interface OtherFieldCodes {
  bytes: Uint8Array;
  starts: Int32Array;
  /** The strings the codes name by index. */
  strings: readonly string[];
}

/** A finished table: probes 0..count-1, read a chunk (PROBES_PER_CHUNK probes) at a time. */
export class PackedProbeTable {
  /**
   * `pages[k]` holds probes k·PROBES_PER_CHUNK…; `others[0]` is '' (no other fields). A table read
   * back from the cache has no texts: they are decoded from the codes when first asked for (a
   * load from the cache needs none but in a live session; typescript.js: 14 MB of JSON).
   */
  constructor(
    readonly count: number,
    private readonly pages: readonly Int32Array[],
    private others: readonly string[] | undefined,
    readonly fieldCodes: OtherFieldCodes,
  ) {}

  /** How many distinct sets of other fields, the empty one (index 0) included. */
  get otherCount(): number {
    return this.fieldCodes.starts.length - 1;
  }

  /** Each set's fields as JSON text between braces (set 0: ''), from the codes if need be. */
  private texts(): readonly string[] {
    if (this.others) return this.others;
    const { bytes, starts, strings } = this.fieldCodes;
    const texts = [''];
    const context = new SetContext(); // sets are coded in order, each relative to the one before
    for (let set = 1; set < starts.length - 1; set++) {
      const json = JSON.stringify(
        readOtherFields(new ByteReader(bytes, starts[set], starts[set + 1]), strings, context),
      );
      texts.push(json.slice(1, json.length - 1));
    }
    return (this.others = texts);
  }

  /** Chunk `chunk`'s int32s (COLUMNS a probe) and how many probes it holds. */
  chunkColumns(chunk: number): Int32Array {
    return this.pages[chunk].subarray(0, mathMin(PROBES_PER_CHUNK, this.count - chunk * PROBES_PER_CHUNK) * COLUMNS);
  }

  get chunkCount(): number {
    return mathCeil(this.count / PROBES_PER_CHUNK);
  }

  /** Chunk `chunk` as JSON text (probes joined by ','): for parsing back, not for records. */
  chunkText(chunk: number): string {
    const parts: string[] = [];
    this.forEachIn(chunk, (page, at) => {
      const other = page[at + Column.OTHER];
      const others = this.texts();
      parts.push(
        `{"kind":"${KINDS[page[at + Column.KIND]]}","range":{"start":{"line1":${page[at + Column.START_LINE]},"column0":${page[at + Column.START_COLUMN]}},"end":{"line1":${page[at + Column.END_LINE]},"column0":${page[at + Column.END_COLUMN]}}},"functionProbe":${page[at + Column.FUNCTION_PROBE]}${other === 0 ? '' : `,${others[other]}`}}`,
      );
    });
    return parts.join(',');
  }

  /**
   * A number naming the probe's kind and other fields (equal numbers: equal probes but for range
   * and function probe): for what depends on them alone.
   */
  shapeOf(localId: number): number {
    const page = this.pages[mathFloor(localId / PROBES_PER_CHUNK)];
    const at = (localId % PROBES_PER_CHUNK) * COLUMNS;
    return page[at + Column.OTHER] * KINDS.length + page[at + Column.KIND];
  }

  kindOf(localId: number): ProbeKind {
    return KINDS[
      this.pages[mathFloor(localId / PROBES_PER_CHUNK)][(localId % PROBES_PER_CHUNK) * COLUMNS + Column.KIND]
    ];
  }

  /** shapeOf() numbers are below this. */
  get shapeCount(): number {
    return this.otherCount * KINDS.length;
  }

  /** `{"kind":…,<other fields>}` of a shapeOf() number. */
  shapeText(shape: number): string {
    const other = mathFloor(shape / KINDS.length);
    return `{"kind":"${KINDS[shape % KINDS.length]}"${other === 0 ? '' : `,${this.texts()[other]}`}}`;
  }

  /**
   * A shapeOf() number's FlagFields, decoded from its binary code (no JSON, no ranges): what probe
   * flags depend on, judged at every load for each distinct set of a large table.
   */
  shapeFlagFields(shape: number): FlagFields {
    const other = mathFloor(shape / KINDS.length);
    if (other === 0) return {};
    const { bytes, starts, strings } = this.fieldCodes;
    return readFlagFields(new ByteReader(bytes, starts[other], starts[other + 1]), strings);
  }

  /**
   * The table as parts to store: the int32s in this machine's byte order, the field codes (their
   * starts as int32s, then their bytes) and the strings they name as JSON. No texts: deserialize
   * decodes them from the codes when asked.
   */
  serialize(): { columns: Uint8Array; otherCount: number; fieldCodes: Uint8Array; strings: string } {
    const columns = new Int32Array(this.count * COLUMNS);
    for (let page = 0; page < this.pages.length; page++)
      columns.set(
        this.pages[page].subarray(0, mathMin(PROBES_PER_CHUNK, this.count - page * PROBES_PER_CHUNK) * COLUMNS),
        page * PROBES_PER_CHUNK * COLUMNS,
      );
    const { starts, bytes, strings } = this.fieldCodes;
    const fieldCodes = new Uint8Array(starts.byteLength + bytes.length);
    fieldCodes.set(new Uint8Array(starts.buffer, starts.byteOffset, starts.byteLength));
    fieldCodes.set(bytes, starts.byteLength);
    return {
      columns: new Uint8Array(columns.buffer),
      otherCount: this.otherCount,
      fieldCodes,
      strings: JSON.stringify(strings),
    };
  }

  /** What serialize() gave; throws on parts that cannot be a table. */
  static deserialize(
    count: number,
    columns: Uint8Array,
    otherCount: number,
    fieldCodes: Uint8Array,
    strings: string,
    parse: (text: string) => unknown = JSON.parse,
  ): PackedProbeTable {
    const names = parse(strings) as unknown;
    if (!isInteger(otherCount) || otherCount < 1 || columns.length !== count * COLUMNS * 4 || !isArray(names))
      throw new Error('not a probe table');
    const startBytes = (otherCount + 1) * 4;
    if (fieldCodes.length < startBytes) throw new Error('not a probe table');
    const starts = new Int32Array(otherCount + 1);
    // Views made by the Uint8Array constructor, not fieldCodes.subarray(): from the cache it is a
    // Buffer, whose subarray is Buffer.prototype's, the program's to patch.
    new Uint8Array(starts.buffer).set(new Uint8Array(fieldCodes.buffer, fieldCodes.byteOffset, startBytes));
    // A copy, and a plain Uint8Array even from a Node Buffer (whose slice() is a view).
    const codes = new Uint8Array(
      new Uint8Array(fieldCodes.buffer, fieldCodes.byteOffset + startBytes, fieldCodes.length - startBytes),
    );
    // Set 0 is the empty set: a zero mask, one byte.
    if (starts[0] !== 0 || starts[1] !== 1 || codes[0] !== 0) throw new Error('not a probe table');
    for (let index = 0; index < otherCount; index++)
      if (!(starts[index] >= 0 && starts[index] < starts[index + 1])) throw new Error('not a probe table');
    if (starts[otherCount] !== codes.length) throw new Error('not a probe table');
    // A copy: the bytes may sit at an offset an Int32Array cannot start at.
    const words = new Int32Array(count * COLUMNS);
    new Uint8Array(words.buffer).set(columns);
    const pages: Int32Array[] = [];
    for (let from = 0; from < count; from += PROBES_PER_CHUNK)
      pages[pages.length] = words.subarray(from * COLUMNS, mathMin(count, from + PROBES_PER_CHUNK) * COLUMNS);
    for (let at = 0; at < words.length; at += COLUMNS)
      if (
        !(words[at + Column.KIND] >= 0 && words[at + Column.KIND] < KINDS.length) ||
        !(words[at + Column.OTHER] >= 0 && words[at + Column.OTHER] < otherCount)
      )
        throw new Error('not a probe table');
    return new PackedProbeTable(count, pages, undefined, { bytes: codes, starts, strings: names as string[] });
  }

  private forEachIn(chunk: number, visit: (page: Int32Array, at: number) => void): void {
    const page = this.pages[chunk];
    const probes = mathMin(PROBES_PER_CHUNK, this.count - chunk * PROBES_PER_CHUNK);
    for (let probe = 0; probe < probes; probe++) visit(page, probe * COLUMNS);
  }
}

/** A FileProbeTable whose probes are packed. */
export interface StreamedProbeTable extends Omit<FileProbeTable, 'probes'> {
  probes: PackedProbeTable;
}

export class ProbeTableWriter {
  private readonly pages: Int32Array[] = [];
  private page = new Int32Array(0);
  private readonly others: string[] = [''];
  private readonly otherIndex = new Map<string, number>();
  /** Each distinct set's code (probeFields.ts), coded when first seen: set 0 is the zero mask. */
  private readonly codes = new ByteWriter();
  private readonly codeStarts: number[] = [0, 1];
  private readonly strings = new StringList();
  private readonly setContext = new SetContext();
  private written = 0;

  constructor() {
    this.codes.unsigned(0);
  }

  get count(): number {
    return this.written;
  }

  /** Appends a probe; returns its file-local id. `other`: its fields besides these three. */
  add(kind: ProbeKind, range: SourceRange, functionProbe: number, other: Partial<ProbeInfo> = {}): number {
    const slot = this.written % PROBES_PER_CHUNK;
    if (slot === 0) this.pages.push((this.page = new Int32Array(PROBES_PER_CHUNK * COLUMNS)));
    const at = slot * COLUMNS;
    const page = this.page;
    page[at + Column.KIND] = KIND_VALUES[kind];
    page[at + Column.START_LINE] = range.start.line1;
    page[at + Column.START_COLUMN] = range.start.column0;
    page[at + Column.END_LINE] = range.end.line1;
    page[at + Column.END_COLUMN] = range.end.column0;
    page[at + Column.FUNCTION_PROBE] = functionProbe;
    page[at + Column.OTHER] = this.otherOf(other);
    return this.written++;
  }

  finish(): PackedProbeTable {
    const pages = this.pages.slice();
    const used = this.written % PROBES_PER_CHUNK;
    if (used > 0) pages[pages.length - 1] = this.page.subarray(0, used * COLUMNS);
    return new PackedProbeTable(this.written, pages, this.others, {
      bytes: this.codes.finish(),
      starts: Int32Array.from(this.codeStarts),
      strings: this.strings.strings,
    });
  }

  private otherOf(other: Partial<ProbeInfo>): number {
    let empty = true;
    for (const key in other)
      if (other[key as keyof ProbeInfo] !== undefined) {
        empty = false;
        break;
      }
    if (empty) return 0;
    const json = JSON.stringify(other);
    const text = json.slice(1, json.length - 1);
    let index = this.otherIndex.get(text);
    if (index === undefined) {
      index = this.others.length;
      this.others.push(text);
      this.otherIndex.set(text, index);
      writeOtherFields(this.codes, other, this.strings, this.setContext);
      this.codeStarts.push(this.codes.length);
    }
    return index;
  }
}

/** The packed table of probes given as objects (small tables, tests). */
export function packProbeTable(probes: readonly ProbeInfo[]): PackedProbeTable {
  const writer = new ProbeTableWriter();
  for (const { kind, range, functionProbe, ...other } of probes) writer.add(kind, range, functionProbe, other);
  return writer.finish();
}

/** Every probe as an object: for small tables and tests, not for the loader's path. */
export function probeTableArray(table: PackedProbeTable, parse?: (text: string) => unknown): ProbeInfo[] {
  const probes: ProbeInfo[] = [];
  forEachProbe(table, (probe) => probes.push(probe), parse);
  return probes;
}

/** Calls `visit` with each probe and its local id, one chunk of objects alive at a time. */
export function forEachProbe(
  table: PackedProbeTable,
  visit: (probe: ProbeInfo, localId: number) => void,
  parse: (text: string) => unknown = JSON.parse,
): void {
  let localId = 0;
  for (let chunk = 0; chunk < table.chunkCount; chunk++)
    for (const probe of parse(`[${table.chunkText(chunk)}]`) as ProbeInfo[]) visit(probe, localId++);
}
