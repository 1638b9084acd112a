// The status bar trusts only well-formed `rewind/recordingStats` bodies from the adapter.
import { describe, expect, it } from 'vitest';
import { parseRecordingStats } from '../../../extension/recording/stats';

describe('parseRecordingStats', () => {
  it('accepts { events, lost, running }', () => {
    expect(parseRecordingStats({ events: 12, lost: 0, running: true })).toEqual({ events: 12, lost: 0, running: true });
  });
  it('accepts the live size and stop, and ignores them when malformed', () => {
    expect(parseRecordingStats({ events: 12, lost: 1, running: true, bytes: 4096, held: true })).toEqual({
      events: 12,
      lost: 1,
      running: true,
      bytes: 4096,
      held: true,
    });
    expect(parseRecordingStats({ events: 12, lost: 1, running: true, bytes: -5, held: 'yes' })).toEqual({
      events: 12,
      lost: 1,
      running: true,
    });
  });
  it('accepts the file the recording is written to, and ignores a malformed one', () => {
    const base = { events: 1, lost: 0, running: true };
    expect(parseRecordingStats({ ...base, tracePath: '/tmp/rewind-0/editor-a.js.rwd' })).toEqual({
      ...base,
      tracePath: '/tmp/rewind-0/editor-a.js.rwd',
    });
    expect(parseRecordingStats({ ...base, tracePath: 7 })).toEqual(base);
  });
  it.each([
    ['no body', undefined],
    ['a string', 'events: 12'],
    ['a negative count', { events: -1, lost: 0, running: true }],
    ['a fractional count', { events: 1.5, lost: 0, running: true }],
    ['running as text', { events: 1, lost: 0, running: 'yes' }],
    ['a missing field', { events: 1, running: false }],
  ])('ignores %s', (_name, body) => {
    expect(parseRecordingStats(body)).toBeUndefined();
  });
});
