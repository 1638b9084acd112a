// The status bar trusts only well-formed `rewind/recordingStats` bodies from the adapter.
import { describe, expect, it } from 'vitest';
import { parseRecordingStats, recordingStatusView } from '../../../extension/recording/stats';

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

// Issue 13: the status bar shows the recording's size and loss live, and a pause icon while held.
describe('recordingStatusView', () => {
  it('is hidden when no session records', () => {
    expect(recordingStatusView([])).toBeUndefined();
    expect(recordingStatusView([{ events: 5, lost: 0, running: false, bytes: 1 << 20 }])).toBeUndefined();
  });
  it("shows the events and the recording's size while it runs, without a warning when nothing was lost", () => {
    const view = recordingStatusView([{ events: 12_345, lost: 0, running: true, bytes: 3 * (1 << 20) + (1 << 19) }]);
    expect(view).toMatchObject({ text: '$(record) Rewind: 12,345 events · 3.5 MB', warning: false });
    expect(view?.tooltip).toContain('every event so far was kept');
  });
  it('shows the events lost, with a warning and a tooltip that says what to change', () => {
    const view = recordingStatusView([{ events: 2_000_000, lost: 4096, running: true, bytes: 1 << 20 }]);
    expect(view?.text).toBe('$(record) Rewind: 2,000,000 events · 1.0 MB · $(warning) 4,096 lost');
    expect(view?.warning).toBe(true);
    expect(view?.tooltip).toContain('4096 events were lost');
    expect(view?.tooltip).toContain('"rewind.overflow": "block"');
  });
  it('shows a pause icon while every live program is held, the record icon when one runs', () => {
    expect(recordingStatusView([{ events: 9, lost: 0, running: true, held: true }])?.text).toBe(
      '$(debug-pause) Rewind: 9 events',
    );
    const two = recordingStatusView([
      { events: 9, lost: 0, running: true, held: true, bytes: 1 << 20 },
      { events: 1, lost: 2, running: true, held: false, bytes: 1 << 20 },
      { events: 100, lost: 100, running: false, bytes: 1 << 30 }, // ended: not counted
    ]);
    expect(two?.text).toBe('$(record) Rewind: 10 events · 2.0 MB · $(warning) 2 lost');
  });
  it('names the file the recording is written to', () => {
    const view = recordingStatusView([{ events: 1, lost: 0, running: true, tracePath: '/tmp/rewind-0/a.rwd' }]);
    expect(view?.tooltip).toContain('Written as it arrives to /tmp/rewind-0/a.rwd.');
  });
});
