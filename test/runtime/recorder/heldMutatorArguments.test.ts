// Mutator calls with arguments the instrumenter holds in temps (instrumenter 17, issue 9): the
// MUTATOR event carries the arguments, so the collection is not re-snapshotted after the call; the
// program prints what it prints unrecorded, and the replay shows each collection as the program saw
// it after every call. A spread argument or a function literal still takes the re-snapshot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchRecorded, recorderSettings } from '../../../debug-adapter/recording';
import { openRecording } from '../../../debug-adapter/replay';
import { ObjectType, holdsEvents, decodeEventWords, readTrace } from '../../../runtime/format';
import { snapshots } from '../../support/recorder/snapshots';
import { stringTable } from '../../support/recorder/trace';

const REPO = resolve(__dirname, '../../..');
const FIXTURE = join(REPO, 'test/fixtures/recording/held-mutator-arguments.js');
const scratch = mkdtempSync(join(tmpdir(), 'rewind-held-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function record(program: string): Promise<{ bytes: Uint8Array; stdout: string }> {
  const out = join(scratch, 'trace.rwd');
  const launched = launchRecorded({
    program,
    cwd: scratch,
    bootloaderPath: join(REPO, 'dist/bootloader.js'),
    stdio: 'pipe',
    settings: recorderSettings({ root: resolve(program, '..'), outFile: out, sessionId: 'held', level: 'full' }),
  });
  let stdout = '';
  let stderr = '';
  launched.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  launched.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await launched.exited, stderr).toEqual({ code: 0, signal: null });
  return { bytes: readFileSync(out), stdout };
}

/** Producer 0's event words, every batch joined. */
function mainWords(bytes: Uint8Array): Int32Array {
  const batches = readTrace(bytes)
    .records.filter((record) => holdsEvents(record.type) && record.producerId === 0)
    .map((record) => decodeEventWords(record));
  const words = new Int32Array(batches.reduce((sum, batch) => sum + batch.length, 0));
  let at = 0;
  for (const batch of batches) {
    words.set(batch, at);
    at += batch.length;
  }
  return words;
}

/** `expression`'s value at the replay's current step, or undefined where it cannot be evaluated. */
function shown(engine: ReturnType<typeof openRecording>['engine'], expression: string): string | undefined {
  try {
    return engine.evaluate(expression).result;
  } catch {
    return undefined;
  }
}

describe('mutator arguments held in temps', () => {
  const recorded = record(FIXTURE);

  it('prints what the program prints unrecorded, and re-snapshots only after a spread or a function literal', async () => {
    const plain = spawnSync(process.execPath, [FIXTURE], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    const { bytes, stdout } = await recorded;
    expect(stdout).toBe(plain.stdout);
    const words = mainWords(bytes);
    const taken = snapshots(words, stringTable(words)).all;
    const count = (type: number, minimumSize: number) =>
      taken.filter((snapshot) => snapshot.type === type && snapshot.trueSize >= minimumSize).length;
    // `docs` is the only array with more than three entries: snapshotted after `push(...[7, 8])` and
    // `push(() => 1)` only (without the temps, after each of its pushes and unshifts as well).
    expect(count(ObjectType.ARRAY, 4)).toBe(2);
    // The Map and the Set: their first (empty) sight only.
    expect(count(ObjectType.MAP, 0)).toBe(1);
    expect(count(ObjectType.SET, 0)).toBe(1);
  }, 60_000);

  it('replays each collection as the program saw it after every call', async () => {
    const { engine } = openRecording((await recorded).bytes);
    const steps = engine.summary().totalSteps;
    const pairs = [
      ['docsTruth', 'JSON.stringify(docs)'],
      ['mapTruth', 'JSON.stringify([...byName])'],
      ['setTruth', 'JSON.stringify([...tags])'],
    ] as const;
    const last = new Map<string, string | undefined>();
    let compared = 0;
    for (let step = 0; step < steps; step++) {
      engine.gotoStep(step);
      for (const [truth, replayed] of pairs) {
        const value = shown(engine, truth);
        // The step a truth is first visible at comes right after its assignment: nothing has changed since.
        if (value !== undefined && value !== "''" && value !== last.get(truth)) {
          expect(shown(engine, replayed), `${truth} at step ${step}`).toBe(value);
          compared++;
        }
        last.set(truth, value);
      }
    }
    expect(compared).toBe(8 + 4 + 2 + 2);
    // At the end: the held odd objects as the program made them (the getter and the traps never ran: stdout says 0).
    engine.gotoStep(steps - 1);
    expect(
      ['extras.length', 'extras[0]', 'extras[1].g', 'extras[4].length', 'extras[5].length', '1 in extras[5]'].map(
        (expression) => shown(engine, expression),
      ),
    ).toEqual(['6', "'held!'", undefined, '2', '3', 'false']);
    expect(shown(engine, 'byName.size')).toBe('5');
  }, 60_000);
});
