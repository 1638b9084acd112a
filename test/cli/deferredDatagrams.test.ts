// A deferred recording of UDP sockets (dgram): before format 3.18 such a recording was refused ("a UDP
// socket was opened"). Now the deferred run logs each socket's bind and connect outcomes, the
// addresses it reports and each message Node handed the program, at its turn, and digests each
// datagram sent; the re-execution binds the loopback instead, sends to a sink of Rewind's, and hands
// the program only the logged messages. The peer here is another process (udpPeer.cjs), gone by the
// expansion: the expansion must print what the deferred run printed (random tokens only the log
// has), with no divergence. Node 20, 22 and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATAGRAMS_FED_REASON, ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { FIXTURES, assertBuilt, nodeBinaries, run, scratchDirectory, expandPrinting, recordDeferred } from './harness';

describe.each(nodeBinaries({ node22: true }))('a deferred recording of UDP sockets, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it("re-executes a UDP client with its peer's answers from the log", async () => {
    scratch = scratchDirectory();
    const [client, peer] = ['udpClient.cjs', 'udpPeer.cjs'].map((name) => {
      const target = join(scratch.path, name);
      copyFileSync(join(FIXTURES, 'deferred', name), target);
      return target;
    });
    const portFile = join(scratch.path, 'port.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const peerRun = run(node, [peer, portFile], { cwd: scratch.path });
    const recorded = await recordDeferred(deferred, [client, portFile], scratch.path, node);
    const peerResult = await peerRun;
    rmSync(portFile);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(peerResult.code, peerResult.stderr).toBe(0);
    const sent = [...peerResult.stdout.matchAll(/^sent (.*)$/gm)].map((match) => match[1]);
    expect(sent).toHaveLength(2);
    expect(recorded.stdout).toContain(`got ${sent[0]} (${sent[0].length} bytes) from the peer\n`);
    expect(recorded.stdout).toContain(`connected got ${sent[1]}\n`);
    expect(recorded.stdout).toContain('connected to the peer: true\n');

    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.unsupported).toEqual([]);
    expect(log.marks).toContain(DATAGRAMS_FED_REASON);
    const sources = log.reads.map((read) => read.source);
    expect(sources).toEqual(
      expect.arrayContaining([ndSourceId('UDP.bind'), ndSourceId('UDP.connect'), ndSourceId('UDP.getsockname')]),
    );
    const messages = [...log.asyncReads.values()].filter((read) => read.source === ndSourceId('UDP.onmessage'));
    expect(messages).toHaveLength(2);
    // Each datagram sent, digested for the re-execution to compare: 'ping', then 'pong'.
    expect(log.writes.map((write) => write[1])).toEqual([4, 4]);

    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    expect(printed).toBe(recorded.stdout);
  }, 90_000);
});
