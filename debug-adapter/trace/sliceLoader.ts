// Loads a whole saved trace into a TraceStore in slices, yielding to the event loop between them,
// so a caller's progress reports (by bytes: a large trace has only a few dozen huge records) and
// its other work (cancel, disconnect) get through while a large file is indexed. Owns slicing,
// yielding, byte progress and the end-of-file verdict; what records mean is store.ts's. No DAP.
import { CompletionTracker, TraceStreamParser, readTrace } from '../../runtime/format';
import { TraceStore, type StoreOptions } from './store';

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
}

const DEFAULT_SLICE_BYTES = 1 << 20;
const DEFAULT_MAX_BUSY_MS = 25;

/** Same result as TraceStore.fromBytes (notes, completeness, a header error thrown), asynchronously. */
export async function loadTraceInSlices(bytes: Uint8Array, options: SliceLoadOptions = {}): Promise<TraceStore> {
  const { onProgress, signal, abortError, sliceBytes = DEFAULT_SLICE_BYTES, maxBusyMs = DEFAULT_MAX_BUSY_MS, ...storeOptions } = options;
  const store = new TraceStore(storeOptions);
  const parser = new TraceStreamParser({ inflate: storeOptions.inflate });
  const completion = new CompletionTracker();
  const pacer = new Pacer(maxBusyMs, () => {
    if (signal?.aborted) throw abortError?.() ?? new Error('loading the recording was cancelled');
  });
  for (let at = 0; at < bytes.length && !parser.error; at += sliceBytes) {
    const records = parser.push(bytes.subarray(at, Math.min(bytes.length, at + sliceBytes)));
    store.header ??= parser.header;
    for (let index = 0; index < records.length; index++) {
      store.append([records[index]]);
      completion.observe(records[index]);
      const doneBytes = records[index + 1]?.byteOffset ?? parser.validBytes;
      onProgress?.({ doneBytes, totalBytes: bytes.length, steps: stepCount(store) });
      await pacer.breathe();
    }
    await pacer.breathe();
  }
  // A header that is missing or refused fails like fromBytes: readTrace throws the same error.
  if (!store.header) readTrace(bytes.subarray(0, Math.min(bytes.length, 1 << 16)), { inflate: storeOptions.inflate });
  addEndNote(store, parser, completion);
  store.finish();
  return store;
}

function addEndNote(store: TraceStore, parser: TraceStreamParser, completion: CompletionTracker): void {
  const damage = parser.error ?? (parser.bufferedBytes > 0
    ? { byteOffset: parser.validBytes, message: `record truncated: the file ends ${parser.bufferedBytes} bytes into it` }
    : undefined);
  if (damage) store.notes.push(`The recording is damaged after byte ${damage.byteOffset} (${damage.message}); showing the valid part.`);
  else if (!completion.complete()) store.notes.push('The recording is incomplete: the program did not finish recording.');
}

function stepCount(store: TraceStore): number {
  let steps = 0;
  for (const thread of store.threads.values()) steps += thread.index.stepCount;
  return steps;
}

/** Yields to the event loop (setImmediate: after pending I/O) once work has run for `maxBusyMs`. */
class Pacer {
  private sinceMs = Date.now();
  constructor(private readonly maxBusyMs: number, private readonly check: () => void) {}

  async breathe(): Promise<void> {
    this.check();
    if (Date.now() - this.sinceMs < this.maxBusyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
    this.sinceMs = Date.now();
  }
}
