// TypeScript: a `.ts` program run directly (its probes carry .ts positions), a `.tsx` one (its
// JSX compiled in place, issue 14 item 1), and compiled
// JavaScript with a source map found through `outFiles`: breakpoints set in the .ts bind, and
// frames show .ts positions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture, lineOf } from './support/fixtures';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('TypeScript', () => {
  it('a .ts program run directly stops at breakpoints set in it', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('greet.ts'), () => breakAt(client, 'greet.ts', 'ts-greet'));
    expect(stopped.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(fixture('greet.ts'));
    expect(frame.line).toBe(lineOf(fixture('greet.ts'), 'ts-greet'));
    expect(await client.evaluate('person.name')).toBe("'ada'");
    await client.move('continue');
    expect(await client.evaluate('person.name')).toBe("'alan'");
  });

  it('a .tsx program stops inside its JSX at the line and column of the source, and steps there', async () => {
    const client = newClient();
    await client.start();
    const tsx = fixture('cards.tsx');
    const stopped = await client.launchAndStop(programArgs('cards.tsx'), () =>
      breakAt(client, 'cards.tsx', 'tsx-upper'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const lines = readFileSync(tsx, 'utf8').split('\n');
    const upperLine = lineOf(tsx, 'tsx-upper');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(tsx);
    expect({ line: frame.line, column: frame.column }).toEqual({
      line: upperLine,
      column: lines[upperLine - 1].indexOf('const upper') + 1,
    });
    expect(await client.evaluate('name')).toBe("'ada'");
    await client.move('next');
    const itemLine = lineOf(tsx, 'tsx-item');
    const next = await client.topFrame();
    expect({ line: next.line, column: next.column }).toEqual({
      line: itemLine,
      column: lines[itemLine - 1].indexOf('return') + 1,
    });
    expect(await client.evaluate('upper')).toBe("'ADA'");
  });

  it('compiled JavaScript with a source map binds .ts breakpoints and shows .ts frames', async () => {
    const client = newClient();
    await client.start();
    const ts = fixture('compiled/src/math.ts');
    const launch = {
      program: fixture('compiled/out/math.js'),
      cwd: FIXTURES,
      outFiles: [`${FIXTURES}/compiled/out/**/*.js`],
    };
    const stopped = await client.launchAndStop(launch, async () => {
      await client.setBreakpointsRequest({ source: { path: ts }, breakpoints: [{ line: lineOf(ts, 'map-sum') }] });
    });
    expect(stopped.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(ts);
    expect(frame.line).toBe(lineOf(ts, 'map-sum'));
    expect(await client.evaluate('pair.left')).toBe('1');
    const set = await client.setBreakpointsRequest({
      source: { path: ts },
      breakpoints: [{ line: lineOf(ts, 'map-total') }],
    });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: lineOf(ts, 'map-total') });
    await client.move('reverseContinue');
    expect((await client.topFrame()).line).toBe(lineOf(ts, 'map-total'));
  });
});

describe('TypeScript TC39 decorators', () => {
  it('stops inside a decorated method on its own lines, steps there, and shows its variables', async () => {
    const client = newClient();
    await client.start();
    const ts = fixture('decorated.ts');
    const lines = readFileSync(ts, 'utf8').split('\n');
    const stopped = await client.launchAndStop(programArgs('decorated.ts'), () =>
      breakAt(client, 'decorated.ts', 'dec-before'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(ts);
    const beforeLine = lineOf(ts, 'dec-before');
    expect({ line: frame.line, column: frame.column }).toEqual({
      line: beforeLine,
      column: lines[beforeLine - 1].indexOf('const before') + 1,
    });
    expect(frame.name).toContain('deposit');
    const locals = await client.locals();
    expect(locals.get('amount')?.value).toBe('25');
    // The field decorator's initializer ran: 50 doubled.
    expect(await client.evaluate('this.balance')).toBe('100');
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(ts, 'dec-add'));
    expect((await client.locals()).get('before')?.value).toBe('100');
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(beforeLine);
    // A decorated private method: its breakpoint binds and stops on its line too.
    const set = await client.setBreakpointsRequest({
      source: { path: ts },
      breakpoints: [{ line: lineOf(ts, 'dec-audit') }],
    });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: lineOf(ts, 'dec-audit') });
    await client.move('continue');
    const audit = await client.topFrame();
    expect(audit.line).toBe(lineOf(ts, 'dec-audit'));
    expect((await client.locals()).get('note')?.value).toBe("'after deposit'");
  });
});
