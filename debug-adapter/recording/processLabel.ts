// How a message names one process of a recording: "process 4242 (node build.js --watch)", its pid
// and its command line (as its PRODUCER record has it) with Node's path shortened to its name.
// Knows a producer's pid and argv only.
import { basename } from 'node:path';

export function processLabel(info: { pid: number; argv: readonly string[] }): string {
  const command = info.argv.map((arg, index) => (index === 0 ? basename(arg) : arg)).join(' ');
  return `process ${info.pid} (${command})`;
}
