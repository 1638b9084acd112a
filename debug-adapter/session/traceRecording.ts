// A saved recording opened for replay (`launch` with `trace`): read the file, index it in slices
// with progress by bytes (abortable: cancel/disconnect), build the engine. Nothing runs, so there
// is no program to pause or kill.
import { copyFile, readFile, stat } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { loadRecording, type ReplayEngine } from '../replay';
import { DapError, DapErrorId } from './errors';
import type { Recording, RecordingListener } from './recording';

export async function openTraceRecording(tracePath: string, listener: RecordingListener, signal: AbortSignal): Promise<Recording> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(tracePath);
  } catch (error) {
    throw new DapError(`launch: cannot read the recording ${JSON.stringify(tracePath)}: ${(error as Error).message}`, DapErrorId.LAUNCH_FAILED);
  }
  let engine: ReplayEngine;
  try {
    ({ engine } = await loadRecording(bytes, {
      inflate: (compressed, maxOutputBytes) => inflateRawSync(compressed, { maxOutputLength: Math.max(1, maxOutputBytes) }),
      onProgress: (progress) => listener.progress(progress.doneBytes, progress.totalBytes, `${progress.steps} steps`),
      signal,
      abortError: () => new DapError('launch: cancelled while the recording was indexed', DapErrorId.CANCELLED, false),
    }));
  } catch (error) {
    if (error instanceof DapError) throw error;
    throw new DapError(`launch: ${JSON.stringify(tracePath)} is not a readable recording: ${(error as Error).message}`, DapErrorId.LAUNCH_FAILED);
  } finally {
    listener.progress(bytes.length, bytes.length, 'indexed');
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
