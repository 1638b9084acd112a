// Writing a trace to disk as it arrives: a file created 0600 (SEC-10), bytes appended in order,
// a signal when the disk falls behind so the collector can stop reading producers for a while, and
// a stop, as at a failed write, before the disk's reserve would go (diskReserve.ts). Knows nothing
// of records: it writes the bytes it is given.
import { createWriteStream, statSync, statfsSync, type WriteStream } from 'node:fs';
import { DiskReserve, type DiskSpace } from '../../runtime/format';
import { RecordingError } from './errors';

export class TraceFileSink {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  /** The failure is the disk reserve's: the stream itself is sound, and ends with what it took. */
  private stoppedForReserve = false;
  private readonly opened: Promise<void>;
  private readonly reserve: DiskReserve;

  constructor(
    readonly path: string,
    private readonly onBackpressure: (blocked: boolean) => void,
    private readonly onFailure: (error: RecordingError) => void,
    space: (path: string) => DiskSpace | undefined = diskSpace,
  ) {
    this.reserve = new DiskReserve(() => space(path));
    this.stream = createWriteStream(path, { mode: 0o600, flags: 'w' });
    this.opened = new Promise((resolve) => {
      this.stream.once('open', () => resolve());
      this.stream.once('error', () => resolve());
    });
    this.stream.on('error', (error) => {
      this.fail(error);
      this.onBackpressure(false);
    });
    this.stream.on('drain', () => this.onBackpressure(false));
  }

  write(bytes: Uint8Array): void {
    if (this.failure) return;
    const refused = this.reserve.refuses(bytes.length);
    if (refused !== undefined) {
      this.stoppedForReserve = true;
      return this.fail(new Error(refused));
    }
    if (!this.stream.write(bytes)) this.onBackpressure(true);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.onFailure(
      new RecordingError(
        `could not write the trace to ${this.path}: ${error.message}; the rest of the recording is lost (the program is unaffected)`,
      ),
    );
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
    if (!this.failure || this.stoppedForReserve) await new Promise<void>((resolve) => this.stream.end(resolve));
    else this.stream.destroy();
    return this.failure
      ? new RecordingError(`could not write the trace to ${this.path}: ${this.failure.message}`)
      : undefined;
  }
}

/** The disk holding a regular file at `path`, or undefined when there is none to keep room on. */
function diskSpace(path: string): DiskSpace | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    const space = statfsSync(path);
    return { totalBytes: space.blocks * space.bsize, availableBytes: space.bavail * space.bsize };
  } catch {
    return undefined;
  }
}
