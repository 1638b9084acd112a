// A saved recording opened for replay (`launch` with `trace`): read the file chunk by chunk (a
// trace of any size: never one buffer, issue 10 item 4), index it in slices with progress by bytes
// (abortable: cancel/disconnect) within the store's memory window, build the engine. Nothing runs,
// so there is no program to pause or kill.
import { copyFile, open, stat, type FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { nativeCrc32 } from '../recording';
import { assembleOrphanedFlights } from '../recording/orphanedFlight';
import { assembleOrphanedLive } from '../recording/liveTraceFile';
import { loadRecording, type ReplayEngine } from '../replay';
import { expandedIfDeferred } from './deferredOpen';
import { regeneratedIfLeaf } from './leafOpen';
import { DapError, DapErrorId } from './errors';
import type { Recording, RecordingListener } from './recording';

const CHUNK_BYTES = 1 << 20;

export interface TraceOpenOptions {
  /** The store's window (StoreOptions.windowBytes); the default suits a laptop. */
  windowBytes?: number;
  /** A deferred recording is expanded only up to this many ms of its run (`expandUntilMs`). */
  expandUntilMs?: number;
}

export async function openTraceRecording(
  requestedPath: string,
  listener: RecordingListener,
  signal: AbortSignal,
  options: TraceOpenOptions = {},
): Promise<Recording> {
  const tracePath = regeneratedIfLeaf(
    await expandedIfDeferred(requestedPath, listener, { signal, untilMs: options.expandUntilMs }),
    listener,
  );
  let file: FileHandle;
  let totalBytes: number;
  // A flight recording whose processes were all killed at once is assembled first (its kept segments).
  for (const { message } of assembleOrphanedFlights(tracePath).kept)
    listener.output('console', `[rewind] ${message}\n`);
  assembleOrphanedLive(tracePath);
  try {
    file = await open(tracePath, 'r');
    totalBytes = (await file.stat()).size;
  } catch (error) {
    throw new DapError(
      `launch: cannot read the recording ${JSON.stringify(tracePath)}: ${(error as Error).message}`,
      DapErrorId.LAUNCH_FAILED,
    );
  }
  let engine: ReplayEngine;
  try {
    ({ engine } = await loadRecording(
      { totalBytes, chunks: fileChunks(file) },
      {
        windowBytes: options.windowBytes,
        checksum: nativeCrc32,
        inflate: (compressed, maxOutputBytes) =>
          inflateRawSync(compressed, { maxOutputLength: Math.max(1, maxOutputBytes) }),
        onProgress: (progress) => listener.progress(progress.doneBytes, progress.totalBytes, `${progress.steps} steps`),
        signal,
        abortError: () =>
          new DapError('launch: cancelled while the recording was indexed', DapErrorId.CANCELLED, false),
      },
    ));
  } catch (error) {
    if (error instanceof DapError) throw error;
    throw new DapError(
      `launch: ${JSON.stringify(tracePath)} is not a readable recording: ${(error as Error).message}`,
      DapErrorId.LAUNCH_FAILED,
    );
  } finally {
    await file.close().catch(() => undefined);
    listener.progress(totalBytes, totalBytes, 'indexed');
  }
  return {
    ready: Promise.resolve(engine),
    engine: () => engine,
    processId: () => undefined,
    running: () => false,
    recordedSteps: () => engine.summary().totalSteps,
    pause: async (): Promise<ReplayEngine> => engine,
    kill: async () => undefined,
    saveTo: async (filePath) => {
      await copyFile(tracePath, filePath);
      return (await stat(filePath)).size;
    },
    dispose: () => undefined,
  };
}

/** The file's bytes in order, each chunk a fresh buffer (the parser keeps views into what it was given). */
async function* fileChunks(file: FileHandle): AsyncGenerator<Uint8Array> {
  while (true) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield chunk.subarray(0, bytesRead);
  }
}
