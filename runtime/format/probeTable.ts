// A file's probe table as the instrumenter streams it out, held packed: per probe seven int32s
// (kind, its range's four numbers, function probe, which text its other fields have) in pages of
// PROBES_PER_CHUNK, and each distinct text of other fields once — ~28 bytes a probe, not ~150 of
// JSON text (1,040,005 probes of a generated file: 158 MB of text before), nor an object each.
// It is written out as the FILE record's JSON bytes a chunk at a time (`writeChunk`): the bytes
// JSON.stringify gives for the same probes. Knows the text of probes, not where it goes.
import type { FileProbeTable, ProbeInfo, ProbeKind, SourceRange } from './probes';
import { encodeUtf8 } from './recordWriter';

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
const KINDS = (Object.keys(KIND_VALUES) as ProbeKind[]).sort((a, b) => KIND_VALUES[a] - KIND_VALUES[b]);

/** A probe's int32s, in its page. */
const Column = {
  KIND: 0,
  START_LINE: 1,
  START_COLUMN: 2,
  END_LINE: 3,
  END_COLUMN: 4,
  FUNCTION_PROBE: 5,
  /** Index into the other fields' texts; 0: none. */
  OTHER: 6,
} as const;
const COLUMNS = 7;

/** The JSON between a probe's numbers, as JSON.stringify writes `{kind, range, functionProbe, …}`. */
const OPEN_KIND = encodeUtf8('{"kind":"');
const KIND_TO_START_LINE = encodeUtf8('","range":{"start":{"line1":');
const TO_COLUMN = encodeUtf8(',"column0":');
const TO_END_LINE = encodeUtf8('},"end":{"line1":');
const TO_FUNCTION_PROBE = encodeUtf8('}},"functionProbe":');
const KIND_BYTES = KINDS.map((kind) => encodeUtf8(kind));
const COMMA = 44;
const CLOSE = 125;
const MINUS = 45;
const ZERO = 48;
/** Bytes of a probe's JSON besides its kind's name, its numbers and its other fields. */
const FIXED_BYTES =
  OPEN_KIND.length +
  KIND_TO_START_LINE.length +
  2 * TO_COLUMN.length +
  TO_END_LINE.length +
  TO_FUNCTION_PROBE.length +
  1;

function decimalBytes(value: number): number {
  let bytes = value < 0 ? 2 : 1;
  for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) bytes++;
  return bytes;
}

function writeDecimal(out: Uint8Array, at: number, value: number): number {
  if (value < 0) {
    out[at++] = MINUS;
    value = -value;
  }
  const end = at + decimalBytes(value);
  for (let digit = end - 1; digit >= at; digit--) {
    out[digit] = ZERO + (value % 10);
    value = Math.floor(value / 10);
  }
  return end;
}

function writeBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  out.set(bytes, at);
  return at + bytes.length;
}

/** A finished table: probes 0..count-1, read a chunk (PROBES_PER_CHUNK probes) at a time. */
export class PackedProbeTable {
  /** The other fields' texts as UTF-8, encoded when first written. */
  private readonly otherBytes: Array<Uint8Array | undefined> = [];

  /** `pages[k]` holds probes k·PROBES_PER_CHUNK…; `others[0]` is '' (no other fields). */
  constructor(
    readonly count: number,
    private readonly pages: readonly Int32Array[],
    private readonly others: readonly string[],
  ) {}

  get chunkCount(): number {
    return Math.ceil(this.count / PROBES_PER_CHUNK);
  }

  /** The UTF-8 length of chunk `chunk`'s probes as JSON, joined by ','. */
  chunkByteLength(chunk: number): number {
    let bytes = 0;
    this.forEachIn(chunk, (page, at) => {
      bytes += FIXED_BYTES + KIND_BYTES[page[at + Column.KIND]].length + 1; // the separator (or a closing ']')
      for (let column: number = Column.START_LINE; column <= Column.FUNCTION_PROBE; column++)
        bytes += decimalBytes(page[at + column]);
      const other = page[at + Column.OTHER];
      if (other !== 0) bytes += 1 + this.other(other).length;
    });
    return bytes - 1;
  }

