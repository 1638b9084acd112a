// A launch with `"deferred": true`: the program runs uninstrumented (about as fast as plain Node)
// while only what it reads from nondeterministic sources is logged into a private trace file; its
// output reaches the Debug Console as it prints. When it ends, the deferred trace is expanded (re-run
// at full with the log fed back, under a progress notification: deferredOpen.ts) and the session
// replays the expansion, as a saved recording. Nothing stops the program at a statement while it
// runs: a deferred run holds no steps until it is expanded; Pause ends it as Ctrl+C would. Knows
// the launcher and the trace opener, not replay.
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { TraceCollector, recorderSettings, recordingRoot } from '../recording';
import { historyWindowBytes, recordingOptionsOf, type ProgramPlan } from './launchConfig';
import { launchPlannedProgram, spawnFailure } from './programLaunch';
import type { Recording, RecordingListener } from './recording';
import { openTraceRecording } from './traceRecording';

/** After the program exits, how long its drain may still write before the trace is taken as it is. */
const DRAIN_GRACE_MS = 2000;

export async function startDeferredRecording(
  plan: ProgramPlan,
  listener: RecordingListener,
  signal: AbortSignal,
): Promise<Recording> {
  // mkdtemp makes the folder 0700: the log holds the program's environment and what it read.
  const folder = mkdtempSync(path.join(tmpdir(), 'rewind-deferred-'));
  const tracePath = path.join(folder, `${path.basename(plan.program)}.rwd`);
  closeSync(openSync(tracePath, 'w', 0o600));
  const collector = await TraceCollector.create({ directFile: tracePath, retainBytes: false });
  const root = recordingRoot(plan.program, plan.cwd);
  const program = launchPlannedProgram(
    collector,
    plan,
    recorderSettings({ root, ...recordingOptionsOf(plan), deferred: true }),
  );
  for (const [stream, category] of [
    [program.child.stdout, 'stdout'],
    [program.child.stderr, 'stderr'],
  ] as const) {
    const decoder = new StringDecoder('utf8');
    stream?.on('data', (chunk: Buffer) => listener.output(category, decoder.write(chunk)));
  }
  let running = true;
  let replay: Recording | undefined;
  const ready = (async () => {
    const exit = await program.exited;
    running = false;
    if (exit.spawnError) throw spawnFailure(plan, exit.spawnError);
    await collector.waitForIdle(DRAIN_GRACE_MS);
    await collector.finish();
    listener.exited(exit.code, exit.signal);
    replay = await openTraceRecording(tracePath, listener, signal, {
      windowBytes: historyWindowBytes(plan),
      expandUntilMs: plan.attributes.expandUntilMs,
    });
    return replay.ready;
  })();
  return {
    ready,
    engine: () => replay?.engine(),
    processId: () => (running ? program.child.pid : undefined),
    running: () => running,
    recordedSteps: () => replay?.recordedSteps() ?? 0,
    // A deferred run has no steps before it is expanded, and a server never ends by itself: pausing
    // ends the program as Ctrl+C would (SIGINT: its own handlers run, a graceful shutdown included)
    // and waits for the expansion, which ends where the program did (nondeterminismFeed.ts).
    pause: () => {
      if (running) program.child.kill('SIGINT');
      return ready;
    },
    kill: async () => program.killTree(),
    saveTo: async (filePath) => {
      if (replay) return replay.saveTo(filePath);
      copyFileSync(tracePath, filePath);
      return statSync(filePath).size;
    },
    dispose: () => {
      if (running) program.killTree();
      replay?.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
