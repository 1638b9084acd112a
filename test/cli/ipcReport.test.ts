// A child that reports to its parent over IPC and is then ended by it with SIGTERM (what test
// runners' worker pools do: vitest's forks, jest-worker, tinypool) keeps everything it did up to
// the report (recorder/ipcFlush.ts). Rewind keeps no signal listener, so nothing runs in the child
// at the signal, and the idle flush needs ~20 ms of quiet: before, every step since the child's
// last flush was lost. The parent here ends the child 5 ms after the report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, infoJson, nodeBinaries, rewind, scratchDirectory } from './harness';

const PARENT = [
  "const { fork } = require('node:child_process');",
  "const child = fork(require('node:path').join(__dirname, 'child.js'));",
  "child.on('message', (message) => {",
  '  console.log(`total ${message.total}`);',
  '  setTimeout(() => child.kill(), 5);',
  '});',
  "child.on('exit', (code, signal) => console.log(`child ended by ${signal}`));",
].join('\n');

const CHILD = [
  'function work(i) {',
  '  return i * 2;',
  '}',
  'function report() {',
  '  process.send({ total });',
  '}',
  'let total = 0;',
  // Worked after a wait, so its recording is flowing by then (a child killed before its drain
  // thread connects leaves nothing at all), and reported at once, with no quiet for an idle flush.
  'setTimeout(() => {',
  '  for (let i = 0; i < 200; i++) total += work(i);',
  '  report();',
  '}, 500);',
  'setInterval(() => {}, 1000);',
].join('\n');

/** How many times each recorded function was entered (`rewind export`'s slices). */
async function entries(trace: string, node: string): Promise<Map<string, number>> {
  const exported = await rewind(['export', trace, '--format', 'chrome-trace'], {}, node);
  expect(exported.code).toBe(0);
  const counts = new Map<string, number>();
  for (const event of (JSON.parse(exported.stdout) as { traceEvents: Array<{ ph: string; name: string }> }).traceEvents)
    if (event.ph === 'B') counts.set(event.name, (counts.get(event.name) ?? 0) + 1);
  return counts;
}

describe.each(nodeBinaries())('a child ended by its parent after reporting over IPC, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it.each([0, 1, 2])('keeps every step up to the report (run %i)', async () => {
    scratch = scratchDirectory();
    writeFileSync(join(scratch.path, 'parent.js'), `${PARENT}\n`);
    writeFileSync(join(scratch.path, 'child.js'), `${CHILD}\n`);
    const trace = join(scratch.path, 't.rwd');
    const recorded = await rewind(['record', '--out', trace, '--', 'parent.js'], { cwd: scratch.path }, node);
    expect(recorded.stdout).toBe('total 39800\nchild ended by SIGTERM\n');
    expect(recorded.code).toBe(0);
    const info = await infoJson(trace);
    // The child was killed: what it did after the report may be missing, and the trace says so.
    expect(info.complete).toBe(false);
    const counts = await entries(trace, node);
    expect({ work: counts.get('work'), report: counts.get('report') }).toEqual({ work: 200, report: 1 });
  });
});
