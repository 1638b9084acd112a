// Issue 12's families tried on their neighbours (the items themselves: truthfulScopes,
// truthfulBreakpoints): a class declaration is a binding from its line on (item 1), a callee called
// from a catch block or a switch case does not see the caller's block bindings (item 2), an array
// literal is the origin of its elements (item 3), a cleared function breakpoint never fires (item 4)
// and dataBreakpointInfo on `this.x` resolves to a breakpoint that fires (item 7).
import { describe, expect, it } from 'vitest';
import { breakAt, evaluated, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('neighbours.js');

describe('a class declaration (item 1)', () => {
  it('is a binding from its line on: listed, evaluable, typeof function, from a function that uses it', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js'), () => breakAt(client, 'neighbours.js', 'widget-name'));
    expect((await client.topFrame()).name).toBe('widgetName');
    expect([...(await client.scopeVariables('Module')).keys()]).toContain('Widget');
    expect(await evaluated(client, 'typeof Widget')).toEqual({ ok: true, text: "'function'" });
    expect(await evaluated(client, 'Widget.name')).toEqual({ ok: true, text: "'Widget'" });
  });

  it('is in the module frame once its line has run', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js'), () => breakAt(client, 'neighbours.js', 'after-block'));
    expect((await client.locals()).has('Widget')).toBe(true);
    expect(await evaluated(client, 'typeof Widget')).toEqual({ ok: true, text: "'function'" });
  });
});

describe("a callee does not see its caller's block bindings (item 2)", () => {
  it('called from a catch block or a switch case', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js'), () => breakAt(client, 'neighbours.js', 'callee-body'));
    expect((await client.locals()).get('tag')?.value).toBe("'from-catch'");
    expect((await client.scopeVariables('Module')).has('e')).toBe(false);
    expect((await evaluated(client, 'e')).ok).toBe(false);
    await client.move('continue');
    expect((await client.locals()).get('tag')?.value).toBe("'two'");
    expect((await client.scopeVariables('Module')).has('chosen')).toBe(false);
    expect((await evaluated(client, 'chosen')).ok).toBe(false);
  });
});

describe('origins and data breakpoints on neighbours (items 3, 7)', () => {
  it("an array literal's element: reverse continue reaches the literal", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js'), () => breakAt(client, 'neighbours.js', 'print'));
    const frame = await client.topFrame();
    const info = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'list[1]' });
    expect(info.body.dataId).toEqual(expect.any(String));
    await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    const stopped = await client.move('reverseContinue');
    expect(stopped.body.reason).toBe('data breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'list-literal'));
  });

  it('this.x in a method resolves to a breakpoint that fires; a missing this.x gives no id', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js'), () => breakAt(client, 'neighbours.js', 'grow-body'));
    const frame = await client.topFrame();
    const missing = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'this.nothing' });
    expect(missing.body.dataId).toBeNull();
    const info = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'this.size' });
    expect(info.body.dataId).toEqual(expect.any(String));
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    const stopped = await client.move('reverseContinue');
    expect(stopped.body.reason).toBe('data breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'constructor-body'));
  });
});

describe('function breakpoints (item 4)', () => {
  it('one cleared after a refused hit condition never fires', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('neighbours.js', { stopOnEntry: true }));
    const first = await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'callee', hitCondition: '<2' }] });
    expect(first.body.breakpoints[0].verified).toBe(true);
    const refused = await client.setFunctionBreakpointsRequest({
      breakpoints: [{ name: 'callee', hitCondition: 'x' }],
    });
    expect(refused.body.breakpoints[0].verified).toBe(false);
    await client.setFunctionBreakpointsRequest({ breakpoints: [] });
    const stopped = await client.move('continue');
    expect(stopped.body.reason).toBe('step');
    expect(stopped.body.description).toMatch(/^End of the recording/);
  });
});
