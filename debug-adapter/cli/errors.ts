// The CLI's one error type: a message for the user and the exit code to leave with. main.ts is the
// one place that prints it; every command just throws.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
