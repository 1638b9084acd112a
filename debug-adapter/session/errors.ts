// The DAP layer's one error type. Handlers throw it (or anything else); the dispatcher turns
// every throw into exactly one DAP error response. Knows nothing of the engine or of transport.

/** Stable error ids in DAP error responses (`body.error.id`), so clients and goldens can match them. */
export const DapErrorId = {
  UNKNOWN_REQUEST: 1014,
  BAD_ARGUMENTS: 4001,
  NOT_READY: 4002,
  LAUNCH_FAILED: 4003,
  NOT_SUPPORTED: 4004,
  EVALUATION_FAILED: 4006,
  CANCELLED: 4007,
  INTERNAL: 4100,
} as const;
export type DapErrorId = (typeof DapErrorId)[keyof typeof DapErrorId];

export class DapError extends Error {
  constructor(
    message: string,
    readonly id: DapErrorId = DapErrorId.INTERNAL,
    readonly showUser = true,
  ) {
    super(message.startsWith('[rewind:') ? message : `[rewind:dap] ${message}`);
    this.name = 'DapError';
  }
}

/** Any thrown value as a DapError; errors of other layers keep their own prefix and text. */
export function asDapError(thrown: unknown): DapError {
  if (thrown instanceof DapError) return thrown;
  if (thrown instanceof Error) {
    const text = thrown.message.startsWith('[rewind:') ? thrown.message : `internal error: ${thrown.message}`;
    // A layer may say its error is not the user's doing (`showUser: false`); keep that.
    return new DapError(text, DapErrorId.INTERNAL, (thrown as { showUser?: unknown }).showUser !== false);
  }
  return new DapError(`internal error: ${String(thrown)}`, DapErrorId.INTERNAL);
}

export function badArguments(command: string, problem: string): DapError {
  return new DapError(`${command}: ${problem}`, DapErrorId.BAD_ARGUMENTS);
}
