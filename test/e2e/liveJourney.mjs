// Issue 13 in a real VS Code (code-server + Chromium): F5 on an HTTP server recorded live. A
// request arrives and the editor stops in its handler while the server holds it unanswered; Step
// Back moves into the past; Continue replays to the present stop; Continue again resumes the live
// program, which answers; a second request stops again, and Continue answers it too.
// Screenshots: artifacts/e2e/live-*.png.
import { join } from 'node:path';
import { inCodeServer } from './codeServerSession.mjs';
import { get, untilPortFile } from './fixtureServer.mjs';
import {
  clickGutter,
  openFile,
  runCommand,
  startConfiguration,
  stopSession,
  untilCommandListed,
  untilCursorLine,
  untilVariable,
} from './workbench.mjs';

// server.js: line 7 `const count = ++served;`, line 8 `const reply = …` (the breakpoint).
const COUNT_LINE = 7;
const REPLY_LINE = 8;

export async function runLiveJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  await inCodeServer({ name: 'live', node24, browser, scratch, vsix, workspace, artifacts }, async ({ page, shot }) => {
    await untilCommandListed(page, 'Debug: Start Debugging');
    await openFile(page, 'server.js');
    await clickGutter(page, REPLY_LINE);
    await startConfiguration(page, 'Rewind: server (live)');
    const port = await untilPortFile(join(workspace, 'server.port'), 60_000);

    // Request 1 stops in the handler; the server holds it unanswered.
    const first = get(port, '/one');
    await untilCursorLine(page, (line) => line === REPLY_LINE, `the handler's line ${REPLY_LINE}`, 60_000);
    await untilVariable(page, 'count', '1');
    if (await first.settledWithin(1000)) throw new Error('request 1 was answered while the program was stopped');
    await shot('stopped-in-handler');

    // Step Back: into the past of the live program, before the request was counted.
    await runCommand(page, 'Rewind: Step Back');
    await untilCursorLine(page, (line) => line === COUNT_LINE, `the line before, ${COUNT_LINE}`);
    await shot('stepped-back');

    // Continue replays forward to the next breakpoint hit: the present, where the program waits.
    await runCommand(page, 'Debug: Continue');
    await untilCursorLine(page, (line) => line === REPLY_LINE, `the breakpoint's line ${REPLY_LINE}, the present`);
    await untilVariable(page, 'count', '1');
    if (await first.settledWithin(500)) throw new Error('request 1 was answered before the program was resumed');
    // Continue from the present resumes the live program: request 1 is answered.
    await runCommand(page, 'Debug: Continue');
    const firstReply = await first.body(20_000);
    if (firstReply !== 'hello 1 /one') throw new Error(`request 1 was answered "${firstReply}"`);

    // Request 2 stops again at the same breakpoint; Continue answers it.
    const second = get(port, '/two');
    await untilVariable(page, 'count', '2', 60_000);
    await untilCursorLine(page, (line) => line === REPLY_LINE, `the handler's line ${REPLY_LINE} again`);
    await shot('second-request-stopped');
    await runCommand(page, 'Debug: Continue');
    const secondReply = await second.body(20_000);
    if (secondReply !== 'hello 2 /two') throw new Error(`request 2 was answered "${secondReply}"`);
    await shot('answered');
    await stopSession(page);
  });
}
