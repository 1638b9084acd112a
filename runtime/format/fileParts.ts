// Joins a probe table split over a FILE record and the PROBES records that continue it (format
// 3.3, records.ts): a reader is handed one RegisteredFile, once its last part is in. Parts are
// matched per producer by probeBase, in order. Knows record payloads, not what readers do with
// the tables.
import { TraceFormatError } from './errors';
import type { RegisteredFile } from './probes';
import { decodeFile, decodeProbesPart, type RecordPayloadSource } from './recordPayloads';
import { RecordType } from './records';

export class FileParts {
  /** FILEs whose table continues, by `<producer>:<probeBase>`. */
  private readonly waiting = new Map<string, RegisteredFile>();

  /**
   * A FILE or PROBES record: the whole table once complete, undefined while parts are missing (or
   * for any other record). Throws TraceFormatError for a payload that is not one, or a PROBES
   * record that continues no table where it left off.
   */
  take(record: RecordPayloadSource & { producerId: number }): RegisteredFile | undefined {
    if (record.type === RecordType.FILE) {
      const file = decodeFile(record);
      if (file.probeCount === undefined || file.probeCount <= file.probes.length) return file;
      this.waiting.set(`${record.producerId}:${file.probeBase}`, file);
      return undefined;
    }
    if (record.type !== RecordType.PROBES) return undefined;
    const part = decodeProbesPart(record);
    const key = `${record.producerId}:${part.probeBase}`;
    const file = this.waiting.get(key);
    if (!file || part.from !== file.probes.length)
      throw new TraceFormatError(
        `PROBES record (probes ${part.from}… of base ${part.probeBase}) continues no probe table`,
        record.byteOffset,
        'byte',
      );
    // One at a time: a spread of 100,000s of arguments would overflow the stack.
    for (const probe of part.probes) file.probes.push(probe);
    if (file.probes.length < (file.probeCount ?? 0)) return undefined;
    this.waiting.delete(key);
    return file;
  }
}