  /** Writes chunk `chunk` as chunkByteLength says at `out[at]`; returns where it ends. */
  writeChunk(chunk: number, out: Uint8Array, at: number): number {
    let first = true;
    this.forEachIn(chunk, (page, index) => {
      if (!first) out[at++] = COMMA;
      first = false;
      at = writeBytes(out, at, OPEN_KIND);
      at = writeBytes(out, at, KIND_BYTES[page[index + Column.KIND]]);
      at = writeBytes(out, at, KIND_TO_START_LINE);
      at = writeDecimal(out, at, page[index + Column.START_LINE]);
      at = writeBytes(out, at, TO_COLUMN);
      at = writeDecimal(out, at, page[index + Column.START_COLUMN]);
      at = writeBytes(out, at, TO_END_LINE);
      at = writeDecimal(out, at, page[index + Column.END_LINE]);
      at = writeBytes(out, at, TO_COLUMN);
      at = writeDecimal(out, at, page[index + Column.END_COLUMN]);
      at = writeBytes(out, at, TO_FUNCTION_PROBE);
      at = writeDecimal(out, at, page[index + Column.FUNCTION_PROBE]);
      const other = page[index + Column.OTHER];
      if (other !== 0) {
        out[at++] = COMMA;
        at = writeBytes(out, at, this.other(other));
      }
      out[at++] = CLOSE;
    });
    return at;
  }

  /** Chunk `chunk` as JSON text (probes joined by ','): for parsing back, not for records. */
  chunkText(chunk: number): string {
    const parts: string[] = [];
    this.forEachIn(chunk, (page, at) => {
      const other = page[at + Column.OTHER];
      parts.push(
        `{"kind":"${KINDS[page[at + Column.KIND]]}","range":{"start":{"line1":${page[at + Column.START_LINE]},"column0":${page[at + Column.START_COLUMN]}},"end":{"line1":${page[at + Column.END_LINE]},"column0":${page[at + Column.END_COLUMN]}}},"functionProbe":${page[at + Column.FUNCTION_PROBE]}${other === 0 ? '' : `,${this.others[other]}`}}`,
      );
    });
    return parts.join(',');
  }

  /**
   * A number naming the probe's kind and other fields (equal numbers: equal probes but for range
   * and function probe), and those fields as JSON text between braces: for what depends on them alone.
   */
  shapeOf(localId: number): number {
    const page = this.pages[Math.floor(localId / PROBES_PER_CHUNK)];
    const at = (localId % PROBES_PER_CHUNK) * COLUMNS;
    return page[at + Column.OTHER] * KINDS.length + page[at + Column.KIND];
  }

  /** `{"kind":…,<other fields>}` of a shapeOf() number. */
  shapeText(shape: number): string {
    const other = Math.floor(shape / KINDS.length);
    return `{"kind":"${KINDS[shape % KINDS.length]}"${other === 0 ? '' : `,${this.others[other]}`}}`;
  }

  /** The table as two parts to store (the int32s in this machine's byte order, the texts as JSON). */
  serialize(): { columns: Uint8Array; others: string } {
    const columns = new Int32Array(this.count * COLUMNS);
    for (let page = 0; page < this.pages.length; page++)
      columns.set(
        this.pages[page].subarray(0, Math.min(PROBES_PER_CHUNK, this.count - page * PROBES_PER_CHUNK) * COLUMNS),
        page * PROBES_PER_CHUNK * COLUMNS,
      );
    return { columns: new Uint8Array(columns.buffer), others: JSON.stringify(this.others) };
  }

  /** What serialize() gave; throws on parts that cannot be a table. */
  static deserialize(
    count: number,
    columns: Uint8Array,
    others: string,
    parse: (text: string) => unknown = JSON.parse,
  ): PackedProbeTable {
    const texts = parse(others) as unknown;
    if (!Array.isArray(texts) || texts[0] !== '' || columns.length !== count * COLUMNS * 4)
      throw new Error('not a probe table');
    // A copy: the bytes may sit at an offset an Int32Array cannot start at.
    const words = new Int32Array(count * COLUMNS);
    new Uint8Array(words.buffer).set(columns);
    const pages: Int32Array[] = [];
    for (let from = 0; from < count; from += PROBES_PER_CHUNK)
      pages.push(words.subarray(from * COLUMNS, Math.min(count, from + PROBES_PER_CHUNK) * COLUMNS));
    for (let at = 0; at < words.length; at += COLUMNS)
      if (
        !(words[at + Column.KIND] >= 0 && words[at + Column.KIND] < KINDS.length) ||
        !(words[at + Column.OTHER] >= 0 && words[at + Column.OTHER] < texts.length)
      )
        throw new Error('not a probe table');
    return new PackedProbeTable(count, pages, texts as string[]);
  }

  private other(index: number): Uint8Array {
    return (this.otherBytes[index] ??= encodeUtf8(this.others[index]));
  }

  private forEachIn(chunk: number, visit: (page: Int32Array, at: number) => void): void {
    const page = this.pages[chunk];
    const probes = Math.min(PROBES_PER_CHUNK, this.count - chunk * PROBES_PER_CHUNK);
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
  private written = 0;

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
    return new PackedProbeTable(this.written, pages, this.others);
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
