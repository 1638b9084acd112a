// What a closure captured (issue 12): a callback made in one iteration of a `for (let …)` loop sees
// that iteration's `i`, a closure over a function that ran twice sees its own activation's
// variables, and a closure writing its captured loop binding sees its own writes — in the scopes,
// through evaluate, hover and watch, and in conditions a reverse continue decides. Each failed when
// replay read the scope's latest write or the latest activation (CLOSURE_SCOPE, format 3.7).
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('captured.js');

async function evaluateIn(client: ReturnType<typeof newClient>, expression: string, context: string): Promise<string> {
  const frame = await client.topFrame();
  const response = await client.request('evaluate', { expression, frameId: frame.id, context });
  if (!response.success) throw new Error(`evaluate ${expression}: ${response.message}`);
  return (response as { body: { result: string } }).body.result;
}

describe('a callback made in a module-level for (let …) loop', () => {
  it("sees its own iteration's i in every hit, in the Module scope and by evaluate, hover and watch", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('captured.js'), () => breakAt(client, 'captured.js', 'timer-body'));
    for (let hit = 0; hit < 3; hit++) {
      if (hit > 0) await client.move('continue');
      expect((await client.topFrame()).line).toBe(lineOf(FILE, 'timer-body'));
      expect((await client.scopeVariables('Module')).get('i')?.value).toBe(String(hit));
      for (const context of ['watch', 'hover', 'repl'])
        expect(await evaluateIn(client, 'i', context)).toBe(String(hit));
      expect(await client.evaluate('i * 10')).toBe(String(hit * 10));
    }
  });

  it('a condition on i stops at the iteration it names, in reverse too', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('captured.js'), () =>
      breakAt(client, 'captured.js', 'timer-body', { condition: 'i === 1' }),
    );
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'timer-body'));
    expect(await client.evaluate('i')).toBe('1');
    // From the end, back to the same hit: the i === 0 and i === 2 hits are passed over.
    await client.move('continue');
    const back = await client.move('reverseContinue');
    expect(back.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'timer-body'));
    expect(await client.evaluate('seen.length')).toBe('1');
    expect(await client.evaluate('i')).toBe('1');
  });
});

describe('a closure over a function that ran twice', () => {
  it("shows the activation that made it, not the other one's values", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('captured.js'), () => breakAt(client, 'captured.js', 'show-body'));
    const expected = [
      ["'a'", '2'],
      ["'bbb'", '4'],
      ["'a'", '3'],
    ];
    for (const [index, [tag, count]] of expected.entries()) {
      if (index > 0) await client.move('continue');
      const closure = await client.scopeVariables('Closure');
      expect([closure.get('tag')?.value, closure.get('count')?.value]).toEqual([tag, count]);
      expect(await evaluateIn(client, 'tag + ":" + count', 'watch')).toBe(`${tag.slice(0, -1)}:${count}'`);
      expect(await evaluateIn(client, 'count', 'hover')).toBe(count);
    }
  });

  it("a closure writing its captured loop binding sees its own iteration's copy, then its own writes", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('captured.js'), () => breakAt(client, 'captured.js', 'bump-start'));
    // bumps[0] (iteration 0), bumps[1] (iteration 1, n = 1 after the loop's n++), bumps[0] again.
    for (const [index, n] of ['0', '1', '10'].entries()) {
      if (index > 0) await client.move('continue');
      expect((await client.scopeVariables('Closure')).get('n')?.value).toBe(n);
      expect(await client.evaluate('n')).toBe(n);
    }
  });
});

describe('closures made in other loops', () => {
  it("a for…of callback sees its own iteration's binding; a while body's const is new each time round", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('captured.js'), async () => {
      const line = (marker: string) => ({ line: lineOf(FILE, marker) });
      await client.setBreakpointsRequest({
        source: { path: FILE },
        breakpoints: [line('of-body'), line('while-body')],
      });
    });
    const seenAt: string[] = [];
    for (let hit = 0; hit < 4; hit++) {
      if (hit > 0) await client.move('continue');
      const top = await client.topFrame();
      seenAt.push(
        top.line === lineOf(FILE, 'of-body')
          ? `name=${await client.evaluate('name')}`
          : `at=${(await client.scopeVariables('Module')).get('at')?.value}`,
      );
    }
    expect(seenAt).toEqual(["name='x'", "name='y'", 'at=2', 'at=1']);
  });
});
