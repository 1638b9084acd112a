// Scopes and values that must be true (issue 12 items 1–3): hoisted function declarations exist
// from the start of their scope, a callee never sees its caller's block-scoped variables, and a
// property's value made by an object literal has an origin a data breakpoint finds.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('truths.js');

describe('block scoping', () => {
  it("a callee's Module scope has the module's bindings, not the calling loop's", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'), () => breakAt(client, 'truths.js', 'describe-body'));
    expect((await client.topFrame()).name).toBe('describe');
    const module = await client.scopeVariables('Module');
    expect([...module.keys()]).toEqual(expect.arrayContaining(['state', 'total']));
    expect(module.has('i')).toBe(false);
    expect(module.has('text')).toBe(false);
    const frame = await client.topFrame();
    const evaluated = await client.request('evaluate', { expression: 'i', frameId: frame.id, context: 'watch' });
    expect(evaluated.success).toBe(false);
    expect(evaluated.message).toMatch(/i is not defined/);
    expect(await client.evaluate('total')).toBe('0');
  });

  it("the loop's own frame still sees its block variables", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'), () => breakAt(client, 'truths.js', 'loop-add'));
    expect(await client.evaluate('i')).toBe('0');
    expect(await client.evaluate('text')).toBe("'v0'");
  });
});

describe('hoisted function declarations', () => {
  it('exist from the start of their scope: listed, evaluable, typeof function', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js', { stopOnEntry: true }));
    const locals = await client.locals();
    expect([...locals.keys()]).toEqual(expect.arrayContaining(['add', 'describe']));
    expect(locals.get('add')?.value).toMatch(/ƒ add/);
    expect(await client.evaluate('typeof add')).toBe("'function'");
    expect(await client.evaluate('add.name')).toBe("'add'");
  });

  it('are visible from inside a callee (a module function calling another)', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'), () => breakAt(client, 'truths.js', 'add-body'));
    expect(await client.evaluate('typeof describe')).toBe("'function'");
    expect((await client.scopeVariables('Module')).has('add')).toBe(true);
  });
});

describe('TypeScript enums', () => {
  it('are bindings with their members, evaluable from a function that uses them', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('enums.ts'), () => breakAt(client, 'enums.ts', 'paint'));
    expect(await client.evaluate('Color.Green')).toBe("'g'");
    expect(await client.evaluate('Color.Red')).toBe('0');
    expect(await client.evaluate('Color[0]')).toBe("'Red'");
    expect((await client.scopeVariables('Module')).has('Color')).toBe(true);
  });
});

describe('origins of values made by an object literal', () => {
  it('reverse continue on a property reaches the literal that set it', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'));
    const frame = await client.topFrame();
    const info = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'state.label' });
    await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    const lines: number[] = [];
    for (let stop = 0; stop < 3; stop++) {
      const stopped = await client.move('reverseContinue');
      expect(stopped.body.reason).toBe('data breakpoint');
      lines.push((await client.topFrame()).line);
    }
    expect(lines).toEqual([lineOf(FILE, 'state-end'), lineOf(FILE, 'state-middle'), lineOf(FILE, 'state-literal')]);
    expect((await client.move('reverseContinue')).body.description).toMatch(/^Start of the recording/);
    expect((await client.move('continue')).body.reason).toBe('data breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'state-literal'));
    await client.move('next');
    expect(await client.evaluate('state.label')).toBe("'start'");
  });
});
