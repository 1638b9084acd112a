// Loads a whole saved trace into a TraceStore in slices, yielding to the event loop between them,
// so a caller's progress reports (by bytes: a large trace has only a few dozen huge records) and
// its other work (cancel, disconnect) get through while a large file is indexed. The bytes are one
// array or a stream of chunks (a file of any size, read piece by piece: issue 10 item 4). Owns
// slicing, yielding, byte progress and the end-of-file verdict; what records mean is store.ts's. No DAP.
import { CompletionTracker, TraceStreamParser, readTrace } from '../../runtime/format';
import { TraceStore, noteNewerFormat, type StoreOptions } from './store';

export interface ByteProgress {
  /** Bytes of the file indexed so far (whole records). */
  doneBytes: number;
  totalBytes: number;
  steps: number;
}

export interface SliceLoadOptions extends Omit<StoreOptions, 'onProgress'> {
  /** After every record; the caller thins these (a record can be megabytes, or a few bytes). */
  onProgress?: (progress: ByteProgress) => void;
  /** Checked between slices: when aborted, loading stops and `abortError()` is thrown. */
  signal?: AbortSignal;
  abortError?: () => Error;
  /** Bytes handed to the parser at a time. */
  sliceBytes?: number;
  /** Longest stretch of work between two yields to the event loop. */
  maxBusyMs?: number;
  /** CRC-32 over bytes[start, end): Node passes zlib's (the format's pure one is ~20× slower on a large file). */
  checksum?: (bytes: Uint8Array, start: number, end: number) => number;
}

const DEFAULT_SLICE_BYTES = 1 << 20;
const DEFAULT_MAX_BUSY_MS = 25;

/** A trace delivered in chunks: its size and the chunks in order (each a fresh buffer: the parser keeps views). */
export interface TraceChunks {
  totalBytes: number;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** Bytes of a file's start kept to word a header error as readTrace does. */
const HEADER_PROBE_BYTES = 1 << 16;

/** Same result as TraceStore.fromBytes (notes, completeness, a header error thrown), asynchronously. */
export async function loadTraceInSlices(
  input: Uint8Array | TraceChunks,
  options: SliceLoadOptions = {},
): Promise<TraceStore> {
  const {
    onProgress,
    signal,
    abortError,
    sliceBytes = DEFAULT_SLICE_BYTES,
    maxBusyMs = DEFAULT_MAX_BUSY_MS,
    checksum,
    ...storeOptions
  } = options;
  const source = input instanceof Uint8Array ? sliced(input, sliceBytes) : input;
  const store = new TraceStore({ ...storeOptions, sourceBytes: source.totalBytes });
  const parser = new TraceStreamParser({ inflate: storeOptions.inflate, checksum });
  const completion = new CompletionTracker();
  const pacer = new Pacer(maxBusyMs, () => {
    if (signal?.aborted) throw abortError?.() ?? new Error('loading the recording was cancelled');
  });
  let headBytes: Uint8Array = new Uint8Array(0);
  for await (const chunk of source.chunks) {
    if (parser.error) break;
    if (headBytes.length < HEADER_PROBE_BYTES)
      headBytes = concat(headBytes, chunk.subarray(0, HEADER_PROBE_BYTES - headBytes.length));
    const records = parser.push(chunk);
    store.header ??= parser.header;
    for (let index = 0; index < records.length; index++) {
      store.append([records[index]]);
      completion.observe(records[index]);
      const doneBytes = records[index + 1]?.byteOffset ?? parser.validBytes;
      onProgress?.({ doneBytes, totalBytes: source.totalBytes, steps: store.stepsIndexed });
      await pacer.breathe();
    }
    await pacer.breathe();
  }
  // A header that is missing or refused fails like fromBytes: readTrace throws the same error.
  if (!store.header) readTrace(headBytes, { inflate: storeOptions.inflate });
  addEndNote(store, parser, completion);
  noteNewerFormat(store, parser.version);
  store.finish();
  return store;
}

function sliced(bytes: Uint8Array, sliceBytes: number): TraceChunks {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += sliceBytes)
    chunks.push(bytes.subarray(at, Math.min(bytes.length, at + sliceBytes)));
  return { totalBytes: bytes.length, chunks };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function addEndNote(store: TraceStore, parser: TraceStreamParser, completion: CompletionTracker): void {
  const damage =
    parser.error ??
    (parser.bufferedBytes > 0
      ? {
          byteOffset: parser.validBytes,
          message: `record truncated: the file ends ${parser.bufferedBytes} bytes into it`,
        }
      : undefined);
  if (damage)
    store.notes.push(
      `The recording is damaged after byte ${damage.byteOffset} (${damage.message}); showing the valid part.`,
    );
  else if (!completion.complete())
    store.notes.push('The recording is incomplete: the program did not finish recording.');
}

/** Yields to the event loop (setImmediate: after pending I/O) once work has run for `maxBusyMs`. */
class Pacer {
  private sinceMs = Date.now();
  constructor(
    private readonly maxBusyMs: number,
    private readonly check: () => void,
  ) {}

  async breathe(): Promise<void> {
    this.check();
    if (Date.now() - this.sinceMs < this.maxBusyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
    this.sinceMs = Date.now();
  }
}
