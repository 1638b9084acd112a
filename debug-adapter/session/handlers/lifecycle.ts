// Session lifecycle requests: initialize, launch, configurationDone, pause, terminate,
// disconnect, cancel, threads. Starting a recording is delegated to `open` (trace or live run);
// what the program does while it runs arrives through the RecordingListener built here.
import { constants as osConstants } from 'node:os';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { RewindEvent } from '../../customProtocol';
import { capabilities } from '../capabilities';
import type { SessionContext } from '../context';
import type { Handler, HandlerResult } from '../dispatch';
import { DapError, DapErrorId, badArguments } from '../errors';
import { faultException, faultRejection } from '../faultPoints';
import { endWithoutReplay, makeFirstStop } from '../firstStop';
import { announcePlan, awaitConfiguration, withFocusFiles } from '../focusedLaunch';
import { isFocused } from '../../recording';
import { planLaunch, type LaunchPlan, type ProgramPlan } from '../launchConfig';
import { ProgressReporter } from '../progress';
import type { Recording, RecordingListener } from '../recording';
import { Sources } from '../sources';
import { reportStop, toClientThreadId } from '../stops';
import { requestLivePause } from '../liveRun';
import { onThread } from '../threadFocus';

export interface LifecycleDeps {
  open(plan: LaunchPlan, listener: RecordingListener, signal: AbortSignal): Promise<Recording>;
  cancel(requestSeq: number): boolean;
  /** After the disconnect response: stop sending, then leave. */
  close(): void;
}

export function lifecycleHandlers(context: SessionContext, deps: LifecycleDeps): Record<string, Handler> {
  return {
    initialize: (args) => {
      const init = args as unknown as DebugProtocol.InitializeRequestArguments;
      context.positions.configure(init.linesStartAt1, init.columnsStartAt1);
      if (init.pathFormat !== undefined && init.pathFormat !== 'path')
        throw badArguments('initialize', 'only pathFormat "path" is supported');
      context.client = { supportsProgressReporting: init.supportsProgressReporting === true };
      // initialized goes after the response: the client may send breakpoints from then on.
      return { body: capabilities(), after: () => context.event('initialized') };
    },
    launch: async (args, request) => {
      if (context.recording) throw new DapError('launch: this session already launched', DapErrorId.LAUNCH_FAILED);
      const plan = planLaunch(args);
      context.launchRequestSeq = request.seq;
      context.plan = plan;
      context.sources = new Sources(context.positions, { outFiles: plan.outFiles, skipFiles: plan.skipFiles });
      return openRun(context, deps, plan);
    },
    // js-debug's restart: the program tree ends, the same configuration (or the one the client
    // sends, DAP 1.47) records again from the start; breakpoints stay. A saved trace is re-opened.
    restart: async (args) => {
      if (!context.plan) throw new DapError('restart: nothing was launched', DapErrorId.NOT_READY);
      const launchArgs = (args as DebugProtocol.RestartArguments).arguments;
      const plan = launchArgs ? planLaunch(launchArgs as Record<string, unknown>) : context.plan;
      const previous = context.recording;
      context.ending = true; // the ending run reports nothing more
      context.openAbort.abort();
      await previous?.kill();
      previous?.dispose();
      context.beginNextRun(plan);
      // The old stop is gone from the client's views until the new run stops.
      context.event('continued', { threadId: toClientThreadId(0), allThreadsContinued: true });
      return openRun(context, deps, plan);
    },
    configurationDone: () => ({ after: () => context.configurationDone.fire() }),
    pause: async (args) => {
      const recording = context.recording;
      if (!recording) throw new DapError('pause: nothing is running', DapErrorId.NOT_READY);
      // Live: the running program stops at its current statement; the move that ran it reports the stop.
      if (requestLivePause(context)) return {};
      if (!context.firstStopReported && recording.running()) {
        const engine = await recording.pause();
        return {
          after: () =>
            void makeFirstStop(context, 'pause', engine).catch((error: unknown) => reportLateFailure(context, error)),
        };
      }
      // Already stopped in the recording: the cursor does not move; say where it is.
      const engine = onThread(context, 'pause', args);
      return { after: () => reportStop(context, { ...engine.gotoStep(engine.currentStep), reason: 'pause' }) };
    },
    terminate: async () => {
      context.ending = true;
      await context.recording?.kill();
      return {
        after: () => {
          context.output.flush();
          context.event('terminated');
        },
      };
    },
    disconnect: async () => {
      context.ending = true;
      await context.recording?.kill();
      context.output.flush();
      return { after: () => deps.close() };
    },
    cancel: (args) => {
      const { requestId, progressId } = args as DebugProtocol.CancelArguments;
      if (requestId !== undefined && deps.cancel(requestId) && requestId === context.launchRequestSeq)
        context.openAbort.abort();
      // The Cancel button of a cancellable progress (only the expansion of a deferred recording
      // offers one): the open stops, and the launch answers that it was cancelled.
      if (progressId !== undefined && progressId === context.cancellableProgressId) context.openAbort.abort();
    },
    threads: () => {
      faultRejection('threads.unawaited');
      faultException('threads.timerThrow');
      const engine = context.engineIfReady();
      const threads = engine
        ? engine.threads().map((thread) => ({ id: toClientThreadId(thread.id), name: thread.name }))
        : [];
      return { body: { threads: threads.length > 0 ? threads : [{ id: toClientThreadId(0), name: 'main' }] } };
    },
  };
}

