// How much of the disk holding a trace Rewind leaves to the rest of the machine. A `full` recording
// can write gigabytes a minute; one left running would fill the disk, break every other program
// writing to it, and still hold only a prefix. Both writers of trace files (the drain's FileSink,
// the collector's TraceFileSink) ask before each write and stop writing once it would leave less
// than the reserve free, as they stop when the disk is full (TR-10). Pure arithmetic over what the
// writer's statfs says; knows no file system call.

/** Never more than this is kept free… */
export const MAX_RESERVE_BYTES = 1 << 30;
/** …nor more than this share of the disk (a small disk keeps a small reserve). */
const RESERVE_SHARE = 0.05;
/** statfs is asked again after at most this many bytes, and sooner as the reserve nears. */
const MAX_CHECK_INTERVAL_BYTES = 16 << 20;
const MIN_CHECK_INTERVAL_BYTES = 4 << 10;

export interface DiskSpace {
  /** The file system's size. */
  totalBytes: number;
  /** What this user may still write (statfs bavail × bsize). */
  availableBytes: number;
}

export function reserveBytes(totalBytes: number): number {
  return Math.min(MAX_RESERVE_BYTES, Math.floor(totalBytes * RESERVE_SHARE));
}

/** One writer's books: how far it may write before asking statfs again. */
export class DiskReserve {
  private bytesUntilCheck = 0;

  /** `space` is the writer's statfs, or undefined where it cannot tell (then nothing is refused). */
  constructor(private readonly space: () => DiskSpace | undefined) {}

  /** Before writing `bytes`: undefined to go ahead, else why the trace stops here. */
  refuses(bytes: number): string | undefined {
    this.bytesUntilCheck -= bytes;
    if (this.bytesUntilCheck > 0) return undefined;
    const space = this.space();
    // A file system that reports no size (a pseudo one) has no room to keep.
    if (!space || !(space.totalBytes > 0)) {
      this.bytesUntilCheck = MAX_CHECK_INTERVAL_BYTES;
      return undefined;
    }
    const reserve = reserveBytes(space.totalBytes);
    const marginBytes = space.availableBytes - bytes - reserve;
    if (marginBytes < 0)
      return (
        `the disk is nearly full (${mib(space.availableBytes)} free): Rewind stops writing the trace to leave ` +
        `${mib(reserve)} to the rest of the machine (${RESERVE_SHARE * 100}% of the disk, at most ${mib(MAX_RESERVE_BYTES)})`
      );
    // Half the margin at a time: the other writers on the disk get the other half.
    this.bytesUntilCheck = Math.min(MAX_CHECK_INTERVAL_BYTES, Math.max(MIN_CHECK_INTERVAL_BYTES, marginBytes / 2));
    return undefined;
  }
}

function mib(bytes: number): string {
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
