// The recording layer's one error type (collector, launcher, trace files), prefixed so a message
// always says which layer failed. Knows nothing of DAP: the session turns these into responses.

export class RecordingError extends Error {
  constructor(message: string) {
    super(`[rewind:recording] ${message}`);
    this.name = 'RecordingError';
  }
}
