// `rewind record [options] -- <script> [args…]`: runs the script under the recorder through a
// collector and writes the trace. The program owns the terminal: stdin, stdout and stderr pass
// through untouched, and its exit code (or the signal that killed it) becomes ours. Knows nothing
// of how the recorder works inside the program.
import { closeSync, existsSync, fchmodSync, fstatSync, openSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  endProcessTree,
  launchIntoCollector,
  parseLevelAssignment,
  recorderSettings,
  recordingRoot,
  TraceCollector,
  type ProgramExit,
  type RecordingOptions,
  type TreeEnding,
} from '../recording';
import { optionList, optionValue, parseArgs, type OptionSpec } from './args';
import { ATTRIBUTE_OPTIONS, attributeValues } from './attributeOptions';
import { resolveEntry } from './entry';
import { CliError } from './errors';
import { privateTraceDirectory } from './traceDirectory';
import { assembleOrphanedFlightsIn } from '../recording/orphanedFlight';

/** `--out`, then one option per launch attribute with a `cliOption` (protocol/launchAttributes.ts). */
export const RECORD_OPTIONS: Record<string, OptionSpec> = { out: { kind: 'value' }, ...ATTRIBUTE_OPTIONS };

/** After the program exits, how long its descendants may keep streaming before they count as killed. */
const DESCENDANT_GRACE_MS = 2000;
/** Signals a user sends to `rewind` that the program should receive instead. */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];
/** Of those, the ones that mean "stop recording": they end the program and everything it started. */
const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
/** How long the program tree may take to end on its own after such a signal, before SIGKILL. */
const SIGNAL_GRACE_MS = 3000;

export interface RecordOutcome {
  exit: ProgramExit;
  tracePath: string;
}

interface RecordRequest {
  script: string;
  scriptArgs: string[];
  /** Node's own options for the program (`--node-arg`, like a launch's runtimeArgs). */
  nodeArgs: string[];
  options: RecordingOptions;
  tracePath: string;
  /** --out was given (so stderr stays exactly the program's). */
  explicitOut: boolean;
}

function parseRecordRequest(argv: readonly string[]): RecordRequest {
  const parsed = parseArgs(argv, RECORD_OPTIONS, true);
  const [script, ...scriptArgs] = parsed.rest;
  if (!script) throw new CliError('record needs a script: rewind record [options] -- <script> [args…]');
  const scriptPath = resolveEntry(script);
  if (scriptPath === undefined) throw new CliError(`cannot find the script ${resolve(script)}`);
  // Every attribute option arrives under its attribute's name (attributeOptions.ts); runtimeArgs is
  // node's own, not the recorder's.
  const { runtimeArgs = [], ...attributes } = attributeValues(parsed);
  const options: RecordingOptions = {
    root: recordingRoot(scriptPath, process.cwd()),
    ...attributes,
    ...fileLevels(parsed),
  };
  const out = optionValue(parsed, 'out');
  const tracePath = out ? resolve(out) : join(privateTraceDirectory(), defaultTraceName(scriptPath));
  return {
    script,
    scriptArgs,
    nodeArgs: runtimeArgs,
    options,
    tracePath,
    explicitOut: out !== undefined,
  };
}

/** --file-level GLOB=LEVEL (the attribute `levels`): present only when given, since its presence turns planning on. */
function fileLevels(parsed: ReturnType<typeof parseArgs>): Pick<RecordingOptions, 'levels'> {
  const assignments = optionList(parsed, 'file-level').map((text) => {
    const assignment = parseLevelAssignment(text);
    if (!assignment) throw new CliError(`option --file-level must be GLOB=full|calls|none (got '${text}')`);
    return [assignment.glob, assignment.level] as const;
  });
  return assignments.length ? { levels: Object.fromEntries(assignments) } : {};
}

