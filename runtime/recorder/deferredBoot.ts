// Deferred recording in the program's process (docs/DEFERRED_RECORDING.md): a deferred run logs its
// environment, its process ids, its terminal and every nondeterministic read, and flags what cannot
// be re-executed; a re-execution ("expansion", settings.feedFrom) is fed that log, has its output
// checked against what the deferred run printed, and stops at the first divergence.
// Called by the bootloader after the recording started and the module hooks are in, before user
// code. Knows the two modes, not the wrapped functions (nondeterminism.ts) nor the encoding.
import {
  DIVERGED_EXIT_CODE,
  DIVERGENCE_PREFIX,
  RecordType,
  decodeEnd,
  ndSourceId,
  readDeferredContents,
  readTrace,
  type RecorderSettings,
  type TraceRecord,
} from '../format';
import { readWholeFile } from '../capturedNode';
import { B } from './builtins';
import { symbolNamed } from './channelReads';
import { installNondeterminism } from './nondeterminism';
import { logUnsupported } from './nondeterminismLog';
import { internalImmediate, internalTimeout } from './nondeterminismOrder';
import { createFeedTap } from './nondeterminismFeed';
import { createOutputCheck, type OutputCheck } from './nondeterminismOutput';
import { feedProcessIds, logProcessIds } from './nondeterminismProcessIds';
import { createLogTap, type Tap } from './nondeterminismTap';
import { feedTerminal, logTerminal } from './nondeterminismTerminal';
import { detectUnsupported } from './nondeterminismUnsupported';
import type { RecordingHandle } from './recorder';

const IPC_CHANNEL_REASON =
  'this process was started with an IPC channel to its parent (fork), which Rewind could not find: the messages it got there are not logged';

/** What the program starts with that a re-execution must give it again. */
interface StartEnvironment {
  env: Record<string, string | undefined>;
  argv: string[];
  execArgv: string[];
  cwd: string;
  /**
   * A forked process's channel to its parent, by its serialization (Node removed the variables that
   * said so from the environment): its re-execution is started with one (reexecuteLaunch.ts).
   */
  channel?: 'json' | 'advanced';
}

/** The handle of the channel Node opened to this process's parent (fork), if it has one. */
function channelHandle(): object | undefined {
  const key = symbolNamed(process, 'kChannelHandle');
  const handle = key === undefined ? undefined : (process as unknown as Record<symbol, unknown>)[key];
  return typeof handle === 'object' && handle !== null ? handle : undefined;
}

/** The serialization of this process's channel to its parent, told by what Node keeps on its handle. */
function channelOf(): StartEnvironment['channel'] {
  if (!(process as { channel?: unknown }).channel) return undefined;
  return symbolNamed(channelHandle(), 'kJSONBuffer') !== undefined ? 'json' : 'advanced';
}

export function installDeferred(settings: RecorderSettings, recording: RecordingHandle): void {
  if (settings.deferred) {
    const tap = createLogTap();
    readStart(tap);
    logProcessIds(tap);
    logTerminal(tap);
    const sockets = installNondeterminism(tap, undefined, detectUnsupported());
    if (channelOf() !== undefined) {
      const handle = channelHandle();
      if (handle) sockets.adoptExisting(handle);
      else logUnsupported(IPC_CHANNEL_REASON);
    }
    return;
  }
  if (settings.feedFrom) installFeed(settings.feedFrom, recording, settings.feedUntil, settings.feedProducer ?? 0);
}

