// Entry of `rewind record` (dist/cliRecord.js): dist/cli.js runs this body for that one command, so
// a recorded run loads the recording side alone (the launcher, the collector, the trace writer:
// ~180 KB) and none of replay, export or the instrumenter that make dist/cliMain.js 1.5 MB. Every
// recorded run pays its CLI's start-up before the program starts (docs/PERFORMANCE.md, "Session 35").
import { recordCommand } from './record';
import { BOOTLOADER_PATH, leaveAsProgram, runCli } from './runCli';
import { USAGE } from './usage';

runCli(async ([, ...rest]) => {
  // `rewind record --help`: help before any option is parsed (after `--`, --help is the program's).
  if (rest[0] === '--help') return void process.stdout.write(USAGE);
  leaveAsProgram((await recordCommand(rest, BOOTLOADER_PATH)).exit);
});
