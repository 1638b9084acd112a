// The "uncaught" exception filter in a live session (issue 13 item 1), the adapter's side: the catch
// map a producer's recorder decides throws with (runtime/format/liveUncaught.ts), built from its
// probe tables — functions (async ones marked) and try blocks that have a catch (from the try
// statement's STEP probe to its catch clause's CATCH probe) — and the throw steps where a producer
// stopped because its recorder was sure the throw is uncaught. Knows probe tables; not the recorder.
import type { ProbeInfo, RegisteredFile, SourceRange } from '../../runtime/format';
import type { CatchMapFile } from '../../runtime/format/liveUncaught';
import type { ProbeTable } from '../trace/history';

/** The catch map of every `full`-level file in a producer's probe table. */
export function catchMapOf(table: ProbeTable): CatchMapFile[] {
  return table
    .allFiles()
    .filter((file) => file.level === 'full')
    .map(catchMapFile);
}

function catchMapFile(file: RegisteredFile): CatchMapFile {
  const fnIndexOf = new Map<number, number>();
  const fns: number[][] = [];
  file.probes.forEach((probe, localId) => {
    if (probe.kind !== 'function') return;
    fnIndexOf.set(localId, fns.length);
    fns.push([...corners(probe.range), probe.isAsync || probe.isGenerator ? 1 : 0]);
  });
  const tries: number[][] = [];
  for (const probe of file.probes) {
    if (probe.kind !== 'catch') continue;
    const statement = tryStatementOf(file.probes, probe);
    if (!statement) continue;
    const start = statement.range.start;
    const fn = fnIndexOf.get(probe.functionProbe) ?? -1;
    tries.push([start.line1, start.column0, probe.range.start.line1, probe.range.start.column0, fn]);
  }
  return { path: file.path, ...(file.sourceType === 'module' ? { module: true } : {}), fns, tries };
}

/** The innermost STEP probe of the catch's own function that encloses it: its try statement. */
function tryStatementOf(probes: ProbeInfo[], catchProbe: ProbeInfo): ProbeInfo | undefined {
  let found: ProbeInfo | undefined;
  for (const probe of probes) {
    if (probe.kind !== 'statement' || probe.functionProbe !== catchProbe.functionProbe) continue;
    if (!encloses(probe.range, catchProbe.range)) continue;
    if (!found || before(found.range.start, probe.range.start)) found = probe;
  }
  return found;
}

function corners(range: SourceRange): number[] {
  return [range.start.line1, range.start.column0, range.end.line1, range.end.column0];
}

function encloses(outer: SourceRange, inner: SourceRange): boolean {
  return before(outer.start, inner.start) && !before(outer.end, inner.end);
}

function before(a: SourceRange['start'], b: SourceRange['start']): boolean {
  return a.line1 < b.line1 || (a.line1 === b.line1 && a.column0 < b.column0);
}
