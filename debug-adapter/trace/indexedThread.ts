// A store's thread with the index behind its history: trace/'s own view (the store, its slice
// loader, the export and tests of the index). Replay sees a thread only as a ThreadRecording — its
// ThreadHistory, probes and producer — and the lint fence keeps replay/ from importing this file,
// so it cannot name the index, nor the indexer that is the index's one writer (issue 16 item 1).
import type { EventIndexer } from './eventIndexer';
import type { ThreadRecording } from './history';
import type { ThreadIndex } from './threadIndex';

export interface IndexedThread extends ThreadRecording {
  index: ThreadIndex;
  history: ThreadRecording['history'];
  indexer: EventIndexer;
  producer?: ThreadRecording['producer'];
  end?: ThreadRecording['end'];
  broken?: string;
}

/** The index behind a thread the store keeps (every ThreadRecording it hands out is one). */
export function indexOf(thread: ThreadRecording): ThreadIndex {
  return (thread as IndexedThread).index;
}
