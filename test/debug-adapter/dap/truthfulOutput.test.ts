// What the Debug Console and exceptionInfo say must match what Node says (issue 12 item 12): the
// throwing frame's column in exceptionInfo's stack is Node's own, and rewind/search finds the
// program's console text.
import { execFileSync } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { fixture, programArgs, useClient } from './support/session';

const newClient = useClient();

/** "file:line:column" of the frames Node itself prints for a program's uncaught error. */
function nodeFrames(file: string): string[] {
  let stderr = '';
  try {
    execFileSync(process.execPath, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    stderr = String((error as { stderr: Buffer }).stderr);
  }
  return [...stderr.matchAll(/\((\/[^)]+:\d+:\d+)\)/g)]
    .map((match) => match[1])
    .filter((place) => place.startsWith(file));
}

describe('exceptionInfo', () => {
  it('places the throwing frame where Node does', async () => {
    const file = fixture('exceptions.js');
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('exceptions.js'));
    expect(stopped.body.reason).toBe('exception');
    const info = (await client.request('exceptionInfo', { threadId: 1 })) as DebugProtocol.ExceptionInfoResponse;
    const ours = [...(info.body.details?.stackTrace ?? '').matchAll(/\((\/[^)]+:\d+:\d+)\)/g)].map((match) => match[1]);
    expect(ours[0]).toBe(nodeFrames(file)[0]);
  });
});

describe('the Debug Console', () => {
  it('shows stdout and stderr in the order the program wrote them', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('interleaved.js'));
    await client.threadsRequest();
    const printed = client.log
      .filter(
        (entry) =>
          entry.direction === 'in' &&
          entry.message.type === 'event' &&
          (entry.message as DebugProtocol.Event).event === 'output',
      )
      .map((entry) => (entry.message as DebugProtocol.OutputEvent).body)
      .filter((body) => body.category === 'stdout' || body.category === 'stderr');
    const lines = printed.flatMap((body) =>
      body.output
        .split('\n')
        .filter(Boolean)
        .map((line) => `${body.category}:${line}`),
    );
    const expected = Array.from({ length: 40 }, (_, i) => [`stdout:out ${i}`, `stderr:err ${i}`]).flat();
    expect(lines).toEqual(expected);
  });
});

describe('rewind/search', () => {
  it('finds console text the program printed', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'));
    const response = await client.request('rewind/search', { query: 'TOTAL' });
    const body = response.body as { matches: Array<{ label: string; line: number }>; total: number };
    expect(body.total).toBe(1);
    expect(body.matches[0].label).toBe('console: total 30');
  });
});
