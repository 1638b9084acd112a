// A deferred recording of a program's outgoing TCP connections (net.connect, http.request): their
// peers are not there at re-execution, so before format 3.18 such a recording was refused ("a TCP
// connection was made"). Now the deferred run logs each connect and its completion at the handle,
// and each read as an accepted connection's; the re-execution connects the program's handle to a
// stand-in peer of Rewind's, hands Node the logged completion at its turn and pushes the logged
// reads, and compares what the program writes with what the deferred run wrote. The peers here are
// other processes (httpServer.cjs, netServer.cjs, outgoingPeer.cjs), gone by the expansion: the
// expansion must print what the deferred run printed, with no divergence, in time. Node 20, 22
// and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OUTGOING_FED_REASON, ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { TraceStore } from '../../debug-adapter/replay';
import { indexOf } from '../../debug-adapter/trace/indexedThread';
import { FIXTURES, assertBuilt, nodeBinaries, run, scratchDirectory, expandPrinting, recordDeferred } from './harness';

const CASES = [
  // The recorded program is the client; its peer the server the server tests record.
  {
    client: 'httpClient.cjs',
    peer: 'httpServer.cjs',
    connections: 2,
    expected: /^POST \/second 14 \(stamped true\)$/m,
    // The peer prints each request's ports ("on port <its own> from 127.0.0.1:<the client's>").
    peerPorts: /^request \d+: .* on port (\d+) from 127\.0\.0\.1:(\d+)$/gm,
  },
  {
    client: 'netClient.cjs',
    peer: 'netServer.cjs',
    connections: 3,
    expected: /^got THEN SILENCE$/m,
    peerPorts: undefined,
  },
] as const;

