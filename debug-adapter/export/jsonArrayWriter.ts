// A streaming JSON array writer: elements go out as they are pushed, through a sink that flushes
// every ~1 MB, so a trace of any size is written in bounded memory (the array never exists whole).
// Knows JSON text and bytes out, nothing of trace events or of what the elements mean.
import { writeSync } from 'node:fs';

/** Where text goes. `write` may keep a bounded buffer; `close` flushes it. */
export interface TextSink {
  write(text: string): void;
  close(): void;
}

/** Flush once this many UTF-16 units are buffered (about 1 MB of mostly-ASCII JSON). */
const FLUSH_AT_UNITS = 1 << 20;
/** One write() longer than this is flushed on its own (a huge console text); shorter ones are batched. */
const MAX_UNITS_PER_WRITE = 1 << 16;
/** A pipe whose reader is slow answers EAGAIN to a non-blocking write: wait this long, then retry. */
const EAGAIN_WAIT_MS = 2;

/** A sink on a file descriptor (a file, or 1 for stdout) with synchronous writes. */
export class FdSink implements TextSink {
  private parts: string[] = [];
  private units = 0;
  /** Reused for every flush (UTF-8 takes at most 3 bytes per UTF-16 unit), so output makes no garbage buffers. */
  private readonly bytes = Buffer.allocUnsafe(3 * FLUSH_AT_UNITS + 3 * MAX_UNITS_PER_WRITE);
  /** Bytes written so far (for the report and for tests). */
  bytesWritten = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    if (text.length > MAX_UNITS_PER_WRITE) {
      this.flush();
      this.writeAll(Buffer.from(text, 'utf8'));
      return;
    }
    this.parts.push(text);
    this.units += text.length;
    if (this.units >= FLUSH_AT_UNITS) this.flush();
  }

  close(): void {
    this.flush();
  }

  private flush(): void {
    if (this.units === 0) return;
    const length = this.bytes.write(this.parts.join(''), 0, 'utf8');
    this.parts = [];
    this.units = 0;
    this.writeAll(this.bytes.subarray(0, length));
  }

  private writeAll(bytes: Buffer): void {
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at, bytes.length - at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, EAGAIN_WAIT_MS);
      }
    }
    this.bytesWritten += bytes.length;
  }
}

/**
 * `prefix [ e1, e2, … ] suffix`: the prefix and suffix let a caller wrap the array in an object
 * (the trace-event "JSON Object Format": `{"traceEvents": [ … ], "otherData": {…}}`).
 */
export class JsonArrayWriter {
  private count = 0;
  private closed = false;

  constructor(
    private readonly sink: TextSink,
    prefix = '',
  ) {
    sink.write(`${prefix}[`);
  }

  get elements(): number {
    return this.count;
  }

  push(element: unknown): void {
    if (this.closed) throw new Error('JsonArrayWriter: push after close');
    // One element per line keeps the output greppable and diffable.
    this.sink.write(`${this.count === 0 ? '\n' : ',\n'}${JSON.stringify(element)}`);
    this.count++;
  }

  close(suffix = ''): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.write(`\n]${suffix}\n`);
    this.sink.close();
  }
}
