// Hoisted function declarations, known statically from the probe table (a declaration's function
// probe names its binding and block; no event records it): they exist from the start of their
// scope, so a frame of the owning function (or module) has them at every step. Their value is a
// function object the recording never captured, shown as what it is (`ƒ add`) from its probe.
// Knows nothing of writes, frames or display.
import {
  INTRINSIC_PROTOTYPES,
  ObjectType,
  type DecodedValue,
  type ProducerProbeId,
  type SourceRange,
} from '../../runtime/format';
import type { ProbeTable, ResolvedProbe } from '../trace/history';
import { emptyState, type ObjectState, type PrototypeLink } from './objects';

export interface DeclaredFunction {
  name: string;
  /** The block the binding is visible in (a function declaration in a block is block-scoped). */
  scopeRange?: SourceRange;
  value: DecodedValue;
}

/** Object ids below zero stand for declared functions (recorded ids are never negative). */
export function isDeclaredFunctionId(objectId: number): boolean {
  return objectId < 0;
}

export class Declarations {
  /** Per file (by probe base): owner function's local probe id → its declarations. */
  private readonly byFile = new Map<number, Map<number, DeclaredFunction[]>>();

  constructor(private readonly probes: ProbeTable) {}

  /** The functions declared directly in the body of a function (or module) probe. */
  of(owner: ResolvedProbe | undefined): DeclaredFunction[] {
    if (!owner) return [];
    let index = this.byFile.get(owner.file.probeBase);
    if (!index) {
      index = new Map();
      owner.file.probes.forEach((info, localId) => {
        if (info.kind !== 'function' || info.declarationKind !== 'function' || !info.varName) return;
        const list = index!.get(info.functionProbe) ?? [];
        const value: DecodedValue = { type: 'object', id: -(owner.file.probeBase + localId) - 1 };
        list.push({ name: info.varName, scopeRange: info.scopeRange, value });
        index!.set(info.functionProbe, list);
      });
      this.byFile.set(owner.file.probeBase, index);
    }
    return index.get(owner.localId) ?? [];
  }

  /** The state of a declared function's object: a function with its name and no recorded properties. */
  state(objectId: number): ObjectState {
    // Its object id encodes the function's probe (isDeclaredFunctionId): -(id) - 1.
    const probe = this.probes.resolve((-objectId - 1) as ProducerProbeId);
    const name = probe?.info.varName ?? '';
    return emptyState(objectId, () => ({ type: 'undefined' }), {
      known: probe !== undefined,
      type: ObjectType.FUNCTION,
      className: 'Function',
      extra: { type: 'string', value: name, length: name.length, truncated: false },
      prototype: declaredPrototype(probe?.info),
    });
  }
}

/**
 * A function declaration's prototype, by its kind: Function.prototype, AsyncFunction.prototype; a
 * generator's (async or not: the probe does not say) is not known.
 */
function declaredPrototype(info: { isAsync?: boolean; isGenerator?: boolean } | undefined): PrototypeLink {
  if (!info || info.isGenerator) return { kind: 'unknown' };
  const name = info.isAsync ? 'AsyncFunction.prototype' : 'Function.prototype';
  return { kind: 'builtin', index: INTRINSIC_PROTOTYPES.indexOf(name) };
}
