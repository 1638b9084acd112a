// The launcher: NODE_OPTIONS keeps the user's options and quotes paths with spaces, the env
// contract reaches the program, `env` null removes a variable, a missing runtime settles `exited`
// with the error, and killTree() leaves no orphans (DAP-10).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV, readTrace } from '../../../runtime/format';
import {
  launchRecorded,
  nodeOptionsWithBootloader,
  quoteNodeOption,
  recordedEnvironment,
  recorderSettings,
  TraceCollector,
} from '../../../debug-adapter/recording';

const REPO = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rewind-launch-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function collectStdout(stream: NodeJS.ReadableStream | null): Promise<string> {
  return new Promise((resolvePromise) => {
    let text = '';
    stream?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    stream?.on('end', () => resolvePromise(text));
  });
}

/** Alive and not a zombie (an orphan's zombie lingers where no init reaps it, e.g. containers). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc: signal 0 succeeding is the best evidence
  }
}

describe('NODE_OPTIONS', () => {
  it('puts the bootloader first and keeps what the user had', () => {
    expect(nodeOptionsWithBootloader(undefined, '/d/bootloader.js')).toBe('--require /d/bootloader.js');
    expect(nodeOptionsWithBootloader('  --max-old-space-size=100 ', '/d/bootloader.js')).toBe(
      '--require /d/bootloader.js --max-old-space-size=100',
    );
  });

  it('quotes paths holding spaces, quotes or backslashes the way Node parses them', () => {
    expect(quoteNodeOption('/plain/path.js')).toBe('/plain/path.js');
    expect(quoteNodeOption('/with space/b.js')).toBe('"/with space/b.js"');
    expect(quoteNodeOption('/q"uote\\back/b.js')).toBe('"/q\\"uote\\\\back/b.js"');
  });

  it('builds the environment: base, then env (null removes), then the contract and NODE_OPTIONS', () => {
    const settings = recorderSettings({ root: '/root', socketPath: '/s/c.sock', sessionId: 'id' });
    const env = recordedEnvironment(
      {
        program: 'p.js',
        settings,
        bootloaderPath: '/d/bootloader.js',
        stdio: 'pipe',
        env: { ADDED: 'yes', REMOVED: null, NODE_OPTIONS: '--trace-warnings' },
      },
      { KEPT: 'k', REMOVED: 'r' },
    );
    expect(env).toMatchObject({
      KEPT: 'k',
      ADDED: 'yes',
      [ENV.SOCKET]: '/s/c.sock',
      [ENV.SESSION]: 'id',
      [ENV.ROOT]: '/root',
    });
    expect(env.REMOVED).toBeUndefined();
    expect(env.NODE_OPTIONS).toBe('--require /d/bootloader.js --trace-warnings');
  });

  it("leaves a REWIND_ variable the launch's env sets as the program's own, hiding only what it adds", () => {
    // A deferred recording's re-execution passes the deferred run's environment as `env`: a user's
    // REWIND_CACHE_DIR there was taken for ours and hidden, and the expansion diverged before it began.
    const settings = recorderSettings({ root: '/root', socketPath: '/s/c.sock', sessionId: 'id' });
    const env = recordedEnvironment(
      {
        program: 'p.js',
        settings,
        bootloaderPath: '/d/b.js',
        stdio: 'pipe',
        env: { REWIND_CACHE_DIR: '/users/cache' },
      },
      {},
    );
    expect(env.REWIND_CACHE_DIR).toBe('/users/cache');
    const added = env[ENV.ADDED_VARIABLES].split(',');
    expect(added).toContain(ENV.SOCKET);
    expect(added).not.toContain('REWIND_CACHE_DIR');
  });

  it('carries the focused-recording plan, and drops one inherited from an outer recorded run when there is none', () => {
    const base = { [ENV.PLAN]: '{"defaultLevel":"none","rules":[]}' };
    const launch = (settings: ReturnType<typeof recorderSettings>) =>
      recordedEnvironment({ program: 'p.js', settings, bootloaderPath: '/d/b.js', stdio: 'pipe' }, base);
    expect(launch(recorderSettings({ root: '/root', socketPath: '/s' }))[ENV.PLAN]).toBeUndefined();
    const focused = launch(recorderSettings({ root: '/root', socketPath: '/s', focus: ['a/**'] }));
    expect(JSON.parse(focused[ENV.PLAN])).toEqual({
      defaultLevel: 'calls',
      rules: [{ glob: 'a/**', level: 'full', reason: 'focus' }],
    });
  });
});

describe('launchRecorded', () => {
  it('records a program through a bootloader whose path has spaces, keeping the user NODE_OPTIONS', async () => {
    const dist = join(scratch, 'a folder with spaces', 'dist');
    cpSync(join(REPO, 'dist'), dist, { recursive: true });
    const program = join(scratch, 'show-options.js');
    writeFileSync(
      program,
      'console.log(JSON.stringify(process.execArgv), process.env.NODE_OPTIONS.includes("--no-deprecation"), typeof process.noDeprecation);\n',
    );
    const collector = await TraceCollector.create();
    try {
      const launched = launchRecorded({
        program,
        cwd: scratch,
        stdio: 'pipe',
        bootloaderPath: join(dist, 'bootloader.js'),
        env: { NODE_OPTIONS: '--no-deprecation' },
        settings: recorderSettings({ root: scratch, socketPath: collector.socketPath }),
      });
      const stdout = collectStdout(launched.child.stdout);
      expect(await launched.exited).toEqual({ code: 0, signal: null });
      // --no-deprecation from the user's NODE_OPTIONS took effect (process.noDeprecation is set). The
      // stack budget the launcher adds (INS-20) is taken out of process.execArgv by the bootloader.
      expect(await stdout).toBe('[] true boolean\n');
      await collector.waitForIdle(5000);
      const trace = readTrace(collector.bytes());
      expect(trace.complete).toBe(true);
      expect(trace.header.argv[1]).toBe(program);
    } finally {
      await collector.finish();
    }
  });

  it('settles exited with the error when the runtime cannot be started', async () => {
    const launched = launchRecorded({
      program: 'x.js',
      runtimeExecutable: join(scratch, 'no-such-node'),
      stdio: 'pipe',
      bootloaderPath: '/nowhere/bootloader.js',
      settings: recorderSettings({ root: scratch, socketPath: join(scratch, 'none.sock') }),
    });
    const exit = await launched.exited;
    expect(exit.code).toBeNull();
    expect(exit.spawnError).toMatch(/ENOENT/);
  });

  it('killTree() kills the program and the children it started (DAP-10)', async () => {
    const program = join(scratch, 'parent.js');
    writeFileSync(
      program,
      [
        "const { spawn } = require('node:child_process');",
        "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        'console.log(child.pid);',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const launched = launchRecorded({
      program,
      cwd: scratch,
      stdio: 'pipe',
      bootloaderPath: join(REPO, 'dist/bootloader.js'),
      settings: recorderSettings({ root: scratch, outFile: join(scratch, 'tree.rwd') }),
    });
    const childPid = await new Promise<number>((resolvePromise) => {
      launched.child.stdout?.once('data', (chunk: Buffer) => resolvePromise(Number(chunk.toString().trim())));
    });
    expect(isAlive(childPid)).toBe(true);
    launched.killTree();
    expect((await launched.exited).signal).toBe('SIGKILL');
    const deadline = Date.now() + 5000;
    while (isAlive(childPid) && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
    expect(isAlive(childPid)).toBe(false);
    expect(existsSync(join(scratch, 'tree.rwd'))).toBe(true);
  });
});
