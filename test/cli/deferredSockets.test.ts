// A deferred recording of a TCP server (http and net): its clients are not there at re-execution,
// so before format 3.16 such a recording was refused. Now the deferred run logs each connection and
// each read at its turn, and the re-execution gives the server its logged clients: Rewind connects
// to it itself, hands Node the accepted handle at the logged turn, and pushes each logged chunk, end
// or error into the program's socket; what the program writes back is compared, write by write,
// with what the deferred run wrote (format 3.17). The clients here are other processes (httpClient.cjs,
// netClient.cjs), gone by the time of the expansion. The servers print their own port and their
// clients' ports, which the re-execution's real connections do not have: the expansion must print
// what the deferred run printed (its output is checked line by line, so a difference is a
// divergence), with no divergence, in time. Node 20, 22 and 24 (REWIND_NODE22, REWIND_NODE24).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { ndSourceId, readDeferredContents, readTrace } from '../../runtime/format';
import { TraceStore } from '../../debug-adapter/replay';
import { indexOf } from '../../debug-adapter/trace/indexedThread';
import {
  FIXTURES,
  assertBuilt,
  nodeBinaries,
  plainNode,
  run,
  scratchDirectory,
  expandPrinting,
  recordDeferred,
} from './harness';

const CASES = [
  {
    server: 'httpServer.cjs',
    client: 'httpClient.cjs',
    // What the deferred run must have seen: four requests on two connections, the body whole.
    expected: [/^request 2: POST \/second "{\\"part\\":\\"two\\"}" on port \d+ from 127\.0\.0\.1:\d+$/m, /^closed$/m],
    connections: 2,
    // Each request's line says the ports the deferred run saw ("on port L from 127.0.0.1:R").
    printedPorts: /^request \d+: .* on port (\d+) from 127\.0\.0\.1:(\d+)$/gm,
  },
  {
    server: 'netServer.cjs',
    client: 'netClient.cjs',
    expected: [
      /^end after "hello"$/m,
      /^error ECONNRESET read read ECONNRESET$/m,
      /^timeout after "then silence"$/m,
      /^closed$/m,
    ],
    connections: 3,
    printedPorts: undefined,
  },
] as const;

/** One connection that sends a byte and waits for the server to end it: socketLooks.cjs's client. */
const ONE_CONNECTION = `
const fs = require('node:fs');
const net = require('node:net');
const portFile = process.argv[1];
const poll = setInterval(() => {
  if (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8') === '') return;
  clearInterval(poll);
  const socket = net.connect(Number(fs.readFileSync(portFile, 'utf8')), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.resume();
  socket.write('x');
}, 20);
`;

