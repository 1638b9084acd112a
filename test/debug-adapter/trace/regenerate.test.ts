// Leaf-call regeneration (issue 9 §2): a program recorded with leafCalls, its leaf calls regenerated
// (debug-adapter/trace/regenerate.ts), equals the same program recorded at `full` — the same event
// words, the same probe tables (but for the leaves' code), the same replay at every step — and
// prints what it prints unrecorded. A regenerated value that differs from the recorded one is refused.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  hasLeafCalls,
  launchRecorded,
  recorderSettings,
  regeneratedIfLeafCalls,
} from '../../../debug-adapter/recording';
import { planLaunch } from '../../../debug-adapter/session/launchConfig';
import { nodeBinaries } from '../../support/nodeBinaries';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { RegenerationError, regenerateLeafCalls } from '../../../debug-adapter/trace/regenerate';
import { FileParts } from '../../../runtime/format/fileParts';
import {
  EventKind,
  Ext,
  KIND_MASK,
  holdsEvents,
  decodeEventWords,
  eventEnd,
  storedEventEnd,
  readTrace,
  type TraceRecord,
} from '../../../runtime/format';

const REPO = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rewind-leaf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const inflate = (bytes: Uint8Array, max: number) => inflateRawSync(bytes, { maxOutputLength: max });
const LEAF_HEADER = (Ext.LEAF_CALL << 4) | EventKind.EXT;
const LEAF_READS_HEADER = (Ext.LEAF_READS << 4) | EventKind.EXT;
const ORIGINS = new Set([(Ext.ORIGIN << 4) | EventKind.EXT, (Ext.ORIGIN_RUN << 4) | EventKind.EXT]);

async function record(program: string, leafCalls: boolean): Promise<{ bytes: Uint8Array; stdout: string }> {
  const out = join(scratch, `${leafCalls ? 'leaf' : 'full'}-${Math.random().toString(36).slice(2)}.rwd`);
  const launched = launchRecorded({
    program,
    cwd: scratch,
    bootloaderPath: join(REPO, 'dist/bootloader.js'),
    stdio: 'pipe',
    settings: recorderSettings({
      root: resolve(program, '..'),
      outFile: out,
      sessionId: 'leaf',
      level: 'full',
      cacheDir: join(scratch, 'cache'),
      ...(leafCalls ? { leafCalls: true } : {}),
    }),
  });
  let stdout = '';
  let stderr = '';
  launched.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  launched.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await launched.exited, stderr).toEqual({ code: 0, signal: null });
  return { bytes: readFileSync(out), stdout };
}

/**
 * Producer 0's events, each as its words, without padding and callback origins: Node's start-up
 * schedules a varying number of callbacks (encodingGuard.test.ts too).
 */
function* eventWords(bytes: Uint8Array): Generator<Int32Array> {
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let offset = 0; offset < words.length;) {
      const end = eventEnd(words, offset);
      const header = words[offset];
      if ((header & KIND_MASK) !== EventKind.PAD && !ORIGINS.has(header)) yield words.subarray(offset, end);
      offset = end;
    }
  }
}

/** Producer 0's events, each as its words joined (a readable first difference). */
function events(bytes: Uint8Array): string[] {
  return Array.from(eventWords(bytes), (words) => Array.from(words).join(','));
}

