// Resolves one producer's probe ids to (file, probe info), whenever the FILE record arrives: events
// may use probes before their table is known. One table per producer (the store keeps them apart):
// ids are producer-scoped, so two processes that load different files both start at the same id. Indexing asks only for
// a probe's role (its file's level,
// module or not), and the store re-indexes when a late table answers one it asked about. Also owns
// the per-file line index used to snap breakpoints. Knows nothing of events or steps.
import {
  STEP_PROBE_KINDS,
  producerProbeId,
  type ProbeInfo,
  type ProducerProbeId,
  type RegisteredFile,
} from '../../runtime/format';
import { upperBound } from './columns';

/** Role bits of a probe for indexing (see role()). */
export const ProbeRole = {
  /** No table covers the probe (yet): indexed as a full-level probe. */
  UNKNOWN: 0,
  KNOWN: 1,
  /** Its file was instrumented at level `calls` (FILE.level): no STEP events, calls stand in for them. */
  CALLS: 2,
  /** A module body's probe: it never RETURNs, and its EXIT is its last statement (so never a throw's step). */
  MODULE: 4,
  /** A RETURN that ends its frame: no EXIT follows it (ProbeInfo.endsFrame, format 3). */
  ENDS_FRAME: 8,
} as const;

export interface ResolvedProbe {
  file: RegisteredFile;
  fileIndex: number;
  localId: number;
  info: ProbeInfo;
  globalId: ProducerProbeId;
}

export class ProbeTable {
  /** Files sorted by probeBase. */
  private readonly files: RegisteredFile[] = [];
  private readonly resolved = new Map<number, ResolvedProbe | null>();
  private readonly lineIndexes = new Map<RegisteredFile, Map<number, ProducerProbeId[]>>();
  /** Bumped when a file arrives, so callers may drop caches built on unknown probes. */
  generation = 0;
  /** The file of the last role() answer: consecutive events nearly always share one. */
  private lastFile: RegisteredFile | undefined;

  addFile(file: RegisteredFile): void {
    if (!Array.isArray(file.probes) || typeof file.probeBase !== 'number') return;
    const at = upperBound(this.files.length, file.probeBase, (index) => this.files[index].probeBase);
    this.files.splice(at, 0, file);
    this.resolved.clear();
    this.generation++;
  }

  allFiles(): readonly RegisteredFile[] {
    return this.files;
  }

  /** The probe for a global id, or undefined when no table covers it (shown as an unknown location). */
  resolve(globalId: ProducerProbeId): ResolvedProbe | undefined {
    const cached = this.resolved.get(globalId);
    if (cached !== undefined) return cached ?? undefined;
    const fileIndex = upperBound(this.files.length, globalId, (index) => this.files[index].probeBase) - 1;
    const file = this.files[fileIndex];
    const localId = file ? globalId - file.probeBase : -1;
    const info = file?.probes[localId];
    const result = info ? { file, fileIndex, localId, info, globalId } : null;
    this.resolved.set(globalId, result);
    return result ?? undefined;
  }

  /**
   * ProbeRole bits of a global id. On the indexing hot path (every ENTER/RETURN/EXIT), so it
   * allocates nothing and skips the resolve cache.
   */
  role(globalId: number): number {
    let file = this.lastFile;
    if (!file || globalId < file.probeBase || globalId >= file.probeBase + file.probes.length) {
      file = this.files[upperBound(this.files.length, globalId, (index) => this.files[index].probeBase) - 1];
      if (!file || globalId >= file.probeBase + file.probes.length) return ProbeRole.UNKNOWN;
      this.lastFile = file;
    }
    const info = file.probes[globalId - file.probeBase];
    const kind = info.kind === 'module' ? ProbeRole.MODULE : info.endsFrame === true ? ProbeRole.ENDS_FRAME : 0;
    return ProbeRole.KNOWN | kind | (file.level === 'calls' ? ProbeRole.CALLS : 0);
  }

  /** The function/module probe enclosing a probe (itself when it is one). */
  functionOf(globalId: ProducerProbeId): ResolvedProbe | undefined {
    const probe = this.resolve(globalId);
    if (!probe) return undefined;
    if (probe.info.kind === 'function' || probe.info.kind === 'module') return probe;
    if (probe.info.functionProbe < 0) return undefined;
    return this.resolve(producerProbeId(probe.file.probeBase, probe.info.functionProbe));
  }

  fileByPath(path: string): RegisteredFile | undefined {
    const wanted = normalisePath(path);
    return this.files.find((file) => normalisePath(file.path) === wanted);
  }

  /**
   * Step-producing probes by start line, for breakpoints and goto targets: statements and loop
   * heads, or in a `calls`-level file the function starts and returns (its only steps).
   */
  stepProbesByLine(file: RegisteredFile): Map<number, ProducerProbeId[]> {
    let index = this.lineIndexes.get(file);
    if (index) return index;
    index = new Map();
    const kinds = STEP_PROBE_KINDS[file.level === 'calls' ? 'calls' : 'full'];
    file.probes.forEach((probe, localId) => {
      if (!kinds.has(probe.kind)) return;
      const line1 = probe.range.start.line1;
      const list = index!.get(line1) ?? [];
      list.push(producerProbeId(file.probeBase, localId));
      index!.set(line1, list);
    });
    this.lineIndexes.set(file, index);
    return index;
  }
}

/** Paths compare with forward slashes and, on Windows drive letters, case-insensitively. */
export function normalisePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  return /^[a-zA-Z]:\//.test(slashed) ? slashed[0].toLowerCase() + slashed.slice(1) : slashed;
}
