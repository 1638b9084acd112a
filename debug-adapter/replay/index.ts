// The replay engine's entry points: build a store from a file or a live stream, and an engine
// over it. The session and tests use only this file and api.ts.
import { loadTraceInSlices, type SliceLoadOptions, type TraceChunks } from '../trace/sliceLoader';
import { TraceStore, type StoreOptions } from '../trace/store';
import type { ReplayEngine } from './api';
import { Engine } from './engine';

export * from './api';
export { ReplayError } from './errors';
export { TraceStore, type StoreOptions, type IndexProgress } from '../trace/store';
export type { ByteProgress, SliceLoadOptions, TraceChunks } from '../trace/sliceLoader';

/** An engine over a store (file-backed or live: the store may keep growing; the engine sees new steps). */
export function createReplayEngine(store: TraceStore): ReplayEngine {
  return new Engine(store);
}

/** Convenience: a saved trace file's bytes → a finished store and its engine. */
export function openRecording(
  bytes: Uint8Array,
  options: StoreOptions = {},
): { store: TraceStore; engine: ReplayEngine } {
  const store = TraceStore.fromBytes(bytes, options);
  return { store, engine: createReplayEngine(store) };
}

/**
 * A saved trace's bytes (or its chunks, for a file of any size) indexed in slices (yielding between them, progress by
 * bytes) → its engine.
 */
export async function loadRecording(
  bytes: Uint8Array | TraceChunks,
  options: SliceLoadOptions = {},
): Promise<{ store: TraceStore; engine: ReplayEngine }> {
  const store = await loadTraceInSlices(bytes, options);
  return { store, engine: createReplayEngine(store) };
}
