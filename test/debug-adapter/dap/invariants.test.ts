// Invariants over whole sessions on a recorded program: the response precedes its stopped event
// (DAP-06); the state at step N is the same whichever path reached it (DAP-07: seeded random
// walks against a forward walk, through the real adapter); a variablesReference from an earlier
// stop never shows another moment's data (DAP-08).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();

/** The visible state at the cursor: frames, and every scope's variables one level deep. */
async function snapshot(client: RecordingClient): Promise<string> {
  const frames = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  const parts = frames.map((frame) => `${frame.name}@${frame.line}:${frame.column}`);
  const top = frames[0];
  if (top) {
    for (const scope of (await client.scopesRequest({ frameId: top.id })).body.scopes) {
      for (const variable of (await client.children(scope.variablesReference)).values()) {
        let text = `${scope.name}.${variable.name}=${variable.value}`;
        if (variable.variablesReference > 0 && scope.name !== 'Global') {
          const children = await client.children(variable.variablesReference);
          text += `{${[...children.values()].map((child) => `${child.name}:${child.value}`).join(',')}}`;
        }
        parts.push(text);
      }
    }
  }
  return parts.join('\n');
}

function positionTracker(client: RecordingClient): () => number {
  let step = -1;
  client.on('rewind/position', (event: DebugProtocol.Event) => {
    step = (event.body as { step: number }).step;
  });
  return () => step;
}

/** mulberry32: a tiny seeded PRNG so a failing walk can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('DAP-06: the response precedes its stopped event', () => {
  it('holds for every moving request', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('recursion.js', { stopOnEntry: true }), () =>
      breakAt(client, 'recursion.js', 'fact-return'),
    );
    for (const command of ['next', 'stepIn', 'stepIn', 'stepOut', 'stepBack', 'continue', 'reverseContinue'] as const)
      await client.move(command);
    const stopped = client.waitForEvent('stopped');
    await client.customRequest('rewind/seek', { step: 2 });
    await stopped;
    const log = client.log;
    for (let index = 0; index < log.length; index++) {
      const entry = log[index];
      if (
        entry.direction !== 'out' ||
        !['next', 'stepIn', 'stepOut', 'stepBack', 'continue', 'reverseContinue', 'rewind/seek'].includes(
          entry.message.command,
        )
      )
        continue;
      const responseAt = log.findIndex(
        (other, at) =>
          at > index &&
          other.direction === 'in' &&
          other.message.type === 'response' &&
          (other.message as DebugProtocol.Response).request_seq === entry.message.seq,
      );
      const stoppedAt = log.findIndex(
        (other, at) =>
          at > index &&
          other.direction === 'in' &&
          other.message.type === 'event' &&
          (other.message as DebugProtocol.Event).event === 'stopped',
      );
      expect(responseAt, `response to ${entry.message.command}`).toBeGreaterThan(index);
      expect(stoppedAt, `stopped after ${entry.message.command}`).toBeGreaterThan(responseAt);
    }
  });
});

describe('DAP-07: the state at step N does not depend on the path', () => {
  it.each(['recursion.js', 'mutation.js', 'closures.js'])(
    'random walks match a forward walk on %s',
    async (program) => {
      const client = newClient();
      await client.start();
      const position = positionTracker(client);
      await client.launchAndStop(programArgs(program, { stopOnEntry: true }));
      const forward = new Map<number, string>();
      forward.set(position(), await snapshot(client));
      for (let guard = 0; guard < 400; guard++) {
        const before = position();
        await client.move('stepIn');
        if (position() === before) break; // the end of the recording
        forward.set(position(), await snapshot(client));
      }
      expect(forward.size).toBeGreaterThan(10);
      const steps = [...forward.keys()];
      const commands = ['next', 'stepIn', 'stepOut', 'stepBack', 'seek'] as const;
      for (const seed of [1, 2]) {
        const next = random(seed);
        for (let move = 0; move < 40; move++) {
          const command = commands[Math.floor(next() * commands.length)];
          if (command === 'seek') {
            const stopped = client.waitForEvent('stopped');
            await client.customRequest('rewind/seek', { step: steps[Math.floor(next() * steps.length)] });
            await stopped;
          } else {
            await client.move(command);
          }
          const expected = forward.get(position());
          expect(
            expected,
            `seed ${seed} move ${move} (${command}) reached step ${position()}, never seen going forward`,
          ).toBeDefined();
          expect(await snapshot(client), `seed ${seed} move ${move} (${command}) at step ${position()}`).toBe(expected);
        }
      }
    },
  );
});

describe('DAP-08: stale references', () => {
  it('a reference from an earlier stop never shows another moment', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'), () => breakAt(client, 'loops.js', 'loop-total'));
    const frame = await client.topFrame();
    let squares: DebugProtocol.Variable | undefined;
    for (const scope of (await client.scopesRequest({ frameId: frame.id })).body.scopes) {
      squares ??= (await client.children(scope.variablesReference)).get('squares');
    }
    expect(squares?.variablesReference).toBeGreaterThan(0);
    const before = [...(await client.children(squares!.variablesReference)).values()].map(
      (v) => `${v.name}=${v.value}`,
    );
    await client.move('continue');
    await client.move('continue');
    const stale = await client.request('variables', { variablesReference: squares!.variablesReference });
    if (stale.success) {
      const after = (stale.body as DebugProtocol.VariablesResponse['body']).variables.map(
        (v) => `${v.name}=${v.value}`,
      );
      expect(after).toEqual(before);
    } else {
      expect(stale.message).toMatch(/\[rewind:/);
    }
    const staleScopes = await client.request('scopes', { frameId: frame.id });
    if (staleScopes.success) expect(frame.id).toBe((await client.topFrame()).id);
    const staleEval = await client.request('evaluate', { expression: 'i', frameId: frame.id, context: 'watch' });
    if (staleEval.success) expect((staleEval.body as { result: string }).result).toBe('0');
  });
});
