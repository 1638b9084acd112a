// A vitest suite launched as a user's F5 would (`program`: vitest, `args: ['run']`, vitest's default
// pool), live and replayed after the run: breakpoints set in the TypeScript under test and in the
// test file bind and stop there, at the file's own lines and columns, with the values of that
// moment, in both directions.
// vitest evaluates these files itself from vite's transformed code (loader/vmModules.ts): the probes
// carry the positions vite's map gives back (instrument/inputMap.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHAPES, TESTS, VITEST, VITEST_ENV, writeVitestSuite } from '../../support/vitestSuite';
import { useClient } from './support/session';

const newClient = useClient();

/** 1-based line of the first line of `lines` that contains `text`. */
function lineWith(lines: string[], text: string): number {
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line with ${text}`);
  return index + 1;
}

describe('a vitest suite, recorded by launch and replayed', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  // live: the user's F5 (the program stopped at each hit as it runs); not live: a finished recording.
  it.each([true, false])(
    'stops at breakpoints in the test and the code under test, forward and back (live: %s)',
    async (live) => {
      folder = mkdtempSync(join(tmpdir(), 'rewind-vitest-'));
      writeVitestSuite(folder);
      const shapes = join(folder, 'shapes.ts');
      const tests = join(folder, 'shapes.test.ts');
      const returnLine = lineWith(SHAPES, 'return product;');
      const client = newClient();
      await client.start();
      const stopped = await client.launchAndStop(
        { program: VITEST, args: ['run'], cwd: folder, env: VITEST_ENV, live },
        () => client.setBreakpointsRequest({ source: { path: shapes }, breakpoints: [{ line: returnLine }] }),
      );
      expect(stopped.body.reason).toBe('breakpoint');
      const bound = await client.setBreakpointsRequest({
        source: { path: shapes },
        breakpoints: [{ line: returnLine }],
      });
      expect(bound.body.breakpoints[0]).toMatchObject({ verified: true, line: returnLine });
      const first = await client.topFrame();
      expect({ path: first.source?.path, line: first.line, column: first.column, name: first.name }).toEqual({
        path: shapes,
        line: returnLine,
        column: SHAPES[returnLine - 1].indexOf('return') + 1,
        name: 'area',
      });
      expect(await client.evaluate('product')).toBe('12');
      expect(await client.evaluate('rect.width')).toBe('3');
      // The caller is the test's own function, at its line in the test file.
      const frames = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
      expect({ path: frames[1].source?.path, line: frames[1].line }).toEqual({
        path: tests,
        line: lineWith(TESTS, 'area({ width: 3, height: 4 })'),
      });

      await client.move('continue');
      expect(await client.evaluate('product')).toBe('4');
      await client.move('stepBack');
      const back = await client.topFrame();
      expect(back.line).toBe(lineWith(SHAPES, 'if (product < 0)'));
      await client.move('reverseContinue');
      expect(await client.evaluate('product')).toBe('12');

      // A breakpoint in the test file: the failing expectation, with the value it saw.
      const expectLine = lineWith(TESTS, 'expect(size).toBe(5)');
      await client.setBreakpointsRequest({ source: { path: tests }, breakpoints: [{ line: expectLine }] });
      await client.move('continue');
      await client.move('continue');
      const inTest = await client.topFrame();
      expect({ path: inTest.source?.path, line: inTest.line, column: inTest.column }).toEqual({
        path: tests,
        line: expectLine,
        column: TESTS[expectLine - 1].indexOf('expect') + 1,
      });
      expect(await client.evaluate('size')).toBe('4');
    },
  );
});
