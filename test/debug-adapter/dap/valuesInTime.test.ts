// Issue 15 §4 over a real recording: watch/REPL expressions with calls run sandboxed on copies (the
// program's functions refuse, nothing changes), and rewind/valueHistory lists every write of a
// variable or an element with its step and line; seeking to one lands on the statement that writes.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

interface History {
  description: string;
  total: number;
  writes: Array<{ step: number; source: { path: string; line1: number }; value: string }>;
}

describe('values in time (loops.js, stopped at its end)', () => {
  it('evaluates calls on copies and lists a variable’s history, each entry a place to travel to', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'));
    expect(await client.evaluate('squares.map(n => n * 10).join(",")')).toBe("'0,10,40,90,160'");
    expect(await client.evaluate('Math.max(...squares)')).toBe('16');
    const push = await client
      .evaluateRequest({ expression: 'squares.push(1)', frameId: (await client.topFrame()).id, context: 'repl' })
      .catch((error: Error) => error);
    expect(String((push as Error).message)).toMatch(/a recording cannot be changed/);
    expect(await client.evaluate('squares.length')).toBe('5');

    const frame = await client.topFrame();
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    const module = scopes.find((scope) => scope.name.startsWith('Module') || scope.name === 'Local')!;
    const history = (
      await client.customRequest('rewind/valueHistory', {
        variablesReference: module.variablesReference,
        name: 'total',
      })
    ).body as History;
    const totalLine = lineOf(fixture('loops.js'), 'loop-total');
    expect(history.writes.map(({ value }) => value)).toEqual(['0', '0', '1', '5', '14', '30']);
    expect(
      history.writes.slice(1).every(({ source }) => source.line1 === totalLine && source.path === fixture('loops.js')),
    ).toBe(true);

    const squares = (await client.children(module.variablesReference)).get('squares')!;
    const element = (
      await client.customRequest('rewind/valueHistory', { variablesReference: squares.variablesReference, name: '3' })
    ).body as History;
    expect(element.writes.map(({ value }) => value)).toEqual(['9']);

    const stopped = client.waitForEvent('stopped');
    await client.customRequest('rewind/seek', { step: history.writes[3].step });
    expect(((await stopped) as DebugProtocol.StoppedEvent).body.reason).toBe('goto');
    expect((await client.topFrame()).line).toBe(totalLine);
    expect(await client.evaluate('total')).toBe('1');

    const refused = await client.request('rewind/valueHistory', {
      variablesReference: module.variablesReference,
      name: 'nothing',
    });
    expect(refused.success).toBe(false);
  });
});
