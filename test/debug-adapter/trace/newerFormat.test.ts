// A trace of a newer minor format (issue 16 item 2): its new events are EXT subkinds this build
// does not know; the debugger skips them by their length, replays the rest as usual, and says
// that part of the recording was not understood — whole file or loaded in slices.
import { describe, expect, it } from 'vitest';
import { loadRecording, openRecording } from '../../../debug-adapter/replay';
import {
  EventKind,
  EXT_SIZED_FIRST,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  eventHeader,
  extKindOf,
} from '../../../runtime/format';
import { loopProgram } from '../replay/programs';

/** A subkind no declared one uses: a newer recorder's event. */
const UNKNOWN = Array.from({ length: 64 }, (_, at) => 63 - at).find((subkind) => !extKindOf(subkind)) ?? 0;

function traces(): { newer: Uint8Array; current: Uint8Array } {
  const withUnknown = loopProgram((builder) => {
    // The builder writes only declared subkinds: this one goes in raw, [hdr, n = 2, 2 words].
    (builder as unknown as { emit(words: readonly number[]): void }).emit([
      eventHeader(EventKind.EXT, UNKNOWN),
      2,
      7,
      8,
    ]);
  });
  const newer = withUnknown.builder.end().bytes();
  newer[6] = FORMAT_MINOR + 1; // the header's minor version, low byte
  return { newer, current: loopProgram().builder.end().bytes() };
}

const NOTE = `Recorded by a newer Rewind (trace format ${FORMAT_MAJOR}.${FORMAT_MINOR + 1}; this one reads ${FORMAT_MAJOR}.${FORMAT_MINOR}): events of kinds it does not know were skipped.`;

describe('a trace of a newer minor format', () => {
  it('is replayed like the same program without the unknown event, with a note', async () => {
    expect(UNKNOWN).toBeGreaterThanOrEqual(EXT_SIZED_FIRST);
    const { newer, current } = traces();
    const opened = openRecording(newer);
    const sliced = await loadRecording(newer);
    const reference = openRecording(current);
    expect(reference.store.notes).not.toContain(NOTE);
    for (const { store, engine } of [opened, sliced]) {
      expect(store.notes).toContain(NOTE);
      engine.open({ stopOnEntry: true });
      reference.engine.open({ stopOnEntry: true });
      const steps: number[] = [];
      const referenceSteps: number[] = [];
      for (let move = 0; move < 30; move++) {
        steps.push(engine.stepIn('forward').stepIndex);
        referenceSteps.push(reference.engine.stepIn('forward').stepIndex);
      }
      expect(steps).toEqual(referenceSteps);
      expect(engine.evaluate('total').result).toBe(reference.engine.evaluate('total').result);
    }
  });
});
