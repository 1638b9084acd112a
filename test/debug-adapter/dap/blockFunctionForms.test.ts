// Issue 12, item 1's family: the Annex B forms blockFunctions.test.ts leaves out. A function that
// is an `if` clause is a var of its function once the clause ran (B.3.4); one in a `with` body is a
// var once the statement is over (the body is not instrumented); a generator or async block
// function stays in its block; a block function named like a catch parameter is the function's var
// while the catch block still sees its parameter (B.3.5). Arrow bodies hoist; static blocks do not.
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, evaluated, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = 'blockFunctionForms.js';

async function stopAt(marker: string): Promise<RecordingClient> {
  const client = newClient();
  await client.start();
  await client.launchAndStop(programArgs(PROGRAM), () => breakAt(client, PROGRAM, marker));
  return client;
}

async function expectFunction(client: RecordingClient, name: string): Promise<void> {
  expect((await client.locals()).get(name)?.value ?? '<not listed>', name).toMatch(new RegExp(`ƒ ${name}`));
  expect(await evaluated(client, `typeof ${name}`), name).toEqual({ ok: true, text: "'function'" });
  expect(await evaluated(client, `${name}.name`), name).toEqual({ ok: true, text: `'${name}'` });
}

async function expectAbsent(client: RecordingClient, name: string): Promise<void> {
  expect((await client.locals()).has(name), name).toBe(false);
  expect((await evaluated(client, name)).ok, name).toBe(false);
}

describe('Annex B beyond blocks', () => {
  it('an if clause: not before it runs; a var of its function once it ran, only the clause that ran', async () => {
    const client = await stopAt('clauses-before');
    expect((await client.locals()).has('chosen')).toBe(false);
    await breakAt(client, PROGRAM, 'clauses-after');
    await client.move('continue');
    await expectFunction(client, 'chosen');
    expect((await client.locals()).has('other')).toBe(false);
    await client.move('continue'); // clauses(false)
    await expectFunction(client, 'other');
    expect((await client.locals()).has('chosen')).toBe(false);
  });

  it('a with body: not before the statement; a module binding once it is over', async () => {
    const before = await stopAt('with-before');
    expect((await before.locals()).has('inWith')).toBe(false);
    await before.close();
    const client = await stopAt('with-after');
    await expectFunction(client, 'inWith');
  });

  it('a generator or async block function stays in its block; a plain one beside it does not', async () => {
    const client = await stopAt('module-after');
    await expectFunction(client, 'plainOne');
    await expectAbsent(client, 'generated');
    await expectAbsent(client, 'later');
  });

  it("named like a catch parameter: the catch block sees its parameter, the function's var is the function", async () => {
    const client = await stopAt('catch-inside');
    expect((await client.locals()).get('e')?.value).toMatch(/Error: caught/);
    expect(await evaluated(client, 'e.message')).toEqual({ ok: true, text: "'caught'" });
    await breakAt(client, PROGRAM, 'catch-after');
    await client.move('continue');
    await expectFunction(client, 'e');
  });

  it('duplicate switch-case names: one var; an arrow body hoists; a static block (strict) does not', async () => {
    const module = await stopAt('module-after');
    await expectFunction(module, 'twice');
    await module.close();
    const arrow = await stopAt('arrow-after');
    await expectFunction(arrow, 'inArrow');
    await arrow.close();
    const block = await stopAt('static-after');
    await expectAbsent(block, 'inStatic');
  });
});
