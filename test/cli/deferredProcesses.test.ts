// A deferred recording's re-execution starts no child process, however the program started it:
// asyncChildren.cjs spawns children with pipes both ways, through exec and execFile, a command that
// does not exist, a child it kills, an inherited stdio and a forked Node child it talks to over IPC
// — each appends a line to side.txt and prints what world.txt and the clock say. Then the world
// changes; `rewind expand` re-executes it, fed each child's logged pid, output, messages and exit,
// and must leave side.txt as it was while printing exactly what the deferred run printed. Before
// format 3.19 such a recording was refused. Also: the listeners' stacks (childStacks.cjs) and a
// detached child left running (unrefChild.cjs), whose stand-in must not outlive the re-execution.
// Node 20, 22 and 24.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CHILDREN_FED_REASON,
  decodeEnd,
  decodeProducer,
  ndSourceId,
  readDeferredContents,
  readTrace,
  RecordType,
} from '../../runtime/format';
import {
  FIXTURES,
  assertBuilt,
  expandPrinting,
  infoJson,
  nodeBinaries,
  plainNode,
  recordDeferred,
  scratchDirectory,
} from './harness';

const DEFERRED = join(FIXTURES, 'deferred');

/** What a trace's program printed to stdout, joined (as recorded). */
function printed(tracePath: string): string {
  const contents = readDeferredContents(readTrace(readFileSync(tracePath)).records);
  return contents.printed.stdout.map((chunk) => chunk.text).join('');
}

