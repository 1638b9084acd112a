// Entry of `rewind`'s main body (dist/cliMain.js, run by dist/cli.js): dispatches to a command.
// Every command but `record`, which the stub runs in a lighter body of its own (recordMain.ts).
// How a command ends is runCli.ts's.
import { version } from '../../package.json';
import { runDebugAdapterOnStdio } from '../server';
import { CliError } from './errors';
import { expandCommand } from './expand';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { instrumentCommand } from './instrument';
import { BOOTLOADER_PATH, runCli } from './runCli';
import { USAGE } from './usage';

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  // `rewind <command> --help`: help before any option is parsed.
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

runCli(main);
