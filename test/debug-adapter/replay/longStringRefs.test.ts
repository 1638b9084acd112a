// Long strings written again by reference (issue 9, format 3.10): a program passes the same long
// string from function to function; the recorder writes it inline once, then as STRING_REFs to a
// STRING_DEF. Recorded for real (dist/bootloader.js) and replayed: at every step each parameter
// must show exactly what the module binding's inline WRITE of the same string shows, truncation
// marker and true length included, in variables, objects and evaluate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchRecorded, recorderSettings } from '../../../debug-adapter/recording';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import {
  EventKind,
  Ext,
  KIND_MASK,
  RecordType,
  ValueTag,
  decodeEventWords,
  eventEnd,
  readTrace,
} from '../../../runtime/format';

const REPO = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rewind-longrefs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function record(source: string): Promise<Uint8Array> {
  const directory = mkdtempSync(join(scratch, 'p-'));
  const program = join(directory, 'program.js');
  writeFileSync(program, source);
  const out = join(directory, 'trace.rwd');
  const launched = launchRecorded({
    program,
    cwd: directory,
    bootloaderPath: join(REPO, 'dist/bootloader.js'),
    stdio: 'pipe',
    settings: recorderSettings({ root: directory, outFile: out, sessionId: 'longrefs', level: 'full' }),
  });
  let stderr = '';
  launched.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await launched.exited, stderr).toEqual({ code: 0, signal: null });
  return readFileSync(out);
}

/** Producer 0's WRITEs whose value is a STRING_REF, and its STRING_DEFs of strings of `length`. */
function referenceCounts(bytes: Uint8Array, length: number): { references: number; definitions: number } {
  let references = 0;
  let definitions = 0;
  for (const record of readTrace(bytes).records) {
    if (record.type !== RecordType.EVENTS || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      const header = words[at];
      if (header === ((Ext.STRING_DEF << 4) | EventKind.EXT) && words[at + 2] >>> 4 === length) definitions++;
      if (
        (header & KIND_MASK) === EventKind.WRITE &&
        (words[eventEnd(words, at) - 1] & KIND_MASK) === ValueTag.STRING_REF
      )
        references++;
    }
  }
  return { references, definitions };
}

/** name → shown value, over every scope of the top frame (inner scopes win). */
function shown(engine: ReplayEngine): Map<string, string> {
  const values = new Map<string, string>();
  const frame = engine.stackTrace().frames[0];
  for (const scope of engine.scopes(frame.id).reverse())
    for (const row of engine.variables({ variablesReference: scope.variablesReference }))
      values.set(row.name, row.value);
  return values;
}

const SOURCE = 'abcdefghij'.repeat(170) + 'END'; // 1,703 characters: truncated at 1,024
const MEDIUM = 'klmnopqrst'.repeat(30); // 300: whole

describe('long strings written again by reference', () => {
  it('show at every step exactly what the inline write of the same string shows', async () => {
    const bytes = await record(
      [
        `const source = 'abcdefghij'.repeat(170) + 'END';`,
        `const medium = 'klmnopqrst'.repeat(30);`,
        'function scan(text, at) {',
        '  return text.charCodeAt(at);', // line 4
        '}',
        'function parse(text, extra) {',
        '  let total = 0;',
        '  for (let i = 0; i < 3; i++) total += scan(text, i);',
        '  const holder = { body: text, extra };',
        '  return total + holder.body.length + extra.length;', // line 10
        '}',
        'console.log(parse(source, medium) + parse(source, medium));',
      ].join('\n'),
    );
    const counts = referenceCounts(bytes, SOURCE.length);
    expect(counts.definitions).toBe(1);
    expect(counts.references).toBeGreaterThan(8);
    const engine = openRecording(bytes).engine;
    const sourceShown = `'${SOURCE.slice(0, 1024)}…' (truncated: ${SOURCE.length} chars)`;
    const mediumShown = `'${MEDIUM}'`;
    const total = engine.summary().totalSteps;
    let checked = 0;
    for (let step = 0; step < total; step++) {
      engine.gotoStep(step);
      const values = shown(engine);
      // The module bindings are written inline (each string's first write); parameters by reference.
      if (values.get('source') !== undefined && values.get('source') !== 'undefined')
        expect(values.get('source'), `source at ${step}`).toBe(sourceShown);
      if (values.get('text') !== undefined && values.get('text') !== 'undefined') {
        expect(values.get('text'), `text at ${step}`).toBe(sourceShown);
        checked++;
      }
      if (values.get('extra') !== undefined && values.get('extra') !== 'undefined')
        expect(values.get('extra'), `extra at ${step}`).toBe(mediumShown);
      const line1 = engine.stackTrace().frames[0].source.line1;
      if (line1 === 4) expect(engine.evaluate('text.length').result).toBe(String(SOURCE.length));
      if (line1 === 10) {
        expect(engine.evaluate('holder.body').result).toBe(sourceShown);
        expect(engine.evaluate('holder.extra.length').result).toBe(String(MEDIUM.length));
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
