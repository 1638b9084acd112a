// `npm run test:e2e`: Rewind inside a real VS Code (code-server + Chromium, see docs/E2E.md).
//  1. installs what is missing (install-code-server.sh: Chromium, Node 24, code-server, vsce),
//  2. packs the .vsix (package.mjs),
//  3. runs the extension-host tests from the source folder (hostTests.mjs), trusted and untrusted,
//  4. runs the UI journeys (ui, timeline, editor, live, deferred, start) and the Restricted Mode
//     journey (trust) from test/e2e/ against the installed .vsix.
// Screenshots and logs go to artifacts/e2e/. Exits non-zero when anything fails.
// Options: --only=host,host-untrusted,ui,trust,timeline,editor,live,deferred,start (default: all).
// REWIND_E2E_EXTENSION_ROOT runs the same tests
// against another built copy of the extension (a folder with package.json and dist/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVsix } from './package.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { runHostTests } from './lib/hostTests.mjs';
import { runUiJourney } from '../../test/e2e/uiJourney.mjs';
import { runTrustJourney } from '../../test/e2e/trustJourney.mjs';
import { runTimelineJourney } from '../../test/e2e/timelineJourney.mjs';
import { runEditorJourney } from '../../test/e2e/editorJourney.mjs';
import { runLiveJourney } from '../../test/e2e/liveJourney.mjs';
import { runDeferredJourney } from '../../test/e2e/deferredJourney.mjs';
import { runStartJourney } from '../../test/e2e/startJourney.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const extensionRoot = process.env.REWIND_E2E_EXTENSION_ROOT ? resolve(process.env.REWIND_E2E_EXTENSION_ROOT) : root;
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const phases = onlyArg
  ? onlyArg.slice('--only='.length).split(',')
  : ['host', 'host-untrusted', 'ui', 'trust', 'timeline', 'editor', 'live', 'deferred', 'start'];
const artifacts = join(root, 'artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

const startedMs = Date.now();
const seconds = () => ((Date.now() - startedMs) / 1000).toFixed(1);
execFileSync('bash', [join(root, 'scripts/e2e/install-code-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
const node24 = join(
  execFileSync('bash', [join(root, 'scripts/e2e/ensure-node24.sh')], { encoding: 'utf8' }).trim(),
  'node',
);
const vsix = packageVsix(extensionRoot);

// Each phase gets its own copy of the fixture workspace, so no run sees another's leftovers.
const scratch = mkdtempSync(join(tmpdir(), 'rewind-e2e-'));
const freshWorkspace = (name) => {
  const copy = join(scratch, name, 'workspace');
  cpSync(join(root, 'test/fixtures/workspace'), copy, { recursive: true });
  return copy;
};

const results = [];
const browser = await launchBrowser();
try {
  for (const phase of phases) {
    const phaseStartedMs = Date.now();
    console.log(`e2e: ${phase} …`);
    try {
      if (phase === 'host' || phase === 'host-untrusted') {
        const untrusted = phase === 'host-untrusted';
        const { code, log } = await runHostTests({
          root,
          extensionRoot,
          node24,
          browser,
          scratch,
          workspace: freshWorkspace(phase),
          artifacts,
          untrusted,
        });
        if (code !== 0) throw new Error(`extension-host tests exited with ${code} (code-server log: ${log})`);
      } else if (phase === 'ui') {
        await runUiJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('ui'), artifacts });
      } else if (phase === 'trust') {
        await runTrustJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('trust'), artifacts });
      } else if (phase === 'timeline') {
        await runTimelineJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('timeline'), artifacts });
      } else if (phase === 'editor') {
        await runEditorJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('editor'), artifacts });
      } else if (phase === 'live') {
        await runLiveJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('live'), artifacts });
      } else if (phase === 'deferred') {
        await runDeferredJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('deferred'), artifacts });
      } else if (phase === 'start') {
        await runStartJourney({ node24, browser, scratch, vsix, workspace: freshWorkspace('start'), artifacts });
      } else {
        throw new Error(`unknown phase ${phase}`);
      }
      results.push({ phase, ok: true, ms: Date.now() - phaseStartedMs });
    } catch (error) {
      console.error(`e2e: ${phase} FAILED: ${error instanceof Error ? error.stack : error}`);
      results.push({ phase, ok: false, ms: Date.now() - phaseStartedMs });
    }
  }
} finally {
  await browser.close();
  if (!process.env.REWIND_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
}
for (const r of results) console.log(`e2e: ${r.ok ? 'passed' : 'FAILED'} ${r.phase} (${(r.ms / 1000).toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: total ${seconds()} s; screenshots and logs in ${artifacts}`);
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
