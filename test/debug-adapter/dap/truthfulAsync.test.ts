// Async frames that must be true (issue 12 item 9): a function resumed in its catch block after
// the awaited promise rejected is the same frame that awaited — its name, its place, its locals.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('rejection.js');

describe('async frames after a caught rejection', () => {
  it('stopped in the catch block, the frame is the awaiting function with its locals', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('rejection.js'), () =>
      breakAt(client, 'rejection.js', 'caught'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const top = await client.topFrame();
    expect(top.name).toBe('f');
    expect(top.line).toBe(lineOf(FILE, 'caught'));
    expect(top.source?.path).toBe(FILE);
    expect(await client.evaluate('first')).toBe("'one'");
    expect(await client.evaluate('error.message')).toBe("'no one'");
    // Stepping on stays in f and sees the value the catch block computed.
    await client.move('next');
    expect((await client.topFrame()).name).toBe('f');
    expect(await client.evaluate('message')).toBe("'no one'");
  });

  it('stepping over the rejected await lands in the catch block of the same frame', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('rejection.js'), () => breakAt(client, 'rejection.js', 'await'));
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'await'));
    await client.move('next');
    const top = await client.topFrame();
    expect([top.name, top.line]).toEqual(['f', lineOf(FILE, 'caught')]);
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'await'));
  });
});
