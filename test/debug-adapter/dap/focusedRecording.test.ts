// Focused recording through the built adapter (issue 9 §2): the file with the breakpoint is
// recorded at `full`, the others at the planner's default (`calls`) or, by a `levels` entry, not
// at all (`none`). The breakpoint hits with values; Step Into a `calls` function behaves as at
// level calls; Step Into a call into `none` code steps over it and says why; the plan is printed
// once and answered by `rewind/plan`.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('focus/main.js');
const GEOMETRY = fixture('focus/lib/geometry.js');
const TEXT = fixture('focus/lib/text.js');
const focused = (extra: Record<string, unknown> = {}) =>
  programArgs('focus/main.js', { focus: [], levels: { 'focus/lib/text.js': 'none' }, ...extra });

type Client = ReturnType<typeof newClient>;

async function stackNames(client: Client): Promise<string[]> {
  const trace = await client.stackTraceRequest({ threadId: 1 });
  return trace.body.stackFrames.map((frame) => `${frame.name}:${frame.line}`);
}

async function localValues(client: Client): Promise<Record<string, string>> {
  return Object.fromEntries(
    [...(await client.scopeVariables('Local'))].map(([name, variable]) => [name, variable.value]),
  );
}

function consoleText(client: Client): string {
  return client.log
    .flatMap((entry) => {
      const message = entry.message as DebugProtocol.OutputEvent;
      return entry.direction === 'in' && message.type === 'event' && message.event === 'output'
        ? [message.body.output]
        : [];
    })
    .join('');
}

