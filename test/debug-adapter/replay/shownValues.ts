// Test support: what the Variables view shows for the top frame of a replay engine, by name, over
// every scope (inner scopes win, as in the view), and a transcript of it at every step (to compare
// two recordings of one program). Knows the engine's DAP-shaped answers only.
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

/** Every step: its stack (names and lines) and the top frame's variables in every scope. */
export function stepTranscript(engine: ReplayEngine): string[] {
  const lines: string[] = [];
  const total = engine.summary().totalSteps;
  for (let step = 0; step < total; step++) {
    engine.gotoStep(step);
    const stack = engine.stackTrace().frames.map((frame) => `${frame.name}:${frame.source.line1}`);
    const values = [...shownValues(engine)].map(([name, value]) => `${name}=${value}`);
    lines.push(`${step} ${stack.join(' < ')} | ${values.join(', ')}`);
  }
  return lines;
}
