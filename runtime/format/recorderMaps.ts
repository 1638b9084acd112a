// The mark the instrumenter puts in every source map it makes: a field of its own, which tools that
// compile instrumented code again (tsx, whose esbuild folds our map into its own) do not copy. Stack
// formatting tells by it whether the map Node holds for a file is ours or the program's loader's.
// Knows source-map JSON only.

/** The field's name; its value is 1. Source-map consumers ignore fields they do not know. */
export const RECORDER_MAP_FIELD = 'x_rewind';

/** Whether `payload` (a parsed source map, e.g. Node's `SourceMap#payload`) is one the instrumenter made. */
export function isRecorderMap(payload: unknown): boolean {
  return (
    typeof payload === 'object' && payload !== null && (payload as Record<string, unknown>)[RECORDER_MAP_FIELD] === 1
  );
}
