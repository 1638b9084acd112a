// Serves one Rewind debug session over this process's stdin/stdout (the standalone
// `dist/debugAdapter.js` and `rewind dap`). Owns the transport only: framing in, the session's
// writes out, and keeping stray console output off stdout (it would corrupt the protocol).
import { PassThrough } from 'node:stream';
import { catchProcessErrors } from './processErrors';
import { RewindSession } from './session';
import { FrameReader } from './session/framing';

export function runDebugAdapterOnStdio(): void {
  divertConsoleToStderr();
  const session = new RewindSession();
  // This process is the adapter's own: a failure nothing caught is told to the client, not fatal.
  catchProcessErrors(session);
  // The library reads from a stream we never write: every message reaches it through our own
  // framing, which answers malformed input instead of letting the library shut down (DAP-02).
  session.start(new PassThrough(), process.stdout);
  const reader = new FrameReader({
    message: (value) => session.receive(value),
    malformed: (problem) => session.rejectMalformed(problem),
  });
  process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  process.stdin.on('end', () => session.shutdown());
  process.stdin.on('error', () => session.shutdown());
  process.stdout.on('error', () => session.shutdown());
  process.on('SIGTERM', () => session.shutdown());
}

/** Any library or stray log line goes to stderr; stdout carries DAP messages only. */
function divertConsoleToStderr(): void {
  const toStderr = (...parts: unknown[]): void => {
    process.stderr.write(`${parts.map(String).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
