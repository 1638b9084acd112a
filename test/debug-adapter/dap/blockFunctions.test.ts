// Issue 12, item 1's family: sloppy-mode block functions (Annex B). After its block, a function
// declared in a block (a switch case, a labelled block) is a var of the enclosing function or
// CommonJS module, listed and evaluable as in a plain run; inside the block it is the block's own
// binding. Where Annex B does not apply (strict code, a parameter of the same name, a block's let
// of the same name above it) it stays invisible after its block, as V8 has it.
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, evaluated, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = 'blockFunctions.js';

async function stopAt(marker: string): Promise<RecordingClient> {
  const client = newClient();
  await client.start();
  await client.launchAndStop(programArgs(PROGRAM), () => breakAt(client, PROGRAM, marker));
  return client;
}

describe('a sloppy-mode block function (Annex B)', () => {
  it('is a module binding after its block, a switch case or a labelled block', async () => {
    const client = await stopAt('module-after');
    const module = await client.locals();
    for (const name of ['inBlock', 'inCase', 'labelled']) {
      expect(module.get(name)?.value, name).toMatch(new RegExp(`ƒ ${name}`));
      expect(await evaluated(client, `typeof ${name}`), name).toEqual({ ok: true, text: "'function'" });
      expect(await evaluated(client, `${name}.name`), name).toEqual({ ok: true, text: `'${name}'` });
    }
  });

  it("inside its block is the block's binding", async () => {
    const client = await stopAt('inside-block');
    const blocks = await client.scopeVariables('Block');
    expect(blocks.get('inBlock')?.value).toMatch(/ƒ inBlock/);
    expect(await evaluated(client, 'typeof inBlock')).toEqual({ ok: true, text: "'function'" });
  });

  it('is a local of a function after its block; not over a parameter or under a let of its name', async () => {
    const client = await stopAt('local-after');
    const locals = await client.locals();
    expect(locals.get('helper')?.value).toMatch(/ƒ helper/);
    expect(await evaluated(client, 'typeof helper')).toEqual({ ok: true, text: "'function'" });
    expect(locals.get('flag')?.value).toBe('true');
    expect(await evaluated(client, 'typeof flag')).toEqual({ ok: true, text: "'boolean'" });
    expect(locals.has('shadow')).toBe(false);
    expect((await evaluated(client, 'shadow')).ok).toBe(false);
  });

  it('in strict code stays invisible after its block', async () => {
    const client = await stopAt('strict-after');
    expect((await client.locals()).has('hidden')).toBe(false);
    expect((await evaluated(client, 'hidden')).ok).toBe(false);
  });
});
