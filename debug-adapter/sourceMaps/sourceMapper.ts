// Maps positions between compiled JavaScript that was recorded and the TypeScript (or other)
// sources its source maps name, so breakpoints set in `.ts` files bind and frames show `.ts`
// positions. A `.ts` file run directly needs none of this: its probes already carry `.ts`
// positions. Reads maps from disk (inline `data:` URLs or files beside the JS); knows no DAP.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  TraceMap,
  allGeneratedPositionsFor,
  originalPositionFor,
} from '@jridgewell/trace-mapping';
import { globListMatcher, type PathPredicate } from './glob';

/** Positions in acorn's bases (line1, column0), which are also trace-mapping's. */
export interface SourceLocation {
  path: string;
  line1: number;
  column0: number;
}

export interface SourceMapperOptions {
  /** Globs of generated files whose maps are trusted; none: any recorded file outside node_modules. */
  outFiles?: readonly string[];
}

export class SourceMapper {
  private readonly accepts: PathPredicate;
  private readonly maps = new Map<string, TraceMap>();
  /** original source → the generated files that map onto it */
  private readonly generatedByOriginal = new Map<string, Set<string>>();
  private readonly seen = new Set<string>();

  constructor(options: SourceMapperOptions = {}) {
    const outFiles =
      options.outFiles && options.outFiles.length > 0 ? options.outFiles : ['**/*', '!**/node_modules/**'];
    this.accepts = globListMatcher(outFiles, false);
  }

  /**
   * Learns a recorded file. We only look at files the recording actually ran (rather than
   * scanning every `outFiles` glob on disk): a replay can only ever stop in those.
   */
  addGeneratedFile(generatedPath: string, code?: string): void {
    if (this.seen.has(generatedPath)) return;
    this.seen.add(generatedPath);
    if (!/\.[cm]?jsx?$/i.test(generatedPath) || !this.accepts(generatedPath)) return;
    const map = loadMap(generatedPath, code);
    if (!map) return;
    this.maps.set(generatedPath, map);
    for (const source of map.resolvedSources) {
      const original = toFilePath(source);
      if (!original) continue;
      let set = this.generatedByOriginal.get(original);
      if (!set) this.generatedByOriginal.set(original, (set = new Set()));
      set.add(generatedPath);
    }
  }

  hasMap(generatedPath: string): boolean {
    return this.maps.has(generatedPath);
  }

  /** Where a recorded position came from; undefined when the file has no map or the spot is unmapped. */
  toOriginal(location: SourceLocation): SourceLocation | undefined {
    const map = this.maps.get(location.path);
    if (!map) return undefined;
    for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
      const found = originalPositionFor(map, { line: location.line1, column: location.column0, bias });
      const original = found.source === null ? undefined : toFilePath(found.source);
      if (original && found.line !== null) return { path: original, line1: found.line, column0: found.column ?? 0 };
    }
    return undefined;
  }

  /** Every generated position of an original line (a line can compile to several places). */
  toGenerated(originalPath: string, line1: number): SourceLocation[] {
    const results: SourceLocation[] = [];
    for (const generatedPath of this.generatedByOriginal.get(originalPath) ?? []) {
      const map = this.maps.get(generatedPath);
      if (!map) continue;
      const source = map.resolvedSources.find((candidate) => toFilePath(candidate) === originalPath);
      if (source === undefined) continue;
      for (const position of allGeneratedPositionsFor(map, {
        source,
        line: line1,
        column: 0,
        bias: LEAST_UPPER_BOUND,
      })) {
        if (position.line !== null)
          results.push({ path: generatedPath, line1: position.line, column0: position.column ?? 0 });
      }
    }
    return results;
  }

  /** True when the path is an original source of some recorded file (so requests on it must be mapped). */
  isOriginalSource(candidatePath: string): boolean {
    return this.generatedByOriginal.has(candidatePath);
  }
}

function loadMap(generatedPath: string, code: string | undefined): TraceMap | undefined {
  try {
    const text = code ?? readFileSync(generatedPath, 'utf8');
    const url = lastSourceMappingUrl(text);
    if (!url) return undefined;
    const json = url.startsWith('data:')
      ? decodeDataUrl(url)
      : readFileSync(path.resolve(path.dirname(generatedPath), decodeURIComponent(url)), 'utf8');
    return json === undefined ? undefined : new TraceMap(json, generatedPath);
  } catch {
    return undefined; // a broken or missing map leaves the file shown as the JavaScript it is
  }
}

function lastSourceMappingUrl(code: string): string | undefined {
  const matches = [...code.matchAll(/\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/gm)];
  return matches.length > 0 ? matches[matches.length - 1][1] : undefined;
}

function decodeDataUrl(url: string): string | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
}

/** trace-mapping resolves sources against the map's URL; we want plain absolute file paths. */
function toFilePath(source: string): string | undefined {
  if (source.startsWith('file://')) return fileURLToPath(source);
  return path.isAbsolute(source) ? path.normalize(source) : undefined;
}
