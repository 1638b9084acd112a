// How the adapter tells the user of its own failures that no response carries: a hook that threw
// after its response, an unhandled rejection, an uncaught exception. Each is an `important` line
// (what failed, and why) and its stack in the Debug Console, so a failure is never silence and a
// bug report can say where it came from; past a bound, one line says the rest are not shown (a
// failing timer must not flood the console). Knows nothing of where failures happen, nor of DAP
// beyond the output event's body.

/** Failures told in full before the rest are only counted. */
const MAX_TOLD = 20;

export interface InternalErrorOutput {
  category: 'important' | 'stderr';
  output: string;
}

export class InternalErrors {
  private told = 0;

  constructor(private readonly send: (body: InternalErrorOutput) => void) {}

  /** Tells `error` (what failed: `what`); `always` even past the bound (the session is ending over it). */
  tell(what: string, error: unknown, always = false): void {
    this.told++;
    if (this.told > MAX_TOLD && !always) {
      if (this.told === MAX_TOLD + 1)
        this.send({ category: 'important', output: `[rewind:dap] further internal errors are not shown\n` });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.send({ category: 'important', output: `[rewind:dap] ${what}: ${message}\n` });
    if (error instanceof Error && error.stack) this.send({ category: 'stderr', output: `${error.stack}\n` });
  }
}
