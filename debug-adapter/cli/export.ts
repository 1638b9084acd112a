// `rewind export FILE --format chrome-trace [--out F]`: writes a recording for other trace
// viewers (debug-adapter/export/). Output to --out (created, mode 0600 like traces) or stdout.
// Exit 0 for a whole recording, 2 when damage cut it short (what precedes it is exported). A deferred
// recording is expanded first (cached beside it: cli/expand.ts), and its expansion is exported.
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportChromeTrace } from '../export/chromeTrace';
import { FdSink } from '../export/jsonArrayWriter';
import { UnreadableTraceError } from '../export/recordStream';
import { isDeferredTraceFile, RecordingError, regeneratedIfLeafCalls } from '../recording';
import { optionValue, parseArgs } from './args';
import { expandOrExplain } from './expand';
import { CliError } from './errors';
import { DAMAGED_TRACE_EXIT_CODE } from './info';

const FORMATS = ['chrome-trace'] as const;

export async function exportCommand(argv: readonly string[], bootloaderPath: string): Promise<number> {
  const parsed = parseArgs(argv, { format: { kind: 'value', choices: FORMATS }, out: { kind: 'value' } });
  if (parsed.positionals.length !== 1)
    throw new CliError('export needs exactly one trace file: rewind export FILE --format chrome-trace [--out F]');
  if (optionValue(parsed, 'format') === undefined)
    throw new CliError(`export needs --format (one of ${FORMATS.join(', ')})`);
  const requested = resolve(parsed.positionals[0]);
  const expanded = isDeferredTraceFile(requested)
    ? (await expandOrExplain(requested, bootloaderPath)).tracePath
    : requested;
  const path = regeneratedOrExplain(expanded);
  const out = optionValue(parsed, 'out');
  let fd = 1;
  if (out !== undefined) {
    try {
      fd = openSync(resolve(out), 'w', 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const sink = new FdSink(fd);
  try {
    const summary = exportChromeTrace(path, sink);
    if (out !== undefined)
      process.stderr.write(
        `rewind: wrote ${summary.events} trace events (${summary.slices} slices, ${summary.producers} producers, ${sink.bytesWritten} bytes) to ${out}\n`,
      );
    for (const warning of summary.warnings) process.stderr.write(`rewind: warning: ${warning}\n`);
    if (summary.damage)
      process.stderr.write(`rewind: warning: the trace is damaged (${summary.damage}); exported what precedes it\n`);
    return summary.damage || summary.warnings.length ? DAMAGED_TRACE_EXIT_CODE : 0;
  } catch (error) {
    // Nothing was written yet (the first pass reads the header): leave no empty output behind.
    if (out !== undefined && error instanceof UnreadableTraceError) unlinkSync(resolve(out));
    if (error instanceof UnreadableTraceError) throw new CliError(error.message);
    throw error;
  } finally {
    if (fd !== 1) closeSync(fd);
  }
}

/** A recording made with leaf calls is exported as its regeneration (recording/regeneratedTrace.ts). */
function regeneratedOrExplain(path: string): string {
  try {
    return regeneratedIfLeafCalls(path).tracePath;
  } catch (error) {
    if (error instanceof RecordingError) throw new CliError(error.message);
    throw error;
  }
}
