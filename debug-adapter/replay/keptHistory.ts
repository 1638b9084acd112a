// Bindings of a frame whose start lies before the kept history (a flight recorder's dropped
// oldest events, an overwritten ring, the store's window): the variables its code declares but no
// kept event wrote, listed as not recorded rather than left out (a missing variable reads as "never
// existed"). Reads the probe table only; knows nothing of how values are shown.
import type { ProducerProbeId, SourcePosition } from '../../runtime/format';
import type { ProbeTable } from '../trace/history';
import { contains, type VariableValue } from './bindings';

/** Shown as `<before the kept history: not recorded>`. */
const UNRECORDED = { type: 'notCaptured', typeofName: 'before the kept history' } as const;

/**
 * The names declared in the function (or module) that `stepProbe` belongs to, visible at
 * `position`, that `known` does not hold: each as a variable whose value was not recorded.
 */
export function unrecordedBindings(
  probes: ProbeTable,
  stepProbe: ProducerProbeId,
  position: SourcePosition | undefined,
  known: ReadonlySet<string>,
): VariableValue[] {
  const step = probes.resolve(stepProbe);
  if (!step) return [];
  const owner = step.info.kind === 'function' || step.info.kind === 'module' ? step.localId : step.info.functionProbe;
  const found = new Map<string, VariableValue>();
  const list = step.file.probes;
  for (let localId = 0; localId < list.length; localId++) {
    const info = list[localId];
    if (info.kind !== 'write' || info.functionProbe !== owner || info.declarationKind === undefined) continue;
    const name = info.varName;
    if (name === undefined || known.has(name) || found.has(name)) continue;
    if (info.scopeRange && position && !contains(info.scopeRange, position)) continue;
    found.set(name, {
      name,
      value: UNRECORDED,
      writeOffset: -1,
      declarationKind: info.declarationKind,
      scopeRange: info.scopeRange,
    });
  }
  return [...found.values()];
}
