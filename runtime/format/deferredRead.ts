// Reading a deferred recording back: a producer's log (deferred.ts's events), what it
// printed (its OUTPUT events: the re-execution's output is checked against them) and the
// identities of the files it ran (FILE records: path and content hash). Used by the bootloader that
// feeds the log to a re-execution and by the expander that decides whether one may run. Pure:
// takes parsed records, knows nothing of files on disk.
import { DeferredLogBuilder, type DeferredLog } from './deferred';
import { EventKind, Ext, OutputStream, headerKind, headerProbe } from './events';
import { eventEnd } from './eventWalk';
import { decodeEventWords, decodeFile, decodeNote, decodeProducer, decodeTime } from './recordPayloads';
import { RecordType, holdsEvents } from './records';
import type { TraceRecord } from './traceReader';
import { decodeValue } from './valueDecode';
import { StringTable } from './stringTable';

/** One write the deferred run made to stdout or stderr: its text as recorded (maybe cut) and its true length. */
export interface PrintedChunk {
  text: string;
  length: number;
}

/** What the deferred run printed, write by write. */
export interface PrintedOutput {
  stdout: PrintedChunk[];
  stderr: PrintedChunk[];
}

interface FileIdentity {
  path: string;
  /** sha256 of the text as loaded, hex. */
  sourceHash: string;
}

export interface DeferredContents {
  log: DeferredLog;
  files: FileIdentity[];
  /** Warning and error notes the deferred run left (a file it could not read, a failed sink…). */
  notes: string[];
  printed: PrintedOutput;
  /**
   * For each logged callback, by when it had run: ms after the deferred run started (the first
   * TIME sample that counts its event; Infinity past the last one). A partial expansion stops by these.
   */
  callbackTimesMs: number[];
}

/**
 * One producer's log and files: the root's (id 0) by default, or a child process's (each Node
 * process of a deferred run logs its own; a worker thread is flagged unsupported at record time).
 * `startWallTimeMs`: the trace header's, what the root's callback times count from (a child's count
 * from its PRODUCER record's start).
 */
export function readDeferredContents(
  records: readonly TraceRecord[],
  startWallTimeMs?: number,
  producerId = 0,
): DeferredContents {
  const builder = new DeferredLogBuilder();
  const files: FileIdentity[] = [];
  const notes: string[] = [];
  const printed: PrintedOutput = { stdout: [], stderr: [] };
  const strings = new StringTable();
  /** Each logged callback's event index in the producer's stream, then its time. */
  const callbackEvents: number[] = [];
  const samples: Array<{ eventIndex: number; wallTimeMs: number }> = [];
  let events = 0;
  const lookup = strings.lookup;
  for (const record of records) {
    if (record.producerId !== producerId) continue;
    if (record.type === RecordType.PRODUCER) startWallTimeMs ??= decodeProducer(record).startWallTimeMs;
    else if (record.type === RecordType.TIME) samples.push(decodeTime(record));
    else if (record.type === RecordType.FILE) {
      const file = decodeFile(record);
      if (file.sourceHash) files.push({ path: file.path, sourceHash: file.sourceHash });
    } else if (record.type === RecordType.NOTE) {
      const note = decodeNote(record);
      if (note.level !== 'info') notes.push(note.message);
    } else if (holdsEvents(record.type)) {
      const words = decodeEventWords(record);
      for (let at = 0; at < words.length; at = eventEnd(words, at), events++) {
        if (headerKind(words[at]) === EventKind.OUTPUT) {
          const stream = words[at + 1];
          const text = decodeValue(words, at + 2, lookup);
          if (stream !== OutputStream.CONSOLE && text.type === 'string')
            (stream === OutputStream.STDOUT ? printed.stdout : printed.stderr).push({
              text: text.value,
              length: text.length,
            });
          continue;
        }
        if (headerKind(words[at]) !== EventKind.EXT) continue;
        const subkind = headerProbe(words[at]);
        if (subkind === Ext.ND_VALUE) builder.value(words, at);
        else if (subkind === Ext.ND_CALLBACK) {
          builder.callback(words, at);
          callbackEvents.push(events);
        } else if (subkind === Ext.ND_UNSUPPORTED) builder.unsupported(words, at);
        else if (subkind === Ext.STRING_DEF) strings.definition(words, at);
        else if (subkind === Ext.STRING_SLICE) strings.slice(words, at);
      }
    }
  }
  const start = startWallTimeMs ?? samples[0]?.wallTimeMs ?? 0;
  // Both in stream order: one walk.
  let next = 0;
  const callbackTimesMs = callbackEvents.map((event) => {
    while (next < samples.length && samples[next].eventIndex <= event) next++;
    return next < samples.length ? samples[next].wallTimeMs - start : Infinity;
  });
  return { log: builder.log, files, notes, printed, callbackTimesMs };
}
