// How every body of `rewind` (dist/cliMain.js, dist/cliRecord.js) runs its command and leaves: a
// CliError becomes one line on stderr and its exit code, anything else an internal error (70), and
// a recorded program's end becomes `rewind`'s own (its exit code, or the same signal re-raised).
// The only place in the CLI that touches process exit; knows no command.
import { constants } from 'node:os';
import { join } from 'node:path';
import type { ProgramExit } from '../recording/launch';
import { CliError } from './errors';

/** Every body lives in dist/, next to the bootloader it injects into recorded programs. */
export const BOOTLOADER_PATH = join(__dirname, 'bootloader.js');

export function runCli(main: (argv: readonly string[]) => Promise<void>): void {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`rewind: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `rewind: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  });
}

/** Leaves as the recorded program did: its exit code, or dies of its signal. */
export function leaveAsProgram(exit: ProgramExit): void {
  if (exit.signal) reraise(exit.signal);
  else process.exitCode = exit.code ?? 1;
}

/** Dies of the same signal as the program; if the signal does not kill us, exits 128 + its number. */
function reraise(signal: NodeJS.Signals): void {
  process.exitCode = 128 + (constants.signals[signal] ?? 0);
  process.removeAllListeners(signal);
  try {
    process.kill(process.pid, signal);
  } catch {
    // the exit code set above stands
  }
}
