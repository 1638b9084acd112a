// At re-execution, an injected callback about something the program makes (a connection's read, a
// child's exit) can come due before the program has made it: what makes it may run in a callback
// the log does not order (a pipe's close, after which the program forks a child), which a slow
// re-execution reaches later. Such a turn waits for it (the feed's `ready`), for a bounded time.
// Knows the feed's `ready` contract and Rewind's own timers; not what is waited for.
import type { FeedTap } from './nondeterminismFeed';
import { internalTimeout } from './nondeterminismOrder';

/**
 * How long a logged callback waits for the program to make what it is about (milliseconds in
 * practice) before the re-execution is taken to have gone otherwise. Generous: a re-execution runs
 * many times slower than its deferred run.
 */
const WAIT_FOR_PROGRAM_MS = 30_000;

/**
 * A feed `ready` for callbacks about things the program numbers as it makes them: ready once
 * `made()` has reached the ticket's number (`numberOf`); else waiting, and after WAIT_FOR_PROGRAM_MS
 * a divergence that says what was never made (`notMade`, given the number and the wait in ms).
 */
export function readyOnceMade(
  feed: FeedTap,
  numberOf: (ticket: number) => number,
  made: () => number,
  notMade: (number: number, waitedMs: number) => string,
): (ticket: number) => boolean {
  /** The turn waiting, if one is: a program that never makes it must not wait forever. */
  let waiting = 0;
  return (ticket) => {
    const number = numberOf(ticket);
    if (number <= made()) return true;
    if (waiting !== ticket) {
      waiting = ticket;
      internalTimeout(() => {
        if (waiting === ticket && number > made()) feed.diverge(notMade(number, WAIT_FOR_PROGRAM_MS));
      }, WAIT_FOR_PROGRAM_MS);
    }
    return false;
  };
}
