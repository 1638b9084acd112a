// Where framed trace bytes go: a Sink is anything that takes whole chunks of records in order.
// FileSink appends to settings.outFile (0600): the one copy from the ring to the file (a writev of
// ring views); SocketSink streams the same bytes to a collector's Unix socket and hears its
// pause/resume control lines. Knows bytes, not records.
import { closeSync, fstatSync, openSync, statfsSync, writeSync, writevSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { DiskReserve, type DiskSpace } from '../format/diskReserve';
import { appendReserved, type FileWrites } from './fileAppend';
import { parseLiveControl, type LiveControlMessage } from '../format/liveControl';

export type ControlMessage = LiveControlMessage;

export interface Sink {
  /**
   * Write chunks, in order, as one unit. Chunks may be views into the ring: a synchronous sink is
   * done with them when write() returns; any other must copy. Failures go to `failure`.
   */
  write(chunks: Uint8Array[]): void;
  /** True when write() has finished with the chunks on return (the drain may then pass ring views). */
  readonly synchronous: boolean;
  /** Bytes accepted but not yet handed to the OS (socket backpressure); the drain pauses above a bound. */
  pendingBytes(): number;
  /** Resolves once everything written so far reached the OS. */
  flush(): Promise<void>;
  /**
   * A sink with a send queue: resolves when the queue has emptied (or the sink closed), or after
   * `timeoutMs`. The drain waits on it instead of polling while the queue is over its bound.
   */
  drained?(timeoutMs: number): Promise<void>;
  /**
   * After END: resolves once the reader has it (a collector ends its side of the socket then), or
   * after `timeoutMs`. Until then the drain's thread must not end (see SocketSink.received).
   */
  received?(timeoutMs: number): Promise<void>;
  close(): void;
  /** Set once the sink cannot take more bytes (disk full, socket closed). */
  failure: Error | undefined;
}

export class FileSink implements Sink {
  failure: Error | undefined;
  readonly synchronous = true;
  private readonly fd: number;
  private readonly reserve: DiskReserve;
  private readonly writes: FileWrites;

  /** Appends: the root process created the file and wrote the header before any producer started. */
  constructor(path: string) {
    this.fd = openSync(path, 'a', 0o600);
    const regularFile = fstatSync(this.fd).isFile(); // not a device or pipe: no disk to leave room on
    this.reserve = new DiskReserve(() => (regularFile ? diskSpace(path) : undefined));
    const fd = this.fd;
    this.writes = {
      writev: (chunks) => writevSync(fd, chunks),
      write: (bytes, offset, length) => writeSync(fd, bytes, offset, length),
    };
  }

  write(chunks: Uint8Array[]): void {
    if (this.failure) return;
    this.failure = appendReserved(this.reserve, chunks, this.writes);
  }

  pendingBytes(): number {
    return 0;
  }

  /** The file's size now: after a write of ours, a record boundary (every producer appends whole rounds). */
  sizeBytes(): number {
    try {
      return fstatSync(this.fd).size;
    } catch {
      return 0;
    }
  }

  /** writev() already handed every byte to the OS, which keeps them if the process dies; no fsync
   *  (forcing a large trace to disk would delay the program's exit). */
  async flush(): Promise<void> {}

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/** The disk holding `path`, or undefined when statfs cannot say (then the reserve is not kept). */
function diskSpace(path: string): DiskSpace | undefined {
  try {
    const space = statfsSync(path);
    return { totalBytes: space.blocks * space.bsize, availableBytes: space.bavail * space.bsize };
  } catch {
    return undefined;
  }
}

/** A socket to the collector that hears its control lines (liveControl.ts). Unref'd: never keeps the program alive. */
export function collectorSocket(
  path: string,
  onControl: (message: ControlMessage) => void,
  onFailure: (error: Error) => void,
  onClose: () => void,
): Socket {
  const socket = connect(path);
  socket.unref();
  socket.setEncoding('utf8');
  let received = '';
  socket.on('data', (text: string) => {
    received += text;
    for (let newline = received.indexOf('\n'); newline >= 0; newline = received.indexOf('\n')) {
      const line = received.slice(0, newline).trim();
      received = received.slice(newline + 1);
      if (!line) continue;
      // Not a control line: ignored (the channel is ours; nothing else should write).
      const message = parseLiveControl(line);
      if (message) onControl(message);
    }
  });
  socket.on('error', onFailure);
  socket.on('close', () => {
    onFailure(new Error('collector closed the connection'));
    onClose();
  });
  return socket;
}

/**
 * Resolves once the collector ended its side of the socket (it has our END: collector.ts and
 * directConnection.ts end theirs then, and write nothing more) or the socket closed. Made when the
 * socket is, since that end may come before anyone waits for it.
 */
export function collectorEnd(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('end', resolve);
    socket.once('close', resolve);
  });
}

/**
 * A drain's thread must not end before the collector has its END: had it gone at once, a control
 * line the collector sent before reading that END would fail, and the failed write destroys the
 * collector's socket with our last bytes unread in it (issue 11; direct mode's twin: the progress
 * channel's last line). Resolves when `ended` does, or after `timeoutMs`.
 */
export function collectorReceived(ended: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([ended, late]).finally(() => clearTimeout(timer));
}

/** Resolves once everything written to the socket so far reached the OS (or the socket is gone). */
export function flushSocket(socket: Socket): Promise<void> {
  if (socket.destroyed || socket.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    socket.write(new Uint8Array(0), () => resolve());
    socket.once('close', () => resolve());
  });
}

export class SocketSink implements Sink {
  failure: Error | undefined;
  /** write() copies the chunks before it returns: the drain may pass ring views (one copy, not two). */
  readonly synchronous = true;
  private readonly socket: Socket;
  /** The collector ended its side: it has our END (collector.ts), or it is gone. */
  private readonly collectorEnded: Promise<void>;

  constructor(path: string, onControl: (message: ControlMessage) => void, onClose: () => void) {
    this.socket = collectorSocket(
      path,
      onControl,
      (error) => {
        this.failure ??= error;
      },
      onClose,
    );
    this.collectorEnded = collectorEnd(this.socket);
  }

  write(chunks: Uint8Array[]): void {
    if (this.failure) return;
    // The one copy: the socket writes later, when the ring may hold other data.
    this.socket.write(Buffer.concat(chunks));
  }

  pendingBytes(): number {
    return this.socket.writableLength;
  }

  flush(): Promise<void> {
    return this.failure ? Promise.resolve() : flushSocket(this.socket);
  }

  drained(timeoutMs: number): Promise<void> {
    const socket = this.socket;
    if (this.failure || socket.destroyed || socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      // 'drain' fires once the queue is empty: a write past the high-water mark (16 KiB, far below
      // the drain's bound) returned false, so it is due.
      const timer = setTimeout(done, timeoutMs);
      socket.once('drain', done);
      socket.once('close', done);
    });
  }

  /**
   * The drain waits until the collector has our END (collectorReceived: a worker's thread ended at its first line,
   * issue 11).
   */
  received(timeoutMs: number): Promise<void> {
    return this.failure ? Promise.resolve() : collectorReceived(this.collectorEnded, timeoutMs);
  }

  close(): void {
    this.socket.end();
  }
}
