// `rewind expand DEFERRED.rwd [-o|--out FULL.rwd] [--until-ms N]`: makes the full trace of a deferred
// recording by re-executing its program with the log fed back (debug-adapter/recording/reexecute.ts).
// Without --out the result is cached beside the deferred trace, so a second expand (or an open) is
// free. --until-ms re-executes only the deferred run's first N ms (a partial expansion that says so).
// Exit 0 for a whole or asked-for partial expansion, 3 when the re-execution diverged (the trace
// holds what precedes it). Ctrl+C (or SIGTERM, SIGHUP) stops the re-execution, which runs in a
// process group of its own that the terminal's signal does not reach, and keeps nothing of it.
import { resolve } from 'node:path';
import { expandDeferred, RecordingError, type ExpandOutcome } from '../recording';
import { optionValue, parseArgs } from './args';
import { CliError } from './errors';

export const DIVERGED_EXIT_CODE = 3;
/** As a shell reports a command ended by SIGINT. */
const CANCELLED_EXIT_CODE = 130;
const CANCELLING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function expandCommand(argv: readonly string[], bootloaderPath: string): Promise<number> {
  // `-o FILE` as well as `--out FILE`.
  const normalized = argv.map((arg) => (arg === '-o' ? '--out' : arg));
  const parsed = parseArgs(normalized, { out: { kind: 'value' }, 'until-ms': { kind: 'value' } });
  if (parsed.positionals.length !== 1)
    throw new CliError('expand needs exactly one deferred trace: rewind expand DEFERRED.rwd [-o FULL.rwd]');
  const out = optionValue(parsed, 'out');
  const until = optionValue(parsed, 'until-ms');
  const untilMs = until === undefined ? undefined : Number(until);
  if (untilMs !== undefined && !(untilMs >= 0)) throw new CliError(`--until-ms needs a number of ms, not ${until}`);
  const outcome = await expandOrExplain(resolve(parsed.positionals[0]), bootloaderPath, out && resolve(out), untilMs);
  const ended = outcome.divergence ? ' (up to a divergence)' : outcome.partial ? ' (partial, as asked)' : '';
  process.stderr.write(`[rewind] ${outcome.cached ? 'already expanded' : 'expanded'}: ${outcome.tracePath}${ended}\n`);
  if (outcome.partial && !outcome.divergence) process.stderr.write(`[rewind] ${outcome.partial}\n`);
  if (outcome.signalEnd && !outcome.divergence) process.stderr.write(`[rewind] ${outcome.signalEnd}\n`);
  for (const left of outcome.processesLeftOut) process.stderr.write(`[rewind] not in the expansion: ${left}\n`);
  if (!outcome.divergence) return 0;
  for (const divergence of [outcome.divergence, ...outcome.otherDivergences])
    process.stderr.write(`[rewind] ${divergence}\n`);
  return DIVERGED_EXIT_CODE;
}

/** The expansion, or a CliError saying why there is none (refused, unreadable, cancelled by a signal). */
export async function expandOrExplain(
  deferredPath: string,
  bootloaderPath: string,
  outPath?: string,
  untilMs?: number,
): Promise<ExpandOutcome> {
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  for (const signal of CANCELLING_SIGNALS) process.on(signal, onSignal);
  try {
    return await expandDeferred({
      deferredPath,
      bootloaderPath,
      signal: cancel.signal,
      ...(outPath ? { outPath } : {}),
      ...(untilMs !== undefined ? { untilMs } : {}),
    });
  } catch (error) {
    if (cancel.signal.aborted)
      throw new CliError(
        'expansion cancelled: the re-execution was stopped, and nothing of it kept',
        CANCELLED_EXIT_CODE,
      );
    if (error instanceof RecordingError) throw new CliError(error.message);
    throw error;
  } finally {
    for (const signal of CANCELLING_SIGNALS) process.off(signal, onSignal);
  }
}
