// Reading the framing of records.ts: a whole trace file (readTrace) or a live stream of the same
// bytes (TraceStreamParser). Returns the longest valid prefix of a damaged trace and says why it
// stopped (TR-06/TR-07); refuses a newer major version (TR-08). Never allocates from a length it
// has not bounded. Knows nothing of what records mean beyond END (for completeness).
import { crc32 } from './crc32';
import { TraceFormatError } from './errors';
import { HEADER_SCHEMA, schemaProblem } from './payloadChecks';
import { decodeUtf8 } from './recordPayloads';
import {
  FILE_HEADER_FIXED_BYTES,
  MAX_HEADER_BYTES,
  MAX_RECORD_PAYLOAD,
  RECORD_PREFIX_BYTES,
  RECORD_SUFFIX_BYTES,
  RecordFlag,
  RecordType,
  type TraceHeader,
} from './records';
import { FORMAT_MAJOR, FORMAT_MINOR, TRACE_MAGIC } from './version';

export interface TraceRecord {
  type: number;
  flags: number;
  producerId: number;
  sequence: number;
  /** The payload bytes: a view into the input (or the inflated bytes when an inflate was given). */
  payload: Uint8Array;
  /** Where the record's length prefix starts in the file / stream. */
  byteOffset: number;
}

export interface TraceReadError {
  message: string;
  byteOffset: number;
}

export interface TraceReadOptions {
  /**
   * Raw-DEFLATE inflater for records flagged DEFLATE (Node: zlib.inflateRawSync with
   * maxOutputLength). It should stop at `maxOutputBytes`; a longer result is refused anyway.
   * Without an inflater compressed records stay compressed.
   */
  inflate?: (bytes: Uint8Array, maxOutputBytes: number) => Uint8Array;
  /** Bytes all compressed records together may inflate to; default inflationBudget(input bytes). */
  maxInflatedBytes?: number;
  /** CRC-32/IEEE over bytes[start, end): Node readers pass zlib.crc32 (same results, far faster). Default crc32.ts. */
  checksum?: (bytes: Uint8Array, start: number, end: number) => number;
}

export interface TraceVersion {
  major: number;
  minor: number;
}

export interface TraceContents {
  header: TraceHeader;
  version: TraceVersion;
  records: TraceRecord[];
  /** True only when every byte verified and every producer ended with an END that is not 'killed'. */
  complete: boolean;
  /** Why reading stopped early; absent when the bytes ran out exactly at a record boundary. */
  error?: TraceReadError;
  /** Bytes that verified (header + records): the longest valid prefix. */
  validBytes: number;
}

interface ParsedHeader {
  header: TraceHeader;
  version: TraceVersion;
  sizeBytes: number;
}

/**
 * Decompression bombs (issue 10 item 6): a few compressed bytes can inflate to gigabytes, so each
 * record inflates to at most MAX_RECORD_PAYLOAD and all of a trace's records together to at most
 * this many bytes — far more than real traces need (the recorder writes no compressed records).
 */
const MIN_INFLATION_BUDGET_BYTES = 256 * 1024 * 1024;
const INFLATION_RATIO_BUDGET = 16;

export function inflationBudget(inputBytes: number): number {
  return Math.max(MIN_INFLATION_BUDGET_BYTES, INFLATION_RATIO_BUDGET * inputBytes);
}

/** Bytes inflated so far in one read; `allowed` may grow with the input (streams). */
interface InflationBudget {
  used: number;
  allowed: number;
}

/** What one parse step found at an offset. `need` = more bytes are required to decide. */
type RecordStep =
  | { kind: 'record'; record: TraceRecord; sizeBytes: number }
  | { kind: 'need'; bytes: number }
  | { kind: 'corrupt'; message: string };

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}
function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

/**
 * Parses the file header at the start of `bytes`. Returns the byte count still missing when the
 * bytes end inside it; throws TraceFormatError when what is there cannot be a supported header.
 */