export async function recordCommand(argv: readonly string[], bootloaderPath: string): Promise<RecordOutcome> {
  const request = parseRecordRequest(argv);
  if (!existsSync(bootloaderPath)) throw new CliError(`the recorder is missing (${bootloaderPath}); run npm run build`);
  // An earlier flight recording here killed whole (CLI and program at once): its kept segments
  // become its trace now, before this run could replace that trace or leave the folders behind.
  for (const kept of assembleOrphanedFlightsIn(dirname(request.tracePath)).kept) {
    // Recording over that trace would orphan its segments (and a later producer could take them for its own).
    if (resolve(kept.tracePath) === resolve(request.tracePath))
      throw new CliError(`${kept.message}; record to another --out, or remove ${kept.folder} to record over it`);
    process.stderr.write(`rewind: warning: ${kept.message}\n`);
  }
  const regularFile = ensureWritable(request.tracePath);
  // Direct mode: the program's drain threads append to the trace themselves (one copy from ring to
  // file). Only a regular file takes appends from several processes; a device or pipe gets the stream.
  const collector = await TraceCollector.create(
    regularFile
      ? { directFile: request.tracePath, retainBytes: false }
      : { outFile: request.tracePath, retainBytes: false },
  );
  const problems: string[] = [];
  collector.on('problem', (message) => problems.push(message));
  const settings = recorderSettings(request.options);
  const program = launchIntoCollector(collector, {
    program: request.script,
    args: request.scriptArgs,
    runtimeArgs: request.nodeArgs,
    settings,
    bootloaderPath,
    stdio: 'inherit',
    argv0: process.argv0, // the program runs on this Node: it sees the name it was started by (issue 14 item 6)
  });
  // Killing rewind ends the program with it (issue 10 item 13): the signal goes to the whole tree,
  // which has SIGNAL_GRACE_MS to end on its own before SIGKILL; a second signal kills at once.
  let ending: TreeEnding | undefined;
  let exited = false;
  const stopForwarding = forwardSignals((signal, deliveredByTerminal) => {
    if (!ENDING_SIGNALS.includes(signal)) return void (deliveredByTerminal || program.child.kill(signal));
    if (ending) return ending.now();
    if (exited || program.child.pid === undefined) return;
    ending = endProcessTree(program.child.pid, deliveredByTerminal ? undefined : signal, SIGNAL_GRACE_MS);
  });
  const exit = await program.exited;
  exited = true;
  // Descendants still streaming get a grace period, then count as killed (like an orphan, the
  // program's exit does not wait for them) — and when rewind was told to stop, they are ended.
  await collector.waitForIdle(ending ? SIGNAL_GRACE_MS : DESCENDANT_GRACE_MS);
  ending?.now();
  const summary = await collector.finish();
  stopForwarding();
  if (exit.spawnError) throw new CliError(`could not start node: ${exit.spawnError}`);
  if (summary.producers === 0)
    problems.push(`nothing was recorded: the program never reached the recorder, so ${request.tracePath} is empty`);
  for (const problem of problems) process.stderr.write(`[rewind] ${problem}\n`);
  // After a write error (disk full) the file holds only a prefix: never call that "saved" (with
  // --out, the write error's own line is the one message).
  if (!request.explicitOut) {
    process.stderr.write(
      summary.writeError
        ? `[rewind] the recording is incomplete: ${request.tracePath} holds only what was written before the error\n`
        : `[rewind] recording saved to ${request.tracePath}\n`,
    );
  }
  return { exit, tracePath: request.tracePath };
}

/**
 * Fails before the program runs, not after, when the trace cannot be written; and makes an existing
 * regular file 0600 (SEC-10). Never chmods anything else: --out may name a device or a pipe.
 * Returns whether it is a regular file.
 */
function ensureWritable(tracePath: string): boolean {
  try {
    const fd = openSync(tracePath, 'w', 0o600);
    try {
      const regular = fstatSync(fd).isFile();
      if (regular) fchmodSync(fd, 0o600);
      return regular;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new CliError(
      `cannot write the trace to ${tracePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function defaultTraceName(scriptPath: string): string {
  const stem = basename(scriptPath, extname(scriptPath)).replace(/[^\w.-]+/g, '_') || 'program';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${stem}-${stamp}.rwd`;
}

/** Signals a terminal sends to its whole foreground process group (Ctrl+C, Ctrl+backslash). */
const TERMINAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

/**
 * Relays signals sent to rewind. Ctrl+C in a terminal already reaches the program (same process
 * group), so `deliveredByTerminal` says not to send those again: a program must see one SIGINT.
 */
function forwardSignals(relay: (signal: NodeJS.Signals, deliveredByTerminal: boolean) => void): () => void {
  const onTerminal = Boolean(process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY);
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => relay(signal, onTerminal && TERMINAL_SIGNALS.includes(signal));
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}
