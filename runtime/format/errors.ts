// The format layer's one error type: a trace that cannot be read, with the byte or word offset
// where reading failed, so every message can name it (TR-07).

/**
 * The default of a switch over a closed union of kinds: a kind added to the union and not handled
 * is a compile error there. (Kinds read from a trace are numbers, open to newer writers: their
 * switches skip unknown values instead.)
 */
export function assertNever(value: never, what = 'kind'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}

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
