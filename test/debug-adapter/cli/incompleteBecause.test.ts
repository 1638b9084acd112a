// `rewind info`'s warning for an incomplete trace: which process died before its END, and how much
// its end may miss, by the collector's estimate. Before, an estimate of 0 (an idle program killed)
// read "about 0 events may be missing", and a child killed while the program ended normally read
// "no end record", though the program's END was there.
import { describe, expect, it } from 'vitest';
import { incompleteBecause } from '../../../debug-adapter/cli/info';

const PRODUCERS = [
  { producerId: 0, pid: 100, threadId: 0, argv: ['/usr/bin/node', '/app/parent.js'] },
  { producerId: 101, pid: 101, threadId: 0, argv: ['/usr/bin/node', '/app/child.js'] },
];
const EXITED = { reason: 'exit', exitCode: 0 } as const;

describe('incompleteBecause', () => {
  it('names the estimate when events were waiting to be written', () => {
    const why = incompleteBecause({
      end: { reason: 'killed', exitCode: null, signal: 'SIGTERM', unflushedEventsEstimate: 1200 },
      killed: [],
      producers: PRODUCERS,
    });
    expect(why).toBe(
      'the program died of SIGTERM before its last events were flushed: about 1200 events may be missing at the end',
    );
  });

  it('says everything reported was written when the estimate is 0, not "about 0 events"', () => {
    const why = incompleteBecause({
      end: { reason: 'killed', exitCode: null, unflushedEventsEstimate: 0 },
      killed: [],
      producers: PRODUCERS,
    });
    expect(why).toBe('the program was killed after its last report: everything it had recorded by then was written');
  });

  it('names a child killed while the program ended normally, not "no end record"', () => {
    expect(
      incompleteBecause({ end: EXITED, killed: [{ producerId: 101, eventsWritten: 20 }], producers: PRODUCERS }),
    ).toBe('process 101 (node /app/child.js) was killed before it finished recording');
    // Killed after a report that counted nothing: none of what it did is in the trace.
    expect(
      incompleteBecause({
        end: EXITED,
        killed: [{ producerId: 101, eventsWritten: 0, unflushedEventsEstimate: 0 }],
        producers: PRODUCERS,
      }),
    ).toBe('process 101 (node /app/child.js) was killed before any of its events were written');
    expect(
      incompleteBecause({
        end: EXITED,
        killed: [{ producerId: 101, eventsWritten: 500, unflushedEventsEstimate: 40 }],
        producers: PRODUCERS,
      }),
    ).toBe(
      'process 101 (node /app/child.js) was killed before its last events were flushed: about 40 events may be missing at the end',
    );
  });

  it('falls back to the END reason without an estimate', () => {
    expect(incompleteBecause({ end: { reason: 'killed', exitCode: null }, killed: [], producers: PRODUCERS })).toBe(
      'the program was killed before it finished recording',
    );
    expect(incompleteBecause({ end: { reason: null, exitCode: null }, killed: [], producers: PRODUCERS })).toBe(
      'no end record',
    );
    expect(incompleteBecause({ end: EXITED, killed: [], producers: PRODUCERS })).toBe(
      'a process of it has no end record',
    );
  });
});
