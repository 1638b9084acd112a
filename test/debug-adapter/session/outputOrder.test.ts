// OutputOrder: pipe text released in the recorded order, never lost, never held past the hold.
import { afterEach, describe, expect, it } from 'vitest';
import { OutputOrder, type OutputStream, type RecordedWrite } from '../../../debug-adapter/session/outputOrder';

describe('OutputOrder', () => {
  let order: OutputOrder | undefined;
  afterEach(() => order?.dispose());

  function setUp() {
    let nowMs = 0;
    const emitted: string[] = [];
    const pending: RecordedWrite[] = [];
    order = new OutputOrder(
      (stream: OutputStream, text) => emitted.push(`${stream}:${text}`),
      () => pending.splice(0),
      100,
      () => nowMs,
    );
    return {
      order,
      emitted,
      pending,
      advance: (ms: number) => {
        nowMs += ms;
      },
    };
  }

  it('releases text in the order the recording wrote it, whichever pipe came first', () => {
    const { order, emitted, pending } = setUp();
    order.fromPipe('stderr', 'e1\n');
    order.fromPipe('stdout', 'o1\n');
    expect(emitted).toEqual([]); // held: the recording has not said yet
    pending.push({ stream: 'stdout', length: 3 }, { stream: 'stderr', length: 3 });
    order.fromPipe('stdout', 'o2\n');
    expect(emitted).toEqual(['stdout:o1\n', 'stderr:e1\n']);
    pending.push({ stream: 'stdout', length: 3 });
    order.finish();
    expect(emitted).toEqual(['stdout:o1\n', 'stderr:e1\n', 'stdout:o2\n']);
  });

  it('text the recording lacks is released once held long enough, and nothing is lost', () => {
    const { order, emitted, advance } = setUp();
    order.fromPipe('stdout', 'native\n');
    advance(150);
    order.fromPipe('stderr', 'x');
    expect(emitted).toEqual(['stdout:native\n']);
    order.finish();
    expect(emitted.join('')).toBe('stdout:native\nstderr:x');
  });

  it('a recorded write whose text was already released does not hold the others back', () => {
    const { order, emitted, pending, advance } = setUp();
    order.fromPipe('stdout', 'late\n');
    advance(150);
    order.fromPipe('stderr', 'e\n'); // releases the held stdout text (hold ran out)
    pending.push({ stream: 'stdout', length: 5 }, { stream: 'stderr', length: 2 });
    order.fromPipe('stdout', 'next');
    expect(emitted.slice(0, 2)).toEqual(['stdout:late\n', 'stderr:e\n']);
  });

  it('text released for a recorded write carries where it was written; text the recording lacks carries nothing', () => {
    const emitted: Array<[string, string | undefined]> = [];
    const pending: Array<RecordedWrite<string>> = [];
    let nowMs = 0;
    const placed = new OutputOrder<string>(
      (_stream, text, where) => emitted.push([text, where]),
      () => pending.splice(0),
      100,
      () => nowMs,
    );
    order = placed as unknown as OutputOrder;
    pending.push({ stream: 'stdout', length: 3, where: 'a.js:1' });
    placed.fromPipe('stdout', 'o1\n');
    placed.fromPipe('stderr', 'native\n');
    nowMs += 150;
    placed.settle();
    expect(emitted).toEqual([
      ['o1\n', 'a.js:1'],
      ['native\n', undefined],
    ]);
  });
});