/** `producerId`: whose log is fed, the root process's (0) or a child's. */
function installFeed(
  path: string,
  recording: RecordingHandle,
  stopBefore: number | undefined,
  producerId: number,
): void {
  const internals = process as unknown as { reallyExit: (code: number) => void };
  const reallyExit = internals.reallyExit; // exit.ts's: it finishes the recording first
  const trace = readTrace(readWholeFile(path));
  const { log, printed } = readDeferredContents(trace.records, undefined, producerId);
  // The output check needs the tap, and the tap asks it what is missing: set once both exist.
  const printedSoFar: { check?: OutputCheck } = {};
  const endedBySignal = signalThatEnded(trace.records, producerId);
  const tap = createFeedTap(log, {
    note: (note) => recording.note(note),
    defer: internalImmediate,
    after: internalTimeout,
    ...(endedBySignal !== undefined ? { endedBySignal } : {}),
    outputMissing: () => printedSoFar.check?.missing(),
    stop: (code) => B.apply(reallyExit, process, [code]),
    ...(stopBefore !== undefined ? { stopBefore } : {}),
  });
  recording.note({
    level: 'info',
    message: `Expanded from a deferred recording (${path}): the program was run again, recorded at full, with the ${counted(log.reads.length, 'value')} and ${counted(log.callbacks.length, 'callback ordering')} it read then fed back.`,
  });
  const logged = readStart(tap);
  const differs = startDifference(logged, startEnvironment());
  if (differs) {
    recording.note({ level: 'error', message: `${DIVERGENCE_PREFIX} before the program started: ${differs}.` });
    B.apply(reallyExit, process, [DIVERGED_EXIT_CODE]);
  }
  // The ids follow the start environment in a log from format 3.14 on.
  feedProcessIds(tap, log.reads[1]?.source === ndSourceId('process.pid'));
  // And the terminal from 3.15 on (read #4); the window sizes Node refreshes on SIGWINCH from 3.16 on.
  feedTerminal(tap, log.reads[3]?.source === ndSourceId('terminal'), trace.version.minor);
  const sockets = installNondeterminism(tap, tap);
  // The channel to its parent, numbered first as in the deferred run: only its logged reads reach it.
  const channel = logged.channel === undefined ? undefined : channelHandle();
  if (channel) sockets.adoptExisting(channel);
  tap.start();
  const check = createOutputCheck(printed, (why) => tap.diverge(why));
  printedSoFar.check = check;
  recording.afterOutput.push(check.wrote);
  recording.beforeEnd.push(() => {
    const unused = tap.unused();
    const missing = unused || tap.diverged() ? undefined : check.missing();
    if (unused) recording.note({ level: 'error', message: unused });
    else if (missing)
      recording.note({ level: 'error', message: `${DIVERGENCE_PREFIX} at the end of the program: ${missing}.` });
  });
}

/** The signal the deferred run's process died of (its END, written by the launcher's collector), if it did. */
function signalThatEnded(records: readonly TraceRecord[], producerId: number): string | undefined {
  for (const record of records) {
    if (record.type !== RecordType.END || record.producerId !== producerId) continue;
    const end = decodeEnd(record);
    if (end.reason === 'signal' || end.reason === 'killed') return end.signal ?? 'a signal';
  }
  return undefined;
}

function startEnvironment(): StartEnvironment {
  const channel = channelOf();
  return {
    env: { ...process.env },
    argv: process.argv.slice(1),
    execArgv: process.execArgv.slice(),
    cwd: process.cwd(),
    ...(channel ? { channel } : {}),
  };
}

/** The start environment as a read: logged in a deferred run, the logged one in a re-execution. */
function readStart(tap: Tap): StartEnvironment {
  return tap.read(ndSourceId('environment'), 'json', startEnvironment, undefined, []) as StartEnvironment;
}

function startDifference(logged: StartEnvironment, now: StartEnvironment): string | undefined {
  if (B.JSONStringify(logged.argv) !== B.JSONStringify(now.argv))
    return `its arguments were ${B.JSONStringify(logged.argv)}, now ${B.JSONStringify(now.argv)}`;
  if (B.JSONStringify(logged.execArgv) !== B.JSONStringify(now.execArgv))
    return `its Node options were ${B.JSONStringify(logged.execArgv)}, now ${B.JSONStringify(now.execArgv)}`;
  if (logged.cwd !== now.cwd) return `its working directory was ${logged.cwd}, now ${now.cwd}`;
  if (logged.channel !== now.channel)
    return `its channel to its parent was ${logged.channel ?? 'none'}, now ${now.channel ?? 'none'}`;
  const names = new B.Set<string>([...Object.keys(logged.env), ...Object.keys(now.env)]);
  for (const name of names as Set<string>)
    if (logged.env[name] !== now.env[name])
      return `the environment variable ${name} was ${logged.env[name] === undefined ? 'unset' : 'set differently'}${now.env[name] === undefined ? ', now unset' : ''}`;
  return undefined;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