describe.each(nodeBinaries({ node22: true }))('a deferred recording of a TCP server, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** Records `server` deferred while `client` (another process) talks to it; both copied to a new scratch folder. */
  async function recordWithClient(server: string, client: string) {
    scratch = scratchDirectory();
    const program = join(scratch.path, server);
    const clientProgram = join(scratch.path, client);
    copyFileSync(join(FIXTURES, 'deferred', server), program);
    copyFileSync(join(FIXTURES, 'deferred', client), clientProgram);
    const portFile = join(scratch.path, 'port.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const clientRun = run(node, [clientProgram, portFile], { cwd: scratch.path });
    const recorded = await recordDeferred(deferred, [program, portFile], scratch.path, node);
    return { recorded, clientResult: await clientRun, deferred, portFile };
  }

  it.each(CASES)(
    '$server: the re-execution gets its logged clients, at their turns, and prints what the deferred run printed',
    async ({ server, client, expected, connections, printedPorts }) => {
      const { recorded, clientResult, deferred, portFile } = await recordWithClient(server, client);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(clientResult.code, clientResult.stderr).toBe(0);
      for (const line of expected) expect(recorded.stdout).toMatch(line);

      const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
      expect(log.unsupported).toEqual([]);
      const asyncSources = [...log.asyncReads.values()].map((read) => read.source);
      expect(asyncSources.filter((source) => source === ndSourceId('TCP.onconnection'))).toHaveLength(connections);
      expect(asyncSources).toContain(ndSourceId('TCP.onread'));
      expect(log.reads.map((read) => read.source)).toContain(ndSourceId('TCP.getpeername'));
      // Every write to a client, for the re-execution to compare (format 3.17), on each connection.
      expect(new Set(log.writes.map((write) => write[0])).size).toBe(connections);

      // The client is gone and its port file with it: nothing but Rewind can reach the server now.
      rmSync(portFile);
      // In another second than the deferred run's: http's Date header (Node's clock, not fed) differs,
      // and the comparison of the writes must leave it out.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      // A re-execution left waiting for clients that never come never ends: that is the failure.
      const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), {
        timeoutMs: 40_000,
      });
      expect(outcome.divergence, outcome.divergence).toBeUndefined();
      expect(fed).toBe(recorded.stdout);
      if (!printedPorts) return;
      // The requests' ports in the expanded recording are the deferred run's, never the loopback
      // ones the re-execution's own connections used.
      const seen = [...recorded.stdout.matchAll(printedPorts)].map((match) => `${match[1]} <- ${match[2]}`);
      const store = TraceStore.fromBytes(readFileSync(join(scratch.path, 'f.rwd')));
      const requests = indexOf(store.threads.get(store.mainThreadId()!)!).requests.list;
      const linked = requests.filter((request) => request.kind === 'server');
      expect(linked.map((request) => `${request.localPort} <- ${request.remotePort}`).sort()).toEqual(seen.sort());
    },
    90_000,
  );

  it('shows the program its handles as a plain run does, deferred and re-executed', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'socketLooks.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'socketLooks.cjs'), program);
    const portFile = join(scratch.path, 'port.txt');
    const connectOnce = () => run(node, ['-e', ONE_CONNECTION, portFile], { cwd: scratch.path });

    const plainClient = connectOnce();
    const plain = await plainNode([program, portFile], { cwd: scratch.path }, node);
    expect((await plainClient).code).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('onconnection: onconnection/2/');
    rmSync(portFile);

    const deferred = join(scratch.path, 'd.rwd');
    const deferredClient = connectOnce();
    const recorded = await recordDeferred(deferred, [program, portFile], scratch.path, node);
    expect((await deferredClient).code).toBe(0);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe(plain.stdout);

    rmSync(portFile);
    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), {
      timeoutMs: 40_000,
    });
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    expect(fed).toBe(plain.stdout);
  }, 90_000);

  it("stops at the first write to a client that differs from the deferred run's, naming it", async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'answersByFlag.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'answersByFlag.cjs'), program);
    writeFileSync(join(scratch.path, 'flag.txt'), 'up');
    const portFile = join(scratch.path, 'port.txt');
    const deferred = join(scratch.path, 'd.rwd');
    const client = run(node, ['-e', ONE_CONNECTION, portFile], { cwd: scratch.path });
    const recorded = await recordDeferred(deferred, [program, portFile], scratch.path, node);
    expect((await client).code).toBe(0);
    expect(recorded.code, recorded.stderr).toBe(0);
    const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
    expect(log.writes).toEqual([[1, 'the flag is up'.length, crc32(Buffer.from('the flag is up'))]]);

    // Unchanged, the re-execution writes what the deferred run wrote.
    rmSync(portFile);
    const same = await expandPrinting(deferred, join(scratch.path, 'same.rwd'), { timeoutMs: 40_000 });
    expect(same.outcome.divergence).toBeUndefined();
    // Without the file, only the answer changes: stdout is the same, the write is not.
    rmSync(join(scratch.path, 'flag.txt'));
    const { outcome, printed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), { timeoutMs: 40_000 });
    expect(printed).toBe('');
    expect(outcome.divergence).toMatch(
      new RegExp(
        `the program wrote 7 long \\(CRC ${crc32(Buffer.from('no flag')).toString(16)}\\) to connection #1; ` +
          `the deferred run wrote 14 long \\(CRC ${crc32(Buffer.from('the flag is up')).toString(16)}\\) to connection #1`,
      ),
    );
  }, 90_000);

  it('ends the re-execution where Ctrl+C ended the server, with a note saying so, not a divergence', async () => {
    const { recorded, clientResult, deferred, portFile } = await recordWithClient(
      'stoppedServer.cjs',
      'stoppingClient.cjs',
    );
    expect(clientResult.code, clientResult.stderr).toBe(0);
    expect(recorded.signal).toBe('SIGINT'); // the program's own end, passed on: SIGINT, no listener
    expect(recorded.stdout).toMatch(/^request 2: \/two at true from port \d+$/m);

    rmSync(portFile);
    // Left listening for clients after the log ran out, it would never end.
    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), {
      timeoutMs: 40_000,
    });
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    expect(outcome.signalEnd).toMatch(/^The deferred run was ended by SIGINT after its \d+ logged callbacks/);
    expect(fed).toBe(recorded.stdout);
  }, 90_000);
});
