// Thrown errors are snapshotted with their class name and message — never their stack: formatting
// a stack is observable (it can run a user's Error.prepareStackTrace, and it makes Node print its
// own internal line for an unhandled rejection instead of the user's). A getter for `message` is
// never called either (INS-06/07).
import { beforeAll, describe, expect, it } from 'vitest';
import { EventKind, ObjectType, type DecodedValue } from '../../../runtime/format';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { nodeBinaries, runPlainAndRecorded, writeProgram } from '../../support/recorder/run';
import { snapshots, type DecodedSnapshot } from '../../support/recorder/snapshots';
import { stringTable, walkEvents } from '../../support/recorder/trace';
import { withoutNode20MappedCaretBlank } from '../../support/node20Caret';
import { spawnSync } from 'node:child_process';

function nodeMajor(nodeBinary: string): number {
  return Number(spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]);
}

let runtime: RuntimeBuild;
beforeAll(async () => {
  runtime = await buildRuntime();
});

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
  'rejected.js': `
async function main() {
  const error = new Error('rejected on purpose');
  throw error;
}
main();
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

    it('throw new TypeError: class name and message recorded, the stack never read', async () => {
      const { plain, recorded, trace } = await run('thrown.js');
      expect(recorded.stdout).toBe(plain.stdout);
      const [error] = thrownSnapshots(trace.main.words);
      expect(error).toMatchObject({
        type: ObjectType.ERROR,
        className: { value: 'TypeError' },
        extra: { value: 'boom' },
      });
      expect(entry(error, 'message')?.value).toMatchObject({ type: 'string', value: 'boom' });
      expect(entry(error, 'stack')?.value).toMatchObject({ type: 'notCaptured' });
    });

    it("an unhandled rejection of a recorded error prints the user's line, exactly as plain node", async () => {
      const { plain, recorded, trace } = await run('rejected.js');
      expect(plain.stderr).toContain("const error = new Error('rejected on purpose');"); // where the error was made
      expect(withoutNode20MappedCaretBlank(recorded.stderr, nodeMajor(node.path!))).toBe(plain.stderr);
      expect(recorded.status).toBe(plain.status);
      expect(trace.main.end).toMatchObject({
        reason: 'unhandled-rejection',
        error: { name: 'Error', message: 'rejected on purpose' },
      });
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