/** The same events as events(), hashed: for recordings too large to hold as text. */
function eventsDigest(bytes: Uint8Array): { events: number; sha256: string } {
  const hash = createHash('sha256');
  let count = 0;
  for (const words of eventWords(bytes)) {
    hash.update(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    count++;
  }
  return { events: count, sha256: hash.digest('hex') };
}

function probeTables(bytes: Uint8Array): unknown[] {
  const parts = new FileParts();
  return readTrace(bytes).records.flatMap((record) => {
    const joined = parts.take(record);
    if (!joined) return [];
    const { leaves: _leaves, ...file } = joined;
    return [file];
  });
}

/** Where the replay is at this step and what it shows: frames with their places and their scopes' variables. */
function moment(engine: ReplayEngine): unknown {
  return engine.stackTrace().frames.map((frame) => ({
    name: frame.name,
    source: frame.source,
    scopes:
      frame.kind === 'frame'
        ? engine.scopes(frame.id).map((scope) => ({
            name: scope.name,
            variables: engine
              .variables({ variablesReference: scope.variablesReference })
              .map((variable) => `${variable.name}=${variable.value}`),
          }))
        : [],
  }));
}

/** Compares the replays at every `stride`th step (1: all); returns how many steps the recording has. */
function expectSameReplay(full: Uint8Array, regenerated: Uint8Array, stride = 1): number {
  const expected = openRecording(full).engine;
  const actual = openRecording(regenerated).engine;
  const steps = expected.summary().totalSteps;
  expect(actual.summary().totalSteps).toBe(steps);
  for (let step = 0; step < steps; step += stride) {
    expected.gotoStep(step);
    actual.gotoStep(step);
    expect(moment(actual), `step ${step}`).toEqual(moment(expected));
  }
  return steps;
}

describe('leaf-call regeneration', () => {
  const fixture = join(REPO, 'test/fixtures/leaf/numeric.js');

  it('records a numeric program with fewer events, prints what it prints unrecorded, and regenerates the full recording exactly', async () => {
    const plain = spawnSync(process.execPath, [fixture], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    const full = await record(fixture, false);
    const leaf = await record(fixture, true);
    expect(full.stdout).toBe(plain.stdout);
    expect(leaf.stdout).toBe(plain.stdout);

    const recorded = events(leaf.bytes);
    const leafCalls = recorded.filter((event) => Number(event.split(',')[0]) === LEAF_HEADER).length;
    expect(leafCalls).toBeGreaterThan(150);
    const fullEvents = events(full.bytes);
    expect(recorded.length).toBeLessThan(fullEvents.length / 2);

    const regenerated = regenerateLeafCalls(leaf.bytes, inflate);
    expect(regenerated.calls).toBe(leafCalls);
    expect(events(regenerated.bytes)).toEqual(fullEvents);
    expect(probeTables(regenerated.bytes)).toEqual(probeTables(full.bytes));
    expect(readTrace(regenerated.bytes).complete).toBe(true);
    expect(expectSameReplay(full.bytes, regenerated.bytes)).toBeGreaterThan(1000);
  }, 120_000);

  it('records leaves that read properties as LEAF_READS, sends getters, Proxies and strings down the full path, and regenerates the full recording exactly', async () => {
    const program = join(REPO, 'test/fixtures/leaf/reads.js');
    const plain = spawnSync(process.execPath, [program], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    // The getter and the trap ran once a round, as unrecorded: no check ran them, no bail ran them twice.
    expect(plain.stdout).toMatch(/ 40 40\n$/);
    const full = await record(program, false);
    const leaf = await record(program, true);
    expect(full.stdout).toBe(plain.stdout);
    expect(leaf.stdout).toBe(plain.stdout);

    const recorded = events(leaf.bytes);
    const readCalls = recorded.filter((event) => Number(event.split(',')[0]) === LEAF_READS_HEADER).length;
    // Per round: 8 tasks × 5 methods; and stronger of known objects, sum of an array, size, last of a
    // known object until their leaf stops trying (its other calls bail: leafReads.ts scores).
    expect(readCalls).toBeGreaterThanOrEqual(40 * 40);
    expect(readCalls).toBeLessThanOrEqual(40 * 44);
    const fullEvents = events(full.bytes);
    expect(recorded.length).toBeLessThan(fullEvents.length * 0.8);

    const regenerated = regenerateLeafCalls(leaf.bytes, inflate);
    expect(regenerated.calls).toBe(
      readCalls + recorded.filter((event) => Number(event.split(',')[0]) === LEAF_HEADER).length,
    );
    expect(events(regenerated.bytes)).toEqual(fullEvents);
    expect(probeTables(regenerated.bytes)).toEqual(probeTables(full.bytes));
    expect(readTrace(regenerated.bytes).complete).toBe(true);
    expect(expectSameReplay(full.bytes, regenerated.bytes)).toBeGreaterThan(1000);
  }, 300_000); // 141 s inside a loaded run (load average ~33 on 2 cores)

  it('checks every read afresh: accessors defined, prototypes swapped, properties deleted, Proxies made prototypes after many data reads run their code once a read, on Node 20 and 24', async () => {
    const program = join(REPO, 'test/fixtures/leaf/adversarial.js');
    const plain = spawnSync(process.execPath, [program], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    // 3 reads per changed object, each running its getter or trap once, as unrecorded.
    expect(plain.stdout).toMatch(/\ngetters 27 traps 6 formats 3\n$/);
    const full = await record(program, false);
    const leaf = await record(program, true);
    expect(full.stdout).toBe(plain.stdout);
    expect(leaf.stdout).toBe(plain.stdout);

    const recorded = events(leaf.bytes);
    // The data rounds (8 objects × 30 reads, 30 more of a and c) went through leaf events.
    const readCalls = recorded.filter((event) => Number(event.split(',')[0]) === LEAF_READS_HEADER).length;
    expect(readCalls).toBeGreaterThanOrEqual(300);
    const regenerated = regenerateLeafCalls(leaf.bytes, inflate);
    expect(regenerated.calls).toBe(readCalls);
    expect(events(regenerated.bytes)).toEqual(events(full.bytes));
    expect(probeTables(regenerated.bytes)).toEqual(probeTables(full.bytes));
    expect(expectSameReplay(full.bytes, regenerated.bytes)).toBeGreaterThan(1000);

    // The same through the CLI on every Node the runtime supports (REWIND_NODE24 when set).
    for (const { path: node } of nodeBinaries()) {
      const unrecorded = spawnSync(node, [program], { encoding: 'utf8' });
      const out = join(scratch, `adversarial-${Math.random().toString(36).slice(2)}.rwd`);
      const cli = spawnSync(node, [join(REPO, 'dist/cli.js'), 'record', '--leaf-calls', '--out', out, '--', program], {
        encoding: 'utf8',
        cwd: scratch,
        env: { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(scratch, 'cache') },
      });
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout).toBe(unrecorded.stdout);
      expect(unrecorded.stdout).toBe(plain.stdout);
    }
  }, 240_000);

  // Octane kernels, a fixed small iteration count and no clock read (the bench driver's timing is
  // nondeterministic): whatever leaves they have regenerate to the full recording's events.
  it.each([
    ['richards', 1, true],
    ['deltablue', 1, true],
    ['crypto', 1, false], // 14M events: two replays of it would not fit a test worker's memory
  ])(
    'regenerates Octane %s exactly',
    async (kernel, iterations, replay) => {
      const octane = join(dirname(require.resolve('benchmark-octane/package.json')), 'lib', 'octane');
      const program = join(scratch, `octane-${kernel}.js`);
      const driver = `
;BenchmarkSuite.ResetRNG();
for (const suite of BenchmarkSuite.suites)
  for (const benchmark of suite.benchmarks) {
    benchmark.Setup();
    for (let i = 0; i < ${iterations}; i++) benchmark.run();
    benchmark.TearDown();
  }
console.log('done');
`;
      const base = readFileSync(join(octane, 'base.js'), 'utf8');
      // Seeded before the kernel loads: crypto fills its random pool from Math.random as it loads.
      const kernelSource = readFileSync(join(octane, `${kernel}.js`), 'utf8');
      writeFileSync(program, `${base}\n;BenchmarkSuite.ResetRNG();\n${kernelSource}\n${driver}`);
      const full = await record(program, false);
      const leaf = await record(program, true);
      expect(leaf.stdout).toBe(full.stdout);
      const regenerated = regenerateLeafCalls(leaf.bytes, inflate);
      expect(regenerated.calls).toBeGreaterThan(0);
      expect(eventsDigest(regenerated.bytes)).toEqual(eventsDigest(full.bytes));
      expect(probeTables(regenerated.bytes)).toEqual(probeTables(full.bytes));
      if (replay) expect(expectSameReplay(full.bytes, regenerated.bytes, 997)).toBeGreaterThan(10_000);
    },
    900_000, // crypto took 490 s on 2 cores at load average 30
  );

  it('opens a leaf recording as its regeneration, made once and cached beside it; a launched program may not ask for leaf calls', async () => {
    const leaf = await record(fixture, true);
    const tracePath = join(scratch, 'opened.rwd');
    writeFileSync(tracePath, leaf.bytes, { mode: 0o600 });
    expect(hasLeafCalls(tracePath)).toBe(true);
    const first = regeneratedIfLeafCalls(tracePath);
    expect(first.tracePath).not.toBe(tracePath);
    expect(first.calls).toBeGreaterThan(150);
    expect(first.cached).toBe(false);
    expect(regeneratedIfLeafCalls(tracePath)).toEqual({ tracePath: first.tracePath, cached: true });
    // The regeneration holds no leaf call and says so: opening it opens it.
    expect(hasLeafCalls(first.tracePath)).toBe(false);
    expect(regeneratedIfLeafCalls(first.tracePath)).toEqual({ tracePath: first.tracePath });
    expect(events(readFileSync(first.tracePath)).some((event) => Number(event.split(',')[0]) === LEAF_HEADER)).toBe(
      false,
    );
    const full = await record(fixture, false);
    expect(hasLeafCalls(join(scratch, 'none.rwd'))).toBe(false);
    writeFileSync(join(scratch, 'full.rwd'), full.bytes);
    expect(regeneratedIfLeafCalls(join(scratch, 'full.rwd'))).toEqual({ tracePath: join(scratch, 'full.rwd') });
    expect(() => planLaunch({ program: fixture, leafCalls: true })).toThrow(/"leafCalls" is for `rewind record/);
    expect(planLaunch({ trace: tracePath, leafCalls: true }).kind).toBe('trace');
  }, 60_000);

  it('refuses a leaf call whose regenerated return value is not the recorded one', async () => {
    const leaf = await record(fixture, true);
    const contents = readTrace(leaf.bytes);
    // The first leaf call's result word, changed in place (the record's checksum made right again below).
    const tampered = Uint8Array.from(leaf.bytes);
    let changed = false;
    for (const record of contents.records) {
      if (!holdsEvents(record.type) || changed) continue;
      // The words as stored (a COMPACT_EVENTS record's compact events unexpanded): offsets into the file.
      const words = new Int32Array(Uint8Array.from(record.payload).buffer);
      for (let offset = 0; offset < words.length && !changed; offset = storedEventEnd(words, offset)) {
        if (words[offset] !== LEAF_HEADER) continue;
        const at = record.byteOffset + 12 + (offset + 4) * 4;
        new DataView(tampered.buffer).setInt32(at, words[offset + 4] + 16, true); // a small int one larger
        changed = true;
      }
    }
    expect(changed).toBe(true);
    const fixed = withChecksumsRecomputed(tampered, contents.records);
    expect(() => regenerateLeafCalls(fixed, inflate)).toThrow(RegenerationError);
    expect(() => regenerateLeafCalls(fixed, inflate)).toThrow(/regenerated a different return value/);
  }, 60_000);
});

/** The same trace with every record's CRC recomputed (a deliberate edit, not corruption). */
function withChecksumsRecomputed(bytes: Uint8Array, records: readonly TraceRecord[]): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  for (const record of records) {
    const start = record.byteOffset + 4;
    const end = record.byteOffset + 12 + record.payload.length;
    view.setUint32(end, crc32(out.subarray(start, end)), true);
  }
  return out;
}
