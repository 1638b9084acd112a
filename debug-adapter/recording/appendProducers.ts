// Joining traces: every record of one trace file appended to another's, its producers renumbered
// after the target's (a re-executed child process becomes a producer of its parent's expansion,
// reexecute.ts). The records pass through as they were read (inflated where they were compressed);
// a PRODUCER record's own id is rewritten with its record's. Knows trace records and producer ids,
// not what the traces hold.
import { appendFileSync, readFileSync } from 'node:fs';
import { decodeProducer, readTrace, RecordType } from '../../runtime/format';
import { RecordingError } from './errors';
import { frameRecord, jsonRecordPayload } from './framing';
import { NODE_READ_OPTIONS } from './traceFiles';

/**
 * Appends `sourcePath`'s records to `targetPath` under producer ids after the target's; returns the
 * id each of the source's producers got, by its id in the source.
 */
export function appendProducers(targetPath: string, sourcePath: string): Map<number, number> {
  const target = readTrace(readFileSync(targetPath), NODE_READ_OPTIONS);
  const source = readTrace(readFileSync(sourcePath), NODE_READ_OPTIONS);
  if (source.error) throw new RecordingError(`${sourcePath} is not a readable trace: ${source.error.message}`);
  let next = 0;
  for (const record of target.records) next = Math.max(next, record.producerId + 1);
  const renumbered = new Map<number, number>();
  const frames: Uint8Array[] = [];
  for (const record of source.records) {
    let producerId = renumbered.get(record.producerId);
    if (producerId === undefined) renumbered.set(record.producerId, (producerId = next++));
    const payload =
      record.type === RecordType.PRODUCER
        ? jsonRecordPayload({ ...decodeProducer(record), producerId })
        : record.payload;
    frames.push(
      frameRecord({ type: record.type, flags: record.flags, producerId, sequence: record.sequence, payload }),
    );
  }
  appendFileSync(targetPath, Buffer.concat(frames));
  return renumbered;
}
