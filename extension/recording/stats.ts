// The adapter's custom DAP event `rewind/recordingStats`, decoded defensively: a body of the wrong
// shape is ignored rather than trusted. No vscode, so it is unit-tested directly.
export const RECORDING_STATS_EVENT = 'rewind/recordingStats';

export interface RecordingStats {
  events: number;
  lost: number;
  running: boolean;
  bytes?: number;
  held?: boolean;
  /** Where the adapter writes the recording as it arrives: what is left if the debugger is killed. */
  tracePath?: string;
}

export function parseRecordingStats(body: unknown): RecordingStats | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { events, lost, running } = body as Record<string, unknown>;
  if (!isCount(events) || !isCount(lost) || typeof running !== 'boolean') return undefined;
  const { bytes, held, tracePath } = body as Record<string, unknown>;
  // Older adapters send neither: the size and the live stop are optional.
  return {
    events,
    lost,
    running,
    ...(isCount(bytes) ? { bytes } : {}),
    ...(typeof held === 'boolean' ? { held } : {}),
    ...(typeof tracePath === 'string' && tracePath.length > 0 ? { tracePath } : {}),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
