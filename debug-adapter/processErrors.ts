// The standalone adapter's last word on failures nothing else caught (`dist/debugAdapter.js` and
// `rewind dap`, whose process is the adapter's own; never an in-process session, whose host owns
// its process). By Node's default an unhandled rejection or an uncaught exception ends the
// process, and the client sees only the adapter gone. A rejection is told and the session goes
// on: it ended one promise chain, and requests run on their own chains (dispatch.ts). An uncaught
// exception unwound a callback half way (a timer's, a stream's), and Node documents the process
// as in an undefined state after it: it is told and the session ends cleanly (`terminated`, the
// program tree killed) rather than replaying from state that may be half updated.

/** What the session offers this file. */
export interface InternalErrorSink {
  reportInternalError(what: string, error: unknown): void;
  endAfterInternalError(what: string, error: unknown): void;
}

export function catchProcessErrors(session: InternalErrorSink): void {
  process.on('unhandledRejection', (reason) =>
    session.reportInternalError('a promise of the debug adapter failed and nothing handled it', reason),
  );
  process.on('uncaughtException', (error) => {
    try {
      session.endAfterInternalError('the debug adapter failed outside any request', error);
    } catch {
      // Telling failed too (its output gone): end as Node would have.
      process.exit(1);
    }
  });
}
