// Opening a recording made with leaf calls (recorder attribute leafCalls, issue 9 §2): its leaf
// calls are regenerated (debug-adapter/trace/regenerate.ts) into a full trace, cached beside it
// (named by the hash of its bytes, 0600 like every trace), and that is what opens. Knows files and
// the cache; not how a call is regenerated.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { recordedWithLeafCalls, regenerateLeafCalls, RegenerationError } from '../trace/regenerate';
import { RecordingError } from './errors';
import { traceFileHeader } from './reexecute';

/** Whether the file's header says it was recorded with leaf calls (only its header is read). */
export function hasLeafCalls(path: string): boolean {
  const header = traceFileHeader(path);
  return header !== undefined && recordedWithLeafCalls(header.options);
}

/**
 * The trace to open for `tracePath`: itself, or its regeneration (made once, then found beside it).
 * Throws RecordingError when a call cannot be regenerated exactly: replay refuses rather than guess.
 */
export function regeneratedIfLeafCalls(tracePath: string): { tracePath: string; calls?: number; cached?: boolean } {
  if (!hasLeafCalls(tracePath)) return { tracePath };
  const bytes = readFileSync(tracePath);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const out = join(dirname(tracePath), `${basename(tracePath, extname(tracePath))}.regenerated-${hash}.rwd`);
  if (existsSync(out)) return { tracePath: out, cached: true };
  let regenerated;
  try {
    regenerated = regenerateLeafCalls(bytes, (input, max) =>
      inflateRawSync(input, { maxOutputLength: Math.max(1, max) }),
    );
  } catch (error) {
    if (error instanceof RegenerationError)
      throw new RecordingError(`cannot regenerate the leaf calls of ${tracePath}: ${error.message}`);
    throw error;
  }
  const partial = `${out}.partial`;
  writeFileSync(partial, regenerated.bytes, { mode: 0o600 });
  renameSync(partial, out);
  return { tracePath: out, calls: regenerated.calls, cached: false };
}
