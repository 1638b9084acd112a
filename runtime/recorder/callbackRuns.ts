// Which scheduled callback runs now (EXT ORIGIN_RUN, events.ts), learned with no async_hooks
// `before` hook (issue 14 item 3): while one is on (or once executionAsyncResource() was called),
// Node calls every native callback through its JS `callbackTrampoline`, one more frame in the
// callback's stack, whose first statement writes index 0 of an array of Node's (a getter-only
// `Array.prototype[0]` makes it throw). Node keeps executionAsyncId() current without any hook (a
// promise reaction's comes from promiseRuns.ts where Node leaves promises to V8), so the run is
// written lazily: a callback from the event loop starts with no instrumented frame running, and
// the first ENTER or RESUME after the frame that took the last run has ended (or suspended) asks
// for the id; a new id is a new callback, and the same id again (an interval's next tick, a
// socket's next read) one that ran to its end and started over. Events that belong to a callback
// before any frame of it runs (an origin Node schedules, a request starting, a worker message
// arriving) write the run first. Knows frames by id and async ids; not what readers make of them.
import { EventKind, Ext, eventHeader } from '../format/events';
import type { FrameId } from '../format/hotPath';
import { noteCallbackRunning } from './fastMicrotasks';
import { currentAsyncId } from './promiseRuns';
import { beginSized, endSized, put2, put3 } from './ring';

const RUN = eventHeader(EventKind.EXT, Ext.ORIGIN_RUN);
/** Callback origins are off (a deferred run records none): never `<= 0`, never a frame id (frameIds.ts). */
const OFF = 0x7fffffff;
/** The frame that took the last run has ended or suspended: the next frame to start may be a new run. */
const ENDED = 0;
/** The last run is written and no frame has taken it yet: the next frame to start takes it. */
const PENDING = -1;

/**
 * The frame that took the last run (the first one entered or resumed in its callback), or ENDED,
 * PENDING, OFF. hotPath.ts reads it on every ENTER, RESUME, EXIT and SUSPEND: a frame starting
 * while it is `<= 0` may be a callback's first; one leaving that is it ends the run's frame.
 */
export let runFrame: number = OFF;
/** The asyncId the last ORIGIN_RUN named (0: none; the event loop itself, or the program's first line). */
let lastRunId = 0;

/** Called once callback origins are on (callbackOrigins.ts): the program's first line runs in no callback. */
export function startCallbackRuns(): void {
  lastRunId = currentAsyncId();
  runFrame = PENDING;
}

/** ORIGIN_RUN [hdr, 1, asyncId], or [hdr, 0] for asyncId 0: no callback runs (the event loop itself). */
function writeRun(asyncId: number): void {
  lastRunId = asyncId;
  noteCallbackRunning(asyncId);
  beginSized();
  if (asyncId === 0) put2(RUN, 0);
  else put3(RUN, 1, asyncId);
  endSized();
}

/**
 * Frame `frameId` is entered or resumed while runFrame `<= 0` (hotPath.ts), before its event: it
 * takes the run, written first unless it is the one already written and not yet taken.
 */
export function frameStartsRun(frameId: FrameId): void {
  const asyncId = currentAsyncId();
  if (asyncId !== lastRunId || runFrame === ENDED) writeRun(asyncId);
  runFrame = frameId;
}

/** The frame that took the run exits or suspends (hotPath.ts): whatever starts next is a run of its own. */
export function runFrameEnds(): void {
  runFrame = ENDED;
}

/**
 * Before an event of the running callback that readers attach to its run (a request's start, a
 * worker message's receive): the run is written first if it is a new one, and the next frame takes
 * it. `sameIdToo`: the event starts the callback's work, so the id of a run whose frame ended names
 * a run of its own (the next message on one port); else (an origin Node schedules) only a new id does.
 */
export function syncCallbackRun(sameIdToo: boolean): void {
  if (runFrame === OFF) return;
  const asyncId = currentAsyncId();
  if (asyncId === lastRunId && !(sameIdToo && runFrame === ENDED)) return;
  writeRun(asyncId);
  runFrame = PENDING;
}

/**
 * ORIGIN_RUN [hdr, 0]: no callback runs now — Node's event loop itself emits (process 'beforeExit',
 * 'exit'), so the last callback announced is not what runs those listeners, which take this run.
 */
export function recordNoCallback(): void {
  if (runFrame === OFF) return;
  writeRun(0);
  lastRunId = currentAsyncId(); // the listeners run in it: no run of their own
  runFrame = PENDING;
}
