// Lost events are always announced (issue 12 item 10): a move that stops at a gap's edge, crosses
// a gap, or ends where history was lost before the first step says so, in both directions.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { leadingGapProgram } from './programs';

const open = () => openRecording(leadingGapProgram().builder.bytes()).engine;

describe('gaps are announced on every move that reaches or crosses them', () => {
  it('the start of a recording whose oldest events were lost says so', () => {
    const engine = open();
    engine.gotoStep(3);
    const stop = engine.continue('backward');
    expect(stop).toMatchObject({ stepIndex: 0, reason: 'start' });
    expect(stop.text).toBe('Start of the kept history: 7 events before were dropped.');
    const back = engine.stepIn('backward');
    expect(back.stepIndex).toBe(0);
    expect(back.text).toMatch(/Start of the kept history: 7 events before were dropped\./);
  });

  it('a move that crosses a gap says so, forward and backward', () => {
    const engine = open();
    engine.gotoStep(0);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 4, reason: 'gap' });
    const across = engine.next('forward');
    expect(across).toMatchObject({ stepIndex: 5, reason: 'step' });
    expect(across.text).toMatch(/crossed a gap: 5 events were lost/i);
    expect(engine.next('forward').text).toBeUndefined(); // beyond it, nothing more to say
    engine.gotoStep(9);
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 5, reason: 'gap' });
    const backAcross = engine.next('backward');
    expect(backAcross).toMatchObject({ stepIndex: 4, reason: 'step' });
    expect(backAcross.text).toMatch(/crossed a gap: 5 events were lost/i);
    const toStart = engine.continue('backward');
    expect(toStart).toMatchObject({ stepIndex: 0, reason: 'start' });
    expect(toStart.text).toMatch(/Start of the kept history: 7 events before were dropped\./);
  });

  it('a jump across a gap with continue says so too', () => {
    const engine = open();
    engine.gotoStep(4);
    const stop = engine.continue('forward');
    expect(stop).toMatchObject({ stepIndex: 9, reason: 'end' });
    expect(stop.text).toMatch(/^End of the recording\./);
    expect(stop.text).toMatch(/crossed a gap: 5 events were lost/i);
  });
});
