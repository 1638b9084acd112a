// The one place where line and column bases change (STYLE.md 6). Inside Rewind positions are
// acorn's: `line1` (1-based) and `column0` (0-based). DAP clients pick their own bases in
// `initialize`; every number crossing the protocol boundary passes through a ClientPositions.

/** Brands keep the two worlds apart at compile time: a client line is not an engine line. */
export type ClientLine = number & { readonly __base: 'client-line' };
export type ClientColumn = number & { readonly __base: 'client-column' };

export interface EnginePosition {
  line1: number;
  column0: number;
}

export class ClientPositions {
  private linesStartAt1 = true;
  private columnsStartAt1 = true;

  /** From the initialize request; DAP's default for both is 1-based. */
  configure(linesStartAt1: boolean | undefined, columnsStartAt1: boolean | undefined): void {
    this.linesStartAt1 = linesStartAt1 !== false;
    this.columnsStartAt1 = columnsStartAt1 !== false;
  }

  toClientLine(line1: number): ClientLine {
    return (this.linesStartAt1 ? line1 : line1 - 1) as ClientLine;
  }

  toClientColumn(column0: number): ClientColumn {
    return (this.columnsStartAt1 ? column0 + 1 : column0) as ClientColumn;
  }

  fromClientLine(line: number): number {
    return this.linesStartAt1 ? line : line + 1;
  }

  /** An absent client column means "anywhere on the line": undefined stays undefined. */
  fromClientColumn(column: number | undefined): number | undefined {
    if (column === undefined) return undefined;
    return this.columnsStartAt1 ? Math.max(0, column - 1) : column;
  }

  toClient(position: EnginePosition): { line: ClientLine; column: ClientColumn } {
    return { line: this.toClientLine(position.line1), column: this.toClientColumn(position.column0) };
  }
}