/** Processes (Linux /proc) whose command line holds `text`: a stand-in is found by its label. */
function processesWith(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The expansion: its divergence, what it printed, and the processes it left out. */
async function expand(
  deferredPath: string,
  outPath: string,
): Promise<{ divergence?: string; fed: string; processesLeftOut: string[] }> {
  const { outcome, printed } = await expandPrinting(deferredPath, outPath);
  return { divergence: outcome.divergence, fed: printed, processesLeftOut: outcome.processesLeftOut };
}

describe.each(nodeBinaries({ node22: true }))(
  'a deferred recording that starts asynchronous child processes, on $label',
  ({ path: node }) => {
    beforeAll(assertBuilt);
    let scratch: ReturnType<typeof scratchDirectory>;
    afterEach(() => scratch.remove());

    /**
     * Copies the fixtures into a scratch folder beside a world.txt, records the first deferred, and
     * expects it to succeed.
     */
    async function recordFixtures(...names: string[]) {
      scratch = scratchDirectory();
      for (const name of names) copyFileSync(join(DEFERRED, name), join(scratch.path, name));
      writeFileSync(join(scratch.path, 'world.txt'), 'as it was\n');
      const deferred = join(scratch.path, 'd.rwd');
      const program = join(scratch.path, names[0]);
      const recorded = await recordDeferred(deferred, [program], scratch.path, node);
      expect(recorded.code, recorded.stderr).toBe(0);
      return { program, deferred, recorded, side: join(scratch.path, 'side.txt') };
    }

    it('re-executes without starting any, fed what each did in the deferred run', async () => {
      const { deferred, recorded, side } = await recordFixtures('asyncChildren.cjs', 'forkedChild.cjs');
      const ran = readFileSync(side, 'utf8');
      expect(ran.split('\n').filter(Boolean)).toEqual([
        'spawn',
        'stdin',
        'exec',
        'execFile',
        'killed',
        'inherit',
        'forked',
      ]);
      const deferredStdout = printed(deferred);
      // The inherited child wrote to the descriptor itself, past process.stdout: not in the trace.
      expect(recorded.stdout).toContain('inherited\n');
      const programStdout = recorded.stdout.replace('inherited\n', '');
      const seen = JSON.parse(programStdout) as unknown[];
      // What the children gave the program: output both ways, exit codes, the error, the kill, messages.
      expect(seen[1]).toEqual([
        'number',
        true,
        [3, null, 3, null, false],
        3,
        null,
        expect.stringMatching(/^as it was\n\d+\n$/),
        'oops\n',
      ]);
      expect((seen[2] as unknown[])[5]).toBe('WRITTEN TO THE CHILD\nAND ENDED\nas it was\n');
      expect(seen[3]).toEqual(['exec', null, 'as it was\n', 'to-stderr\n']);
      expect(seen[4]).toEqual(['execFile', [7, false, null, 'sh -c echo execFile >> ' + side + '; exit 7'], '']);
      expect((seen[5] as unknown[]).slice(0, 3)).toEqual(['error', 'ENOENT', 'spawn rewind-no-such-command-30']);
      expect(seen[6]).toEqual(['kill', true]);
      expect((seen[7] as unknown[])[2]).toEqual([null, 'SIGTERM', null, 'SIGTERM', true]);
      const fork = seen[9] as [string, unknown[], Array<Record<string, unknown>>];
      expect(fork[2]).toEqual([
        { ready: true, token: expect.any(Number) },
        { answer: 'as it was\n', to: 'what is in the world?' },
      ]);
      const { log } = readDeferredContents(readTrace(readFileSync(deferred)).records);
      expect(log.marks).toContain(CHILDREN_FED_REASON);
      expect(log.unsupported).toEqual([]);
      const sources = log.reads.map((read) => read.source);
      const asyncSources = [...log.asyncReads.values()].map((read) => read.source);
      expect(sources.filter((source) => source === ndSourceId('ProcessWrap.spawn'))).toHaveLength(8);
      expect(sources.filter((source) => source === ndSourceId('ProcessWrap.kill'))).toHaveLength(1);
      // Every child but the one that never started exited, at its turn.
      expect(asyncSources.filter((source) => source === ndSourceId('ProcessWrap.onexit'))).toHaveLength(7);

      // The world changes: a child started again would print this, and add to side.txt.
      writeFileSync(join(scratch.path, 'world.txt'), 'changed since\n');
      const expanded = join(scratch.path, 'full.rwd');
      const { divergence, fed, processesLeftOut } = await expand(deferred, expanded);
      expect(divergence).toBeUndefined();
      expect(processesLeftOut).toEqual([]);
      expect(readFileSync(side, 'utf8')).toBe(ran);
      // The forked child is re-executed too, fed the messages its parent sent it, and ends as it did.
      const info = await infoJson(expanded);
      expect(info.producers.map((producer) => producer.argv.slice(1))).toEqual([
        [join(scratch.path, 'asyncChildren.cjs')],
        [join(scratch.path, 'forkedChild.cjs'), side],
      ]);
      // Everything the deferred run printed through process.stdout; the inherited child's own line is not.
      expect(fed).toBe(programStdout);
      expect(printed(expanded)).toBe(deferredStdout);
    });

    it("shows the listeners a plain run's stacks, recorded deferred and re-executed", async () => {
      const { program, deferred, recorded } = await recordFixtures('childStacks.cjs', 'forkedChild.cjs');
      const plain = await plainNode([program], { cwd: scratch.path }, node);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toContain('Pipe.onStreamRead');
      expect(recorded.stdout).toBe(plain.stdout);
      const { divergence, fed, processesLeftOut } = await expand(deferred, join(scratch.path, 'full.rwd'));
      expect(divergence).toBeUndefined();
      expect(processesLeftOut).toEqual([]);
      expect(fed).toBe(recorded.stdout);
    });

    it('re-executes a Node child the program started as a process of its own, fed its own log', async () => {
      const { deferred, recorded, side } = await recordFixtures('spawnsNode.cjs', 'nodeChild.cjs');
      expect(readFileSync(side, 'utf8')).toBe('child\n');
      const seen = JSON.parse(recorded.stdout) as { answer: Record<string, unknown>; code: number };
      expect(seen.answer).toMatchObject({ argv: ['from-the-parent'], input: 'a line for the child', letters: 16 });
      expect(seen.code).toBe(5);
      // The deferred run logged each process: the child's log is its own producer's. (A short child
      // may be drained at its own exit before its parent's first record: the root is producer 0.)
      const records = readTrace(readFileSync(deferred)).records;
      const producers = records
        .filter((record) => record.type === RecordType.PRODUCER)
        .map(decodeProducer)
        .sort((a, b) => Number(b.producerId === 0) - Number(a.producerId === 0));
      expect(producers.map((producer) => producer.argv.slice(1))).toEqual([
        [join(scratch.path, 'spawnsNode.cjs')],
        [join(scratch.path, 'nodeChild.cjs'), 'from-the-parent'],
      ]);
      const childLog = readDeferredContents(records, undefined, producers[1].producerId);
      expect(childLog.printed.stdout.map((chunk) => chunk.text).join('')).toBe(JSON.stringify(seen.answer));

      writeFileSync(join(scratch.path, 'world.txt'), 'changed since\n');
      const expanded = join(scratch.path, 'full.rwd');
      const { divergence, fed, processesLeftOut } = await expand(deferred, expanded);
      expect(divergence).toBeUndefined();
      expect(processesLeftOut).toEqual([]);
      // Neither ran again for real: the child's note is not repeated, and both print the logged world.
      expect(readFileSync(side, 'utf8')).toBe('child\n');
      expect(fed).toContain(recorded.stdout);
      expect(fed).toContain(JSON.stringify(seen.answer));
      // One trace, two processes, each with the steps of its own file.
      const info = await infoJson(expanded);
      expect(info.producers.map((producer) => [producer.producerId, producer.argv.slice(1)])).toEqual([
        [0, [join(scratch.path, 'spawnsNode.cjs')]],
        [1, [join(scratch.path, 'nodeChild.cjs'), 'from-the-parent']],
      ]);
      expect(info.end).toMatchObject({ reason: 'exit', exitCode: 0 });
      expect(info.files).toEqual(
        expect.arrayContaining([join(scratch.path, 'spawnsNode.cjs'), join(scratch.path, 'nodeChild.cjs')]),
      );
      const expandedRecords = readTrace(readFileSync(expanded)).records;
      const childEnd = expandedRecords.find((record) => record.type === RecordType.END && record.producerId === 1);
      expect(childEnd && decodeEnd(childEnd)).toMatchObject({ reason: 'exit', exitCode: 5 });
    });

    it.runIf(process.platform === 'linux')(
      'ends the stand-in of a child left running when the re-execution ends',
      async () => {
        scratch = scratchDirectory();
        const program = join(scratch.path, 'unrefChild.cjs');
        copyFileSync(join(DEFERRED, 'unrefChild.cjs'), program);
        const deferred = join(scratch.path, 'd.rwd');
        const recorded = await recordDeferred(deferred, [program], scratch.path, node);
        const childPid = Number(recorded.stdout.trim());
        try {
          expect(recorded.code, recorded.stderr).toBe(0);
          expect(childPid).toBeGreaterThan(0);
          const label = `rewind-stand-in-for-child-pid:${childPid}`;
          const { divergence, fed } = await expand(deferred, join(scratch.path, 'full.rwd'));
          expect(divergence).toBeUndefined();
          expect(fed).toBe(`${childPid}\n`);
          // It polls its parent twice a second.
          const deadline = Date.now() + 5000;
          while (processesWith(label).length > 0 && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 100));
          expect(processesWith(label)).toEqual([]);
        } finally {
          if (childPid > 0)
            try {
              process.kill(childPid);
            } catch {
              // already gone
            }
        }
      },
    );
  },
);
