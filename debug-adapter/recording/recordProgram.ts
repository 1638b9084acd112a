// Launching a program into a collector: the settings point at its socket, and the program's exit
// is reported to it, so a producer that dies of a signal (the recorder adds no signal listener)
// ends with reason 'signal' rather than 'killed'. The one glue between launch.ts and collector.ts.
import type { TraceCollector } from './collector';
import { launchRecorded, type LaunchedProgram, type RecordedLaunch } from './launch';

export function launchIntoCollector(collector: TraceCollector, launch: RecordedLaunch): LaunchedProgram {
  // Direct mode: the program's drains write the file; the socket carries their progress lines only.
  const program = launchRecorded({
    ...launch,
    settings: { ...launch.settings, socketPath: collector.socketPath, outFile: collector.directFile },
  });
  const pid = program.child.pid;
  if (pid !== undefined) {
    // Registered before any socket event can arrive: the connection cannot close unnoticed.
    collector.awaitExitOf(pid);
    void program.exited.then((exit) => collector.reportExit(pid, exit));
  }
  return program;
}
