// The feeding side of deferred recording on a hand-made log: values come back in order and by
// kind (an async read's by its ticket, whatever order reads complete in), a logged throw is thrown
// again, and each kind of divergence — another source, a callback out of the logged order, an
// async read the log lacks, a log not used up — stops the re-execution with a note saying why.
import { describe, expect, it } from 'vitest';
import {
  DIVERGENCE_PREFIX,
  PARTIAL_PREFIX,
  SIGNAL_END_PREFIX,
  NdForm,
  ndCallbackTypeId,
  ndSourceId,
  ndSourceName,
  type DeferredLog,
} from '../../../runtime/format';
import { createFeedTap } from '../../../runtime/recorder/nondeterminismFeed';

class Stopped extends Error {}

interface Ending {
  endedBySignal?: string;
  outputMissing?: () => string | undefined;
}

function feed(log: Partial<DeferredLog>, stopBefore?: number, ending: Ending = {}) {
  const notes: string[] = [];
  const deferred: Array<() => void> = [];
  /** Rewind's own timers, run by hand: [when, what]. */
  const timers: Array<{ ms: number; run: () => void }> = [];
  const tap = createFeedTap(
    { reads: [], asyncReads: new Map(), callbacks: [], unsupported: [], marks: [], writes: [], ...log },
    {
      note: (note) => notes.push(note.message),
      defer: (run) => deferred.push(run),
      after: (run, ms) => timers.push({ ms, run }),
      ...ending,
      stop: (code) => {
        throw new Stopped(`stopped with ${code}`);
      },
      ...(stopBefore === undefined ? {} : { stopBefore }),
    },
  );
  /** Runs what the tap deferred, as the event loop would, until nothing is left. */
  const drain = () => {
    while (deferred.length) deferred.shift()!();
  };
  return { tap, notes, drain, timers };
}

const never = (): never => {
  throw new Error('a fed read must not call the real source');
};
const random = ndSourceId('Math.random');
const now = ndSourceId('Date.now');
const readFile = ndSourceId('fs.readFile');

