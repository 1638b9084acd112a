// Proves the adapter-hosting choice (extension/adapter/factory.ts): while the adapter records a
// long run and later indexes its saved recording, the extension host stays responsive — a 10 ms
// timer in this very process keeps firing. Inline hosting would stall it for the whole indexing.
// Also checks the adapter reports indexing progress, which VS Code shows as a notification
// (VS Code declares supportsProgressReporting; the extension has nothing else to do for it).
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { describe, it, before, after } from 'mocha';
import { DapWatcher, stopAll } from './dap';
import { fixtureFolder } from './workspace';

const TICK_MS = 10;
// Indexing this test's recording (4 million steps) inline blocked a thread for 2,471 ms — nearly
// all of the work is one synchronous stretch. Out of process, the host's worst stall measured
// 27–347 ms on a heavily loaded machine. So a stall must stay under a quarter of the adapter's
// busy time (and under 500 ms when the work is short): inline hosting could never pass that, and
// a loaded CI machine slowing everything down does not make it flaky.
const MAX_STALL_MS = 500;
const MAX_STALL_FRACTION = 1 / 4;
// The adapter must be busy well past the allowed stall, or a pass would prove nothing.
const MIN_BUSY_MS = 2 * MAX_STALL_MS;
const BUSY_ROUNDS = process.env.REWIND_BUSY_ROUNDS ?? '4000000'; // ≈ 8 million steps (format 2 made each smaller and faster to index)

/** Runs `work` while a timer ticks here; returns how long it took and the worst timer stall. */
async function whileTicking(work: () => Promise<void>): Promise<{ busyMs: number; worstStallMs: number }> {
  let lastTickMs = Date.now();
  let worstStallMs = 0;
  const ticker = setInterval(() => {
    const nowMs = Date.now();
    worstStallMs = Math.max(worstStallMs, nowMs - lastTickMs - TICK_MS);
    lastTickMs = nowMs;
  }, TICK_MS);
  const startedMs = Date.now();
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return { busyMs: Date.now() - startedMs, worstStallMs };
}

function assertResponsive(phase: string, { busyMs, worstStallMs }: { busyMs: number; worstStallMs: number }): void {
  const allowedMs = Math.max(MAX_STALL_MS, busyMs * MAX_STALL_FRACTION);
  console.log(
    `      ${phase}: ${busyMs} ms of adapter work, worst extension-host timer stall ${worstStallMs} ms (allowed ${allowedMs} ms)`,
  );
  assert.ok(
    worstStallMs < allowedMs,
    `${phase}: the extension host stalled for ${worstStallMs} ms during ${busyMs} ms of adapter work`,
  );
}

export function defineAdapterHostingSuite(): void {
  describe('adapter hosting', () => {
    let watcher: DapWatcher;
    let scratch: string;
    before(() => {
      watcher = new DapWatcher();
      scratch = mkdtempSync(path.join(os.tmpdir(), 'rewind-hosting-'));
    });
    after(async () => {
      await stopAll();
      watcher.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    // Three steps of one story, in order: record a long run, index its saved recording, see progress.
    const trace = (): vscode.Uri => vscode.Uri.file(path.join(scratch, 'busy.rwd'));
    let indexingMark: number | undefined;

    it('stays responsive while a long run is recorded', async function () {
      this.timeout(180_000);
      const recording = await whileTicking(async () => {
        const mark = watcher.mark();
        const config = {
          type: 'rewind',
          request: 'launch',
          name: 'busy',
          program: '${workspaceFolder}/busy.js',
          args: [BUSY_ROUNDS],
        };
        assert.equal(await vscode.debug.startDebugging(fixtureFolder(), config), true);
        await watcher.waitFor('stopped', mark, 170_000);
      });
      assertResponsive('recording', recording);
      assert.equal(await vscode.commands.executeCommand('rewind.saveRecording', trace()), true);
      await stopAll();
    });

    it('stays responsive while the saved recording is indexed', async function () {
      this.timeout(180_000);
      indexingMark = watcher.mark();
      const mark = indexingMark;
      const indexing = await whileTicking(async () => {
        assert.equal(await vscode.commands.executeCommand('rewind.openRecording', trace()), true);
        await watcher.waitFor('stopped', mark, 170_000);
      });
      assertResponsive('indexing', indexing);
      assert.ok(
        indexing.busyMs >= MIN_BUSY_MS,
        `indexing took only ${indexing.busyMs} ms; raise REWIND_BUSY_ROUNDS so the test means something`,
      );
    });

    it('shows progress while the recording is indexed (progressStart … progressEnd)', () => {
      assert.ok(indexingMark !== undefined, 'the indexing test did not run');
      assert.ok(
        watcher.eventsSince(indexingMark, 'progressStart').length > 0,
        'the adapter sent no progressStart while indexing a large recording',
      );
      assert.ok(watcher.eventsSince(indexingMark, 'progressEnd').length > 0, 'the adapter sent no progressEnd');
    });
  });
}
