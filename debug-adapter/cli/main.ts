// Entry of `rewind` (dist/cli.js): dispatches to a command, turns CliError into one line on
// stderr and an exit code, and leaves exactly as the recorded program did (its code, or a
// re-raised signal). The only place in the CLI that touches process exit.
import { constants } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';
import { runDebugAdapterOnStdio } from '../server';
import { CliError } from './errors';
import { expandCommand } from './expand';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { instrumentCommand } from './instrument';
import { recordCommand } from './record';
import { USAGE } from './usage';

/** The bundle lives in dist/, next to the bootloader it injects. */
const BOOTLOADER_PATH = join(__dirname, 'bootloader.js');

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  // `rewind record --help`: help before any option is parsed (after `--`, --help is the program's).
  if (command !== undefined && rest[0] === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  switch (command) {
    case undefined:
      process.stderr.write(USAGE);
      process.exitCode = 1;
      return;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return;
    case '--version':
    case '-v':
      process.stdout.write(`${version}\n`);
      return;
    case 'record': {
      const { exit } = await recordCommand(rest, BOOTLOADER_PATH);
      if (exit.signal) reraise(exit.signal);
      else process.exitCode = exit.code ?? 1;
      return;
    }
    case 'expand':
      process.exitCode = await expandCommand(rest, BOOTLOADER_PATH);
      return;
    case 'info':
      process.exitCode = infoCommand(rest);
      return;
    case 'export':
      process.exitCode = await exportCommand(rest, BOOTLOADER_PATH);
      return;
    case 'instrument':
      process.exitCode = instrumentCommand(rest);
      return;
    case 'dap':
      runDebugAdapterOnStdio();
      return;
    default:
      throw new CliError(`unknown command '${command}' (see rewind --help)`);
  }
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
