// A saved recording opened for replay (`launch` with `trace`): read the file, index it with
// progress, build the engine. Nothing runs, so there is no program to pause or kill.
import { copyFile, readFile, stat } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { openRecording, type ReplayEngine } from '../replay';
import { DapError, DapErrorId } from './errors';
import type { Recording, RecordingListener } from './recording';

export async function openTraceRecording(tracePath: string, listener: RecordingListener): Promise<Recording> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(tracePath);
  } catch (error) {
    throw new DapError(`launch: cannot read the recording ${JSON.stringify(tracePath)}: ${(error as Error).message}`, DapErrorId.LAUNCH_FAILED);
  }
  let engine: ReplayEngine;
  try {
    ({ engine } = openRecording(bytes, {
      inflate: (compressed) => inflateRawSync(compressed),
      onProgress: (progress) => {
        if (progress.totalRecords) listener.progress(progress.recordsRead / progress.totalRecords, `${progress.steps} steps`);
      },
    }));
  } catch (error) {
    throw new DapError(`launch: ${JSON.stringify(tracePath)} is not a readable recording: ${(error as Error).message}`, DapErrorId.LAUNCH_FAILED);
  }
  listener.progress(1, 'indexed');
  return {
    ready: Promise.resolve(engine),
    engine: () => engine,
    processId: () => undefined,
    running: () => false,
    pause: async (): Promise<ReplayEngine> => engine,
    kill: async () => undefined,
    saveTo: async (filePath) => {
      await copyFile(tracePath, filePath);
      return (await stat(filePath)).size;
    },
    dispose: () => undefined,
  };
}
