// Source maps of the modules a test runner evaluates with vm (vmModules.ts). Node keeps no map of
// code compiled by vm, so the stack formatter, assert's message and util.getCallSites (which map
// an instrumented frame to the user's position through Node's findSourceMap) would see the
// instrumented columns. This keeps each such file's map, built into Node's own SourceMap on its
// first lookup, and answers before Node's lookup. Keyed by file name, as a stack frame names it.
// Knows maps by file; nothing of the instrumenter or of stack text.
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { B } from '../recorder/builtins';
import { utf8Text } from '../capturedText';
import type { InstrumentedMap } from './instrumentFile';

interface EvaluatedMap {
  source: InstrumentedMap;
  built?: object | null;
}

type SourceMapClass = new (payload: object) => object;
const NodeSourceMap = (Module as unknown as { SourceMap: SourceMapClass }).SourceMap;
const readText = readFileSync;
const maps = new B.Map<string, EvaluatedMap>();

export function rememberEvaluatedMap(filename: string, source: InstrumentedMap): void {
  B.mapSet(maps, filename, { source });
}

/** Node's SourceMap of an evaluated module named `fileName`, or undefined (not one, or unreadable). */
export function evaluatedMap(fileName: string): object | undefined {
  const entry = B.mapGet(maps, fileName) as EvaluatedMap | undefined;
  if (!entry) return undefined;
  if (entry.built === undefined) {
    try {
      const { source } = entry;
      const json =
        'fileUrl' in source
          ? (readText(fileURLToPath(source.fileUrl), 'utf8') as string)
          : typeof source.json === 'string'
            ? source.json
            : utf8Text(source.json);
      entry.built = new NodeSourceMap(B.JSONParse(json) as object);
    } catch {
      entry.built = null;
    }
  }
  return entry.built ?? undefined;
}
