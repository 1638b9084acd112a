// Compact frame events (format 3.12) replayed: a real program recorded with ENTER/ENTER_THIS frame
// ids implied and RETURNs of undefined in one word must replay exactly as its recording in format
// 3.11's words does (the recorder's explicitEvents), step by step: the stack, every scope's
// variables of the top frame. And a program whose deep recursions end in a stack overflow (which
// may cut a recorder call between taking a frame id and writing its ENTER) must keep every later
// frame's id, so its closures still show their own activation's variables.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { EventKind, KIND_MASK, decodeEventWords, eventEnd, holdsEvents, readTrace } from '../../../runtime/format';
import { recordSourceBytes } from '../../support/recordSource';
import { shownValues, stepTranscript } from './shownValues';

function record(source: string, explicitEvents: boolean): Promise<Uint8Array> {
  return recordSourceBytes(source, 'full', undefined, { explicitEvents });
}

/** name → shown value over every scope of one frame (inner scopes win). */
function variablesOf(engine: ReplayEngine, frameId: number): Map<string, string> {
  const values = new Map<string, string>();
  for (const scope of engine.scopes(frameId).reverse())
    for (const row of engine.variables({ variablesReference: scope.variablesReference }))
      values.set(row.name, row.value);
  return values;
}

/** Producer 0's words as a reader sees them, and the bytes its event records take in the file. */
function eventWords(bytes: Uint8Array): { words: Int32Array[]; payloadBytes: number } {
  const words: Int32Array[] = [];
  let payloadBytes = 0;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    words.push(decodeEventWords(record));
    payloadBytes += record.payload.length;
  }
  return { words, payloadBytes };
}

const PROGRAM = [
  'class Account {',
  '  constructor(owner) { this.owner = owner; this.total = 0; }',
  '  deposit(amount) { this.total += amount; return this; }',
  '  get summary() { return `${this.owner}: ${this.total}`; }',
  '}',
  'function factorial(n) { return n <= 1 ? 1 : n * factorial(n - 1); }',
  'function makeCounter(start) {',
  '  let count = start;',
  '  return function bump(by) { count += by; return count; };',
  '}',
  'function fail(reason) { throw new Error(reason); }',
  'function nothing(value) { if (value > 2) return; }',
  'async function later(value) {',
  '  const doubled = await Promise.resolve(value * 2);',
  '  nothing(doubled);',
  '  return doubled + 1;',
  '}',
  'async function main() {',
  '  const account = new Account("ada").deposit(5).deposit(7);',
  '  const counter = makeCounter(10);',
  '  let sum = factorial(6) + counter(1) + counter(2);',
  '  try { fail("no " + sum); } catch (error) { sum += error.message.length; }',
  '  for (let round = 0; round < 3; round++) { nothing(round); sum += await later(round); }',
  '  console.log(account.summary, sum);',
  '}',
  'main();',
].join('\n');

describe('compact frame events replayed (format 3.12)', () => {
  it('answer at every step as the same program recorded in format 3.11 words', async () => {
    const explicit = await record(PROGRAM, true);
    const compact = await record(PROGRAM, false);
    const explicitTranscript = stepTranscript(openRecording(explicit).engine);
    expect(explicitTranscript.length).toBeGreaterThan(40);
    expect(stepTranscript(openRecording(compact).engine)).toEqual(explicitTranscript);
    // The same frames in the words a reader sees, in fewer bytes on disk.
    const expandedWords = (bytes: Uint8Array) => eventWords(bytes).words.flatMap((words) => Array.from(words));
    const frameIds = (words: number[]) => {
      const ids: number[] = [];
      for (let at = 0; at < words.length; at = eventEnd(Int32Array.from(words), at)) {
        const kind = words[at] & KIND_MASK;
        if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS || kind === EventKind.EXIT)
          ids.push(words[at + 1]);
      }
      return ids;
    };
    expect(frameIds(expandedWords(compact))).toEqual(frameIds(expandedWords(explicit)));
    expect(eventWords(compact).payloadBytes).toBeLessThan(eventWords(explicit).payloadBytes);
  }, 120_000);

  it('keeps every frame id after stack overflows cut recorder calls short', async () => {
    const source = [
      'function makeCounter(start) {',
      '  let count = start;',
      '  return function bump(by) {',
      '    count += by;',
      '    return count;', // line 5
      '  };',
      '}',
      'function deep(n, pad) { const local = n + pad; return deep(n + 1, pad) + local; }',
      // A constructor's ENTER_THIS snapshots its new `this` between taking its frame id and writing it.
      'class Link { constructor(n) { this.n = n; this.next = new Link(n + 1); } }',
      'function nest(k, round) { return k === 0 ? (round % 2 ? deep(0, round) : new Link(round)) : nest(k - 1, round); }',
      'const results = [];',
      'for (let round = 0; round < 12; round++) {',
      '  try { nest(round % 11, round); } catch (error) { if (!(error instanceof RangeError)) throw error; }',
      '  const counter = makeCounter(round * 10);',
      '  results.push(counter(1) + counter(2));',
      '}',
      'console.log(results.join(","));',
    ].join('\n');
    const bytes = await record(source, false);
    // Every EXIT names a frame some ENTER named: an ENTER implied one id off would leave its EXIT's alone.
    const entered = new Set<number>();
    const exited: number[] = [];
    for (const words of eventWords(bytes).words)
      for (let at = 0; at < words.length; at = eventEnd(words, at)) {
        const kind = words[at] & KIND_MASK;
        if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS) entered.add(words[at + 1]);
        if (kind === EventKind.EXIT) exited.push(words[at + 1]);
      }
    expect(exited.length).toBeGreaterThan(30);
    expect(exited.filter((frame) => !entered.has(frame))).toEqual([]);
    // Each bump shows its own activation's count: the round's start plus what it added so far.
    const { engine } = openRecording(bytes);
    const total = engine.summary().totalSteps;
    let checked = 0;
    for (let step = 0; step < total; step++) {
      engine.gotoStep(step);
      const frames = engine.stackTrace(0, 2).frames; // two levels: the recursion's steps are 10,000 deep
      if (frames[0].name !== 'bump' || frames[0].source.line1 !== 5) continue;
      const values = shownValues(engine);
      const round = Number(variablesOf(engine, frames[1].id).get('round')); // the loop's, in the caller
      const expected = round * 10 + (values.get('by') === '1' ? 1 : 3);
      expect(values.get('count'), `count at step ${step}, round ${round}`).toBe(String(expected));
      checked++;
    }
    expect(checked).toBe(24);
  }, 120_000);
});
