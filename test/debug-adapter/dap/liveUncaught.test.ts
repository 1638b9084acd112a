// Live "uncaught" exception stops (issue 13 item 1): with only the "uncaught" filter, a throw the
// recorder is sure nothing catches stops the live program at the throw, before it dies of it — in
// main code, a timer callback, an event listener. Caught in the same or an outer recorded frame, in
// an unrecorded library's frame, or turned into a rejection by an async function: no stop there.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { fixture, lineOf, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveUncaught/main.js');
const THROW_LINE = lineOf(MAIN, 'uncaught-throw');

async function firstStop(scenario: string) {
  const client = newClient();
  await client.start();
  const output: string[] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  const stop = await client.launchAndStop(
    { program: MAIN, cwd: fixture('liveUncaught'), args: [scenario], live: true },
    () => client.setExceptionBreakpointsRequest({ filters: ['uncaught'] }),
  );
  return { client, stop, output };
}

describe('live "uncaught" exception stops', () => {
  for (const scenario of ['main', 'timer', 'listener'])
    it(`a sync throw in ${scenario} code stops the live program at the throw`, async () => {
      const { client, stop, output } = await firstStop(scenario);
      expect(stop.body.reason).toBe('exception');
      expect((await client.topFrame()).line).toBe(THROW_LINE);
      expect(await client.evaluate('message')).toBe(`'${scenario}'`);
      // An uncaught stop says so (DAP's 'unhandled', as js-debug answers), though the program lives on.
      const info = await client.exceptionInfoRequest({ threadId: stop.body.threadId ?? 1 });
      expect(info.body).toMatchObject({ breakMode: 'unhandled', description: scenario });
      // Stopped live: the program has not died of it (no crash report on stderr).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(output.join('')).not.toContain(`Error: ${scenario}`);
    });

  it('caught in the same or an outer frame, in a library, or a rejection: no stop until the uncaught one', async () => {
    const { client, stop, output } = await firstStop('caught');
    expect(stop.body.reason).toBe('exception');
    expect(await client.evaluate('message')).toBe("'last'");
    const text = output.join('');
    expect(text).toContain('caught same frame');
    expect(text).toContain('caught outer frame');
    expect(text).toContain('library caught library');
    expect(text).toContain('rejected async');
    expect(text).not.toContain('Error: last');
  });
});
