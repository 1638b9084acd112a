// END of a producer stopped from outside (a terminated worker: workerEnds.ts): it never says how
// many events it emitted, so the drain counts what was published — including what the still-running
// thread published after the drain last looked. END then claims no loss, never a negative one
// (which made `rewind export` reject the recording of a terminated worker, about 1 run in 8 on Node 24).
import { describe, expect, it } from 'vitest';
import { flushBatch, stepEvent } from '../../../runtime/recorder/ring';
import { recordInThread } from '../../support/recorder/memory';

describe('the END of a producer stopped from outside', () => {
  it('counts every event published up to the last round, however late, and claims no loss', () => {
    const recording = recordInThread();
    for (let probe = 1; probe <= 10; probe++) stepEvent(probe);
    flushBatch();
    recording.drain.round();
    // Published after that round, before the drain finishes: the stopped thread was still running.
    for (let probe = 1; probe <= 5; probe++) stepEvent(probe);
    flushBatch();
    const end = recording.drain.finish({ reason: 'exit', exitCode: null });
    expect(end).toMatchObject({ eventsEmitted: 15, eventsLost: 0 });
  });
});
