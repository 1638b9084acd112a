// Which session the timeline follows and what a freshly shown panel is told first.
import { describe, expect, it } from 'vitest';
import { RewindSessions } from '../../../extension/timeline/rewindSessions';

const make = (id: string, type = 'rewind') => ({ id, type, customRequest: async () => undefined });

describe('RewindSessions', () => {
  it('prefers the active Rewind session, else the latest running one', () => {
    const sessions = new RewindSessions<ReturnType<typeof make>>();
    const first = make('1');
    const second = make('2');
    const node = make('3', 'node');
    sessions.started(first);
    sessions.started(second);
    sessions.started(node);
    expect(sessions.current()).toBe(second);
    sessions.activeChanged(first);
    expect(sessions.current()).toBe(first);
    sessions.activeChanged(node);
    expect(sessions.current()).toBe(second);
    sessions.terminated(second);
    expect(sessions.current()).toBe(first);
    sessions.terminated(first);
    expect(sessions.current()).toBeUndefined();
  });

  it('keeps the last valid position per session for a panel that opens later', () => {
    const sessions = new RewindSessions<ReturnType<typeof make>>();
    const session = make('s');
    sessions.started(session);
    expect(sessions.snapshot()).toEqual([{ type: 'session', state: 'active', sessionId: 's' }]);
    expect(sessions.position(session, { step: 5, totalSteps: 9, extra: true })).toEqual({ step: 5, totalSteps: 9 });
    expect(sessions.position(session, { step: -1, totalSteps: 9 })).toBeUndefined();
    expect(sessions.position(session, 'nonsense')).toBeUndefined();
    expect(sessions.snapshot()).toEqual([
      { type: 'session', state: 'active', sessionId: 's' },
      { type: 'event', event: 'rewind/position', body: { step: 5, totalSteps: 9 } },
    ]);
    sessions.terminated(session);
    expect(sessions.snapshot()).toEqual([{ type: 'session', state: 'none' }]);
  });
});
