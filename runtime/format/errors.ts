// The format layer's one error type: a trace that cannot be read, with the byte or word offset
// where reading failed, so every message can name it (TR-07).

export class TraceFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly unit: 'byte' | 'word' = 'word',
  ) {
    super(`[rewind:trace] ${message} at ${unit} offset ${offset}`);
    this.name = 'TraceFormatError';
  }
}
