// The adapter's custom DAP event `rewind/recordingStats`, decoded defensively: a body of the wrong
// shape is ignored rather than trusted. No vscode, so it is unit-tested directly. The event's name
// and shape are the contract's (protocol/requests.ts).
import { RewindEvent, type RecordingStatsEventBody } from '../../protocol/requests';

export const RECORDING_STATS_EVENT = RewindEvent.RECORDING_STATS;
export type RecordingStats = RecordingStatsEventBody;

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

/** What the status bar item shows for the sessions that record (none: hidden). */
export interface RecordingStatusView {
  text: string;
  tooltip: string;
  /** Events were lost: the item takes the warning colour. */
  warning: boolean;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

/**
 * The status bar's text for the recording sessions' latest stats: events, the recording's size and
 * the events lost, summed over the sessions still running; a pause icon when every live program is
 * held at a stop (issue 13). Undefined when none runs (the item hides).
 */
export function recordingStatusView(sessions: readonly RecordingStats[]): RecordingStatusView | undefined {
  const running = sessions.filter((stats) => stats.running);
  if (running.length === 0) return undefined;
  const events = running.reduce((sum, s) => sum + s.events, 0);
  const lost = running.reduce((sum, s) => sum + s.lost, 0);
  const bytes = running.reduce((sum, s) => sum + (s.bytes ?? 0), 0);
  // A live program stopped at a breakpoint is not recording: the icon says so (issue 13).
  const icon = running.every((stats) => stats.held) ? '$(debug-pause)' : '$(record)';
  const text =
    `${icon} Rewind: ${events.toLocaleString('en-US')} events` +
    (bytes > 0 ? ` · ${megabytes(bytes)}` : '') +
    (lost > 0 ? ` · $(warning) ${lost.toLocaleString('en-US')} lost` : '');
  const files = running.flatMap((stats) => (stats.tracePath ? [stats.tracePath] : []));
  const tooltip =
    (lost > 0
      ? `Recording. ${lost} events were lost (buffer overflow); they show as gaps in the history. Consider "rewind.overflow": "block" or a larger "rewind.bufferEvents".`
      : 'Recording: every event so far was kept.') +
    // Should the debugger die, this file still holds the recording (`rewind info` or a trace launch opens it).
    (files.length > 0 ? ` Written as it arrives to ${files.join(', ')}.` : '');
  return { text, tooltip, warning: lost > 0 };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
