// Test support: what the Variables view shows for the top frame of a replay engine, by name, over
// every scope (inner scopes win, as in the view). Knows the engine's DAP-shaped answers only.
import type { ReplayEngine } from '../../../debug-adapter/replay';

/** name → shown value, over every scope of the top frame (inner scopes win). */
export function shownValues(engine: ReplayEngine): Map<string, string> {
  const values = new Map<string, string>();
  const frame = engine.stackTrace().frames[0];
  for (const scope of engine.scopes(frame.id).reverse())
    for (const row of engine.variables({ variablesReference: scope.variablesReference }))
      values.set(row.name, row.value);
  return values;
}
