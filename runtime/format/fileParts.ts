// Joins a probe table split over a FILE record and the records that continue it: JSON PROBES
// records (format 3.3) or binary PACKED_PROBES records (3.11, packedProbes.ts). A reader is handed
// one RegisteredFile, once its last part is in. Parts are matched per producer by probeBase, in
// order. Knows record payloads, not what readers do with the tables.
import { TraceFormatError } from './errors';
import { PackedProbesReader } from './packedProbes';
import type { RegisteredFile } from './probes';
import { decodeFile, decodeProbesPart, type RecordPayloadSource } from './recordPayloads';
import { RECORD_PREFIX_BYTES, RecordType } from './records';
import { ByteRangeError } from './varint';

interface Waiting {
  file: RegisteredFile;
  /** Set for a binary table (3.11). */
  packed?: PackedProbesReader;
}

export class FileParts {
  /** FILEs whose table continues, by `<producer>:<probeBase>`. */
  private readonly waiting = new Map<string, Waiting>();

  /**
   * A FILE, PROBES or PACKED_PROBES record: the whole table once complete, undefined while parts
   * are missing (or for any other record). Throws TraceFormatError for a payload that is not one,
   * or a part that continues no table where it left off.
   */
  take(record: RecordPayloadSource & { producerId: number }): RegisteredFile | undefined {
    if (record.type === RecordType.FILE) return this.file(record);
    if (record.type === RecordType.PACKED_PROBES) return this.packed(record);
    if (record.type !== RecordType.PROBES) return undefined;
    const part = decodeProbesPart(record);
    const key = `${record.producerId}:${part.probeBase}`;
    const waiting = this.waiting.get(key);
    const file = waiting?.file;
    if (!file || waiting.packed || part.from !== file.probes.length)
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

  private file(record: RecordPayloadSource & { producerId: number }): RegisteredFile | undefined {
    const file = decodeFile(record);
    const key = `${record.producerId}:${file.probeBase}`;
    if (file.packedProbes) {
      if (file.probes.length !== 0)
        throw new TraceFormatError('FILE record has both probes and packedProbes', record.byteOffset, 'byte');
      const packed = new PackedProbesReader(file.packedProbes, file.probeBase, file.probes);
      if (packed.complete) return file;
      this.waiting.set(key, { file, packed });
      return undefined;
    }
    if (file.probeCount === undefined || file.probeCount <= file.probes.length) return file;
    this.waiting.set(key, { file });
    return undefined;
  }

  private packed(record: RecordPayloadSource & { producerId: number }): RegisteredFile | undefined {
    // The payload's own offsets are reported from the record's start, past its 12-byte prefix.
    const refuse = (message: string, offset: number): never => {
      throw new TraceFormatError(
        `PACKED_PROBES record ${message}`,
        record.byteOffset + RECORD_PREFIX_BYTES + offset,
        'byte',
      );
    };
    try {
      const key = `${record.producerId}:${PackedProbesReader.probeBaseOf(record.payload)}`;
      const waiting = this.waiting.get(key);
      if (!waiting?.packed) return refuse(`continues no binary probe table (${key})`, 0);
      waiting.packed.read(record.payload);
      if (!waiting.packed.complete) return undefined;
      this.waiting.delete(key);
      return waiting.file;
    } catch (error) {
      if (error instanceof ByteRangeError) return refuse(error.message, error.offset);
      throw error;
    }
  }
}
