// The state one debug session shares between its request handlers: client settings, the launch
// plan, the recording and its engine, the breakpoint book, and the ways to talk back (events,
// stops). Handlers read and update it; only session.ts creates it. Knows no request by name.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Interruption } from './dispatch';
import type { ReplayEngine } from '../replay/api';
import { BreakpointBook } from './breakpointBook';
import { DapError, DapErrorId } from './errors';
import type { LaunchPlan } from './launchConfig';
import { OutputThrottle, DEFAULT_OUTPUT_LIMITS } from './outputThrottle';
import { ClientPositions } from './positions';
import { outputBody } from './outputEvent';
import type { PrintedAt, Recording } from './recording';
import { ReturnValueInLocal } from './returnValueInLocal';
import { Sources } from './sources';

export interface ClientInfo {
  supportsProgressReporting: boolean;
}

/** A one-shot signal (configurationDone, recording ready). */
export class Signal {
  private fired = false;
  private waiters: Array<() => void> = [];
  fire(): void {
    if (this.fired) return;
    this.fired = true;
    for (const waiter of this.waiters.splice(0)) waiter();
  }
  wait(): Promise<void> {
    return this.fired ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

export class SessionContext {
  readonly positions = new ClientPositions();
  sources = new Sources(this.positions);
  readonly breakpoints = new BreakpointBook();
  readonly returnValues = new ReturnValueInLocal();
  readonly configurationDone = new Signal();
  client: ClientInfo = { supportsProgressReporting: false };
  plan: LaunchPlan | undefined;
  recording: Recording | undefined;
  /** Set once the first stop was reported: from then on the cursor belongs to the user. */
  firstStopReported = false;
  /** The producer id of the latest reported stop: the thread the client shows, for requests that name none. */
  stoppedThreadId: number | undefined;
  /** The user ended the session (terminate/disconnect): no more stops. */
  ending = false;
  /** The launch request's seq, so `cancel` can abort a long open (indexing a large trace). */
  launchRequestSeq: number | undefined;
  /** Aborted when the launch is cancelled or a terminate/disconnect arrives: stops a long open. */
  openAbort = new AbortController();
  /** The shown progress whose Cancel button aborts the open (expanding a deferred recording), if any. */
  cancellableProgressId: string | undefined;
  /**
   * Which run of the launch configuration this is (`restart` starts another): work begun for an
   * earlier run (its first stop, a live move, its program's events) checks it and stays silent.
   */
  run = 0;
  readonly output: OutputThrottle<PrintedAt>;
  /** Asked by a long request between slices of its work (the dispatcher answers; none in unit tests). */
  interrupted: (requestSeq: number) => Interruption | undefined = () => undefined;
  /** Live sessions (liveRun.ts): a move runs the program toward its next stop; a pause was asked meanwhile. */
  liveRunning = false;
  /**
   * Breakpoints changed while the live program ran: hits recorded before then were not hits of the
   * new ones, so the move that reports the program's next stop starts from that stop (liveRun.ts).
   */
  liveBreakpointsChangedWhileRunning = false;
  livePauseRequested = false;
  /** The last step whose logpoint messages were printed (live: as the program runs). */
  liveLogpointsPrintedTo = -1;

  constructor(readonly sendEvent: (event: DebugProtocol.Event) => void) {
    this.output = new OutputThrottle<PrintedAt>({
      ...DEFAULT_OUTPUT_LIMITS,
      emit: (category, text, at) => this.event('output', outputBody(this.sources, category, text, at)),
    });
  }

  /**
   * `restart`: forgets the ended run's recording and stops, keeping what the user set (breakpoints,
   * client settings, configurationDone). The caller ended the old recording first.
   */
  beginNextRun(plan: LaunchPlan): void {
    this.run++;
    this.plan = plan;
    this.recording = undefined;
    this.sources = new Sources(this.positions, { outFiles: plan.outFiles, skipFiles: plan.skipFiles });
    this.firstStopReported = false;
    this.stoppedThreadId = undefined;
    this.ending = false;
    this.openAbort = new AbortController();
    this.returnValues.clear();
    this.liveRunning = false;
    this.liveBreakpointsChangedWhileRunning = false;
    this.livePauseRequested = false;
    this.liveLogpointsPrintedTo = -1;
  }

  event(name: string, body?: unknown): void {
    const event: DebugProtocol.Event = { seq: 0, type: 'event', event: name };
    if (body !== undefined) event.body = body;
    this.sendEvent(event);
  }

  /**
   * The engine, or an error saying why there is none yet. Not shown to the user (showUser false):
   * clients ask for stacks, timelines and the like on their own while a program is recorded,
   * and a toast for each would blame the user for nothing they did.
   */
  engine(): ReplayEngine {
    const engine = this.recording?.engine();
    if (engine && this.firstStopReported && !this.liveRunning) return engine;
    if (!this.recording)
      throw new DapError('no recording is open: launch a program or a trace first', DapErrorId.NOT_READY, false);
    throw new DapError(
      'the program is still being recorded: pause it (or wait for it to end) to replay',
      DapErrorId.NOT_READY,
      false,
    );
  }

  /** True once a recording exists but cannot be replayed yet (the program still runs). */
  stillRecording(): boolean {
    return this.recording !== undefined && !(this.recording.engine() && this.firstStopReported && !this.liveRunning);
  }

  /** The engine if one can take breakpoints now (before the first stop too). */
  engineIfReady(): ReplayEngine | undefined {
    return this.recording?.engine();
  }
}
