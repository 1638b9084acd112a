// Objects across levels (issue 9 §1, cheaper objects at `calls`): a `calls`-level file records
// objects by identity only, no snapshot, so the replay says their contents were not recorded; an
// object a full-level file sees afterwards is snapshotted then, under the same identity.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('focus-objects/main.js');
const SHAPES = fixture('focus-objects/lib/shapes.js');
const focused = () => programArgs('focus-objects/main.js', { focus: [] });

type Client = ReturnType<typeof newClient>;

async function topLine(client: Client): Promise<string> {
  const frame = await client.topFrame();
  return `${frame.name}:${frame.line}`;
}

describe('objects recorded at level calls', () => {
  it('an object only a calls-level file saw is its identity, said to be not recorded; one a full-level file saw later shows its properties', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(focused(), () => breakAt(client, 'focus-objects/main.js', 'call-make-again'));
    await client.move('stepIn');
    expect(await topLine(client)).toBe(`make:${lineOf(SHAPES, 'make-start')}`);
    await client.move('stepOut');
    expect(await topLine(client)).toBe(`main:${lineOf(MAIN, 'after-measure')}`);
    const locals = await client.scopeVariables('Local');
    // make(7)'s result was only ever seen by make's RETURN (level calls): no snapshot exists.
    expect(locals.get('make()')).toMatchObject({
      value: expect.stringMatching(/^Object #\d+ \(not recorded at this moment\)$/),
      variablesReference: 0,
    });
    // make(5)'s result was returned the same way, then written by main (level full): snapshotted then.
    const made = locals.get('made');
    expect(made).toMatchObject({ value: "{side: 5, kind: 'square'}" });
    const properties = await client.children(made?.variablesReference ?? 0);
    expect([...properties].map(([name, variable]) => `${name}=${variable.value}`)).toEqual(['side=5', "kind='square'"]);
    // box was snapshotted by main (full) before measure (calls) received it: unrecorded code may have changed it since.
    expect(locals.get('box')).toMatchObject({ value: '(possibly stale) {w: 3, h: 4}' });
    expect(locals.get('size')).toMatchObject({ value: '12' });
  });
});