export function parseTraceHeader(bytes: Uint8Array): ParsedHeader | { need: number } {
  const magicBytes = Math.min(bytes.length, TRACE_MAGIC.length);
  for (let index = 0; index < magicBytes; index++) {
    if (bytes[index] !== TRACE_MAGIC[index]) throw new TraceFormatError('not a Rewind trace (bad magic)', 0, 'byte');
  }
  if (bytes.length < FILE_HEADER_FIXED_BYTES) return { need: FILE_HEADER_FIXED_BYTES - bytes.length };
  const version = { major: u16(bytes, 4), minor: u16(bytes, 6) };
  if (version.major > FORMAT_MAJOR) {
    throw new TraceFormatError(
      `trace format ${version.major}.${version.minor} is newer than this reader supports (${FORMAT_MAJOR}.${FORMAT_MINOR}); update Rewind to read it`,
      4,
      'byte',
    );
  }
  if (version.major < FORMAT_MAJOR) {
    throw new TraceFormatError(
      `trace format ${version.major}.${version.minor} is not supported (this reader reads ${FORMAT_MAJOR}.x)`,
      4,
      'byte',
    );
  }
  const headerLength = u32(bytes, 8);
  if (headerLength > MAX_HEADER_BYTES)
    throw new TraceFormatError(`header length ${headerLength} exceeds the maximum ${MAX_HEADER_BYTES}`, 8, 'byte');
  const sizeBytes = FILE_HEADER_FIXED_BYTES + headerLength + RECORD_SUFFIX_BYTES;
  if (bytes.length < sizeBytes) return { need: sizeBytes - bytes.length };
  const jsonEnd = FILE_HEADER_FIXED_BYTES + headerLength;
  if (crc32(bytes, FILE_HEADER_FIXED_BYTES, jsonEnd) !== u32(bytes, jsonEnd)) {
    throw new TraceFormatError('header checksum mismatch', FILE_HEADER_FIXED_BYTES, 'byte');
  }
  return { header: headerJson(bytes, jsonEnd), version, sizeBytes };
}

function headerJson(bytes: Uint8Array, jsonEnd: number): TraceHeader {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(bytes, FILE_HEADER_FIXED_BYTES, jsonEnd));
  } catch (error) {
    throw new TraceFormatError(
      `header is not valid JSON (${(error as Error).message})`,
      FILE_HEADER_FIXED_BYTES,
      'byte',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFormatError('header is not a JSON object', FILE_HEADER_FIXED_BYTES, 'byte');
  }
  const problem = schemaProblem(value as Record<string, unknown>, HEADER_SCHEMA);
  if (problem) throw new TraceFormatError(`header ${problem}`, FILE_HEADER_FIXED_BYTES, 'byte');
  return value as TraceHeader;
}

/** One record at `at` (a file offset of `baseOffset + at`), verified; never allocates from its length. */
function parseRecord(
  bytes: Uint8Array,
  at: number,
  baseOffset: number,
  options: TraceReadOptions,
  budget: InflationBudget,
): RecordStep {
  const available = bytes.length - at;
  if (available < 4) return { kind: 'need', bytes: RECORD_PREFIX_BYTES - available };
  const payloadLength = u32(bytes, at);
  if (payloadLength > MAX_RECORD_PAYLOAD)
    return { kind: 'corrupt', message: `record length ${payloadLength} exceeds the maximum ${MAX_RECORD_PAYLOAD}` };
  const sizeBytes = RECORD_PREFIX_BYTES + payloadLength + RECORD_SUFFIX_BYTES;
  if (available < sizeBytes) return { kind: 'need', bytes: sizeBytes - available };
  const crcEnd = at + RECORD_PREFIX_BYTES + payloadLength;
  if ((options.checksum ?? crc32)(bytes, at + 4, crcEnd) !== u32(bytes, crcEnd))
    return { kind: 'corrupt', message: 'record checksum mismatch' };
  const record: TraceRecord = {
    type: bytes[at + 4],
    flags: bytes[at + 5],
    producerId: u16(bytes, at + 6),
    sequence: u32(bytes, at + 8),
    payload: bytes.subarray(at + RECORD_PREFIX_BYTES, crcEnd),
    byteOffset: baseOffset + at,
  };
  if (record.flags & RecordFlag.DEFLATE && options.inflate) {
    const limit = Math.max(0, Math.min(MAX_RECORD_PAYLOAD, budget.allowed - budget.used));
    const bound =
      limit < MAX_RECORD_PAYLOAD
        ? `the ${budget.allowed} bytes allowed for all compressed records`
        : `the record limit of ${MAX_RECORD_PAYLOAD} bytes`;
    let inflated: Uint8Array;
    try {
      inflated = options.inflate(record.payload, limit);
    } catch (error) {
      const message = (error as Error).message;
      return {
        kind: 'corrupt',
        message: /maxOutputLength|larger than|too large|exceed/i.test(message)
          ? `compressed record inflates past ${bound} (a decompression bomb?)`
          : `compressed record does not inflate (${message})`,
      };
    }
    if (inflated.length > limit)
      return { kind: 'corrupt', message: `compressed record inflates past ${bound} (a decompression bomb?)` };
    budget.used += inflated.length;
    record.payload = inflated;
    record.flags &= ~RecordFlag.DEFLATE;
  }
  return { kind: 'record', record, sizeBytes };
}

/**
 * Reads a whole trace. Throws TraceFormatError only when no header can be read (not a trace, a
 * newer major, a damaged or truncated header); any later damage ends `records` early with `error`.
 */
