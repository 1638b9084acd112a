// The replay layer's one error type (STYLE.md 5): things a user can cause — a stale reference, an
// expression the evaluator refuses, an unknown frame. The session turns it into an error response.

export class ReplayError extends Error {
  constructor(message: string) {
    super(`[rewind:replay] ${message}`);
    this.name = 'ReplayError';
  }

  /** The message without the prefix, for UI text (watch rows, hover). */
  get userMessage(): string {
    return this.message.replace(/^\[rewind:replay\] /, '');
  }
}
