// `rewind info`'s warning for a trace whose program died before its END: how much its end may miss,
// from the collector's estimate. An estimate of 0 (an idle program killed) used to read "about 0
// events may be missing", which says nothing true.
import { describe, expect, it } from 'vitest';
import { incompleteBecause } from '../../../debug-adapter/cli/info';

describe('incompleteBecause', () => {
  it('names the estimate when events were waiting to be written', () => {
    const why = incompleteBecause({
      end: { reason: 'killed', exitCode: null, signal: 'SIGTERM', unflushedEventsEstimate: 1200 },
    });
    expect(why).toBe(
      'the program died of SIGTERM before its last events were flushed: about 1200 events may be missing at the end',
    );
  });

  it('says nothing was waiting when the estimate is 0, not "about 0 events"', () => {
    const why = incompleteBecause({ end: { reason: 'killed', exitCode: null, unflushedEventsEstimate: 0 } });
    expect(why).not.toMatch(/about 0/);
    expect(why).toBe(
      'the program was killed; everything it had recorded by its last report was written, ' +
        'so at most its final moments are missing',
    );
  });

  it('falls back to the END reason without an estimate', () => {
    expect(incompleteBecause({ end: { reason: 'killed', exitCode: null } })).toBe(
      'the program was killed before it finished recording',
    );
    expect(incompleteBecause({ end: { reason: null, exitCode: null } })).toBe('no end record');
  });
});
