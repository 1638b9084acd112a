// The instrumenter's one error type: every failure it reports starts with `[rewind:instrument]`
// and names the source line when one is known (STYLE.md 5). Knows nothing about what failed.

export class InstrumentError extends Error {
  readonly line1: number | undefined;

  constructor(message: string, line1?: number) {
    super(`[rewind:instrument] ${message}${line1 === undefined ? '' : ` (line ${line1})`}`);
    this.name = 'InstrumentError';
    this.line1 = line1;
  }
}
