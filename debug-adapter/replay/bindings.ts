// Variables of a scope at a moment: per write probe its last write before the cutoff, grouped by
// variable name with block shadowing resolved by the probes' scopeRange; and every write of a
// variable, for data breakpoints. Asks the history for a scope's writes; no display.
import {
  ModuleScope,
  type SourcePosition,
  type SourceRange,
  type DecodedValue,
  type ProducerProbeId,
} from '../../runtime/format';
import type { FrameIndex, ProbeTable, ThreadHistory } from '../trace/history';
import type { DeclaredFunction } from './declarations';
import type { Recorded } from './recorded';

export interface VariableValue {
  name: string;
  value: DecodedValue;
  /** The write event that set it; -1 for a hoisted function declaration (no event records it). */
  writeOffset: number;
  declarationKind?: string;
  /** The block the binding is visible in (from its probe), when known: Block scopes group by it. */
  scopeRange?: SourceRange;
}

/** A scope whose writes are indexed: a frame, or module scope (ModuleScope.scopeKey) of one file. */
export interface ScopeKey {
  frameIndex: FrameIndex;
  fileIndex: number;
}

export function contains(range: SourceRange, position: SourcePosition): boolean {
  const after = (a: SourcePosition, b: SourcePosition) =>
    a.line1 > b.line1 || (a.line1 === b.line1 && a.column0 >= b.column0);
  return after(position, range.start) && after(range.end, position);
}

function rangeSize(range: SourceRange): number {
  return (range.end.line1 - range.start.line1) * 10000 + (range.end.column0 - range.start.column0);
}

export class Bindings {
  constructor(
    private readonly thread: ThreadHistory,
    private readonly recorded: Recorded,
    private readonly probes: ProbeTable,
  ) {}

  /** Which write probes belong to a scope: module scope is shared by files, a frame's are all its own. */
  private inScope(scope: ScopeKey): (probe: ProducerProbeId) => boolean {
    return scope.frameIndex === ModuleScope.scopeKey
      ? (probe) => this.probes.resolve(probe)?.fileIndex === scope.fileIndex
      : () => true;
  }

  /** Latest write offset per write probe of a scope before the cutoff. */
  latestByProbe(
    scope: ScopeKey,
    cutoffOffset: number,
    into = new Map<ProducerProbeId, number>(),
  ): Map<ProducerProbeId, number> {
    return this.thread.latestWrites(scope.frameIndex, cutoffOffset, this.inScope(scope), into);
  }

  /** Every write offset of the variable `name` in a scope, oldest first. */
  writesNamed(scope: ScopeKey, name: string): number[] {
    const inScope = this.inScope(scope);
    return this.thread.writesOf(scope.frameIndex, (probe) => inScope(probe) && this.nameOf(probe) === name);
  }

  nameOf(writeProbe: ProducerProbeId): string {
    return this.probes.resolve(writeProbe)?.info.varName ?? `<variable #${writeProbe}>`;
  }

  /**
   * The variables visible in scopes at a moment: latest write per name; where several blocks
   * declare the same name, the innermost block containing `position` wins.
   */
  variables(
    scopes: ScopeKey[],
    cutoffOffset: number,
    position: SourcePosition | undefined,
    declared: readonly DeclaredFunction[] = [],
  ): VariableValue[] {
    const latest = new Map<ProducerProbeId, number>();
    for (const scope of scopes) this.latestByProbe(scope, cutoffOffset, latest);
    const best = new Map<
      string,
      { offset: number; scopeSize: number; kind?: string; value?: DecodedValue; range?: SourceRange }
    >();
    // Hoisted declarations hold from the scope's start: any write to the name in the same block
    // comes later (offset -1 loses to it); a binding of an inner block containing `position` wins.
    for (const declaration of declared) {
      const scope = declaration.scopeRange;
      if (scope && position && !contains(scope, position)) continue;
      const scopeSize = scope && position ? rangeSize(scope) : Number.MAX_SAFE_INTEGER;
      const current = best.get(declaration.name);
      if (!current || scopeSize < current.scopeSize)
        best.set(declaration.name, { offset: -1, scopeSize, kind: 'function', value: declaration.value, range: scope });
    }
    // Source order (write probes are numbered as the instrumenter walks the file), whichever way
    // the writes were indexed: a frame's chain yields newest first, per-variable lists by first write.
    const inSourceOrder = [...latest].sort((a, b) => a[0] - b[0]);
    for (const [probe, offset] of inSourceOrder) {
      const info = this.probes.resolve(probe)?.info;
      // A write without a name only tells which frame a bindingless catch resumed (catches.ts).
      if (info?.kind === 'write' && info.varName === undefined) continue;
      const name = this.nameOf(probe);
      const scope = info?.scopeRange;
      if (scope && position && !contains(scope, position)) continue;
      const scopeSize = scope && position ? rangeSize(scope) : Number.MAX_SAFE_INTEGER;
      const current = best.get(name);
      if (!current || scopeSize < current.scopeSize || (scopeSize === current.scopeSize && offset > current.offset)) {
        best.set(name, { offset, scopeSize, kind: info?.declarationKind, range: scope });
      }
    }
    return [...best].map(([name, { offset, kind, value, range }]) => ({
      name,
      value: value ?? this.recorded.eventValue(offset),
      writeOffset: offset,
      declarationKind: kind,
      scopeRange: range,
    }));
  }
}
