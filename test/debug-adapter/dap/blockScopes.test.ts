// Block scopes as V8 and js-debug show them (issue 12): a block's let/const in a 'Block' scope of
// its own, innermost first, a catch clause's binding in a 'Catch Block', the function's own bindings
// in Local; and a bindingless `catch {}` in an async function resumed by a rejection is still the
// frame that awaited (item 9's family).
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('blocks.js');

async function scopeNames(client: ReturnType<typeof newClient>): Promise<Array<[string, string[]]>> {
  const frame = await client.topFrame();
  const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
  const listed: Array<[string, string[]]> = [];
  for (const scope of scopes) listed.push([scope.name, [...(await client.children(scope.variablesReference)).keys()]]);
  return listed;
}

describe('Block scopes', () => {
  it('nested blocks each have a Block scope, innermost first, before Local', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('blocks.js'), () => breakAt(client, 'blocks.js', 'inner'));
    const scopes = await scopeNames(client);
    expect(scopes.slice(0, 4)).toEqual([
      ['Block', ['half']],
      ['Block', ['square']],
      ['Block', ['i']],
      ['Local', ['limit', 'total']],
    ]);
    const frame = await client.topFrame();
    const local = (await client.scopesRequest({ frameId: frame.id })).body.scopes.find(
      (scope) => scope.name === 'Local',
    );
    expect(local?.presentationHint).toBe('locals');
    expect(await client.evaluate('half + square + i')).toBe('2.5');
  });

  it("a catch binding is a Catch Block, the catch body's own const a Block", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('blocks.js'), () => breakAt(client, 'blocks.js', 'catch-body'));
    const scopes = await scopeNames(client);
    expect(scopes.slice(0, 3)).toEqual([
      ['Block', ['why']],
      ['Catch Block', ['error']],
      ['Local', ['limit', 'total']],
    ]);
  });
});

describe('a catch without a binding', () => {
  it('resumed by a rejection, it is the awaiting frame with its locals', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('blocks.js'), () => breakAt(client, 'blocks.js', 'bare-catch'));
    const top = await client.topFrame();
    expect([top.name, top.line]).toEqual(['attempt', lineOf(FILE, 'bare-catch')]);
    expect(await client.evaluate('label')).toBe("'job'");
    expect(await client.evaluate('tries')).toBe('1');
    // Its frame-naming write is no variable.
    const scopes = await scopeNames(client);
    expect(scopes.find(([name]) => name === 'Local')?.[1]).toEqual(['label', 'tries']);
    await client.move('next');
    expect(await client.evaluate('recovered')).toBe("'job recovered after 1'");
  });
});
