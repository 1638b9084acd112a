// The tagged id types keep two numberings apart at compile time: `npm run typecheck` checks that
// each line marked below as an expected error fails to compile. A window step is not an absolute step,
// and the recorder's frame id is not a frame index; a plain number is either. At run time the
// correctly converted values agree with a store that kept the whole recording.
import { describe, expect, it } from 'vitest';
import { TraceStore } from '../../../debug-adapter/replay';
import type { AbsoluteStep, FrameIndex } from '../../../debug-adapter/trace/history';
import type { WindowStep } from '../../../debug-adapter/trace/stepBase';
import { ModuleScope, type FrameId } from '../../../runtime/format';
import { loopProgram } from '../replay/programs';
import { indexOf } from '../../../debug-adapter/trace/indexedThread';

function windowedThread() {
  const records = loopProgram(undefined, { iterations: 3000, recordWords: 64 }).builder.end().takeRecords();
  const store = new TraceStore({ windowBytes: 64 * 1024 });
  for (const record of records) store.append([record]);
  const thread = [...store.threads.values()][0];
  return { index: indexOf(thread), history: thread.history };
}

describe('step and frame ids: one name, one meaning', () => {
  it('a window step must be converted before the history takes it, and back before it leaves the index', () => {
    const { index, history } = windowedThread();
    expect(history.firstStep).toBeGreaterThan(0);
    const windowStep: WindowStep = index.stepCount - 1;
    // @ts-expect-error a window step is not an absolute one
    const unconverted: AbsoluteStep = windowStep;
    const absolute: AbsoluteStep = windowStep + index.firstStep;
    expect(absolute).toBe(history.endStep - 1);
    expect(unconverted).not.toBe(absolute);
    // @ts-expect-error the index's own queries take window steps
    index.frameOfStep(absolute);
    expect(index.frameOfStep(windowStep)).toBe(history.frameAt(absolute));
  });

  it('a recorder frame id is not a frame index, in either direction', () => {
    const { index, history } = windowedThread();
    const frame: FrameIndex = history.frameCount - 1; // the last ENTER: a frame the window saw begin
    const recorderId: FrameId = index.frameRecorderId.get(frame);
    // @ts-expect-error the history's frames are frame indexes
    history.frameProbe(recorderId);
    // @ts-expect-error the index finds a frame by the id events carry
    index.frameByRecorderId(frame);
    expect(index.frameByRecorderId(recorderId)).toBe(frame);
  });

  it('module scope is one declaration, encoded apart from every real frame, probe and frame index', () => {
    expect(ModuleScope.frameId).toBe(0); // recorder frame ids start at 1
    expect(ModuleScope.functionProbe).toBeLessThan(0); // probe ids start at 0
    expect(ModuleScope.scopeKey).toBeLessThan(-1); // frame indexes start at 0; -1 is "no frame"
  });
});