/** Opens the plan's recording (a focused one once the breakpoints are known) and makes its first stop. */
async function openRun(context: SessionContext, deps: LifecycleDeps, plan: LaunchPlan): Promise<HandlerResult> {
  // Focused recording needs the breakpoints, which may come after this answer: start it then.
  if (plan.kind === 'program' && isFocused(plan))
    return {
      after: () => void launchFocused(context, deps, plan).catch((error: unknown) => reportLateFailure(context, error)),
    };
  const recording = await deps.open(plan, listenerFor(context), context.openAbort.signal);
  context.recording = recording;
  return { after: () => started(context, recording) };
}

function started(context: SessionContext, recording: Recording): void {
  const pid = recording.processId();
  const plan = context.plan;
  if (pid !== undefined && plan?.kind === 'program') {
    context.event('process', { name: plan.program, systemProcessId: pid, isLocalProcess: true, startMethod: 'launch' });
  }
  void makeFirstStop(context, 'open').catch((error: unknown) => reportLateFailure(context, error));
}

async function launchFocused(context: SessionContext, deps: LifecycleDeps, launchPlan: ProgramPlan): Promise<void> {
  const run = context.run;
  if (!(await awaitConfiguration(context)) || context.run !== run) return;
  const plan = withFocusFiles(launchPlan, context);
  context.plan = plan;
  announcePlan(plan, context);
  const recording = await deps.open(plan, listenerFor(context), context.openAbort.signal);
  // A restart began another run while this program started: it is not the session's.
  if (context.run !== run) {
    await recording.kill();
    recording.dispose();
    return;
  }
  context.recording = recording;
  if (context.ending)
    await recording.kill(); // the session ended while the program started
  else started(context, recording);
}

/** The listener of the current run: once a restart began another, the old program's news is dropped. */
function listenerFor(context: SessionContext): RecordingListener {
  const run = context.run;
  const current =
    <A extends unknown[]>(act: (...args: A) => void) =>
    (...args: A) => {
      if (context.run === run) act(...args);
    };
  const listener = fullListener(context);
  return {
    output: current(listener.output),
    stats: current(listener.stats),
    exited: current(listener.exited),
    progress: current(listener.progress),
    task: current(listener.task),
  };
}

function fullListener(context: SessionContext): RecordingListener & Required<Pick<RecordingListener, 'task'>> {
  const progress = new ProgressReporter(context);
  return {
    output: (category, text, at) => context.output.write(category, text, at),
    stats: (stats) => context.event(RewindEvent.RECORDING_STATS, stats),
    // For a time-travel debugger the program's end is not the session's end: the recording stays
    // open for replay. So a program that exits, crashes or is killed gets `exited` (with its code)
    // and the session goes on (DAP-11: "the recorded prefix still replays"); `terminated` is sent
    // only when the user ends the session (terminate/disconnect), since it makes clients close it.
    exited: (exitCode, signal) => {
      context.output.flush();
      if (signal) context.output.write('console', `[rewind] the program was ended by ${signal}\n`);
      context.output.flush();
      context.event('exited', { exitCode: exitCode ?? signalExitCode(signal) });
    },
    progress: (doneBytes, totalBytes, message) => progress.report(doneBytes, totalBytes, message),
    task: (title, message, cancellable) =>
      title === undefined ? progress.end(message) : progress.start(title, message, cancellable),
  };
}

/** A shell's convention for a process ended by a signal: 128 + the signal's number. */
function signalExitCode(signal: string | null): number {
  const number = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
  return number === undefined ? 1 : 128 + number;
}

function reportLateFailure(context: SessionContext, error: unknown): void {
  endWithoutReplay(context, error instanceof Error ? error.message : String(error));
}
