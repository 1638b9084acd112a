// Reading a deferred recording back: its log (deferred.ts's events of the root producer), what it
// printed (its OUTPUT events: the re-execution's output is checked against them) and the
// identities of the files it ran (FILE records: path and content hash). Used by the bootloader that
// feeds the log to a re-execution and by the expander that decides whether one may run. Pure:
// takes parsed records, knows nothing of files on disk.
import { DeferredLogBuilder, type DeferredLog } from './deferred';
import { EventKind, Ext, OutputStream, headerKind, headerProbe } from './events';
import { eventEnd } from './eventWalk';
import { decodeEventWords, decodeFile, decodeNote } from './recordPayloads';
import { RecordType } from './records';
import type { TraceRecord } from './traceReader';
import { decodeValue } from './valueDecode';

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
}

/** The root producer's (id 0) log and files; other producers (children, workers) are flagged unsupported at record time. */
export function readDeferredContents(records: readonly TraceRecord[]): DeferredContents {
  const builder = new DeferredLogBuilder();
  const files: FileIdentity[] = [];
  const notes: string[] = [];
  const printed: PrintedOutput = { stdout: [], stderr: [] };
  const strings = new Map<number, string>();
  const lookup = (id: number) => strings.get(id);
  for (const record of records) {
    if (record.producerId !== 0) continue;
    if (record.type === RecordType.FILE) {
      const file = decodeFile(record);
      if (file.sourceHash) files.push({ path: file.path, sourceHash: file.sourceHash });
    } else if (record.type === RecordType.NOTE) {
      const note = decodeNote(record);
      if (note.level !== 'info') notes.push(note.message);
    } else if (record.type === RecordType.EVENTS) {
      const words = decodeEventWords(record);
      for (let at = 0; at < words.length; at = eventEnd(words, at)) {
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
        else if (subkind === Ext.ND_CALLBACK) builder.callback(words, at);
        else if (subkind === Ext.ND_UNSUPPORTED) builder.unsupported(words, at);
        else if (subkind === Ext.STRING_DEF) {
          const text = decodeValue(words, at + 2, lookup);
          if (text.type === 'string') strings.set(words[at + 1], text.value);
        }
      }
    }
  }
  return { log: builder.log, files, notes, printed };
}
