// Mutations made by builtins that write through an argument (issue 12 item 13): Object.assign,
// Object.defineProperty, Reflect.set / deleteProperty / apply, a mutator borrowed with .call or
// .apply. Before the fix the adapter showed the state before them (`o.a` 1, `m.size` 0) as fact.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('builtin writes through an argument', () => {
  it('at the end, every value is what the builtins made it', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('builtinWrites.js'), () => breakAt(client, 'builtinWrites.js', 'end'));
    const shown: Record<string, string> = {};
    for (const expression of [
      'o.a',
      'o.b',
      'o.c',
      'arr.length',
      'arr[3]',
      'm.size',
      'm',
      's.size',
      's',
      'holder.inner.z',
    ]) {
      shown[expression] = await client.evaluate(expression).catch((error: Error) => `error: ${error.message}`);
    }
    expect(shown).toEqual({
      'o.a': '2',
      'o.b': '3',
      'o.c': 'undefined',
      'arr.length': '4',
      'arr[3]': '4',
      'm.size': '1',
      m: "Map(1) {'k' => 'v'}",
      's.size': '1',
      s: 'Set(1) {9}',
      'holder.inner.z': '5',
    });
  });

  it('each value changes at the step of its call, in both directions', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('builtinWrites.js'), () => breakAt(client, 'builtinWrites.js', 'assign'));
    expect(await client.evaluate('o.a')).toBe('1');
    await client.move('next');
    expect(await client.evaluate('o.a')).toBe('2');
    await client.move('stepBack');
    expect(await client.evaluate('o.a')).toBe('1');
    for (let step = 0; step < 5; step++) await client.move('next');
    expect(await client.evaluate('m.size')).toBe('0');
    expect(await client.evaluate('arr.length')).toBe('4');
    await client.move('next');
    expect(await client.evaluate('m.size')).toBe('1');
  });

  it('a data breakpoint on a property a builtin wrote stops at that call, in both directions', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('builtinWrites.js'), () => breakAt(client, 'builtinWrites.js', 'end'));
    const writes: Array<[string, string]> = [
      ['holder.inner.z', 'inner-assign'],
      ['arr[3]', 'push-apply'],
      ['o.a', 'assign'],
    ];
    for (const [name, marker] of writes) {
      const frame = await client.topFrame();
      const info = await client.dataBreakpointInfoRequest({ frameId: frame.id, name });
      expect(info.body.dataId).toBeTruthy();
      await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
      const stopped = await client.move('reverseContinue');
      expect(stopped.body.reason).toBe('data breakpoint');
      expect((await client.topFrame()).line).toBe(lineOf(fixture('builtinWrites.js'), marker));
    }
  });

  it("a Date's setters, direct or borrowed with .call, change the Date shown", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('dateWrites.js'), () => breakAt(client, 'dateWrites.js', 'end'));
    expect(await client.evaluate('d.getTime()')).toBe(String(new Date(0).setFullYear(2000)));
    expect(await client.evaluate('e.getUTCMonth()')).toBe('5');
  });

  it("a Date's setter on a property path, an element, a call's result, a getter's or super's changes the Date shown, at its step", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('dateWrites.js'), () => breakAt(client, 'dateWrites.js', 'set-path'));
    const times = async () => [
      await client.evaluate('holder.d.getUTCFullYear()'),
      await client.evaluate('holder.list[1].getTime()'),
      await client.evaluate('holder.kept.getUTCDate()'),
      await client.evaluate('box.inner.getUTCFullYear()'),
      await client.evaluate('stamp.getTime()'),
    ];
    expect(await times()).toEqual(['1970', '0', '1', '1970', '0']);
    for (let step = 0; step < 5; step++) await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('dateWrites.js'), 'end'));
    // A getter's receiver (the Date box.d returned) and super.setTime's (this) included.
    expect(await times()).toEqual(['2001', '86400000', '9', '2002', '7000']);
    await client.move('stepBack');
    expect(await times()).toEqual(['2001', '86400000', '9', '2002', '0']);
    await client.move('stepBack');
    expect(await times()).toEqual(['2001', '86400000', '9', '1970', '0']);
  });
});
