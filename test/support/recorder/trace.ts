// Reading what the recorder wrote, for tests: a trace file (or bytes) split per producer into
// decoded JSON records and one event-word stream, plus an event lister that walks and decodes
// events through runtime/format's own readers (eventEnd, decodeValue) — so every test that uses
// it round-trips the recorder's encoding through the project's reader.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { FileParts } from '../../../runtime/format/fileParts';
import {
  EventKind,
  Ext,
  KIND_MASK,
  RecordType,
  StringTable as FormatStringTable,
  decodeEnd,
  decodeEventWords,
  decodeLost,
  decodeNote,
  decodeProducer,
  decodeValue,
  eventEnd,
  headerKind,
  headerProbe,
  readTrace,
  type DecodedString,
  type DecodedValue,
  type EndInfo,
  type LostInfo,
  type NoteInfo,
  type ProducerInfo,
  type RegisteredFile,
  type TraceContents,
} from '../../../runtime/format';

export interface ProducerTrace {
  producerId: number;
  producer?: ProducerInfo;
  words: Int32Array;
  files: RegisteredFile[];
  lost: LostInfo[];
  notes: NoteInfo[];
  end?: EndInfo;
  sequences: number[];
  timeSamples: number;
}

export interface ParsedTrace {
  contents: TraceContents;
  producers: Map<number, ProducerTrace>;
  /** The first producer seen (the root process). */
  main: ProducerTrace;
}

export function readTraceFile(path: string): ParsedTrace {
  return parseTraceBytes(readFileSync(path));
}

export function parseTraceBytes(bytes: Uint8Array): ParsedTrace {
  const contents = readTrace(bytes, { inflate: (data) => inflateRawSync(data) });
  const producers = new Map<number, ProducerTrace>();
  const chunks = new Map<number, Int32Array[]>();
  const fileParts = new FileParts();
  for (const record of contents.records) {
    let producer = producers.get(record.producerId);
    if (!producer) {
      producer = {
        producerId: record.producerId,
        words: new Int32Array(0),
        files: [],
        lost: [],
        notes: [],
        sequences: [],
        timeSamples: 0,
      };
      producers.set(record.producerId, producer);
      chunks.set(record.producerId, []);
    }
    producer.sequences.push(record.sequence);
    switch (record.type) {
      case RecordType.PRODUCER:
        producer.producer = decodeProducer(record);
        break;
      case RecordType.FILE:
      case RecordType.PROBES:
      case RecordType.PACKED_PROBES: {
        // A table continued in other records (binary since format 3.11) is joined first.
        const file = fileParts.take(record);
        if (file) producer.files.push(file);
        break;
      }
      case RecordType.EVENTS:
      case RecordType.COMPACT_EVENTS:
        chunks.get(record.producerId)!.push(decodeEventWords(record).slice());
        break;
      case RecordType.LOST:
        producer.lost.push(decodeLost(record));
        break;
      case RecordType.END:
        producer.end = decodeEnd(record);
        break;
      case RecordType.NOTE:
        producer.notes.push(decodeNote(record));
        break;
      case RecordType.TIME:
        producer.timeSamples++;
        break;
    }
  }
  for (const [id, producer] of producers) {
    const parts = chunks.get(id)!;
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const words = new Int32Array(total);
    let at = 0;
    for (const part of parts) {
      words.set(part, at);
      at += part.length;
    }
    producer.words = words;
  }
  const main = producers.values().next().value;
  if (!main) throw new Error('trace has no records');
  return { contents, producers, main };
}

export interface WalkedEvent {
  kind: number;
  probe: number;
  offset: number;
  end: number;
}

/** Offsets of every event (throws on words that are not events). */
export function walkEvents(words: Int32Array): WalkedEvent[] {
  const events: WalkedEvent[] = [];
  for (let offset = 0; offset < words.length;) {
    const end = eventEnd(words, offset);
    events.push({ kind: headerKind(words[offset]), probe: headerProbe(words[offset]), offset, end });
    offset = end;
  }
  return events;
}

export function isLostMarker(words: Int32Array, event: WalkedEvent): boolean {
  return event.kind === EventKind.EXT && event.probe === Ext.LOST;
}

/** Events written by the producer (everything except the drain's EXT LOST markers). */
export function producerEvents(words: Int32Array): WalkedEvent[] {
  return walkEvents(words).filter((event) => !isLostMarker(words, event));
}

/** Defined strings by id: interned ones, long ones written again (format 3.10), slices (3.11). */
export type StringTable = Map<number, DecodedString>;

/** The string table, built as a reader would (STRING_DEF and STRING_SLICE events in order). */
export function stringTable(words: Int32Array): StringTable {
  const strings: StringTable = new Map();
  const reader = new FormatStringTable();
  for (const event of walkEvents(words)) {
    if (event.kind !== EventKind.EXT) continue;
    if (event.probe === Ext.STRING_DEF) reader.definition(words, event.offset);
    else if (event.probe === Ext.STRING_SLICE) reader.slice(words, event.offset);
    else continue;
    const id = words[event.offset + (event.probe === Ext.STRING_DEF ? 1 : 2)];
    const text = reader.lookup(id);
    if (text) strings.set(id, text);
    else strings.delete(id);
  }
  return strings;
}

export function decodeAt(words: Int32Array, offset: number, strings: StringTable): DecodedValue {
  return decodeValue(words, offset, (id) => strings.get(id));
}

export function eventKindName(kind: number): string {
  return Object.entries(EventKind).find(([, value]) => value === (kind & KIND_MASK))?.[0] ?? `kind${kind}`;
}
