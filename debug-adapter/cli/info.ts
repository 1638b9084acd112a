// `rewind info FILE [--json]`: a summary of a trace for people (text) or scripts (--json). Exit 0
// for a readable trace (an incomplete one gets a warning), 2 when damage cut the records short,
// 1 when nothing can be read. The file is streamed record by record (a trace of any size, issue 10
// item 4): only counts are held. Knows nothing of how a trace is recorded.
import { resolve } from 'node:path';
import { CompletionTracker, EXT_KINDS, EXT_NAMES, type ExtName } from '../../runtime/format';
import { UnreadableTraceError, streamRecords } from '../export/recordStream';
import { assembleOrphanedFlights } from '../recording/orphanedFlight';
import { assembleOrphanedLive } from '../recording/liveTraceFile';
import { isDeferredTraceFile, processLabel } from '../recording';
import { optionFlag, parseArgs } from './args';
import { CliError } from './errors';
import { FileLevels, fileLevelLines, type FileLevel } from './filePlan';
import { TraceSummarizer, type TraceSummary } from './traceSummary';

export const DAMAGED_TRACE_EXIT_CODE = 2;

export function infoCommand(argv: readonly string[]): number {
  const parsed = parseArgs(argv, { json: { kind: 'flag' } });
  if (parsed.positionals.length !== 1)
    throw new CliError('info needs exactly one trace file: rewind info FILE [--json]');
  const path = resolve(parsed.positionals[0]);
  const json = optionFlag(parsed, 'json');
  // A flight recording whose processes were all killed at once: its kept segments become the trace first.
  const { kept } = assembleOrphanedFlights(path);
  for (const { message } of kept) process.stderr.write(`rewind: warning: ${message}\n`);
  // An editor launch whose adapter was killed: its producers get the ENDs the adapter would have written.
  assembleOrphanedLive(path);
  let read: { summary: TraceSummary; fileLevels: FileLevel[]; validBytes: number };
  try {
    read = summarizeTraceFile(path);
  } catch (error) {
    // A script reading --json gets an answer it can parse, not empty output (the reason is on stderr too).
    if (json && error instanceof CliError)
      process.stdout.write(`${JSON.stringify({ error: { message: error.message, path } }, null, 2)}\n`);
    throw error;
  }
  const { summary, fileLevels } = read;
  if (json) process.stdout.write(`${JSON.stringify({ ...jsonSummary(summary), fileLevels }, null, 2)}\n`);
  else process.stdout.write(textSummary(path, summary, read.validBytes, fileLevels, isDeferredTraceFile(path)));
  for (const warning of warningsOf(summary)) process.stderr.write(`rewind: warning: ${warning}\n`);
  return summary.error || summary.warnings.length ? DAMAGED_TRACE_EXIT_CODE : 0;
}

/**
 * One pass over the file: the summary, the file levels and the verified size. Throws CliError for a
 * file that cannot be read as a trace at all.
 */
export function summarizeTraceFile(path: string): {
  summary: TraceSummary;
  fileLevels: FileLevel[];
  validBytes: number;
} {
  const summarizer = new TraceSummarizer();
  const levels = new FileLevels();
  const completion = new CompletionTracker();
  try {
    const streamed = streamRecords(path, (record) => {
      summarizer.observe(record);
      levels.observe(record);
      completion.observe(record);
    });
    const summary = summarizer.finish({ ...streamed, complete: !streamed.error && completion.complete() });
    return { summary, fileLevels: levels.levels(), validBytes: streamed.validBytes };
  } catch (error) {
    if (error instanceof UnreadableTraceError) throw new CliError(error.message);
    throw error;
  }
}

function warningsOf(summary: TraceSummary): string[] {
  const warnings: string[] = [];
  if (summary.error)
    warnings.push(
      `the trace is damaged: ${summary.error.message} at byte offset ${summary.error.byteOffset}; showing what precedes it`,
    );
  else if (!summary.complete)
    warnings.push(`the trace is incomplete (${incompleteBecause(summary)}); showing what was recorded`);
  return [...warnings, ...summary.warnings];
}