export function readTrace(bytes: Uint8Array, options: TraceReadOptions = {}): TraceContents {
  const parsed = parseTraceHeader(bytes);
  if ('need' in parsed) {
    const message =
      bytes.length === 0
        ? 'empty file: not a Rewind trace'
        : `trace header truncated (${parsed.need} more bytes needed)`;
    throw new TraceFormatError(message, bytes.length, 'byte');
  }
  const records: TraceRecord[] = [];
  const completion = new CompletionTracker();
  const budget: InflationBudget = { used: 0, allowed: options.maxInflatedBytes ?? inflationBudget(bytes.length) };
  let at = parsed.sizeBytes;
  let error: TraceReadError | undefined;
  while (at < bytes.length) {
    const step = parseRecord(bytes, at, 0, options, budget);
    if (step.kind !== 'record') {
      error = {
        message: step.kind === 'need' ? `record truncated (${step.bytes} more bytes needed)` : step.message,
        byteOffset: at,
      };
      break;
    }
    records.push(step.record);
    completion.observe(step.record);
    at += step.sizeBytes;
  }
  return {
    header: parsed.header,
    version: parsed.version,
    records,
    complete: !error && completion.complete(),
    error,
    validBytes: at,
  };
}

/**
 * Completeness: every producer that wrote a record also wrote an END, and no END says the
 * producer was killed or may lack an unflushed tail (the collector writes those for producers
 * that vanished).
 */
export class CompletionTracker {
  private readonly seen = new Set<number>();
  private readonly ended = new Set<number>();
  private killed = false;

  observe(record: TraceRecord): void {
    this.seen.add(record.producerId);
    if (record.type !== RecordType.END) return;
    this.ended.add(record.producerId);
    const end = endFields(record);
    if (end?.reason === 'killed' || end?.unflushedEventsEstimate !== undefined) this.killed = true;
  }

  complete(): boolean {
    if (this.killed || this.ended.size === 0) return false;
    for (const producerId of this.seen) if (!this.ended.has(producerId)) return false;
    return true;
  }
}

/** The fields of an END record completeness depends on, without trusting the payload to be valid JSON. */
function endFields(record: TraceRecord): { reason: string; unflushedEventsEstimate: unknown } | undefined {
  if (record.flags & RecordFlag.DEFLATE) return undefined;
  try {
    const value: unknown = JSON.parse(decodeUtf8(record.payload));
    if (typeof value !== 'object' || value === null) return undefined;
    const fields = value as { reason?: unknown; unflushedEventsEstimate?: unknown };
    return { reason: String(fields.reason), unflushedEventsEstimate: fields.unflushedEventsEstimate };
  } catch {
    return undefined;
  }
}

/**
 * The same parsing over a stream that arrives in chunks (the collector's sockets, a growing file).
 * push() returns the records completed by that chunk. After a failure, `error` is set and further
 * input is ignored. Keeps references to pushed chunks: callers must not reuse them.
 */
export class TraceStreamParser {
  header: TraceHeader | undefined;
  version: TraceVersion | undefined;
  error: TraceReadError | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Stream offset of pending[0][0]. */
  private consumedBytes = 0;
  /** Bytes needed before the next parse attempt can succeed (avoids re-copying partial records). */
  private neededBytes = 1;
  private readonly budget: InflationBudget = { used: 0, allowed: 0 };

  constructor(private readonly options: TraceReadOptions = {}) {}

  /** Bytes of the stream verified so far. */
  get validBytes(): number {
    return this.consumedBytes;
  }

  /** Bytes received but not yet part of a whole record. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Uint8Array): TraceRecord[] {
    if (this.error || chunk.length === 0) return [];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.neededBytes) return [];
    const bytes = this.coalesce();
    const records: TraceRecord[] = [];
    let at = this.header ? 0 : this.readHeader(bytes);
    this.budget.allowed = this.options.maxInflatedBytes ?? inflationBudget(this.consumedBytes + bytes.length);
    while (at >= 0 && !this.error) {
      const step = parseRecord(bytes, at, this.consumedBytes, this.options, this.budget);
      if (step.kind === 'need') {
        this.neededBytes = bytes.length - at + step.bytes;
        break;
      }
      if (step.kind === 'corrupt') {
        this.error = { message: step.message, byteOffset: this.consumedBytes + at };
        break;
      }
      records.push(step.record);
      at += step.sizeBytes;
    }
    if (at > 0) this.consume(bytes, at);
    return records;
  }

  /** Returns the offset past the header, or -1 when more bytes are needed or it failed. */
  private readHeader(bytes: Uint8Array): number {
    try {
      const parsed = parseTraceHeader(bytes);
      if ('need' in parsed) {
        this.neededBytes = bytes.length + parsed.need;
        return -1;
      }
      this.header = parsed.header;
      this.version = parsed.version;
      return parsed.sizeBytes;
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      this.error = { message: error.message, byteOffset: error.offset };
      return -1;
    }
  }

  private coalesce(): Uint8Array {
    if (this.pending.length === 1) return this.pending[0];
    const bytes = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const chunk of this.pending) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    this.pending = [bytes];
    return bytes;
  }

  private consume(bytes: Uint8Array, count: number): void {
    const rest = bytes.subarray(count);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    this.consumedBytes += count;
  }
}
