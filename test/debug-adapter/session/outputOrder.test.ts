// OutputOrder: pipe text released in the recorded order, never lost, never held past the hold (or
// the longer wait for a late record, while a stream has lacked none); other writers' text
// (children, workers) recognised with their places, a worker's forwarded copy once.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ECHO_WAIT_MS,
  OutputOrder,
  type OutputStream,
  type RecordedWrite,
} from '../../../debug-adapter/session/outputOrder';

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
      { holdMs: 100, now: () => nowMs },
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

  it('a stall of the adapter itself does not spend the hold: a line printed before a live stop keeps its place', async () => {
    // The adapter not scheduled for a second (a loaded machine) while the program prints and stops:
    // the pipe text is in, its record is read only after the stall. It must still be placed.
    let nowMs = 0;
    const emitted: string[] = [];
    const pending: RecordedWrite<string>[] = [];
    const placedOrder = new OutputOrder<string>(
      (stream, text, where) => emitted.push(`${stream}:${text.trim()}@${where ?? 'nowhere'}`),
      () => pending.splice(0),
      { holdMs: 100, now: () => nowMs },
    );
    order = placedOrder as unknown as OutputOrder;
    placedOrder.fromPipe('stderr', 'third\n');
    nowMs += 1000; // the stall: the first look comes a second late, with the record not read yet
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(emitted).toEqual([]);
    pending.push({ stream: 'stderr', length: 6, where: 'printedAt.js:4' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(emitted).toEqual(['stderr:third@printedAt.js:4']);
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

  /**
   * An OutputOrder whose writes carry places (strings here), and what it released with them; `{}`: the session's own
   * hold.
   */
  function placed({ holdMs }: { holdMs?: number } = { holdMs: 100 }) {
    const emitted: Array<[string, string | undefined]> = [];
    const pending: Array<RecordedWrite<string>> = [];
    let nowMs = 0;
    const out = new OutputOrder<string>(
      (_stream, text, where) => emitted.push([text, where]),
      () => pending.splice(0),
      { holdMs, now: () => nowMs },
    );
    order = out as unknown as OutputOrder;
    return { out, emitted, pending, advance: (ms: number) => (nowMs += ms) };
  }

  it('text released for a recorded write carries where it was written; text the recording lacks carries nothing', () => {
    const { out, emitted, pending, advance } = placed();
    pending.push({ stream: 'stdout', length: 3, where: 'a.js:1' });
    out.fromPipe('stdout', 'o1\n');
    out.fromPipe('stderr', 'native\n');
    advance(150);
    out.settle();
    expect(emitted).toEqual([
      ['o1\n', 'a.js:1'],
      ['native\n', undefined],
    ]);
  });

  describe("a record that comes late (the program's drain not scheduled, a loaded machine)", () => {
    /** Holds 100 ms for text the recording lacks, 1000 ms for a record it has not been seen to lack. */
    function lateOrder() {
      const emitted: string[] = [];
      const pending: Array<RecordedWrite<string>> = [];
      let nowMs = 0;
      const out = new OutputOrder<string>(
        (stream, text, where) => emitted.push(`${stream}:${text.trim()}@${where ?? 'nowhere'}`),
        () => pending.splice(0),
        { holdMs: 100, now: () => nowMs, lateRecordMs: 1000 },
      );
      order = out as unknown as OutputOrder;
      return { out, emitted, pending, advance: (ms: number) => (nowMs += ms) };
    }

    it('waits past the hold for it: a line printed before a live stop keeps its place', () => {
      const { out, emitted, pending, advance } = lateOrder();
      out.fromPipe('stderr', 'third\n');
      advance(600); // the record is 600 ms late, the adapter ran all along
      out.settle();
      expect(emitted).toEqual([]);
      pending.push({ stream: 'stderr', length: 6, where: 'printedAt.js:4' });
      out.settle();
      expect(emitted).toEqual(['stderr:third@printedAt.js:4']);
    });

    it('text no record comes for goes out after the long wait; then that stream waits only the hold', () => {
      const { out, emitted, pending, advance } = lateOrder();
      out.fromPipe('stdout', 'native\n');
      advance(999);
      out.settle();
      expect(emitted).toEqual([]);
      advance(1);
      out.settle();
      expect(emitted).toEqual(['stdout:native@nowhere']);
      out.fromPipe('stdout', 'native again\n');
      advance(100);
      out.settle();
      expect(emitted).toEqual(['stdout:native@nowhere', 'stdout:native again@nowhere']);
      // The other stream has lacked nothing: it still waits for its record.
      out.fromPipe('stderr', 'err\n');
      advance(500);
      pending.push({ stream: 'stderr', length: 4, where: 'a.js:2' });
      out.settle();
      expect(emitted.at(-1)).toBe('stderr:err@a.js:2');
    });
  });

  describe('other writers on the same pipes', () => {
    const main = (text: string, where: string): RecordedWrite<string> => ({
      stream: 'stdout',
      length: text.length,
      text,
      where,
    });
    const other = (from: number, text: string, where: string, echoed = false): RecordedWrite<string> => ({
      ...main(text, where),
      from,
      echoed,
    });

    it("a child's lines are recognised where they start the held text, without moving the main thread's", () => {
      const { out, emitted, pending } = placed();
      pending.push(
        main('m1\n', 'main:1'),
        other(3, 'c1\n', 'child:1'),
        other(3, 'c2\n', 'child:2'),
        main('m2\n', 'main:2'),
      );
      out.fromPipe('stdout', 'm1\nc1\nc2\nm2\n');
      expect(emitted).toEqual([
        ['m1\n', 'main:1'],
        ['c1\n', 'child:1'],
        ['c2\n', 'child:2'],
        ['m2\n', 'main:2'],
      ]);
    });

    it("a worker's lines, forwarded by the main thread in one write, are released once with the worker's places", () => {
      const { out, emitted, pending, advance } = placed();
      out.expectEchoes();
      pending.push(other(2, 'w1\n', 'worker:1', true), other(2, 'w2\n', 'worker:2', true), main('w1\nw2\n', 'main:9'));
      pending.push(main('m\n', 'main:10'));
      out.fromPipe('stdout', 'w1\nw2\nm\n');
      expect(emitted).toEqual([
        ['w1\n', 'worker:1'],
        ['w2\n', 'worker:2'],
      ]);
      // The main thread's own line could be a worker's too, whose record is late: it waits a little.
      advance(ECHO_WAIT_MS);
      out.settle();
      expect(emitted[2]).toEqual(['m\n', 'main:10']);
    });

    it("the main thread's copy known before the worker's own record waits for it a little", () => {
      const { out, emitted, pending, advance } = placed();
      out.expectEchoes();
      pending.push(main('w\n', 'main:9'));
      out.fromPipe('stdout', 'w\n');
      expect(emitted).toEqual([]);
      advance(10);
      pending.push(other(2, 'w\n', 'worker:1', true));
      out.settle();
      expect(emitted).toEqual([['w\n', 'worker:1']]);
      // One that never comes: the copy goes out with the main thread's place after ECHO_WAIT_MS.
      pending.push(main('x\n', 'main:10'));
      out.fromPipe('stdout', 'x\n');
      advance(ECHO_WAIT_MS);
      out.settle();
      expect(emitted[1]).toEqual(['x\n', 'main:10']);
    });

    it("a worker's record late by 150 ms (a loaded machine's drain) still gives its line the worker's place", () => {
      const { out, emitted, pending, advance } = placed({});
      out.expectEchoes();
      pending.push(main('worker wrote\n', 'main:9'));
      out.fromPipe('stdout', 'worker wrote\n');
      advance(150);
      out.settle();
      expect(emitted).toEqual([]);
      pending.push(other(2, 'worker wrote\n', 'worker:4', true));
      out.settle();
      expect(emitted).toEqual([['worker wrote\n', 'worker:4']]);
    });
  });
});
