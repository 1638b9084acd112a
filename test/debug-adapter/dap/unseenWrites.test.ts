// An object that went through code the recording cannot see inside (issue 12 item 13): passed to a
// function recorded at level `calls`, whose writes are not recorded. From that call on its value
// is shown as possibly stale — in its preview and as a [[Stale]] row saying why — not as fact;
// objects that did not go there, and the moments before, are shown as they are.
import { describe, expect, it } from 'vitest';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();
const launch = () => programArgs('stale/main.js', { levels: { 'stale/lib.js': 'calls' } });

describe('objects handed to calls-level code', () => {
  it('are possibly stale after the hand-off, with the reason; untouched objects are not', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(launch(), () => breakAt(client, 'stale/main.js', 'before'));
    expect(await client.evaluate('person')).toBe("{name: 'Ann'}");
    await client.move('next');
    await client.move('next');
    const person = (await client.locals()).get('person');
    expect(person?.value).toBe("(possibly stale) {name: 'Ann'}");
    expect((await client.locals()).get('other')?.value).toBe("{name: 'Bob'}");
    const rows = await client.children(person!.variablesReference);
    expect(rows.get('[[Stale]]')?.value).toMatch(/possibly stale: passed to rename, recorded at level calls/);
    await client.move('next');
    await client.move('next');
    expect(await client.evaluate('person')).toBe("(possibly stale) {name: 'Ann', age: 30}");
    await client.move('stepBack');
    await client.move('stepBack');
    await client.move('stepBack');
    expect(await client.evaluate('person')).toBe("{name: 'Ann'}");
  });
});
