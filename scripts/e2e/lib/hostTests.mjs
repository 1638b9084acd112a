// Runs the extension-host tests (test/extension/index.ts, the @vscode/test-electron
// `extensionTestsPath` contract) inside code-server's real extension host: bundles the suite with
// esbuild, opens the workbench with a payload naming the extension and the tests (needs the
// smoke-test driver), and waits for the workbench to call window.codeAutomationExit.
import { build } from 'esbuild';
import { join } from 'node:path';
import { format } from 'node:util';
import { writeFileSync } from 'node:fs';
import { prepareHome, startCodeServer } from './codeServer.mjs';
import { untilWorkbenchReady } from './browser.mjs';

export async function bundleHostTests(root) {
  const outfile = join(root, 'out/test/extension/index.js');
  await build({
    entryPoints: [join(root, 'test/extension/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  return outfile;
}

/** `untrusted`: Workspace Trust on and the folder untrusted; the suite runs only its trust tests. */
export async function runHostTests({
  root,
  extensionRoot = root,
  node24,
  browser,
  scratch,
  workspace,
  artifacts,
  untrusted = false,
  timeoutMs = 600_000,
}) {
  const name = untrusted ? 'host-tests-untrusted' : 'host-tests';
  const testsPath = await bundleHostTests(root);
  const home = prepareHome(join(scratch, name), { trust: untrusted });
  const env = untrusted ? { REWIND_HOST_SUITE: 'untrusted' } : {}; // the extension host inherits it
  const server = await startCodeServer(node24, home, { trust: untrusted, smokeTestDriver: true, env });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const lines = [];
  try {
    const page = await context.newPage();
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The workbench forwards the extension host's console calls: printf-style arguments.
      const text = format(...(Array.isArray(args) ? args : [args]));
      lines.push(text);
      // The workbench's own chatter (no internet, no gallery) stays in the log file only.
      if (!/open-vsx|^\s+at |Creating a socket|connection token|AccountPolicyGate|AgentHost|Service Worker/.test(text))
        console.log(`  ${text}`);
    });
    const payload = [
      ['extensionDevelopmentPath', remote(extensionRoot)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    // Playwright's 30 s default ran out at load 45 (the UI journeys give the first load 120 s too).
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      { timeout: 120_000 },
    );
    await untilWorkbenchReady(page);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
    const code = await Promise.race([exited, timeout]);
    await page.screenshot({ path: join(artifacts, `${name}-final.png`) }).catch(() => {});
    if (code === 'timeout')
      throw new Error(`extension-host tests did not finish within ${timeoutMs} ms (see ${home.log})`);
    return { code, lines, log: home.log };
  } finally {
    writeFileSync(join(artifacts, `${name}.log`), lines.join('\n') + '\n');
    await context.close();
    await server.stop();
  }
}
