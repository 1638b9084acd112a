// Writing a trace to disk as it arrives: a file created 0600 (SEC-10), bytes appended in order,
// and a signal when the disk falls behind so the collector can stop reading producers for a while.
// Knows nothing of records: it writes the bytes it is given.
import { createWriteStream, type WriteStream } from 'node:fs';
import { RecordingError } from './errors';

export class TraceFileSink {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private readonly opened: Promise<void>;

  constructor(
    readonly path: string,
    private readonly onBackpressure: (blocked: boolean) => void,
    private readonly onFailure: (error: RecordingError) => void,
  ) {
    this.stream = createWriteStream(path, { mode: 0o600, flags: 'w' });
    this.opened = new Promise((resolve) => {
      this.stream.once('open', () => resolve());
      this.stream.once('error', () => resolve());
    });
    this.stream.on('error', (error) => {
      const first = !this.failure;
      this.failure ??= error;
      if (first)
        this.onFailure(
          new RecordingError(
            `could not write the trace to ${path}: ${error.message}; the rest of the recording is lost (the program is unaffected)`,
          ),
        );
      this.onBackpressure(false);
    });
    this.stream.on('drain', () => this.onBackpressure(false));
  }

  write(bytes: Uint8Array): void {
    if (this.failure) return;
    if (!this.stream.write(bytes)) this.onBackpressure(true);
  }

  /** Resolves once every byte written so far is in the file (or the file failed). */
  async flushed(): Promise<void> {
    await this.opened;
    if (this.failure || this.stream.writableLength === 0) return;
    await new Promise<void>((resolve) => {
      this.stream.write(new Uint8Array(0), () => resolve());
      this.stream.once('error', () => resolve());
    });
  }

  /** Flushes and closes; resolves with the first write error (disk full, TR-10) if there was one. */
  async close(): Promise<RecordingError | undefined> {
    await this.opened;
    if (!this.failure) await new Promise<void>((resolve) => this.stream.end(resolve));
    else this.stream.destroy();
    return this.failure
      ? new RecordingError(`could not write the trace to ${this.path}: ${this.failure.message}`)
      : undefined;
  }
}
