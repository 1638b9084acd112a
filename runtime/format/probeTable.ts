// A file's probe table as the instrumenter streams it out: each probe becomes its JSON text as the
// walk makes it, kept in chunks of PROBES_PER_CHUNK, never as one object per probe (340,000
// ProbeInfo objects of a generated file held ~100 MB) nor as one giant string. The FILE record's
// `probes` array is these chunks between brackets: the record's bytes are unchanged. Knows the
// text of probes, not where it goes.
import type { FileProbeTable, ProbeInfo } from './probes';

export const PROBES_PER_CHUNK = 4096;

/** Probes 0..count-1 as JSON texts: chunk k holds probes k·PROBES_PER_CHUNK… joined by ','. */
export interface ProbeTableText {
  count: number;
  chunks: string[];
}

/** A FileProbeTable whose probes are streamed text. */
export interface StreamedProbeTable extends Omit<FileProbeTable, 'probes'> {
  probes: ProbeTableText;
}

export class ProbeTableWriter {
  private readonly chunks: string[] = [];
  /** The probes of the chunk being filled: at most PROBES_PER_CHUNK objects alive. */
  private pending: ProbeInfo[] = [];
  private written = 0;

  get count(): number {
    return this.written;
  }

  /** Appends a probe; returns its file-local id. */
  add(probe: ProbeInfo): number {
    this.pending.push(probe);
    if (this.pending.length === PROBES_PER_CHUNK) this.seal();
    return this.written++;
  }

  finish(): ProbeTableText {
    if (this.pending.length > 0) this.seal();
    return { count: this.written, chunks: this.chunks };
  }

  private seal(): void {
    // One stringify per chunk: V8's fast path for an array, several times faster than per probe.
    const text = JSON.stringify(this.pending);
    this.chunks.push(text.slice(1, text.length - 1));
    this.pending = [];
  }
}

/** The probes of one chunk, as objects (a chunk at a time keeps the objects few). */
function parseProbeChunk(chunk: string, parse: (text: string) => unknown = JSON.parse): ProbeInfo[] {
  return parse(`[${chunk}]`) as ProbeInfo[];
}

/** The text of probes given as objects (small tables, tests). */
export function probeTableText(probes: readonly ProbeInfo[]): ProbeTableText {
  const writer = new ProbeTableWriter();
  for (const probe of probes) writer.add(probe);
  return writer.finish();
}

/** Every probe as an object: for small tables and tests, not for the loader's path. */
export function probeTableArray(table: ProbeTableText, parse?: (text: string) => unknown): ProbeInfo[] {
  const probes: ProbeInfo[] = [];
  forEachProbe(table, (probe) => probes.push(probe), parse);
  return probes;
}

/** Calls `visit` with each probe and its local id, one chunk of objects alive at a time. */
export function forEachProbe(
  table: ProbeTableText,
  visit: (probe: ProbeInfo, localId: number) => void,
  parse?: (text: string) => unknown,
): void {
  let localId = 0;
  for (const chunk of table.chunks) for (const probe of parseProbeChunk(chunk, parse)) visit(probe, localId++);
}