/**
 * Why an incomplete trace is incomplete: the program, or another process of it (a child, a worker),
 * killed before its END, and how much each may miss at its end.
 */
export function incompleteBecause(summary: Pick<TraceSummary, 'end' | 'killed' | 'producers'>): string {
  const reasons: string[] = [];
  const root = rootKilled(summary.end);
  if (root !== undefined) reasons.push(root);
  for (const killed of summary.killed) {
    const producer = summary.producers.find((candidate) => candidate.producerId === killed.producerId);
    const who = producer ? processLabel(producer) : `process #${killed.producerId}`;
    // None of its events in the trace: whatever the estimate of its tail, all it did is missing.
    const tail =
      killed.eventsWritten === 0 ? 'before any of its events were written' : tailOf(killed.unflushedEventsEstimate);
    reasons.push(`${who} was killed ${tail}`);
  }
  if (reasons.length > 0) return reasons.join('; ');
  return summary.end.reason === null ? 'no end record' : 'a process of it has no end record';
}

/** The program's own death before its END, if that is what the END says. */
function rootKilled(end: TraceSummary['end']): string | undefined {
  const died = end.signal ? `the program died of ${end.signal}` : 'the program was killed';
  if (end.unflushedEventsEstimate !== undefined) return `${died} ${tailOf(end.unflushedEventsEstimate)}`;
  return end.reason === 'killed' ? 'the program was killed before it finished recording' : undefined;
}

/** What a killed process may miss at its end, by the collector's estimate. */
function tailOf(estimate: number | undefined): string {
  // 0: by its last report everything it had published was written (an idle program killed): only
  // what it did after that report can be missing, which "about 0 events" would misstate.
  if (estimate === 0) return 'after its last report: everything it had recorded by then was written';
  if (estimate === undefined) return 'before it finished recording';
  return `before its last events were flushed: about ${estimate} events may be missing at the end`;
}

function jsonSummary(summary: TraceSummary): Record<string, unknown> {
  const { warnings, ...rest } = summary;
  return { ...rest, warnings };
}

/** "extension  12 callback origins, 3 emit calls" (labels: runtime/format/extKinds.ts); none: no line. */
function extLine(counts: Record<string, number>): string | undefined {
  const parts = Object.entries(counts).map(([name, count]) => {
    const label = EXT_NAMES.includes(name as ExtName) ? EXT_KINDS[name as ExtName].label : `EXT subkind ${name} events`;
    return `${count} ${label}`;
  });
  return parts.length ? `extension  ${parts.join(', ')}` : undefined;
}

function textSummary(
  path: string,
  summary: TraceSummary,
  sizeBytes: number,
  fileLevels: readonly FileLevel[],
  deferred: boolean,
): string {
  const main = summary.producers[0];
  const end =
    summary.end.reason === null
      ? 'none (incomplete)'
      : `${summary.end.reason}${summary.end.exitCode !== null ? `, exit code ${summary.end.exitCode}` : ''}${summary.end.signal ? `, signal ${summary.end.signal}` : ''}`;
  const lines = [
    `trace      ${path} (format ${summary.version}, ${sizeBytes} bytes${summary.complete ? '' : ', INCOMPLETE'})`,
    main ? `program    ${main.argv.join(' ')} (pid ${main.pid})` : undefined,
    deferred ? 'deferred   no steps: what the program read is logged; `rewind expand` makes the full trace' : undefined,
    `end        ${end}`,
    summary.end.error ? `error      ${summary.end.error.name}: ${summary.end.error.message}` : undefined,
    `events     ${summary.events}`,
    `steps      ${summary.steps}`,
    `functions  ${summary.functions}`,
    `probes     ${summary.probes}`,
    `lost       ${summary.lost}`,
    extLine(summary.extEvents),
    `producers  ${summary.producers.length}`,
    `duration   ${summary.durationMs === null ? 'unknown' : `${summary.durationMs} ms`}`,
    `files      ${summary.files.length}`,
    ...fileLevelLines(fileLevels),
    ...summary.notes.map((note) => `note       ${note}`),
  ];
  return `${lines.filter((line) => line !== undefined).join('\n')}\n`;
}
