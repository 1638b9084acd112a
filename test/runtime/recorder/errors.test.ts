// Thrown errors are snapshotted with what the debugger shows (class name, message, stack as own
// data properties) — and the stack only when formatting it runs no user code (INS-06/07): a user
// Error.prepareStackTrace or a getter for `message` leaves it NOT_READ and is never called.
import { beforeAll, describe, expect, it } from 'vitest';
import { EventKind, ObjectType, type DecodedValue } from '../../../runtime/format';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { nodeBinaries, runPlainAndRecorded, writeProgram } from '../../support/recorder/run';
import { snapshots, type DecodedSnapshot } from '../../support/recorder/snapshots';
import { stringTable, walkEvents } from '../../support/recorder/trace';

let runtime: RuntimeBuild;
beforeAll(async () => { runtime = await buildRuntime(); });

const PROGRAMS = {
  'thrown.js': `
function fail() { throw new TypeError('boom'); }
try { fail(); } catch (error) { console.log('caught', error.message); }
`,
  'hostile.js': `
const calls = [];
class Quiet extends Error { get message() { calls.push('message getter'); return 'from getter'; } }
try { throw new Quiet(); } catch (error) { /* recorded at THROW and CATCH */ }
Error.prepareStackTrace = (error, frames) => { calls.push('prepareStackTrace'); return 'custom'; };
try { throw new RangeError('later'); } catch (error) { /* formatting would call the user's hook */ }
console.log(JSON.stringify(calls));
`,
  // Minified code puts keywords right against parentheses: the instrumented code must still parse.
  'minified.js': `function f(a){return(a&1)}function g(e){throw(e)}try{g(new Error('m'+f(3)))}catch(x){console.log(x.message)}`,
};

/** The snapshot of the value thrown by the first THROW event. */
function thrownSnapshots(words: Int32Array): DecodedSnapshot[] {
  const strings = stringTable(words);
  const { latest } = snapshots(words, strings);
  const throws = walkEvents(words).filter((event) => event.kind === EventKind.THROW);
  return throws.map((event) => {
    const word = words[event.offset + 1];
    return latest.get(word >>> 4) as DecodedSnapshot;
  });
}

function entry(snapshot: DecodedSnapshot, key: string): { flags?: number; value?: DecodedValue } | undefined {
  return snapshot.entries.find((candidate) => candidate.key?.type === 'string' && candidate.key.value === key);
}

for (const node of nodeBinaries()) {
  (node.path ? describe.concurrent : describe.skip)(`thrown errors on ${node.label}`, () => {
    const dir = writeProgram(PROGRAMS);
    const run = (main: string) => runPlainAndRecorded({ node: node.path, bootloader: runtime.bootloader, dir, main });

    it('throw new TypeError: class name, message and the stack as an own data property', async () => {
      const { plain, recorded, trace } = await run('thrown.js');
      expect(recorded.stdout).toBe(plain.stdout);
      const [error] = thrownSnapshots(trace.main.words);
      expect(error).toMatchObject({ type: ObjectType.ERROR, className: { value: 'TypeError' }, extra: { value: 'boom' } });
      expect(entry(error, 'message')?.value).toMatchObject({ type: 'string', value: 'boom' });
      const stack = entry(error, 'stack');
      expect(stack?.value).toMatchObject({ type: 'string' });
      const text = (stack!.value as { value: string }).value;
      expect(text).toMatch(/^TypeError: boom\n {4}at fail \(/);
      // The user's file and line, not the instrumented code's or the recorder's.
      expect(text).toContain('thrown.js:2:');
      expect(text).not.toContain('bootloader');
    });

    it('a getter for message or a user Error.prepareStackTrace: the stack is not read, no user code runs', async () => {
      const { plain, recorded, trace } = await run('hostile.js');
      expect(recorded.stdout).toBe(plain.stdout);
      expect(recorded.stdout).toBe('[]\n');
      const [quiet, range] = thrownSnapshots(trace.main.words);
      expect(quiet).toMatchObject({ type: ObjectType.ERROR, className: { value: 'Quiet' } });
      expect(entry(quiet, 'stack')?.value).toMatchObject({ type: 'notCaptured' });
      expect(range).toMatchObject({ type: ObjectType.ERROR, className: { value: 'RangeError' } });
      expect(entry(range, 'stack')?.value).toMatchObject({ type: 'notCaptured' });
    });

    it('minified `return(`/`throw(` stay valid code once instrumented', async () => {
      const { plain, recorded } = await run('minified.js');
      expect(plain.stdout).toBe('m1\n');
      expect(recorded.status).toBe(0);
      expect(recorded.stdout).toBe(plain.stdout);
    });
  });
}