describe('focused recording', () => {
  it("records the breakpoint's file in full: the breakpoint hits with every local", async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(focused(), () => breakAt(client, 'focus/main.js', 'after-shout'));
    expect(stopped.body.reason).toBe('breakpoint');
    expect(await stackNames(client)).toEqual([
      `main:${lineOf(MAIN, 'after-shout')}`,
      `<module>:${lineOf(MAIN, 'call-main')}`,
    ]);
    expect(await localValues(client)).toMatchObject({ width: '3', size: '12', loud: "'HI!'" });

    // The plan, printed once before the program ran, with the reason for each level.
    const text = consoleText(client);
    expect(text.match(/focused recording/g)).toHaveLength(1);
    expect(text).toContain(`full   ${MAIN}  (breakpoint)`);
    expect(text).toContain('none   focus/lib/text.js  (levels)');
    expect(text).toContain('calls  every other recorded file  (default)');

    const plan = await client.request('rewind/plan');
    expect(plan.success).toBe(true);
    expect(plan.body).toMatchObject({
      defaultLevel: 'calls',
      rules: [
        { glob: 'focus/lib/text.js', level: 'none', reason: 'levels' },
        { glob: MAIN, level: 'full', reason: 'breakpoint' },
      ],
    });
    expect(
      new Map(
        (plan.body as { files: Array<{ path: string; level: string; reason?: string }> }).files.map((file) => [
          file.path,
          `${file.level} (${file.reason})`,
        ]),
      ),
    ).toEqual(
      new Map([
        [MAIN, 'full (breakpoint)'],
        [GEOMETRY, 'calls (default)'],
        [TEXT, 'none (levels focus/lib/text.js)'],
      ]),
    );
  });

  it('Step Into a `calls`-level function enters it at its start, parameters shown, as level calls does', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(focused(), () => breakAt(client, 'focus/main.js', 'call-area'));
    await client.move('stepIn');
    expect(await stackNames(client)).toEqual([
      `area:${lineOf(GEOMETRY, 'area-start')}`,
      `main:${lineOf(MAIN, 'call-area')}`,
      expect.stringMatching(/^<module>:/),
    ]);
    expect(await localValues(client)).toMatchObject({ w: '3', h: '4' });
    // Its local `product` was never recorded: evaluation says so, rather than "not defined".
    const frame = await client.topFrame();
    const product = await client.request('evaluate', { expression: 'product', frameId: frame.id, context: 'hover' });
    expect(product.success).toBe(false);
    expect(product.message).toContain('product was not recorded: area is in a file recorded at level "calls"');
    const unknown = await client.request('evaluate', { expression: 'w * h', frameId: frame.id, context: 'watch' });
    expect(unknown.body).toMatchObject({ result: '12' });
    // Its next step is its return (no statements were recorded inside).
    await client.move('next');
    expect(await stackNames(client)).toEqual([
      `area:${lineOf(GEOMETRY, 'area-return')}`,
      `main:${lineOf(MAIN, 'call-area')}`,
      expect.stringMatching(/^<module>:/),
    ]);
  });

  it('Step Into a call into `none` code steps over it, and the stop says why', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(focused(), () => breakAt(client, 'focus/main.js', 'call-shout'));
    const stopped = await client.move('stepIn');
    expect(await stackNames(client)).toEqual([
      `main:${lineOf(MAIN, 'after-shout')}`,
      expect.stringMatching(/^<module>:/),
    ]);
    expect(stopped.body.text).toMatch(
      /no recorded function was entered from line \d+\. Files recorded at level "none" \(text\.js\) run unrecorded/,
    );
    expect(consoleText(client)).toContain(`[rewind] ${stopped.body.text}`);
    // The value it returned was recorded by the caller's write.
    expect(await localValues(client)).toMatchObject({ loud: "'HI!'" });

    // A Step Into that enters a recorded function carries no such note.
    await client.move('stepBack');
    await client.move('stepBack');
    const intoArea = await client.move('stepIn');
    expect(intoArea.body.text).toBeUndefined();
    expect((await stackNames(client))[0]).toBe(`area:${lineOf(GEOMETRY, 'area-start')}`);
  });

  it('a callback called from `none` code is recorded: its breakpoint hits, its caller is the recorded frame below', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(focused(), () => breakAt(client, 'focus/main.js', 'in-callback'));
    expect(stopped.body.reason).toBe('breakpoint');
    // each() (lib/text.js, level none) made the call; it left no frame, so main is the one below.
    expect(await stackNames(client)).toEqual([
      `<anonymous>:${lineOf(MAIN, 'in-callback')}`,
      `main:${lineOf(MAIN, 'call-each')}`,
      `<module>:${lineOf(MAIN, 'call-main')}`,
    ]);
    expect(await localValues(client)).toMatchObject({ item: '15' });
    expect((await client.move('continue')).body.reason).toBe('breakpoint');
    expect(await localValues(client)).toMatchObject({ item: '1' });
  });

  it('a breakpoint in a file "levels" keeps at none is not bound, and says why', async () => {
    const client = newClient();
    await client.start();
    const lineInText = 3;
    let set: DebugProtocol.SetBreakpointsResponse | undefined;
    await client.launchAndStop(focused(), async () => {
      set = await client.setBreakpointsRequest({ source: { path: TEXT }, breakpoints: [{ line: lineInText }] });
      await breakAt(client, 'focus/main.js', 'call-shout');
    });
    expect(set?.body.breakpoints[0]).toMatchObject({ verified: false });
    const changed = client.log
      .flatMap((entry) => {
        const message = entry.message as DebugProtocol.BreakpointEvent;
        return entry.direction === 'in' && message.type === 'event' && message.event === 'breakpoint'
          ? [message.body.breakpoint]
          : [];
      })
      .find((breakpoint) => breakpoint.id === set?.body.breakpoints[0].id);
    expect(changed).toMatchObject({
      verified: false,
      message: 'This file ran unrecorded (level "none": levels focus/lib/text.js); add it to "focus" to record it.',
    });
  });

  it('without focus, a launch records every file at one level, as before (no plan printed)', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('focus/main.js'), () => breakAt(client, 'focus/main.js', 'call-area'));
    await client.move('stepIn');
    // Full level inside area: Step Into lands on its first statement (not its start line, as at calls).
    expect((await stackNames(client))[0]).toBe(`area:${lineOf(GEOMETRY, 'area-start') + 1}`);
    expect(consoleText(client)).not.toContain('focused recording');
    const plan = await client.request('rewind/plan');
    expect(plan.body).not.toHaveProperty('rules');
  });
});