describe.each(nodeBinaries({ node22: true }))(
  'a deferred recording of outgoing connections, on $label',
  ({ path: node }) => {
    beforeAll(assertBuilt);
    let scratch: ReturnType<typeof scratchDirectory>;
    afterEach(() => scratch.remove());

    /**
     * Records `program` deferred while `peer` (another process, `peerArgs` after the port file) serves
     * it, both copied to a new scratch folder, with `files` written beside them.
     */
    async function recordWithPeer(
      program: string,
      peer: string,
      peerArgs: readonly string[] = [],
      files: Record<string, string> = {},
    ) {
      scratch = scratchDirectory();
      for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch.path, name), text);
      const programPath = join(scratch.path, program);
      const peerPath = join(scratch.path, peer);
      copyFileSync(join(FIXTURES, 'deferred', program), programPath);
      copyFileSync(join(FIXTURES, 'deferred', peer), peerPath);
      const portFile = join(scratch.path, 'port.txt');
      const deferred = join(scratch.path, 'd.rwd');
      const peerRun = run(node, [peerPath, portFile, ...peerArgs], { cwd: scratch.path });
      const recorded = await recordDeferred(deferred, [programPath, portFile], scratch.path, node);
      const peerResult = await peerRun;
      // The peer is gone and its port file with it: nothing but the log can answer the program now.
      rmSync(portFile);
      return { recorded, peerResult, deferred };
    }

    function logOf(deferred: string) {
      return readDeferredContents(readTrace(readFileSync(deferred)).records).log;
    }

    it.each(CASES)(
      '$client: the re-execution gets its peer from the log and prints what the deferred run printed',
      async ({ client, peer, connections, expected, peerPorts }) => {
        const { recorded, peerResult, deferred } = await recordWithPeer(client, peer);
        expect(recorded.code, recorded.stderr).toBe(0);
        expect(peerResult.code, peerResult.stderr).toBe(0);
        expect(recorded.stdout).toMatch(expected);

        const log = logOf(deferred);
        expect(log.unsupported).toEqual([]);
        expect(log.marks).toContain(OUTGOING_FED_REASON);
        expect(log.reads.filter((read) => read.source === ndSourceId('TCP.connect'))).toHaveLength(connections);
        const asyncSources = [...log.asyncReads.values()].map((read) => read.source);
        expect(asyncSources.filter((source) => source === ndSourceId('TCP.connect complete'))).toHaveLength(
          connections,
        );
        expect(asyncSources).toContain(ndSourceId('TCP.onread'));
        expect(new Set(log.writes.map((write) => write[0])).size).toBe(connections);

        // A re-execution left waiting for a peer that never answers never ends: that is the failure.
        const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
        expect(outcome.divergence, outcome.divergence).toBeUndefined();
        expect(printed).toBe(recorded.stdout);
        if (!peerPorts) return;
        // The expanded client requests carry the deferred run's ports (the peer saw them), never the
        // stand-in peer's loopback ones: what links them to a recording of the server.
        const seen = [...peerResult.stdout.matchAll(peerPorts)].map((match) => `${match[1]} <- ${match[2]}`);
        expect(seen).toHaveLength(4);
        const store = TraceStore.fromBytes(readFileSync(join(scratch.path, 'f.rwd')));
        const requests = indexOf(store.threads.get(store.mainThreadId()!)!).requests.list;
        const linked = requests.filter((request) => request.kind === 'client');
        expect(linked.map((request) => `${request.remotePort} <- ${request.localPort}`).sort()).toEqual(seen.sort());
      },
      90_000,
    );

    it("prints the peer's random answers, its port and a refused connection's error from the log", async () => {
      const { recorded, peerResult, deferred } = await recordWithPeer('outgoing.cjs', 'outgoingPeer.cjs');
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(peerResult.code, peerResult.stderr).toBe(0);
      // What the peer sent is what the program got: tokens nothing but the log holds at re-execution.
      const sent = [...peerResult.stdout.matchAll(/^sent (.*)$/gm)].map((match) => match[1]);
      expect(sent).toHaveLength(2);
      expect(recorded.stdout).toBe(
        `200 ${sent[0]} from its port\n200 ${sent[1]} from its port\nECONNREFUSED connect ECONNREFUSED 127.0.0.1:PORT\n`,
      );
      const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
      expect(outcome.divergence, outcome.divergence).toBeUndefined();
      expect(printed).toBe(recorded.stdout);
    }, 90_000);

    it('re-executes a connection Node made by trying several addresses, each attempt from the log', async () => {
      scratch = scratchDirectory();
      const program = join(scratch.path, 'multiAddress.cjs');
      copyFileSync(join(FIXTURES, 'deferred', 'multiAddress.cjs'), program);
      const deferred = join(scratch.path, 'd.rwd');
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stdout).toMatch(/^connected to 127\.0\.0\.1 after ::1:PORT, 127\.0\.0\.1:PORT\ngot hello\n$/);
      // The ::1 attempt is a connection of its own: refused, or failed at once on a machine without
      // IPv6; either outcome is what the log holds.
      const connects = logOf(deferred).reads.filter((read) => read.source === ndSourceId('TCP.connect'));
      expect(connects).toHaveLength(2);
      const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
      expect(outcome.divergence, outcome.divergence).toBeUndefined();
      expect(printed).toBe(recorded.stdout);
    }, 90_000);

    it('stops at the first request that differs from what the deferred run sent, naming it', async () => {
      const { recorded, peerResult, deferred } = await recordWithPeer('asksByFlag.cjs', 'outgoingPeer.cjs', ['1'], {
        'flag.txt': 'up',
      });
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(peerResult.stdout).toMatch(/^sent \/up:/m);
      // Unchanged, the re-execution sends what the deferred run sent.
      const same = await expandPrinting(deferred, join(scratch.path, 'same.rwd'), { timeoutMs: 40_000 });
      expect(same.outcome.divergence).toBeUndefined();
      // Without the file only the request changes: nothing printed differs, the write does.
      rmSync(join(scratch.path, 'flag.txt'));
      const { outcome } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
      expect(outcome.divergence).toMatch(
        /the program wrote \d+ long \(CRC [0-9a-f]+\) to connection #1; the deferred run wrote \d+ long/,
      );
    }, 90_000);
  },
);
