// How a drain appends a round's records to the trace file: whole (one writev on an O_APPEND
// descriptor, so they stay together next to other producers' appends, then any rest of a short
// write chunk by chunk), and only while the disk keeps its reserve (format/diskReserve.ts). Shared
// by the drain thread's FileSink and the exit drain's realm (exitDrainBundle.ts), which reach the
// file through different functions: imports no Node module. Knows bytes and the reserve, not records.
import type { DiskReserve } from '../format/diskReserve';

/** The two writes an append needs, on a descriptor opened for appending. */
export interface FileWrites {
  /** Writes the chunks in order in one call; returns the bytes written (fewer on a short write). */
  writev(chunks: Uint8Array[]): number;
  write(bytes: Uint8Array, offset: number, length: number): number;
}

/** Appends `chunks` whole unless the reserve refuses them; returns why they were not, or undefined. */
export function appendReserved(reserve: DiskReserve, chunks: Uint8Array[], file: FileWrites): Error | undefined {
  let total = 0;
  for (let index = 0; index < chunks.length; index++) total += chunks[index].length;
  try {
    const refused = reserve.refuses(total);
    if (refused !== undefined) return new Error(refused);
    let skip = file.writev(chunks);
    if (skip >= total) return undefined;
    // A short write (rare: a signal, a full pipe): the rest chunk by chunk.
    for (let index = 0; index < chunks.length; index++) {
      const chunk = chunks[index];
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      for (let at = skip; at < chunk.length;) at += file.write(chunk, at, chunk.length - at);
      skip = 0;
    }
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
