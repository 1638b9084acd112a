// Starts and stops a private code-server (VS Code 1.139 server + web workbench) for the tests, as
// E2E.md prescribes: Node 24, a fresh user-data and extensions dir, a private config file, loopback
// only, short reconnection grace. Stops only the process group it started, by its pid.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CACHE = process.env.REWIND_CACHE ?? '/work/.cache';
export const CODE_SERVER_ENTRY = join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'debug.openDebug': 'openOnSessionStart',
  'debug.toolBarLocation': 'floating',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh home for one code-server: user data (with settings.json), extensions, config, log. */
export function prepareHome(dir, { trust }) {
  const home = {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
    log: join(dir, 'code-server.log'),
  };
  mkdirSync(join(home.userData, 'User'), { recursive: true });
  mkdirSync(home.extensions, { recursive: true });
  const settings = {
    ...BASE_SETTINGS,
    'security.workspace.trust.enabled': trust,
    ...(trust
      ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
      : {}),
  };
  writeFileSync(join(home.userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(home.config, 'auth: none\ncert: false\n');
  return home;
}

export function installVsix(node24, home, vsix) {
  execFileSync(
    node24,
    [
      CODE_SERVER_ENTRY,
      '--config',
      home.config,
      '--user-data-dir',
      home.userData,
      '--extensions-dir',
      home.extensions,
      '--install-extension',
      vsix,
      '--force',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
}

/** Starts code-server; resolves to { url, port, stop() } once it answers HTTP. */
export async function startCodeServer(node24, home, { trust, smokeTestDriver = false, env = {} }) {
  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '5',
    '--ignore-last-opened',
    '--user-data-dir',
    home.userData,
    '--extensions-dir',
    home.extensions,
    '--config',
    home.config,
    ...(trust ? [] : ['--disable-workspace-trust']),
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const log = createWriteStream(home.log);
  const child = spawn(node24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  try {
    await waitForHttp(`${url}/healthz`, 60_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, pid: child.pid, stop };
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (code ${child.exitCode}); see its log`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/** SIGTERM to the group we started (server, extension host, watcher), SIGKILL if it lingers. */
async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise((resolve) => setTimeout(() => resolve(true), 5_000)),
  ]);
  if (timedOut) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* the whole group is gone */
  }
}