describe('feeding a deferred log back', () => {
  it('returns the logged values in order, by kind, and throws a logged error again', () => {
    const { tap, notes } = feed({
      reads: [
        { source: random, ticket: 0, form: NdForm.NUMBER, value: 0.25 },
        { source: ndSourceId('process.hrtime.bigint'), ticket: 0, form: NdForm.TEXT, value: '123456789012345678' },
        { source: ndSourceId('fs.readFileSync'), ticket: 0, form: NdForm.BYTES, value: new Uint8Array([104, 105]) },
        {
          source: ndSourceId('fs.readFileSync'),
          ticket: 0,
          form: NdForm.ERROR,
          value: { name: 'Error', message: 'ENOENT: no such file', code: 'ENOENT', errno: -2, path: '/gone' },
        },
      ],
    });
    expect(tap.read(random, 'number', never, undefined, [])).toBe(0.25);
    expect(tap.read(ndSourceId('process.hrtime.bigint'), 'bigint', never, undefined, [])).toBe(123456789012345678n);
    const bytes = tap.read(ndSourceId('fs.readFileSync'), 'file', never, undefined, []);
    expect(Buffer.isBuffer(bytes) && bytes.toString()).toBe('hi');
    let thrown: unknown;
    try {
      tap.read(ndSourceId('fs.readFileSync'), 'file', never, undefined, []);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ message: 'ENOENT: no such file', code: 'ENOENT', errno: -2, path: '/gone' });
    expect(tap.unused()).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('matches async reads by ticket, so completions in another order still get their own values', () => {
    const { tap } = feed({
      asyncReads: new Map([
        [1, { source: readFile, ticket: 1, form: NdForm.TEXT, value: 'first' }],
        [2, { source: readFile, ticket: 2, form: NdForm.TEXT, value: 'second' }],
      ]),
    });
    const first = tap.issue();
    const second = tap.issue();
    expect(tap.complete(readFile, 'file', second, null, 'real')).toEqual([null, 'second']);
    expect(tap.complete(readFile, 'file', first, null, 'real')).toEqual([null, 'first']);
  });

  it('stops at a read of another source, naming both', () => {
    const { tap, notes } = feed({ reads: [{ source: random, ticket: 0, form: NdForm.NUMBER, value: 0.5 }] });
    expect(() => tap.read(now, 'number', never, undefined, [])).toThrow(Stopped);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`^${DIVERGENCE_PREFIX} at .*nondeterminismFeed\\.test\\.ts:\\d+:\\d+: `));
    expect(notes[0]).toContain('read #1 is Date.now, the log has Math.random');
    expect(tap.unused()).toBeUndefined(); // one note, not a second one at the end
  });

  it("names a source it does not know (a newer format's) by its number and stops, rather than misread its value", () => {
    // What an older expander does with a newer log (a 3.13 one with 3.14's process ids; a 3.14 one
    // with 3.15's opens to read, terminal, child processes or watchers).
    // The newest source this build knows, whichever branch appended it last.
    let newest = ndSourceId('fs.promises.open (to read)');
    while (!ndSourceName(newest + 1).startsWith('source #')) newest++;
    expect(newest).toBeGreaterThanOrEqual(ndSourceId('StatWatcher.onchange'));
    expect(ndSourceName(ndSourceId('process.pid'))).toBe('process.pid');
    const unknown = newest + 1;
    const { tap, notes } = feed({
      reads: [{ source: unknown, ticket: 0, form: NdForm.NUMBER, value: 0.5 }],
      asyncReads: new Map([[1, { source: unknown, ticket: 1, form: NdForm.JSON, value: [] }]]),
    });
    expect(() => tap.read(random, 'number', never, undefined, [])).toThrow(Stopped);
    expect(notes[0]).toContain(`read #1 is Math.random, the log has source #${unknown}`);
    const later = feed({ asyncReads: new Map([[1, { source: unknown, ticket: 1, form: NdForm.JSON, value: [] }]]) });
    expect(() => later.tap.complete(readFile, 'file', later.tap.issue(), null, 'x')).toThrow(Stopped);
    expect(later.notes[0]).toContain(`async read #1 is fs.readFile, the log has source #${unknown}`);
  });

  it('stops at a callback out of the logged order (the timer/immediate race)', () => {
    const { tap, notes } = feed({
      callbacks: [
        { type: ndCallbackTypeId('Timeout'), ticket: 1 },
        { type: ndCallbackTypeId('Immediate'), ticket: 2 },
      ],
    });
    expect(() => tap.callback('Immediate', 2)).toThrow(Stopped);
    expect(notes[0]).toBe(
      `${DIVERGENCE_PREFIX} at the start of callback #1: callback #1 is an Immediate (the program's #2), the log has a Timeout (the program's #1). The recording ends there: every step before it is the deferred run's, and nothing after it was re-executed.`,
    );
  });

  it('holds a callback that comes before its logged turn, and runs it when its turn comes (enforced order)', () => {
    const { tap, notes, drain } = feed({
      callbacks: [
        { type: ndCallbackTypeId('Immediate'), ticket: 2 },
        { type: ndCallbackTypeId('Timeout'), ticket: 1 },
      ],
    });
    const ran: string[] = [];
    expect(tap.turn('Timeout', 1, () => ran.push('timeout'))).toBeUndefined(); // early: held
    drain();
    expect(ran).toEqual([]);
    tap.turn('Immediate', 2, () => ran.push('immediate'));
    expect(ran).toEqual(['immediate']);
    drain(); // after the immediate (and its microtasks), the held timeout's turn
    expect(ran).toEqual(['immediate', 'timeout']);
    expect(tap.unused()).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('stops at a callback the log does not have at all, rather than hold it forever', () => {
    const { tap, notes } = feed({ callbacks: [{ type: ndCallbackTypeId('Timeout'), ticket: 1 }] });
    expect(() => tap.turn('Timeout', 3, () => undefined)).toThrow(Stopped);
    expect(notes[0]).toContain("callback #1 is a Timeout (the program's #3), which the log does not have");
  });

  it("drops an unref'd timer the log does not have (the deferred run ended before it was due), and only that", () => {
    const { tap, notes } = feed({ callbacks: [{ type: ndCallbackTypeId('Timeout'), ticket: 1 }] });
    const ran: string[] = [];
    expect(
      tap.turn(
        'Timeout',
        2,
        () => ran.push('unrefd'),
        () => true,
      ),
    ).toBeUndefined();
    tap.turn(
      'Timeout',
      1,
      () => ran.push('logged'),
      () => false,
    );
    expect(ran).toEqual(['logged']);
    expect(notes).toEqual([]);
    expect(() =>
      tap.turn(
        'Timeout',
        3,
        () => ran.push('refd'),
        () => false,
      ),
    ).toThrow(Stopped);
    expect(notes[0]).toMatch(/^The re-execution of the deferred recording diverged/);
  });

  it('tells two timers apart: the same kind out of order is a divergence too', () => {
    const { tap, notes } = feed({
      callbacks: [
        { type: ndCallbackTypeId('Timeout'), ticket: 1 },
        { type: ndCallbackTypeId('Timeout'), ticket: 2 },
      ],
    });
    expect(() => tap.callback('Timeout', 2)).toThrow(Stopped);
    expect(notes[0]).toContain("callback #1 is a Timeout (the program's #2), the log has a Timeout (the program's #1)");
  });

  it('stops at an async read the log does not have', () => {
    const { tap, notes } = feed({});
    expect(() => tap.complete(readFile, 'file', tap.issue(), null, 'x')).toThrow(Stopped);
    expect(notes[0]).toContain('async read #1 is fs.readFile, the log has no such read');
  });

  it('says so when the program ended before using its whole log', () => {
    const { tap } = feed({
      reads: [
        { source: random, ticket: 0, form: NdForm.NUMBER, value: 0.5 },
        { source: random, ticket: 0, form: NdForm.NUMBER, value: 0.7 },
      ],
    });
    tap.read(random, 'number', never, undefined, []);
    expect(tap.unused()).toContain('it made 1 of the 2 logged reads');
  });

  it("gives each connection's logged writes in its own order, whatever came between, and names one never made", () => {
    const { tap } = feed({
      writes: [
        [1, 5, 0xaa],
        [2, 3, 0xbb],
        [1, 7, 0xcc],
        [2, 4, 0xdd],
      ],
    });
    expect(tap.loggedWrite(2)).toEqual([2, 3, 0xbb]);
    expect(tap.loggedWrite(1)).toEqual([1, 5, 0xaa]);
    expect(tap.loggedWrite(1)).toEqual([1, 7, 0xcc]);
    expect(tap.loggedWrite(1)).toBeUndefined(); // past its last
    expect(tap.unused()).toBe(
      `${DIVERGENCE_PREFIX} at the end of the program: the deferred run wrote more to connection #2 than this one did (4 long, CRC dd, next).`,
    );
    expect(tap.loggedWrite(2)).toEqual([2, 4, 0xdd]);
    expect(tap.unused()).toBeUndefined();
  });

  it('makes a callback nothing real triggers (a signal) happen at its logged turn, after the one before it', () => {
    const { tap, notes, drain } = feed({
      callbacks: [
        { type: ndCallbackTypeId('Timeout'), ticket: 1 },
        { type: ndCallbackTypeId('signal'), ticket: 12 },
      ],
    });
    const ran: string[] = [];
    tap.inject('signal', undefined, (signal) => ran.push(`signal ${signal}`));
    tap.start();
    drain();
    expect(ran).toEqual([]); // the timeout comes first
    tap.turn('Timeout', 1, () => ran.push('timeout'));
    drain();
    expect(ran).toEqual(['timeout', 'signal 12']);
    expect(tap.unused()).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('stops a partial expansion before the callback it was asked to, saying so', () => {
    const { tap, notes } = feed(
      {
        callbacks: [
          { type: ndCallbackTypeId('Timeout'), ticket: 1 },
          { type: ndCallbackTypeId('Timeout'), ticket: 1 },
        ],
      },
      1,
    );
    tap.turn('Timeout', 1, () => undefined);
    expect(() => tap.turn('Timeout', 1, () => undefined)).toThrow(Stopped);
    expect(notes).toEqual([
      `${PARTIAL_PREFIX}: the re-execution stopped, as asked, before callback #2 of the 2 logged; every step before it is the deferred run's, and nothing after it was re-executed.`,
    ]);
    expect(tap.unused()).toBeUndefined();
  });

  it('waits for an injected callback that is not ready yet (a connection not yet accepted), and makes it once it is', () => {
    const { tap, drain, notes } = feed({ callbacks: [{ type: ndCallbackTypeId('signal'), ticket: 2 }] });
    const ran: string[] = [];
    let accepted = false;
    tap.inject(
      'signal',
      undefined,
      (ticket) => ran.push(`signal ${ticket}`),
      () => accepted,
    );
    tap.start();
    drain();
    expect(ran).toEqual([]);
    accepted = true;
    tap.start(); // what the accept does
    drain();
    expect(ran).toEqual(['signal 2']);
    expect(notes).toEqual([]);
  });

  describe('a deferred run a signal ended (a server stopped with Ctrl+C)', () => {
    const twoTimeouts = {
      callbacks: [
        { type: ndCallbackTypeId('Timeout'), ticket: 1 },
        { type: ndCallbackTypeId('Timeout'), ticket: 2 },
      ],
    };
    const ended = `${SIGNAL_END_PREFIX} SIGINT after its 2 logged callbacks, so the re-execution ends there too: every step in this recording is the deferred run's.`;

    it("ends the re-execution once the log's last callback has run and the output is all there", () => {
      const { tap, notes, drain } = feed(twoTimeouts, undefined, {
        endedBySignal: 'SIGINT',
        outputMissing: () => undefined,
      });
      tap.turn('Timeout', 1, () => undefined);
      drain();
      expect(notes).toEqual([]);
      tap.turn('Timeout', 2, () => undefined);
      expect(drain).toThrow(Stopped);
      expect(notes).toEqual([ended]);
      expect(tap.unused()).toBeUndefined();
    });

    it('ends there too at a callback or a read the deferred run never got to, rather than diverge', () => {
      const callback = feed(twoTimeouts, undefined, { endedBySignal: 'SIGINT' });
      callback.tap.turn('Timeout', 1, () => undefined);
      callback.tap.turn('Timeout', 2, () => undefined);
      expect(() => callback.tap.turn('Timeout', 3, () => undefined)).toThrow(Stopped);
      expect(callback.notes).toEqual([ended]);
      const read = feed(twoTimeouts, undefined, { endedBySignal: 'SIGINT' });
      read.tap.turn('Timeout', 1, () => undefined);
      read.tap.turn('Timeout', 2, () => undefined);
      expect(() => read.tap.read(now, 'number', never, undefined, [])).toThrow(Stopped);
      expect(read.notes).toEqual([ended]);
    });

    it('waits for output the log does not order (a close event), then diverges if it never comes', () => {
      let missing: string | undefined = 'stdout line 3 is missing';
      const { tap, notes, drain, timers } = feed(twoTimeouts, undefined, {
        endedBySignal: 'SIGTERM',
        outputMissing: () => missing,
      });
      tap.turn('Timeout', 1, () => undefined);
      tap.turn('Timeout', 2, () => undefined);
      drain();
      expect(timers).toHaveLength(1);
      timers.shift()!.run(); // still missing: it waits again
      expect(notes).toEqual([]);
      missing = undefined; // the close event printed it
      expect(() => timers.shift()!.run()).toThrow(Stopped);
      expect(notes[0]).toMatch(/^The deferred run was ended by SIGTERM after its 2 logged callbacks/);

      const never = feed(twoTimeouts, undefined, {
        endedBySignal: 'SIGTERM',
        outputMissing: () => 'stdout line 3 is missing',
      });
      never.tap.turn('Timeout', 1, () => undefined);
      never.tap.turn('Timeout', 2, () => undefined);
      never.drain();
      expect(() => {
        for (;;) never.timers.shift()!.run();
      }).toThrow(Stopped);
      expect(never.notes).toEqual([
        `${DIVERGENCE_PREFIX} at the end of the deferred run: stdout line 3 is missing. The recording ends there: every step before it is the deferred run's, and nothing after it was re-executed.`,
      ]);
    });

    it('diverges as before where the deferred run ended by itself', () => {
      const { tap, notes } = feed(twoTimeouts);
      tap.turn('Timeout', 1, () => undefined);
      tap.turn('Timeout', 2, () => undefined);
      expect(() => tap.turn('Timeout', 3, () => undefined)).toThrow(Stopped);
      expect(notes[0]).toMatch(/^The re-execution of the deferred recording diverged/);
    });
  });
});
