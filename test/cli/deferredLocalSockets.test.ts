// A deferred recording of local sockets (Unix domain sockets; named pipes on Windows): servers and
// outgoing connections, as for TCP (deferredSockets.test.ts, deferredOutgoing.test.ts). Before format
// 3.18 such a recording was refused ("a local socket server accepted connections", "a local socket
// connection was made"). Now the deferred run logs the Pipe handle's bind, listen and connect, each
// accept and each read; the re-execution listens at a private name of Rewind's (the program's path
// may be taken, by the very server recorded) and connects the program's clients to a stand-in peer.
// The peers here are other processes, gone by the expansion (or, for the server, a plain copy of it
// holding its path): the expansion must print what the deferred run printed, with no divergence.
// Node 20, 22 and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SOCKETS_FED_REASON, ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { FIXTURES, assertBuilt, nodeBinaries, run, scratchDirectory, expandPrinting, recordDeferred } from './harness';

describe.each(nodeBinaries({ node22: true }))('a deferred recording of local sockets, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  function copy(...names: string[]): string[] {
    scratch = scratchDirectory();
    return names.map((name) => {
      const target = join(scratch.path, name);
      copyFileSync(join(FIXTURES, 'deferred', name), target);
      return target;
    });
  }

  function logOf(deferred: string) {
    return readDeferredContents(readTrace(readFileSync(deferred)).records).log;
  }

  it('re-executes a local socket server with its logged clients, while its path is taken', async () => {
    const [server, client] = copy('localServer.cjs', 'localClient.cjs');
    const pathFile = join(scratch.path, 'path.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const clientRun = run(node, [client, pathFile], { cwd: scratch.path });
    const recorded = await recordDeferred(deferred, [server, pathFile], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect((await clientRun).stdout).toBe('client got echo one\nclient got echo two\n');
    expect(recorded.stdout).toMatch(/^#2 got two at "CWD\/local\.sock", remote undefined$/m);

    const log = logOf(deferred);
    expect(log.unsupported).toEqual([]);
    expect(log.marks).toContain(LOCAL_SOCKETS_FED_REASON);
    expect(log.reads.map((read) => read.source)).toEqual(
      expect.arrayContaining([ndSourceId('Pipe.bind'), ndSourceId('Pipe.listen')]),
    );
    const accepts = [...log.asyncReads.values()].filter((read) => read.source === ndSourceId('TCP.onconnection'));
    expect(accepts).toHaveLength(2);

    // The same server, plain, now holds the path: the re-execution must not need it.
    rmSync(pathFile);
    const holder = run(node, [server, pathFile], { cwd: scratch.path, timeoutMs: 60_000 });
    while (!hasText(pathFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
      expect(outcome.divergence, outcome.divergence).toBeUndefined();
      expect(printed).toBe(recorded.stdout);
    } finally {
      // A client's two connections end the holder.
      await run(node, [client, pathFile], { cwd: scratch.path });
      await holder;
    }
  }, 90_000);

  it("re-executes a local socket client with its peer's answers from the log", async () => {
    const [server, client] = copy('localServer.cjs', 'localClient.cjs');
    const pathFile = join(scratch.path, 'path.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const serverRun = run(node, [server, pathFile], { cwd: scratch.path });
    const recorded = await recordDeferred(deferred, [client, pathFile], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('client got echo one\nclient got echo two\n');
    expect((await serverRun).stdout).toMatch(/^closed$/m);
    rmSync(pathFile);

    const log = logOf(deferred);
    expect(log.unsupported).toEqual([]);
    expect(log.marks).toContain(LOCAL_SOCKETS_FED_REASON);
    expect(log.reads.filter((read) => read.source === ndSourceId('Pipe.connect'))).toHaveLength(2);
    expect(new Set(log.writes.map((write) => write[0])).size).toBe(2);
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    expect(printed).toBe(recorded.stdout);
  }, 90_000);

  it('re-executes an HTTP server on a local socket and its own client in one program', async () => {
    const [program] = copy('localHttp.cjs');
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await recordDeferred(deferred, [program], scratch.path, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('200 hello /local\nclosed\n');
    expect(logOf(deferred).unsupported).toEqual([]);
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    expect(printed).toBe(recorded.stdout);
  }, 90_000);
});

function hasText(path: string): boolean {
  try {
    return readFileSync(path, 'utf8') !== '';
  } catch {
    return false;
  }
}
