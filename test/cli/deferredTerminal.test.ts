// A deferred recording made in a terminal re-executes as it ran: the program asked whether its
// streams are terminals, how wide the window is, and whether colours work, and console.log coloured
// what it printed. The re-execution's streams are pipes to the expander; before, every one of those
// answers changed there and the output check stopped the expansion at the first line. The deferred
// run is made in a real pseudo-terminal (util-linux `script`, part of every Debian and Ubuntu base
// system) with a set window size. Node 20 and 24. Since format 3.16 a window resized while the
// deferred run ran is resized at the same turn in its re-execution (before, it kept its first size).
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ndCallbackTypeId, ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { CLI, FIXTURES, assertBuilt, nodeBinaries, plainNode, scratchDirectory, expandPrinting } from './harness';

const run = promisify(execFile);
const COLUMNS = 97;
const ROWS = 31;
/** The width the window is given while resize.cjs runs. */
const WIDER = 120;

/** Runs `command` (a shell line) with a pseudo-terminal of COLUMNS × ROWS as its stdin, stdout and stderr. */
async function inTerminal(command: string, cwd: string): Promise<string> {
  const { stdout } = await run('script', ['-qec', `stty cols ${COLUMNS} rows ${ROWS}; ${command}`, '/dev/null'], {
    cwd,
    timeout: 60_000,
    // Colour support follows TERM and these variables: fixed, so the answers are known.
    env: { ...withoutColourOverrides(process.env), TERM: 'xterm-256color' },
  });
  return stdout;
}

function withoutColourOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _none, NODE_DISABLE_COLORS: _disabled, CI: _ci, ...rest } = env;
  return rest;
}

const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

describe.each(nodeBinaries())('a deferred recording made in a terminal, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('re-executes with the same terminal: isTTY, isatty, size, colours, raw mode and cursor control', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'terminal.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'terminal.cjs'), program);
    const deferred = join(scratch.path, 'd.rwd');
    await inTerminal(
      [node, CLI, 'record', '--deferred', '--out', deferred, '--', program].map(quoted).join(' '),
      scratch.path,
    );
    const { printed } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    const stdout = printed.stdout.map((chunk) => chunk.text).join('');
    const stderr = printed.stderr.map((chunk) => chunk.text).join('');
    // What a terminal gave the deferred run: every answer, and coloured values.
    const yellow = (value: unknown): string => `\u001b[33m${String(value)}\u001b[39m`;
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`tty ${yellow(true)} ${yellow(true)} ${yellow(true)} ${yellow(false)}`);
    expect(lines[1]).toBe(
      `size ${yellow(COLUMNS)} ${yellow(ROWS)} [ ${yellow(COLUMNS)}, ${yellow(ROWS)} ] ${yellow(true)} ${yellow(8)}`,
    );
    expect(lines[3]).toBe(`${yellow(true)} ${yellow(true)} ${yellow(false)}`);
    expect(lines[4]).toBe(`raw ${yellow(true)}`);
    expect(stderr).toBe(`stderr ${yellow(true)} ${yellow(COLUMNS)}\n`);

    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'));
    expect(outcome.divergence).toBeUndefined();
    // stdout and stderr reach onOutput as they were written: the one stderr line among stdout's.
    expect(fed.replace(stderr, '')).toBe(stdout);
    // A run on pipes answers otherwise: the terminal was fed, not found.
    const piped = await plainNode([program], {}, node);
    expect(piped.stdout.split('\n')[0]).toBe('pipe false false false false');
  });

  it('re-executes a resize at its turn: the size Node refreshed, the resize event and getWindowSize', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'resize.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'resize.cjs'), program);
    const deferred = join(scratch.path, 'd.rwd');
    const record = [node, CLI, 'record', '--deferred', '--out', deferred, '--', program].map(quoted).join(' ');
    // The window is widened once the program is listening (it made `ready`), as a user would drag it.
    const waitReady = 'i=0; while [ ! -e ready ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done';
    await inTerminal(`${record} & ${waitReady}; stty cols ${WIDER}; wait`, scratch.path);
    const { log, printed } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    const stdout = printed.stdout.map((chunk) => chunk.text).join('');
    expect(stdout).toBe(
      [
        `size ${COLUMNS} ${ROWS} [${COLUMNS},${ROWS}] 0`,
        `resize ${WIDER} ${ROWS} [${WIDER},${ROWS}]`,
        `after ${WIDER} ${ROWS} [${WIDER},${ROWS}]`,
        '',
      ].join('\n'),
    );
    // The signal's turn and the size Node's refresh read are both in the log.
    expect(log.callbacks.map((entry) => entry.type)).toContain(ndCallbackTypeId('signal'));
    expect(log.reads.filter((read) => read.source === ndSourceId('terminal resize'))).toEqual([
      expect.objectContaining({ value: [0, WIDER, ROWS] }),
    ]);

    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'));
    expect(outcome.divergence).toBeUndefined();
    expect(fed).toBe(stdout);
  });
});
