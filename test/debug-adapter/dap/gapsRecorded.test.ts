// Lost events announced on a real recording (issue 12 item 10; replay/gaps.test.ts checks the
// engine on a built trace): a program recorded with `overflow: 'overwrite-oldest'` and a small ring
// loses its oldest events, so its first gap is at step 0. Reverse Continue from the end stops at
// each gap's edge saying how many events were lost there, a step across a gap (back or forward)
// says it crossed one, and the start says history before it was dropped — never a bare "Start of
// the recording.".
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClient } from './support/session';

const newClient = useClient();
// The loop runs in 20 chunks a timer apart (~1 s), each writing ~15,000 events through a
// 1024-event ring: once the drain runs, the ring laps it inside every chunk. One loop run at once
// could end before the drain started on a loaded machine — everything lost at the start, no gap
// after it to announce (a CI failure). The last loop writes may be lost too; `done`, written after
// a wait by an event or two the ring cannot lose, says the end was reached.
const PROGRAM = [
  'let counter = 0;',
  'let chunk = 0;',
  'function run() {',
  '  for (let i = 0; i < 5000; i++) {',
  '    counter = chunk * 5000 + i;',
  '  }',
  '  if (++chunk < 20) setTimeout(run, 50);',
  '  else setTimeout(finish, 50);',
  '}',
  'function finish() {',
  '  const done = counter;',
  '  console.log(done); // END',
  '}',
  'run();',
].join('\n');
let folder = '';
let program = '';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rewind-gaps-'));
  program = join(folder, 'loop.js');
  writeFileSync(program, PROGRAM);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const describedBy = (stop: DebugProtocol.StoppedEvent) => stop.body.description ?? '';

describe('a recording that lost events (overwrite-oldest, small ring)', () => {
  it('announces every gap a move reaches or crosses, and the lost start', async () => {
    const client = newClient();
    await client.start();
    const end = await client.launchAndStop(
      { program, cwd: folder, live: false, overflow: 'overwrite-oldest', bufferEvents: 1024 },
      () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 12 }] }),
    );
    expect(end.body.reason).toBe('breakpoint');
    expect(await client.evaluate('done')).toBe('99999');
    // Back from the end: the first stop is at a gap's edge (the ring overflowed in the loop).
    const edge = await client.move('reverseContinue');
    expect(describedBy(edge)).toMatch(/^\d+ events were lost here .*history before this step is incomplete\./);
    // Across it, backward and forward again: said both ways.
    expect(describedBy(await client.move('stepBack'))).toMatch(
      /Crossed a gap: \d+ events were lost between these steps\./,
    );
    expect(describedBy(await client.move('next'))).toMatch(/Crossed a gap: \d+ events were lost between these steps\./);
    // On back to the start, each stop names its gap (or the gap it crossed to get there).
    let last = '';
    for (let move = 0; move < 500 && !last.startsWith('Start'); move++) {
      last = describedBy(await client.move('reverseContinue'));
      expect(last).toMatch(/events were lost|events before were dropped/);
    }
    // The start: where the ring lost the program's first events, it says what was dropped; where the
    // drain kept them, it is the program's first statement — the start of the recording, truly.
    if (last.startsWith('Start of the recording')) expect((await client.topFrame()).line).toBe(1);
    else expect(last).toMatch(/^Start of the kept history: \d+ events before were dropped\./);
  }, 60_000);
});
