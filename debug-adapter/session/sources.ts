// Where things are, as the client sees them: engine source spans become DAP `Source` objects and
// client line numbers, passing through source maps (compiled JS shown as its `.ts`) and
// `skipFiles` (deemphasized). Client breakpoint paths go the other way, to the recorded files.
// Knows nothing of stepping or values.
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SourceSpan } from '../replay/api';
import { globListMatcher, type PathPredicate } from '../sourceMaps/glob';
import { SourceMapper, type SourceLocation } from '../sourceMaps/sourceMapper';
import type { ClientColumn, ClientLine, ClientPositions } from './positions';

export interface ClientSpan {
  source?: DebugProtocol.Source;
  line: ClientLine;
  column: ClientColumn;
  endLine?: ClientLine;
  endColumn?: ClientColumn;
}

/** A position in a file the recording ran, for the engine. */
export type RecordedLocation = SourceLocation;

export class Sources {
  private readonly mapper: SourceMapper;
  private readonly skipped: PathPredicate;

  constructor(
    private readonly positions: ClientPositions,
    options: { outFiles?: string[]; skipFiles?: string[] } = {},
  ) {
    this.mapper = new SourceMapper({ outFiles: options.outFiles });
    // `<node_internals>` is never recorded, so only real paths matter here.
    this.skipped = globListMatcher(
      (options.skipFiles ?? []).filter((glob) => !glob.startsWith('<node_internals>')),
      false,
    );
  }

  /** Learn the files a recording ran, so their source maps are known before anything is mapped. */
  learn(recordedPaths: readonly string[]): void {
    for (const recordedPath of recordedPaths) this.mapper.addGeneratedFile(recordedPath);
  }

  /** An engine span, shown in original sources where a map says so. */
  toClient(span: SourceSpan): ClientSpan {
    const start = this.original({ path: span.path ?? '', line1: span.line1, column0: span.column0 });
    const end = this.original({ path: span.path ?? '', line1: span.endLine1, column0: span.endColumn0 });
    const sameFile = end.path === start.path;
    return {
      source: span.path === undefined ? undefined : this.source(start.path),
      line: this.positions.toClientLine(start.line1),
      column: this.positions.toClientColumn(start.column0),
      endLine: sameFile ? this.positions.toClientLine(end.line1) : undefined,
      endColumn: sameFile ? this.positions.toClientColumn(end.column0) : undefined,
    };
  }

  source(filePath: string): DebugProtocol.Source {
    // Code with no file (`[worker eval]`): the client asks for its text by reference (a `source` request).
    if (isPathless(filePath))
      return {
        name: filePath,
        path: filePath,
        sourceReference: this.referenceOf(filePath),
        presentationHint: 'emphasize',
      };
    const source: DebugProtocol.Source = { name: path.basename(filePath), path: filePath };
    if (this.isSkipped(filePath)) source.presentationHint = 'deemphasize';
    return source;
  }

  private readonly references = new Map<string, number>();

  /** A stable positive reference per pathless source, for the session's lifetime. */
  private referenceOf(name: string): number {
    let reference = this.references.get(name);
    if (reference === undefined) this.references.set(name, (reference = this.references.size + 1));
    return reference;
  }

  /** The name a `source` request's reference stands for. */
  nameOfReference(reference: number): string | undefined {
    for (const [name, each] of this.references) if (each === reference) return name;
    return undefined;
  }

  isSkipped(filePath: string | undefined): boolean {
    return filePath !== undefined && this.skipped(filePath);
  }

  /**
   * Where a client line of `clientPath` ran: itself when recorded directly (JS, or `.ts` run by the
   * loader), else every generated position a source map gives for it.
   */
  toRecorded(clientPath: string, clientLine: number): RecordedLocation[] {
    const line1 = this.positions.fromClientLine(clientLine);
    if (!this.mapper.isOriginalSource(clientPath)) return [{ path: clientPath, line1, column0: 0 }];
    return this.mapper.toGenerated(clientPath, line1);
  }

  isMappedOriginal(clientPath: string): boolean {
    return this.mapper.isOriginalSource(clientPath);
  }

  /** A recorded location as the user wrote it (identity when unmapped). */
  original(location: SourceLocation): SourceLocation {
    return this.mapper.toOriginal(location) ?? location;
  }
}

/** A recorded name that is not a path: Node's own names for code without a file, like `[worker eval]`. */
export function isPathless(name: string): boolean {
  return name.startsWith('[') && !path.isAbsolute(name);
}
