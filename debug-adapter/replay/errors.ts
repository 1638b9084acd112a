// The replay layer's one error type (STYLE.md 5): things a user can cause — a stale reference, an
// expression the evaluator refuses, an unknown frame. The session turns it into an error response.

export class ReplayError extends Error {
  /**
   * False for errors the client's timing causes, not the user (a reference from an earlier stop:
   * a view refreshing while the cursor moved), so no UI pops them up as the user's mistake.
   */
  constructor(
    message: string,
    readonly showUser = true,
  ) {
    super(`[rewind:replay] ${message}`);
    this.name = 'ReplayError';
  }

  /** The message without the prefix, for UI text (watch rows, hover). */
  get userMessage(): string {
    return this.message.replace(/^\[rewind:replay\] /, '');
  }
}
