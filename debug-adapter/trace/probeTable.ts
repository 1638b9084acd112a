// Resolves global probe ids to (file, probe info), whenever the FILE record arrives: events may
// use probes before their table is known, so nothing here is resolved at indexing time. Also owns
// the per-file line index used to snap breakpoints. Knows nothing of events or steps.
import type { ProbeInfo, RegisteredFile } from '../../runtime/format';
import { upperBound } from './columns';

export interface ResolvedProbe {
  file: RegisteredFile;
  fileIndex: number;
  localId: number;
  info: ProbeInfo;
  globalId: number;
}

export class ProbeTable {
  /** Files sorted by probeBase. */
  private readonly files: RegisteredFile[] = [];
  private readonly resolved = new Map<number, ResolvedProbe | null>();
  private readonly lineIndexes = new Map<RegisteredFile, Map<number, number[]>>();
  /** Bumped when a file arrives, so callers may drop caches built on unknown probes. */
  generation = 0;

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
  resolve(globalId: number): ResolvedProbe | undefined {
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

  /** The function/module probe enclosing a probe (itself when it is one). */
  functionOf(globalId: number): ResolvedProbe | undefined {
    const probe = this.resolve(globalId);
    if (!probe) return undefined;
    if (probe.info.kind === 'function' || probe.info.kind === 'module') return probe;
    if (probe.info.functionProbe < 0) return undefined;
    return this.resolve(probe.file.probeBase + probe.info.functionProbe);
  }

  fileByPath(path: string): RegisteredFile | undefined {
    const wanted = normalisePath(path);
    return this.files.find((file) => normalisePath(file.path) === wanted);
  }

  /** Step-producing probes (statement, loopHead) by start line, for breakpoints and goto targets. */
  stepProbesByLine(file: RegisteredFile): Map<number, number[]> {
    let index = this.lineIndexes.get(file);
    if (index) return index;
    index = new Map();
    file.probes.forEach((probe, localId) => {
      if (probe.kind !== 'statement' && probe.kind !== 'loopHead') return;
      const line1 = probe.range.start.line1;
      const list = index!.get(line1) ?? [];
      list.push(file.probeBase + localId);
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
